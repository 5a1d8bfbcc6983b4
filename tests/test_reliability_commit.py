"""Cheap commits: batches span parts, parts the ledger does not know are committed in groups."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

import pipeline.runner as runner_mod
from pipeline.cli import EXIT_OK
from pipeline.config import Config
from pipeline.ledger import LEDGER_NAME, Ledger
from pipeline.runner import RunSummary, run

from .reliability_util import (
    ONE_INPUT_PER_PART,
    article_text,
    dataset_rows,
    make_corpus,
    popen_cli,
    record_keys,
    run_cli,
)

N_PAGES = 12
PART_INPUTS = 2  # inputs per new part file: a 14-input corpus makes 7 parts


def _run(raw: Path, out: Path, batch_size: int = 4, **kw: object) -> RunSummary:
    config = Config(input_dir=raw, output_dir=out, workers=1, batch_size=batch_size,
                    part_max_inputs=PART_INPUTS)
    return run(config, **kw)  # type: ignore[arg-type]


def _part_of(out: Path, key: str) -> str:
    ledger = Ledger(out)
    try:
        return ledger.entries()[key].part
    finally:
        ledger.close()


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "raw", N_PAGES)
    return tmp_path / "raw"


class _Crash(BaseException):
    """Stands in for kill -9 at one exact point (real kills are in test_reliability_kill.py)."""


def test_batches_span_parts_and_stay_full(raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = runner_mod.extract_segments

    def counting(segments: list[list[runner_mod.Item]], now: object) -> list[runner_mod.BatchResult]:
        sizes.append(sum(len(s) for s in segments))
        assert len({id(s) for s in segments}) == len(segments)
        return real(segments, now)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_mod, "extract_segments", counting)
    out = tmp_path / "out"
    _run(raw, out, batch_size=3)
    ledger = Ledger(out)
    parts = {e.part for e in ledger.entries().values()}
    ledger.close()
    assert len(parts) == (N_PAGES + 2) // PART_INPUTS  # batches of 3 must span parts of 2
    assert sizes == [3, 3, 3, 3, 2]


def test_fresh_parts_commit_in_one_ledger_transaction_per_batch(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    marks: list[str] = []
    real_commit, real_mark = Ledger.commit_parts, Ledger.mark_pending

    def commit_parts(self: Ledger, parts: list[tuple[str, object, object]]) -> None:
        parts = list(parts)
        calls.append(len(parts))
        real_commit(self, parts)  # type: ignore[arg-type]

    def mark_pending(self: Ledger, part: str) -> None:
        marks.append(part)
        real_mark(self, part)

    monkeypatch.setattr(Ledger, "commit_parts", commit_parts)
    monkeypatch.setattr(Ledger, "mark_pending", mark_pending)
    out = tmp_path / "out"
    _run(raw, out, batch_size=4)
    assert calls == [2, 2, 2, 1]  # batches of 4 pages finish two parts of 2 inputs each
    assert marks == []  # nothing the ledger vouches for is replaced: no pending mark needed
    # A second run that changes a recorded part goes through the pending mark.
    (raw / "page-003.txt").write_text(article_text(103), encoding="utf-8")
    _run(raw, out, batch_size=4)
    assert marks == [_part_of(out, "page-003.txt")]
    ledger = Ledger(out)
    assert ledger.pending() == set()
    ledger.close()


@pytest.mark.parametrize("delete_twin", [False, True])
def test_crash_after_group_renames_is_repaired(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delete_twin: bool
) -> None:
    """Killed after a group's files are in place but before the ledger: the next run redoes them.

    With `delete_twin`, an input whose rows the crashed run put in place is deleted before the
    rerun; its rows must neither survive nor count as the original of an identical page.
    """
    # Two inputs with the same text: the first in input order is the original.
    first, second = "twin-a.txt", "twin-b.txt"
    for name in (first, second):
        (raw / name).write_text(article_text(900), encoding="utf-8")
    out, reference = tmp_path / "out", tmp_path / "ref"

    def crash(*args: object) -> None:
        raise _Crash()

    monkeypatch.setattr(Ledger, "commit_parts", crash)
    with pytest.raises(_Crash):
        _run(raw, out, batch_size=64)  # one batch: every part is renamed in, then the crash
    monkeypatch.undo()
    assert Counter(r["source_path"] for r in dataset_rows(out / "articles"))[first] == 1
    db = sqlite3.connect(out / LEDGER_NAME)
    assert db.execute("SELECT count(*) FROM inputs").fetchone() == (0,)
    db.close()
    if delete_twin:
        (raw / first).unlink()
    _run(raw, reference)
    s = _run(raw, out)
    assert s.processed_inputs == len(list(raw.iterdir()))
    assert record_keys(out) == record_keys(reference)
    by_path = {r["source_path"]: r for r in dataset_rows(out / "articles")}
    assert (by_path[second]["duplicate_of"] is None) == delete_twin
    ledger = Ledger(out)
    assert set(ledger.entries()) == {p.name for p in raw.iterdir()} and ledger.pending() == set()
    ledger.close()


@pytest.mark.slow
@pytest.mark.parametrize("moments", [("parts>=3",), ("parts>=9", "parts>=17")])
def test_kill_9_during_group_commits(tmp_path: Path, moments: tuple[str, ...]) -> None:
    """Real kill -9 while groups of parts are committed (batches of 8 pages span parts)."""
    raw, out, reference = tmp_path / "raw", tmp_path / "out", tmp_path / "ref"
    make_corpus(raw, 30)
    args = ("--workers", "1", "--batch-size", "8", "--config", str(ONE_INPUT_PER_PART), "-q")
    assert run_cli("--input", raw, "--output", reference, "--workers", "1", "--batch-size", "1",
                   "--config", ONE_INPUT_PER_PART, "-q").returncode == EXIT_OK
    for at in moments:
        limit = int(at.removeprefix("parts>="))
        proc = popen_cli("--input", raw, "--output", out, *args)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            folder = out / "articles"
            if folder.is_dir() and len(list(folder.iterdir())) >= limit:
                break
            time.sleep(0.003)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"the run ended before the kill at {at}"
        articles = Counter(r["source_path"] for r in dataset_rows(out / "articles"))
        assert not articles or max(articles.values()) == 1
    done = run_cli("--input", raw, "--output", out, *args)
    assert done.returncode == EXIT_OK, done.stderr
    assert record_keys(out) == record_keys(reference)  # batch size shapes no record
    ledger = Ledger(out)
    assert ledger.pending() == set() and len(ledger.entries()) == 32
    ledger.close()


def test_files_of_a_killed_run_go_before_the_rerun_installs_its_own(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New parts get new names, so a killed run's files are not replaced by the rerun's: they are
    removed first, and a reader never sees an input's rows twice."""
    out = tmp_path / "out"

    def crash(*args: object) -> None:
        raise _Crash()

    monkeypatch.setattr(Ledger, "commit_parts", crash)
    with pytest.raises(_Crash):
        _run(raw, out, batch_size=64)
    monkeypatch.undo()
    assert len(list((out / "articles").iterdir())) > 0  # renamed in, never recorded
    seen: list[int] = []
    real_commit = Ledger.commit_parts

    def checking_commit(self: Ledger, parts: list[tuple[str, object, object]]) -> None:
        rows = Counter(r["source_path"] for r in dataset_rows(out / "articles"))
        seen.append(max(rows.values()))
        real_commit(self, parts)  # type: ignore[arg-type]

    monkeypatch.setattr(Ledger, "commit_parts", checking_commit)
    _run(raw, out, batch_size=64)
    assert seen == [1]
