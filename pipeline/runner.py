"""The runner: composes the stages over an input folder and keeps the output datasets up to date.

A run holds the output folder's lock, plans which inputs need work (new or changed bytes, another
pipeline version or record-shaping settings, or `full=True`; see `pipeline.ledger`), learns the
lines repeated across pages of each site, then extracts the planned inputs in part order and commits
the parts each batch finished (files renamed into place, then the ledger; see
`pipeline.incremental.commit_parts`). A run killed at any moment therefore leaves every part either
old or new, and the next run redoes exactly what was not committed. Pages stream through in
bounded batches; only the repeat counts (pruned) are kept for the whole run.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.config import MIB, Config
from pipeline.dedupe import DuplicateMarker, body_signature
from pipeline.engine import WORKER_STATE, Engine, make_engine
from pipeline.incremental import (
    PartCommit,
    PartPlan,
    PartSizes,
    commit_parts,
    input_of,
    new_part_name,
    new_run_id,
    plan_parts,
    remove_unrecorded_parts,
)
from pipeline.ledger import LEDGER_NAME, Ledger, config_key
from pipeline.lock import OutputLock
from pipeline.prestart import may_hold_html
from pipeline.read import FailedInput, InputFile, discover, read_input
from pipeline.repeat_clusters import cluster_batch, clustered, promote
from pipeline.repeat_scan import absorb_stats, merge_stats, page_keys
from pipeline.repeats import RepeatStats
from pipeline.report import write_report
from pipeline.report_stats import ReportStats
from pipeline.schema import (
    PIPELINE_VERSION,
    SCHEMA_VERSION,
    Article,
    RawDocument,
    Reject,
)
from pipeline.stages import StageClock, group_key, make_reject, process_document
from pipeline.write import (
    ARTICLES,
    PART_SUFFIX,
    RUNS,
    STAGING,
    clear_staging,
    utf8_safe,
    warm_up_writer,
    write_json_atomic,
)

log = logging.getLogger("pipeline")


@dataclass
class RunSummary:
    run_id: str
    inputs: int = 0
    read: int = 0
    written: int = 0
    rejected: int = 0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)
    processed_inputs: int = 0  # input files extracted by this run
    skipped_inputs: int = 0  # unchanged since the run that wrote their rows: not extracted again
    removed_inputs: int = 0  # gone from the input folder: their rows were removed
    part_files: int = 0  # part files in the output after the run (each holds articles, rejects or both)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    manifest_path: Path | None = None

    @property
    def pages_per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


def iter_documents(files: list[InputFile], config: Config) -> Iterator[RawDocument | FailedInput]:
    for f in files:
        yield from read_input(f, config)


Item = RawDocument | FailedInput


def _batches(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- work done in a worker (top-level functions, so they pickle) -------------------------------


def scan_batch(batch: list[RawDocument | FailedInput]) -> dict[str, RepeatStats]:
    config: Config = WORKER_STATE["config"]
    stats: dict[str, RepeatStats] = {}
    for item in batch:
        # An oversized page is rejected by extraction anyway; decoding it here would only cost
        # memory and time.
        if isinstance(item, RawDocument) and len(item.data) <= config.limits.max_page_bytes:
            keys = page_keys(item)
            if keys:
                stats.setdefault(group_key(item), RepeatStats()).add_page(keys)
    return stats


@dataclass
class BatchResult:
    articles: list[Article]
    rejects: list[Reject]
    stage_seconds: dict[str, float]
    report: ReportStats = field(default_factory=ReportStats)
    # MinHash signature per article (aligned with `articles`), made in the worker for dedupe.
    signatures: list[bytes | None] = field(default_factory=list)


def extract_batch(batch: list[RawDocument | FailedInput], now: datetime) -> BatchResult:
    config: Config = WORKER_STATE["config"]
    repeats: dict[str, RepeatStats] = WORKER_STATE["repeats"]
    clock = StageClock()
    stats = ReportStats()
    articles: list[Article] = []
    rejects: list[Reject] = []
    signatures: list[bytes | None] = []
    for item in batch:
        if isinstance(item, FailedInput):
            rej = item.rejection
            rejects.append(make_reject(item.source_path, rej.stage or "read", rej.reason, rej.detail,
                                       item.raw_sha256, now))
            continue
        result = process_document(item, config, repeats.get(group_key(item)), clock, now,
                                  on_extraction=stats.add_extraction)
        if isinstance(result, Article):
            articles.append(result)
            if config.mark_duplicates:  # right away: the body's tokens are still at hand (dedupe)
                signatures.append(clock.run("minhash", partial(body_signature, result.body)))
        else:
            rejects.append(result)
    stats.add_records(articles, rejects)
    return BatchResult(articles, rejects, clock.seconds, stats.compact(), signatures)


def extract_segments(segments: list[list[Item]], now: datetime) -> list[BatchResult]:
    """One batch made of several parts' pages: a result per segment, so the driver can split by part."""
    return [extract_batch(segment, now) for segment in segments]


def merge_partials(a: dict[str, RepeatStats], b: dict[str, RepeatStats]) -> dict[str, RepeatStats]:
    """Reduce step; never updates its inputs (on Dask they may be read again if a task is retried)."""
    return merge_stats(dict(a), b)


def prune_repeats(stats: dict[str, RepeatStats]) -> dict[str, RepeatStats]:
    """Finalize step: groups with enough pages, and only the lines that can ever count."""
    return {group: s.prune() for group, s in stats.items() if s.pages >= 3}


def learn_repeats(files: list[InputFile], config: Config, engine: Engine) -> dict[str, RepeatStats]:
    """Map: folded lines per page; reduce: per-group counts (on the engine); prune once. Then,
    for a group big enough, the lines repeated within clusters of its pages (`repeat_clusters`)."""
    batches = _batches(iter_documents(files, config), config.batch_size)
    stats = engine.map_reduce(scan_batch, merge_partials, prune_repeats, dict, batches, (config, {}),
                              absorb=absorb_stats)
    if not any(clustered(s) for s in stats.values()):
        return stats
    # A big group: a second pass finds the lines repeated within clusters of its pages.
    batches = _batches(iter_documents(files, config), config.batch_size)
    return engine.map_reduce(cluster_batch, merge_partials, partial(promote, stats), dict, batches,
                             (config, stats), absorb=absorb_stats)


# --- the run -----------------------------------------------------------------------------------


def run(
    config: Config,
    progress: Callable[[BatchResult], None] | None = None,
    *,
    full: bool = False,
    lock_timeout_s: float = 0.0,
) -> RunSummary:
    """Bring `config.output_dir` up to date with every input under `config.input_dir`.

    Raises `pipeline.lock.LockBusy` when another run holds the output for over `lock_timeout_s`.
    """
    config.output_dir.mkdir(parents=True, exist_ok=True)
    with OutputLock(config.output_dir, lock_timeout_s):
        return _run_locked(config, progress, full)


def _run_locked(config: Config, progress: Callable[[BatchResult], None] | None, full: bool) -> RunSummary:
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    summary = RunSummary(run_id=new_run_id(started))
    out = config.output_dir
    clear_staging(out)  # left by a killed run; we hold the lock, so no live run owns any of it
    staging = out / STAGING / summary.run_id
    had_ledger = (out / LEDGER_NAME).is_file()
    ledger = Ledger(out)
    engine = make_engine(config)
    try:
        ckey = config_key(config)
        # A file name that is not valid UTF-8 (surrogate escapes in Python) cannot be hashed into
        # a doc_id or written to Parquet: every stage sees it as `\xNN` escapes instead.
        files = [InputFile(f.path, utf8_safe(f.rel), f.size) for f in discover(config.input_dir)]
        summary.inputs = len(files)
        pending = ledger.pending()
        if had_ledger:
            # Every file an earlier run committed is in the ledger: one that is not was renamed in
            # by a run killed before its ledger transaction. Its inputs are extracted again into
            # new files, so it goes first, or readers would see those rows twice.
            remove_unrecorded_parts(out, ledger)
        plans = plan_parts(files, ledger, ckey, full, partial(new_part_name, summary.run_id),
                           PartSizes(config.part_max_inputs, config.part_max_mb * MIB))
        work = [p for p in plans if p.todo or p.removed or p.part in pending]
        summary.skipped_inputs = sum(len(p.keep) for p in plans)
        summary.processed_inputs = sum(len(p.todo) for p in work)
        summary.removed_inputs = sum(len(p.removed) for p in work)
        summary.stage_seconds["plan"] = time.perf_counter() - t0
        if summary.processed_inputs:
            engine.warm_up(html=any(may_hold_html(f.rel) for p in work for f, _, _ in p.todo))
            if engine.workers > 1:
                # The driver mostly waits while workers start and scan: import what writing
                # needs meanwhile, instead of when the first part is written.
                warm_up_writer()

        repeats: dict[str, RepeatStats] = {}
        if config.learn_repeats and summary.processed_inputs:
            # Learn from every current input, not only the changed ones, so a page gets the same
            # statistics as in a full run over the same inputs.
            t1 = time.perf_counter()
            repeats = learn_repeats(files, config, engine)
            summary.stage_seconds["repeat_scan"] = time.perf_counter() - t1
        report = ReportStats()
        _extract_parts(plans, work, config, engine, repeats, started, staging, ledger, summary, ckey, report,
                       progress)
        # Files of an older layout (no ledger before this run) go only now that the new ones are in.
        remove_unrecorded_parts(out, ledger)
        summary.part_files = len(ledger.parts())
    finally:
        ledger.close()
        workers = engine.workers
        engine.close()
    summary.seconds = time.perf_counter() - t0
    summary.manifest_path = out / RUNS / f"{summary.run_id}.json"
    manifest = _manifest(summary, config, started, full, workers)
    write_json_atomic(manifest, summary.manifest_path, staging)
    write_report(report, manifest, summary.manifest_path.with_suffix(".html"), staging)
    clear_staging(out)
    return summary


def _extract_parts(
    plans: list[PartPlan], work: list[PartPlan], config: Config, engine: Engine,
    repeats: dict[str, RepeatStats], started: datetime, staging: Path, ledger: Ledger,
    summary: RunSummary, ckey: str, report: ReportStats, progress: Callable[[BatchResult], None] | None,
) -> None:
    # A batch holds up to batch_size pages of consecutive parts, as segments (one per part), so
    # workers get full batches even when most parts hold a page or two. `tags` says, for each
    # batch in order, each segment's part and whether it is the part's last segment
    # (map_ordered yields results in submission order).
    tags: deque[list[tuple[PartPlan, bool]]] = deque()

    def batches() -> Iterator[list[list[Item]]]:
        segments: list[list[Item]] = []
        marks: list[tuple[PartPlan, bool]] = []
        size = 0
        for plan in work:
            segment: list[Item] = []
            for f, _, _ in plan.todo:
                for item in read_input(f, config):
                    if size >= config.batch_size:  # full: this part goes on in the next batch
                        if segment:
                            segments.append(segment)
                            marks.append((plan, False))
                        tags.append(marks)
                        yield segments
                        segments, marks, segment, size = [], [], [], 0
                    segment.append(item)
                    size += 1
            segments.append(segment)  # possibly empty (a part with only removed inputs): it ends the part
            marks.append((plan, True))
        if segments:
            tags.append(marks)
            yield segments

    duplicates = _duplicate_marker(plans, config) if config.mark_duplicates else None
    current: PartCommit | None = None  # the part whose pages go on in the next batch, if any
    finished: list[PartCommit] = []  # parts this batch completed: committed together after it
    try:
        for results in engine.map_ordered(extract_segments, batches(), (config, repeats), (started,)):
            for (plan, last), result in zip(tags.popleft(), results, strict=True):
                if current is None or current.plan is not plan:
                    current = PartCommit(plan, config.output_dir, staging, summary.run_id, ckey)
                if duplicates is not None:  # results arrive in processing order: first seen is the original
                    duplicates.mark(result.articles, result.signatures)
                current.add(result.articles, result.rejects)
                _count(summary, result)
                report.merge(result.report)
                if progress:
                    progress(result)
                if last:
                    current.finish()
                    finished.append(current)
                    current = None
            commit_parts(finished, ledger)
            finished = []
    except BaseException:
        for part in [*finished, *([current] if current is not None else [])]:
            part.abort()
        raise


def _duplicate_marker(plans: list[PartPlan], config: Config) -> DuplicateMarker:
    """A marker that already knows the bodies of rows kept from earlier runs (exact matches).

    Near-duplicate signatures are not stored in the output, so near copies are found among the
    pages of one run; exact copies are also found against everything already written. Only rows
    the ledger vouches for and this run keeps count: a file renamed in by a killed run may hold
    rows of inputs never recorded (or since deleted), which an uninterrupted run never saw.
    """
    marker = DuplicateMarker()
    import pyarrow.parquet as pq

    for plan in plans:
        path = config.output_dir / ARTICLES / (plan.part + PART_SUFFIX)
        if not plan.keep or not path.is_file():
            continue
        known = plan.known()
        table = pq.read_table(path, columns=["source_path", "doc_id", "content_sha256", "duplicate_of"])
        for row in table.to_pylist():
            if row["duplicate_of"] is None and input_of(row["source_path"], known) in plan.keep:
                marker.seed_exact(row["content_sha256"], row["doc_id"])
    return marker


def _count(summary: RunSummary, result: BatchResult) -> None:
    summary.read += len(result.articles) + len(result.rejects)
    summary.written += len(result.articles)
    summary.rejected += len(result.rejects)
    summary.rejected_by_reason.update(r.reason for r in result.rejects)
    for stage, secs in result.stage_seconds.items():
        summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + secs


def _manifest(
    summary: RunSummary, config: Config, started: datetime, full: bool, workers: int
) -> dict[str, Any]:
    return {
        "run_id": summary.run_id,
        "pipeline_version": PIPELINE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "input_dir": str(config.input_dir),
        "output_dir": str(config.output_dir),
        "full": full,
        "workers": workers,
        "counts": {
            "input_files": summary.inputs,
            "processed_inputs": summary.processed_inputs,
            "skipped_inputs": summary.skipped_inputs,
            "removed_inputs": summary.removed_inputs,
            # Pages of the processed inputs: read = written + rejected, always.
            "read": summary.read,
            "written": summary.written,
            "rejected": summary.rejected,
            "rejected_by_reason": dict(sorted(summary.rejected_by_reason.items())),
        },
        "timings": {
            "seconds": round(summary.seconds, 3),
            "pages_per_second": round(summary.pages_per_second, 2),
            "stage_seconds": {k: round(v, 3) for k, v in sorted(summary.stage_seconds.items())},
        },
    }
