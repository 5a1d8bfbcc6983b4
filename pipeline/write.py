"""Write stage: Parquet part files and the run manifest, written so readers never see half a file.

Every file is written under `OUTPUT/.staging/<run_id>/`, fsynced, and moved into place with a
rename (atomic on one file system). The staging folder is outside `articles/` and `rejects/`
because DuckDB and polars globs also read hidden folders inside a dataset folder.

A part file keeps its name for life (the ledger records each input's part): a rerun that changes
an input replaces its part rather than adding one. `PartRewriter` builds one part in a stream: the
old rows the ledger still vouches for, then the new rows, in bounded row groups, so memory stays
flat however large a part grows.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import Article, Reject

ARTICLES = "articles"
REJECTS = "rejects"
RUNS = "runs"
STAGING = ".staging"
COMPRESSION = "zstd"
PART_SUFFIX = ".parquet"
# A row group is flushed at this many rows or about this many bytes of text, whichever comes
# first: big enough for efficient scans, small enough that one group of huge pages stays in RAM.
ROW_GROUP_ROWS = 2000
ROW_GROUP_BYTES = 64 * 1024 * 1024
# Rows of an existing part are copied this many at a time.
COPY_BATCH_ROWS = 1024


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


# fsyncs in flight at once: the disk flushes concurrent requests together (here, 40 small files
# took 3.5-4 ms each one after another, 0.3-0.6 ms each eight at a time).
FSYNC_THREADS = 8


def fsync_files(paths: list[Path]) -> None:
    """fsync every file, several at a time (os.fsync releases the GIL); raises the first error."""
    if len(paths) <= 1:
        for path in paths:
            _fsync_file(path)
        return
    with ThreadPoolExecutor(min(FSYNC_THREADS, len(paths))) as pool:
        for _ in pool.map(_fsync_file, paths):
            pass


def _convert_once() -> None:
    pa.array([0])


def warm_up_writer() -> threading.Thread:
    """Import, in a background thread, what the first Python-to-Arrow conversion imports.

    pyarrow's first conversion of a Python list imports pandas when it is installed (to check
    whether the list is a pandas object): about 0.5 s of CPU, otherwise paid in the middle of
    the run, when the first part is written.
    """
    thread = threading.Thread(target=_convert_once, name="pipeline-warm-up-writer", daemon=True)
    thread.start()
    return thread


def utf8_safe(text: str) -> str:
    """`text` made encodable as UTF-8: pyarrow refuses a whole table over one lone surrogate.

    File names that are not valid UTF-8 reach Python as surrogate escapes (`\\udcff`); they come
    out as `\\xff`, readable and stable. Any other lone surrogate becomes U+FFFD.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return raw.decode("utf-8", "backslashreplace")


def _safe_value(value: Any) -> Any:
    if isinstance(value, str):
        return utf8_safe(value)
    if isinstance(value, list):
        return [utf8_safe(v) if isinstance(v, str) else v for v in value]
    return value


def _row_dict(row: Article | Reject) -> dict[str, Any]:
    """The record's fields as a dict, shallow: pyarrow only reads it (asdict deep-copies every list)."""
    return {name: getattr(row, name) for name in _field_names(type(row))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    try:
        return pa.Table.from_pylist(rows, schema=schema)
    except UnicodeEncodeError:  # rare: clean every string of this group, then retry once
        return pa.Table.from_pylist([{k: _safe_value(v) for k, v in r.items()} for r in rows], schema=schema)


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
    fsync_dir(final_path.parent)


class PartRewriter:
    """Builds the next version of one part file of one dataset in staging.

    `keep(source_path)` says which rows of the current part survive (or of `sources`, the parts
    that a compaction merges into this new one); `add` appends new rows.
    `finish()` closes the file and returns it (None when the part ends up empty); once the caller
    has fsynced it, `install()` renames it over the final path, or removes the final file when
    the part is empty. The caller fsyncs the folder, once for all the parts it installs together.
    """

    def __init__(
        self, final: Path, staging_dir: Path, schema: pa.Schema, keep: Callable[[str], bool],
        sources: list[Path] | None = None,
    ) -> None:
        self.final = final
        self.schema = schema
        self.keep = keep
        staging_dir.mkdir(parents=True, exist_ok=True)
        self.tmp = staging_dir / f"{final.parent.name}-{final.name}.tmp"
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._buffer: list[dict[str, Any]] = []
        self._buffer_bytes = 0
        for source in [final] if sources is None else sources:
            self._copy_old(source)

    def _write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.tmp, self.schema, compression=COMPRESSION)
        self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self.rows += table.num_rows

    def _copy_old(self, source: Path) -> None:
        if not source.exists():
            return
        old = pq.ParquetFile(source)
        for batch in old.iter_batches(batch_size=COPY_BATCH_ROWS):
            paths = batch.column(batch.schema.get_field_index("source_path")).to_pylist()
            mask = pa.array([self.keep(p) for p in paths], pa.bool_())
            self._write(pa.Table.from_batches([batch.filter(mask)]).cast(self.schema))

    def add(self, rows: list[Article] | list[Reject]) -> None:
        for row in rows:
            data = _row_dict(row)
            self._buffer.append(data)
            self._buffer_bytes += sum(len(v) for v in data.values() if isinstance(v, str))
            if len(self._buffer) >= ROW_GROUP_ROWS or self._buffer_bytes >= ROW_GROUP_BYTES:
                self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._write(_table(self._buffer, self.schema))
            self._buffer = []
            self._buffer_bytes = 0

    def finish(self) -> Path | None:
        """Close the staged file and return it (None when empty); the caller fsyncs it
        (`fsync_files`, for all the parts it installs together) before `install`."""
        self._flush()
        if self._writer is None:
            return None
        self._writer.close()
        return self.tmp

    def install(self, built: Path | None) -> bool:
        """Put the built file in place; True when the folder changed (the caller fsyncs it)."""
        if built is not None:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(built, self.final)
            return True
        try:
            self.final.unlink()
        except FileNotFoundError:  # empty before and after (most parts have no rejects): no change
            return False
        return True

    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp.unlink()


def stray_parts(dataset_dir: Path, expected: set[str]) -> list[Path]:
    """Files in a dataset folder that are not one of the `expected` part names.

    They are left by a killed run (renamed in before its ledger transaction) or by an older output
    layout without a ledger (`part-00000.parquet`, one per batch), and would be read twice next to
    the parts that hold the same inputs now.
    """
    if not dataset_dir.is_dir():
        return []
    return sorted(p for p in dataset_dir.iterdir()
                  if p.is_file() and p.name.endswith(PART_SUFFIX) and p.name not in expected)


def remove_files(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    for parent in {p.parent for p in paths}:
        fsync_dir(parent)


def clear_staging(output_dir: Path) -> None:
    """Remove every run's staging files; only called while holding the output lock."""
    shutil.rmtree(output_dir / STAGING, ignore_errors=True)
