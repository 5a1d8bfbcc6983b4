"""Shared helpers for the reliability and hostile-input tests: corpora, runs, reading output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from .conftest import REPO

WORDS = [
    "harbour", "council", "budget", "river", "school", "bridge", "market", "festival", "library",
    "railway", "museum", "orchard", "station", "theatre", "garden", "tunnel", "ferry", "clinic",
    "stadium", "archive",
]


BOILERPLATE = "Sign up for the morning briefing newsletter"


def article_text(n: int, title: str | None = None) -> str:
    """A flattened page with a unique title and body (distinct per `n`)."""
    title = title or f"Story number {n} about the {WORDS[n % len(WORDS)]}"
    sentences = [
        f"Paragraph {i} of story {n}: the {WORDS[(n + i) % len(WORDS)]} plan was discussed at length "
        f"by residents, who asked about costs, timing and the {WORDS[(n * 3 + i) % len(WORDS)]}."
        for i in range(4)
    ]
    # A line every page shares: boilerplate that only cross-page learning removes, so a run that
    # learned from fewer pages than a full run would give different records.
    return title + "\n\n" + "\n\n".join(sentences) + "\n\n" + BOILERPLATE + "\n"


# A settings file with one input per part file: many commits in a small run (kill tests).
ONE_INPUT_PER_PART = Path(__file__).parent / "data" / "config" / "one_input_per_part.toml"


def make_corpus(raw: Path, n: int) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (raw / f"page-{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
    (raw / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "empty.txt").write_bytes(b"")


def run_cli(*args: str | Path, timeout: float = 600, env: dict[str, str] | None = None,
            **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *map(str, args)],
        capture_output=True, text=True, cwd=REPO, timeout=timeout, env=env or dict(os.environ), **kw,
    )


def popen_cli(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", *map(str, args)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )


def dataset_rows(folder: Path) -> list[dict[str, Any]]:
    """Every row of every part file, each file read on its own (so an unreadable one fails)."""
    rows: list[dict[str, Any]] = []
    if not folder.is_dir():
        return rows
    for path in sorted(folder.rglob("*.parquet")):
        rows.extend(pq.read_table(path).to_pylist())
    return rows


def record_keys(out: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Articles and rejects without run timestamps, sorted: equal lists mean equal records."""
    articles = sorted(
        tuple(v for k, v in r.items() if k != "ingested_at") for r in dataset_rows(out / "articles")
    )
    rejects = sorted(
        tuple(v for k, v in r.items() if k != "rejected_at") for r in dataset_rows(out / "rejects")
    )
    return articles, rejects


def file_states(out: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every part file: unchanged means not rewritten."""
    return {
        str(p.relative_to(out)): (p.stat().st_size, p.stat().st_mtime_ns)
        for d in ("articles", "rejects") if (out / d).is_dir() for p in sorted((out / d).iterdir())
    }
