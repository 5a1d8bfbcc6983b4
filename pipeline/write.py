"""Write stage: Parquet datasets and the run manifest, written so readers never see half a file.

Every part file is written under `OUTPUT/.staging/<run_id>/` and moved into place with a
rename (atomic on one file system). The staging folder is outside `articles/` and `rejects/`
because DuckDB and polars globs also read hidden folders inside a dataset folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, Article, Reject

ARTICLES = "articles"
REJECTS = "rejects"
RUNS = "runs"
STAGING = ".staging"
COMPRESSION = "zstd"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_parquet_atomic(table: pa.Table, final_path: Path, staging_dir: Path) -> None:
    """Write `table` to a temporary file in `staging_dir`, fsync it, then rename it into place."""
    staging_dir.mkdir(parents=True, exist_ok=True)
    final_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = staging_dir / (final_path.name + ".tmp")
    pq.write_table(table, tmp, compression=COMPRESSION)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final_path)
    _fsync_dir(final_path.parent)


def write_json_atomic(data: dict[str, Any], final_path: Path, staging_dir: Path) -> None:
    staging_dir.mkdir(parents=True, exist_ok=True)
    final_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = staging_dir / (final_path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, sort_keys=True, default=str)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, final_path)


def articles_table(rows: list[Article]) -> pa.Table:
    return pa.Table.from_pylist([asdict(r) for r in rows], schema=ARTICLE_SCHEMA)


def rejects_table(rows: list[Reject]) -> pa.Table:
    return pa.Table.from_pylist([asdict(r) for r in rows], schema=REJECT_SCHEMA)


class DatasetSwapWriter:
    """Writes a run's part files to staging, then swaps them in for the previous output at commit.

    Part names are deterministic (`part-00000.parquet` in input order), so a rerun over the same
    inputs produces the same files.
    """

    def __init__(self, output_dir: Path, run_id: str) -> None:
        self.output_dir = output_dir
        self.stage_root = output_dir / STAGING / run_id
        self.parts = {ARTICLES: 0, REJECTS: 0}

    def _next(self, dataset: str) -> Path:
        n = self.parts[dataset]
        self.parts[dataset] = n + 1
        return self.stage_root / dataset / f"part-{n:05d}.parquet"

    def write_articles(self, rows: list[Article]) -> None:
        if rows:
            path = self._next(ARTICLES)
            write_parquet_atomic(articles_table(rows), path, self.stage_root / "tmp")

    def write_rejects(self, rows: list[Reject]) -> None:
        if rows:
            path = self._next(REJECTS)
            write_parquet_atomic(rejects_table(rows), path, self.stage_root / "tmp")

    def commit(self) -> None:
        """Replace the previous `articles/` and `rejects/` with this run's, one rename each."""
        for dataset in (ARTICLES, REJECTS):
            new = self.stage_root / dataset
            new.mkdir(parents=True, exist_ok=True)
            final = self.output_dir / dataset
            old = self.stage_root / f"old-{dataset}"
            if final.exists():
                os.replace(final, old)
            os.replace(new, final)
            _fsync_dir(self.output_dir)
        self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.stage_root, ignore_errors=True)
        with contextlib.suppress(OSError):  # not empty: another run's staging is in there
            (self.output_dir / STAGING).rmdir()
