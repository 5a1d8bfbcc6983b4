"""Progress on long runs and the summary at the end.

On a terminal with text logs: a progress bar (tqdm). Otherwise (cron, Airflow, `--log-format
json`): a progress log line every 30 seconds, so a scheduler's log gets one line per event and
no carriage-return noise. Every event line carries an `event` field in JSON mode:
run_started, progress, page_error, run_finished (and error, from the CLI).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Any

from pipeline.config import Config
from pipeline.schema import RejectReason

if TYPE_CHECKING:
    from pipeline.runner import BatchResult, RunSummary

log = logging.getLogger("pipeline")
# From this many part files on, the summary suggests `pipeline compact`: readers pay per file.
COMPACT_HINT_PARTS = 100
# Often enough that a stalled run shows within a minute, rarely enough to keep logs short.
LOG_EVERY_S = 30.0


class ProgressReporter:
    def __init__(self, enabled: bool = True, bar: bool | None = None) -> None:
        """`bar`: draw a progress bar; by default only when stderr is a terminal."""
        self.enabled = enabled
        self.pages = 0
        self.written = 0
        self.rejected = 0
        self.start = time.perf_counter()
        self.last_log = self.start
        self.bar: Any = None
        if enabled and (sys.stderr.isatty() if bar is None else bar):
            from tqdm import tqdm

            self.bar = tqdm(unit="page", desc="pipeline", file=sys.stderr, dynamic_ncols=True)

    def run_started(self, config: Config) -> None:
        log.info("run started: input %s, output %s", config.input_dir, config.output_dir,
                 extra={"fields": {"event": "run_started", "input": str(config.input_dir),
                                   "output": str(config.output_dir), "workers": config.workers,
                                   "batch_size": config.batch_size}})

    def update(self, result: BatchResult) -> None:
        n = len(result.articles) + len(result.rejects)
        self.pages += n
        self.written += len(result.articles)
        self.rejected += len(result.rejects)
        for rej in result.rejects:
            # A bug on one page: the run goes on, but a scheduler should see one line for it.
            if rej.reason == RejectReason.ERROR.value:
                log.warning("page error in %s stage: %s: %s", rej.stage, rej.source_path, rej.detail,
                            extra={"fields": {"event": "page_error", "source_path": rej.source_path,
                                              "stage": rej.stage, "detail": rej.detail}})
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(rejected=self.rejected, refresh=False)
            return
        now = time.perf_counter()
        if self.enabled and now - self.last_log >= LOG_EVERY_S:
            self.last_log = now
            elapsed = now - self.start
            rate = self.pages / elapsed if elapsed > 0 else 0.0
            log.info("progress: %d pages, %d articles, %d rejected, %.1f pages/s", self.pages,
                     self.written, self.rejected, rate,
                     extra={"fields": {"event": "progress", "pages": self.pages, "written": self.written,
                                       "rejected": self.rejected, "seconds": round(elapsed, 1),
                                       "pages_per_second": round(rate, 1)}})

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def print_summary(self, summary: RunSummary, config: Config) -> None:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(summary.rejected_by_reason.items())) or "none"
        report = summary.manifest_path.with_suffix(".html") if summary.manifest_path else None
        fields = {
            "event": "run_finished",
            "run_id": summary.run_id,
            "input_files": summary.inputs,
            "read": summary.read,
            "written": summary.written,
            "rejected": summary.rejected,
            "rejected_by_reason": dict(summary.rejected_by_reason),
            "seconds": round(summary.seconds, 2),
            "pages_per_second": round(summary.pages_per_second, 1),
            "manifest": str(summary.manifest_path),
            "report": str(report),
            "part_files": summary.part_files,
        }
        log.info(
            "done: %d pages read from %d files, %d articles written, %d rejected (%s) in %.1fs "
            "(%.1f pages/s); output %s; report %s",
            summary.read, summary.inputs, summary.written, summary.rejected, reasons, summary.seconds,
            summary.pages_per_second, config.output_dir, report,
            extra={"fields": fields},
        )
        if summary.part_files >= COMPACT_HINT_PARTS:
            log.info("the output holds %d part files; `pipeline compact --output %s` merges the small "
                     "ones (when nothing reads the output)", summary.part_files, config.output_dir,
                     extra={"fields": {"event": "compact_hint", "part_files": summary.part_files}})
