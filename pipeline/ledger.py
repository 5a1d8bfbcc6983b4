"""The ledger: which inputs are already in the output, from which bytes, by which pipeline.

One SQLite file, `OUTPUT/ledger.sqlite` (SQLite commits are atomic and survive kill -9). A row per
input file: its key (path relative to the input folder), the sha256 of its bytes, the pipeline
version and a fingerprint of the settings that shape records, the part file holding its rows, and
how many pages it gave (read = written + rejected). An input whose bytes, version and settings
all match its row is skipped by the next run.

Every input belongs to one part file, recorded in its row: the file its first run wrote (new inputs
go to new files, see `pipeline.incremental.plan_parts`). Its rows never move to another file, so
replacing them rewrites one file with one rename. Before the files of a part the ledger holds inputs
for are renamed into place, the part is marked pending; the marker and the input rows change in one
transaction after the renames. A run that finds a pending part (its predecessor died between renames
and ledger) rebuilds it from the ledger's point of view, so nothing is duplicated or kept that the
ledger does not vouch for. New parts need no mark (see `pipeline.incremental.commit_parts`): their
inputs are unrecorded, so the next run removes the files and extracts the inputs again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import Config

LEDGER_NAME = "ledger.sqlite"
LEDGER_FORMAT = "1"
_CHUNK = 1 << 20  # hashing reads 1 MiB at a time: memory stays flat for any file size


@dataclass(frozen=True, slots=True)
class Entry:
    key: str  # the input's path relative to the input folder
    raw_sha256: str
    pipeline_version: str
    config_key: str
    part: str
    pages: int
    written: int
    rejected: int
    run_id: str


def file_sha256(path: Path) -> str | None:
    """sha256 of a file's bytes, streamed; None when the file cannot be read."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def config_key(config: Config) -> str:
    """Fingerprint of the settings that change records (not paths, workers or batch size)."""
    shaping = {
        "limits": asdict(config.limits),
        "extra_stop_markers": config.extra_stop_markers,
        "extra_drop_lines": config.extra_drop_lines,
        "site_rules": {k: asdict(v) for k, v in sorted(config.site_rules.items())},
        "learn_repeats": config.learn_repeats,
        "language_detection": config.language_detection,
        "mark_duplicates": config.mark_duplicates,
        "html_mode": config.html_mode,
    }
    blob = json.dumps(shaping, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


class Ledger:
    """The ledger database of one output folder (used only while holding the output lock)."""

    def __init__(self, output_dir: Path) -> None:
        self.path = output_dir / LEDGER_NAME
        self.db = sqlite3.connect(self.path, isolation_level=None)
        # WAL: one fsync per commit (the rollback journal needs several; a run commits once per
        # batch or recorded part). FULL: a commit is on disk before the run moves on.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(
            """
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS inputs (
                key TEXT PRIMARY KEY, raw_sha256 TEXT NOT NULL, pipeline_version TEXT NOT NULL,
                config_key TEXT NOT NULL, part TEXT NOT NULL, pages INTEGER NOT NULL,
                written INTEGER NOT NULL, rejected INTEGER NOT NULL, run_id TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS inputs_part ON inputs (part);
            CREATE TABLE IF NOT EXISTS pending (part TEXT PRIMARY KEY);
            """
        )
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (LEDGER_FORMAT,))

    def close(self) -> None:
        self.db.close()

    def entries(self, part: str | None = None) -> dict[str, Entry]:
        sql = "SELECT key, raw_sha256, pipeline_version, config_key, part, pages, written, rejected, run_id"
        rows = (self.db.execute(sql + " FROM inputs WHERE part = ?", (part,)) if part is not None
                else self.db.execute(sql + " FROM inputs"))
        return {r[0]: Entry(*r) for r in rows}

    def parts(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT part FROM inputs")}

    def pending(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT part FROM pending")}

    def mark_pending(self, part: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO pending VALUES (?)", (part,))

    def move_parts(self, old: Iterable[str], new: str) -> None:
        """After a compaction's merged files are in place: their inputs now live in `new`."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("UPDATE inputs SET part = ? WHERE part = ?", ((new, o) for o in old))

    def commit_part(self, part: str, done: Iterable[Entry], dropped: Iterable[str]) -> None:
        """After the part's files are in place: record its inputs and clear its pending mark."""
        self.commit_parts([(part, done, dropped)])

    def commit_parts(self, parts: Iterable[tuple[str, Iterable[Entry], Iterable[str]]]) -> None:
        """`commit_part` for several parts in one transaction (one forced flush for all)."""
        now = datetime.now(UTC).isoformat()
        with self.db:  # one transaction (isolation_level=None: explicit BEGIN below)
            self.db.execute("BEGIN IMMEDIATE")
            for part, done, dropped in parts:
                self.db.executemany("DELETE FROM inputs WHERE key = ?", ((k,) for k in dropped))
                self.db.executemany(
                    "INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((e.key, e.raw_sha256, e.pipeline_version, e.config_key, e.part, e.pages,
                      e.written, e.rejected, e.run_id, now) for e in done),
                )
                self.db.execute("DELETE FROM pending WHERE part = ?", (part,))
