"""Logs a scheduler can keep: with --log-format json, one JSON object per line, one line per event."""

from __future__ import annotations

import json
import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import progress
from pipeline.cli import EXIT_OK, _JsonFormatter, main
from pipeline.progress import ProgressReporter
from pipeline.runner import BatchResult
from pipeline.schema import Reject

from .conftest import DATA


def _events(stderr: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stderr.splitlines() if line.strip()]  # fails on a non-JSON line


def test_json_run_logs_start_and_finish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(DATA / "pages" / "simple_article.html", raw / "a.html")
    (raw / "empty.txt").write_bytes(b"")
    args = ["run", "--input", str(raw), "--output", str(tmp_path / "out"), "--workers", "1",
            "--log-format", "json"]
    assert main(args) == EXIT_OK
    events = _events(capsys.readouterr().err)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "run_started" and kinds[-1] == "run_finished"
    finished = events[-1]
    assert finished["read"] == 2 and finished["rejected_by_reason"] == {"empty": 1}
    assert str(finished["report"]).endswith(".html") and Path(str(finished["report"])).is_file()


def test_json_error_keeps_the_traceback_on_one_line() -> None:
    try:
        raise RuntimeError("boom\nsecond line")
    except RuntimeError:
        record = logging.LogRecord("pipeline", logging.ERROR, __file__, 1, "run failed", None, sys.exc_info())
    line = _JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["event"] == "error" and "RuntimeError: boom" in data["exc"]


def _batch(n_ok: int, errors: int) -> BatchResult:
    rejects = [Reject(f"p{i}", "extract", "error", "ValueError: x", None, "0", None)  # type: ignore[arg-type]
               for i in range(errors)]
    return BatchResult(articles=[object()] * n_ok, rejects=rejects, stage_seconds={})  # type: ignore[list-item]


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Iterator[list[logging.LogRecord]]:
    """Records of the `pipeline` logger, whatever an earlier CLI test did to its handlers."""
    logger = logging.getLogger("pipeline")
    handler, level = _Records(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_progress_lines_without_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                           records: list[logging.LogRecord]) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY_S", 0.0)
    reporter = ProgressReporter(enabled=True, bar=False)
    reporter.update(_batch(3, 1))
    fields = [getattr(r, "fields", {}) for r in records]
    assert {"event": "page_error", "source_path": "p0", "stage": "extract",
            "detail": "ValueError: x"} in fields
    prog = next(f for f in fields if f.get("event") == "progress")
    assert prog["pages"] == 4 and prog["written"] == 3 and prog["rejected"] == 1


def test_no_progress_line_before_the_interval(records: list[logging.LogRecord]) -> None:
    reporter = ProgressReporter(enabled=True, bar=False)
    reporter.update(_batch(3, 0))
    assert not records
