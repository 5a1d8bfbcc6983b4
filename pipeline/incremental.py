"""Incremental runs: which inputs need work, and how one part file's new version is committed.

`plan_parts` compares the input folder with the ledger (see `pipeline.ledger` for the part files
and the pending mark): inputs the ledger knows stay in their part file, which is rebuilt when one
of them changed or went away; new inputs go to new part files (`new_part_name`), so a nightly run
over new files writes new files and rewrites nothing. `PartCommit` builds one part in staging, and
`commit_parts` installs finished parts in the order that makes a kill at any moment repairable by
the next run.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.ledger import Entry, Ledger, file_sha256
from pipeline.read import InputFile
from pipeline.schema import ARTICLE_SCHEMA, PIPELINE_VERSION, REJECT_SCHEMA, Article, Reject
from pipeline.write import (
    ARTICLES,
    PART_SUFFIX,
    REJECTS,
    PartRewriter,
    fsync_dir,
    fsync_files,
    remove_files,
    stray_parts,
    utf8_safe,
)

# Recorded instead of a hash for an input that could not be read: never equal to a real hash,
# so the input is tried again by the next run.
UNREADABLE = "unreadable"


# --- planning: which inputs need work ----------------------------------------------------------


@dataclass
class PartPlan:
    """The work on one part file: inputs to extract, inputs whose rows stay, inputs gone."""

    part: str
    todo: list[tuple[InputFile, str, str]] = field(default_factory=list)  # (file, key, sha256)
    keep: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    # The ledger holds inputs of this part (or marks it pending): its file has rows the ledger
    # vouches for, so replacing the file needs the pending mark (see `commit_parts`).
    recorded: bool = False

    def known(self) -> set[str]:
        return self.keep | self.removed | {key for _, key, _ in self.todo}


def input_of(source_path: str, known: set[str]) -> str | None:
    """The input key a row came from: the path itself, or `FILE` for a container record `FILE#N`."""
    path = utf8_safe(source_path)
    if path in known:
        return path
    head, sep, tail = path.rpartition("#")
    if sep and tail.isdigit() and head in known:
        return head
    return None


def new_run_id(now: datetime, kind: str = "") -> str:
    """A run's id: its start time, then `kind` (e.g. "c" for a compaction) and a random token."""
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + kind + secrets.token_hex(3)


def new_part_name(run_id: str, seq: int) -> str:
    """The name (without extension) of the `seq`-th new part file of run `run_id`.

    Names sort by run, so files written later list later; a file of this form the ledger does not
    know was left by a killed run (the runner removes it first).
    """
    return f"part-{run_id}-{seq:04d}"


@dataclass(frozen=True, slots=True)
class PartSizes:
    """How many new inputs one new part file takes: whichever limit is reached first."""

    max_inputs: int
    max_bytes: int


def plan_parts(
    files: list[InputFile], ledger: Ledger, ckey: str, full: bool,
    new_part: Callable[[int], str], sizes: PartSizes,
) -> list[PartPlan]:
    """One plan per part the ledger knows (in name order), then the new parts for unrecorded inputs.

    The new parts follow the input order, each holding whole inputs up to `sizes`; their count and
    contents depend only on the inputs, never on the batch size or the number of workers.
    """
    known = ledger.entries()
    by_part: dict[str, list[InputFile]] = {}
    fresh: list[InputFile] = []
    for f in files:
        e = known.get(f.rel)
        if e is None:
            fresh.append(f)
        else:
            by_part.setdefault(e.part, []).append(f)
    old_by_part: dict[str, dict[str, Entry]] = {}
    for key, e in known.items():
        old_by_part.setdefault(e.part, {})[key] = e
    pending = ledger.pending()
    plans: list[PartPlan] = []
    for part in sorted(set(old_by_part) | pending):
        old = old_by_part.get(part, {})
        plan = PartPlan(part, recorded=True)
        for f in by_part.get(part, []):
            key = f.rel
            sha = file_sha256(f.path) or UNREADABLE
            e = old[key]
            if (not full and e.raw_sha256 == sha
                    and e.pipeline_version == PIPELINE_VERSION and e.config_key == ckey):
                plan.keep.add(key)
            else:
                plan.todo.append((f, key, sha))
        plan.removed = set(old) - plan.keep - {key for _, key, _ in plan.todo}
        plans.append(plan)
    current: PartPlan | None = None
    size, seq = 0, 0
    for f in fresh:
        if current is None or len(current.todo) >= sizes.max_inputs or size + f.size > sizes.max_bytes:
            current = PartPlan(new_part(seq))
            plans.append(current)
            size, seq = 0, seq + 1
        current.todo.append((f, f.rel, file_sha256(f.path) or UNREADABLE))
        size += f.size
    return plans


def remove_unrecorded_parts(out: Path, ledger: Ledger) -> None:
    """Remove the part files the ledger does not know (left by a killed run or an older layout)."""
    expected = {part + PART_SUFFIX for part in ledger.parts() | ledger.pending()}
    remove_files(stray_parts(out / ARTICLES, expected) + stray_parts(out / REJECTS, expected))


# --- committing parts ----------------------------------------------------------------------------


class PartCommit:
    """Collects one part's new rows in staging; `finish` closes its files, `commit_parts` installs them."""

    def __init__(self, plan: PartPlan, out: Path, staging: Path, run_id: str, ckey: str) -> None:
        self.plan = plan
        self.run_id = run_id
        self.ckey = ckey
        self.known = plan.known()
        keep = plan.keep

        def keeps(source_path: str) -> bool:
            return input_of(source_path, self.known) in keep

        name = plan.part + PART_SUFFIX
        self.articles = PartRewriter(out / ARTICLES / name, staging, ARTICLE_SCHEMA, keeps)
        self.rejects = PartRewriter(out / REJECTS / name, staging, REJECT_SCHEMA, keeps)
        self.counts: dict[str, list[int]] = {key: [0, 0] for _, key, _ in plan.todo}  # written, rejected
        self._built: tuple[Path | None, Path | None] | None = None

    def add(self, articles: list[Article], rejects: list[Reject]) -> None:
        self.articles.add(articles)
        self.rejects.add(rejects)
        rows: list[Article] | list[Reject]
        for rows, col in ((articles, 0), (rejects, 1)):
            for row in rows:
                key = input_of(row.source_path, self.known)
                if key is None or key not in self.counts:
                    raise RuntimeError(f"row {row.source_path!r} does not belong to part {self.plan.part}")
                self.counts[key][col] += 1

    def finish(self) -> None:
        """All rows are in: close the staged files (nothing visible changes yet; `install` fsyncs)."""
        self._built = (self.articles.finish(), self.rejects.finish())

    def built(self) -> list[Path]:
        """The staged files `finish` closed (to fsync before `install`)."""
        return [path for path in self._built or () if path is not None]

    def install(self) -> set[Path]:
        """Rename the staged files into place; returns the folders whose entries changed (not fsynced)."""
        if self._built is None:
            raise RuntimeError(f"part {self.plan.part} installed before it was finished")
        changed = set()
        for rewriter, built in zip((self.articles, self.rejects), self._built, strict=True):
            if rewriter.install(built):
                changed.add(rewriter.final.parent)
        return changed

    def entries(self) -> list[Entry]:
        return [
            Entry(key, sha, PIPELINE_VERSION, self.ckey, self.plan.part, sum(self.counts[key]),
                  self.counts[key][0], self.counts[key][1], self.run_id)
            for _, key, sha in self.plan.todo
        ]

    def abort(self) -> None:
        self.articles.abort()
        self.rejects.abort()


def commit_parts(parts: list[PartCommit], ledger: Ledger) -> None:
    """Install finished parts and record them, so that a kill at any moment is repaired by the next run.

    Parts the ledger knows nothing about (`recorded` False, e.g. every part of a first run) are
    committed together: all renamed in, each folder fsynced once, then one ledger transaction. They
    need no pending mark: the ledger vouches for none of their rows, so after a kill between the
    renames and the transaction the next run finds their inputs unrecorded, extracts them again and
    rebuilds the part keeping nothing of the file (or removes the file if the inputs are gone).
    That saves two forced flushes per part, and all but two directory flushes per group.

    A recorded part is committed alone, as before: marked pending, renamed in, then recorded and
    unmarked in one transaction, so the next run never trusts a file the ledger has not caught up
    with. Its commit is dominated by copying its old rows, so grouping would save little.
    """
    fresh = [p for p in parts if not p.plan.recorded]
    if fresh:
        _install_synced(fresh)
        ledger.commit_parts([(p.plan.part, p.entries(), p.plan.removed) for p in fresh])
    for p in parts:
        if p.plan.recorded:
            # Order matters: pending first, so a crash between the renames and the ledger update
            # makes the next run rebuild this part rather than trust its files.
            ledger.mark_pending(p.plan.part)
            _install_synced([p])
            ledger.commit_part(p.plan.part, p.entries(), p.plan.removed)


def _install_synced(parts: list[PartCommit]) -> None:
    # The staged files are durable before they are renamed in, all the parts' files at once.
    fsync_files([path for p in parts for path in p.built()])
    changed: set[Path] = set()
    for p in parts:
        changed |= p.install()
    for folder in sorted(changed):  # the renames are durable before the ledger says they happened
        fsync_dir(folder)
