"""Progress on long runs and the summary at the end.

On a terminal: a progress bar (tqdm). Otherwise (cron, Airflow): a log line every 30 seconds.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Any

from pipeline.config import Config

if TYPE_CHECKING:
    from pipeline.runner import BatchResult, RunSummary

log = logging.getLogger("pipeline")
LOG_EVERY_S = 30.0


class ProgressReporter:
    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.pages = 0
        self.rejected = 0
        self.start = time.perf_counter()
        self.last_log = self.start
        self.bar: Any = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(unit="page", desc="pipeline", file=sys.stderr, dynamic_ncols=True)

    def update(self, result: BatchResult) -> None:
        n = len(result.articles) + len(result.rejects)
        self.pages += n
        self.rejected += len(result.rejects)
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(n)
            self.bar.set_postfix(rejected=self.rejected, refresh=False)
            return
        now = time.perf_counter()
        if now - self.last_log >= LOG_EVERY_S:
            self.last_log = now
            rate = self.pages / (now - self.start)
            log.info("progress: %d pages, %d rejected, %.1f pages/s", self.pages, self.rejected, rate,
                     extra={"fields": {"event": "progress", "pages": self.pages, "rejected": self.rejected}})

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def print_summary(self, summary: RunSummary, config: Config) -> None:
        reasons = ", ".join(f"{k}: {v}" for k, v in sorted(summary.rejected_by_reason.items())) or "none"
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
        }
        log.info(
            "done: %d pages read from %d files, %d articles written, %d rejected (%s) in %.1fs "
            "(%.1f pages/s); output %s; manifest %s",
            summary.read, summary.inputs, summary.written, summary.rejected, reasons, summary.seconds,
            summary.pages_per_second, config.output_dir, summary.manifest_path,
            extra={"fields": fields},
        )
