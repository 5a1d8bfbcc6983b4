"""The runner: composes the stages over an input folder and writes the output datasets.

Two passes: a scan that counts lines repeated across pages of each site (map, then reduce),
then extraction of every page with those counts. Pages stream through in bounded batches;
only the repeat counts (pruned) are kept for the whole run.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.dedupe import DuplicateMarker, batch_signatures
from pipeline.engine import WORKER_STATE, Engine, make_engine
from pipeline.read import FailedInput, InputFile, discover, read_input
from pipeline.repeat_scan import merge_stats, page_keys
from pipeline.repeats import RepeatStats
from pipeline.schema import PIPELINE_VERSION, SCHEMA_VERSION, Article, RawDocument, Reject
from pipeline.stages import StageClock, group_key, process_document
from pipeline.write import RUNS, DatasetSwapWriter, write_json_atomic

log = logging.getLogger("pipeline")


@dataclass
class RunSummary:
    run_id: str
    inputs: int = 0
    read: int = 0
    written: int = 0
    rejected: int = 0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    manifest_path: Path | None = None

    @property
    def pages_per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


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
    stats: dict[str, RepeatStats] = {}
    for item in batch:
        if isinstance(item, RawDocument):
            keys = page_keys(item)
            if keys:
                stats.setdefault(group_key(item), RepeatStats()).add_page(keys)
    return stats


@dataclass
class BatchResult:
    articles: list[Article]
    rejects: list[Reject]
    stage_seconds: dict[str, float]
    # MinHash signature per article (aligned with `articles`), made in the worker for dedupe.
    signatures: list[bytes | None] = field(default_factory=list)


def extract_batch(batch: list[RawDocument | FailedInput], now: datetime) -> BatchResult:
    config: Config = WORKER_STATE["config"]
    repeats: dict[str, RepeatStats] = WORKER_STATE["repeats"]
    clock = StageClock()
    articles: list[Article] = []
    rejects: list[Reject] = []
    for item in batch:
        if isinstance(item, FailedInput):
            rej = item.rejection
            rejects.append(
                Reject(item.source_path, rej.stage or "read", rej.reason.value, rej.detail,
                       item.raw_sha256, PIPELINE_VERSION, now)
            )
            continue
        result = process_document(item, config, repeats.get(group_key(item)), clock, now)
        if isinstance(result, Article):
            articles.append(result)
        else:
            rejects.append(result)
    signatures = clock.run("minhash", lambda: batch_signatures(articles)) if config.mark_duplicates else []
    return BatchResult(articles, rejects, clock.seconds, signatures)


def learn_repeats(files: list[InputFile], config: Config, engine: Engine) -> dict[str, RepeatStats]:
    """Map: folded lines per page; reduce: per-group counts; prune to lines that can count."""
    stats: dict[str, RepeatStats] = {}
    batches = _batches(iter_documents(files, config), config.batch_size)
    for part in engine.map_ordered(scan_batch, batches, (config, {})):
        merge_stats(stats, part)
    return {group: s.prune() for group, s in stats.items() if s.pages >= 3}


def run(config: Config, progress: Callable[[BatchResult], None] | None = None) -> RunSummary:
    """Process every input under `config.input_dir` into `config.output_dir`."""
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    summary = RunSummary(run_id=new_run_id(started))
    out = config.output_dir
    out.mkdir(parents=True, exist_ok=True)
    files = discover(config.input_dir)
    summary.inputs = len(files)
    engine = make_engine(config)

    repeats = learn_repeats(files, config, engine) if config.learn_repeats else {}
    summary.stage_seconds["repeat_scan"] = time.perf_counter() - t0

    writer = DatasetSwapWriter(out, summary.run_id)
    duplicates = DuplicateMarker() if config.mark_duplicates else None
    batches = _batches(iter_documents(files, config), config.batch_size)
    try:
        for result in engine.map_ordered(extract_batch, batches, (config, repeats), (started,)):
            if duplicates is not None:  # in input order: the first occurrence is the original
                duplicates.mark(result.articles, result.signatures)
            writer.write_articles(result.articles)
            writer.write_rejects(result.rejects)
            summary.read += len(result.articles) + len(result.rejects)
            summary.written += len(result.articles)
            summary.rejected += len(result.rejects)
            summary.rejected_by_reason.update(r.reason for r in result.rejects)
            for stage, secs in result.stage_seconds.items():
                summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + secs
            if progress:
                progress(result)
        writer.commit()
    except BaseException:
        writer.cleanup()
        raise
    summary.seconds = time.perf_counter() - t0
    summary.manifest_path = out / RUNS / f"{summary.run_id}.json"
    manifest = _manifest(summary, config, started, engine.workers)
    write_json_atomic(manifest, summary.manifest_path, writer.stage_root)
    writer.cleanup()
    return summary


def _manifest(summary: RunSummary, config: Config, started: datetime, workers: int) -> dict[str, Any]:
    return {
        "run_id": summary.run_id,
        "pipeline_version": PIPELINE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "started_at": started.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "input_dir": str(config.input_dir),
        "output_dir": str(config.output_dir),
        "workers": workers,
        "counts": {
            "input_files": summary.inputs,
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
