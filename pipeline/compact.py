"""Compaction: merge small part files into bigger ones (`pipeline compact`).

Runs add new part files rather than rewrite old ones (see `pipeline.incremental.plan_parts`), so a
folder fed every night collects small files, and parts shrink as their inputs are deleted. Readers
pay per file; `compact` merges parts under `target_bytes / 2` (in name order, i.e. oldest first)
into parts of about `target_bytes`, streamed row group by row group.

Each merge is crash-safe in the same way as a run's commit: the merged files are built in staging,
fsynced, renamed in under a new name, then one ledger transaction moves the inputs to the new
part, then the old files are removed. A kill between the rename and the transaction leaves the new
file unrecorded, one after it leaves the old ones unrecorded: the next run or compaction removes
whichever the ledger does not know before it does anything else. Unlike a run, a merge cannot be
one rename: between the rename and the removal (milliseconds, or until the next run after a kill)
a reader listing the folder sees the merged rows twice. Run it when nothing reads the output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import MIB
from pipeline.incremental import input_of, new_part_name, new_run_id, remove_unrecorded_parts
from pipeline.ledger import LEDGER_NAME, Ledger
from pipeline.lock import OutputLock
from pipeline.schema import ARTICLE_SCHEMA, REJECT_SCHEMA
from pipeline.write import (
    ARTICLES,
    PART_SUFFIX,
    REJECTS,
    STAGING,
    PartRewriter,
    clear_staging,
    fsync_dir,
    fsync_files,
    remove_files,
)

DEFAULT_TARGET_MB = 128


@dataclass
class CompactSummary:
    parts_before: int = 0
    parts_after: int = 0
    merged_parts: int = 0  # small parts merged away
    new_parts: int = 0  # parts they were merged into
    bytes_rewritten: int = 0
    seconds: float = 0.0


class NothingToCompact(Exception):
    """The output folder has no ledger: it was never written by `pipeline run`."""


class RunPending(Exception):
    """A killed run left parts pending: `pipeline run` repairs them first."""


def part_bytes(out: Path, part: str) -> int:
    """Bytes of a part's files (articles and rejects) on disk."""
    total = 0
    for dataset in (ARTICLES, REJECTS):
        path = out / dataset / (part + PART_SUFFIX)
        if path.is_file():
            total += path.stat().st_size
    return total


def plan_merges(sizes: dict[str, int], target_bytes: int) -> list[list[str]]:
    """Groups of two or more small parts (under half the target), consecutive in name order, of
    about `target_bytes` each; a part already at half the target or more is left as it is."""
    groups: list[list[str]] = []
    group: list[str] = []
    size = 0
    for part in sorted(p for p, n in sizes.items() if n < target_bytes // 2):
        if group and size + sizes[part] > target_bytes:
            groups.append(group)
            group, size = [], 0
        group.append(part)
        size += sizes[part]
    groups.append(group)
    return [g for g in groups if len(g) >= 2]


def compact(
    out: Path, target_bytes: int = DEFAULT_TARGET_MB * MIB, lock_timeout_s: float = 0.0
) -> CompactSummary:
    """Merge the small part files of output folder `out`; raises NothingToCompact, RunPending or
    `pipeline.lock.LockBusy`."""
    t0 = time.perf_counter()
    if not (out / LEDGER_NAME).is_file():
        raise NothingToCompact(f"{out} has no {LEDGER_NAME}: not an output of `pipeline run`")
    with OutputLock(out, lock_timeout_s):
        ledger = Ledger(out)
        try:
            if ledger.pending():
                raise RunPending(f"{out} has parts a killed run left pending: run `pipeline run` first")
            clear_staging(out)
            remove_unrecorded_parts(out, ledger)
            sizes = {part: part_bytes(out, part) for part in sorted(ledger.parts())}
            summary = CompactSummary(parts_before=len(sizes))
            # A fresh name every time: a merged file must never replace one that exists.
            run_id = new_run_id(datetime.now(UTC), kind="c")
            staging = out / STAGING / run_id
            for seq, group in enumerate(plan_merges(sizes, target_bytes)):
                _merge(out, ledger, staging, group, new_part_name(run_id, seq))
                summary.merged_parts += len(group)
                summary.new_parts += 1
                summary.bytes_rewritten += sum(sizes[p] for p in group)
            summary.parts_after = len(ledger.parts())
        finally:
            ledger.close()
            clear_staging(out)
    summary.seconds = time.perf_counter() - t0
    return summary


def _merge(out: Path, ledger: Ledger, staging: Path, group: list[str], new: str) -> None:
    entries = {key for part in group for key in ledger.entries(part)}

    def keeps(source_path: str) -> bool:  # only rows the ledger vouches for, as a run's rebuild
        return input_of(source_path, entries) is not None

    if any((out / d / (new + PART_SUFFIX)).exists() for d in (ARTICLES, REJECTS)):
        raise FileExistsError(f"part {new} exists already")
    writers = [
        PartRewriter(out / dataset / (new + PART_SUFFIX), staging, schema, keeps,
                     sources=[out / dataset / (part + PART_SUFFIX) for part in group])
        for dataset, schema in ((ARTICLES, ARTICLE_SCHEMA), (REJECTS, REJECT_SCHEMA))
    ]
    try:
        built = [w.finish() for w in writers]
        fsync_files([b for b in built if b is not None])
    except BaseException:
        for w in writers:
            w.abort()
        raise
    for w, b in zip(writers, built, strict=True):
        w.install(b)
    for dataset in (ARTICLES, REJECTS):
        if (out / dataset).is_dir():
            fsync_dir(out / dataset)
    ledger.move_parts(group, new)
    remove_files([out / dataset / (part + PART_SUFFIX) for part in group for dataset in (ARTICLES, REJECTS)])
