"""Resumable and locked, with real processes: kill -9 at many moments, concurrent runs, stale locks."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import EXIT_LOCKED, EXIT_OK
from pipeline.ledger import LEDGER_NAME, Ledger
from pipeline.lock import OutputLock

from .conftest import REPO
from .reliability_util import ONE_INPUT_PER_PART, dataset_rows, make_corpus, popen_cli, record_keys, run_cli

pytestmark = pytest.mark.slow
N_PAGES = 30
# One page per batch and per part file: many commits, so kills land between many different steps.
ARGS = ("--workers", "1", "--batch-size", "1", "--config", str(ONE_INPUT_PER_PART), "-q")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("kill")
    make_corpus(base / "raw", N_PAGES)
    reference = base / "reference"
    proc = run_cli("--input", base / "raw", "--output", reference, *ARGS)
    assert proc.returncode == EXIT_OK, proc.stderr
    return base / "raw", reference


def _assert_consistent(out: Path) -> None:
    """What a reader may see at any time: readable files, no article twice."""
    articles = Counter(r["source_path"] for r in dataset_rows(out / "articles"))  # reads every file
    assert not articles or max(articles.values()) == 1
    dataset_rows(out / "rejects")


def _parts(out: Path) -> int:
    folder = out / "articles"
    return len(list(folder.iterdir())) if folder.is_dir() else 0


def _kill_when(out: Path, raw: Path, at: str) -> None:
    """Start a run and kill -9 it at a moment named by `at`; the run must still be running then.

    Moments are observed on disk rather than guessed from a clock, so they hold on a slow or busy
    machine: "start" (importing, planning), "staging" (first part being built), or "parts>=N"
    (N parts committed, the next ones in any step of their commit).
    """
    proc = popen_cli("--input", raw, "--output", out, *ARGS)
    deadline = time.monotonic() + 120
    while at != "start" and time.monotonic() < deadline and proc.poll() is None:
        if at == "staging" and (out / ".staging").exists():
            break
        if at.startswith("parts>=") and _parts(out) >= int(at.removeprefix("parts>=")):
            break
        time.sleep(0.003)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, f"the run ended before the kill at {at}"


@pytest.mark.parametrize(
    "moments",
    [("start",), ("staging",), ("parts>=1",), ("parts>=8",), ("parts>=20",), ("parts>=27",),
     ("parts>=5", "start", "parts>=15"), ("staging", "parts>=10", "parts>=22")],
)
def test_kill_9_then_rerun_gives_the_uninterrupted_records(
    corpus: tuple[Path, Path], tmp_path: Path, moments: tuple[str, ...]
) -> None:
    raw, reference = corpus
    out = tmp_path / "out"
    for at in moments:
        _kill_when(out, raw, at)
        _assert_consistent(out)
    proc = run_cli("--input", raw, "--output", out, *ARGS)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert record_keys(out) == record_keys(reference)
    assert not (out / ".staging").exists()
    ledger = Ledger(out)
    assert ledger.pending() == set() and len(ledger.entries()) == N_PAGES + 2
    ledger.close()


def test_kill_9_with_worker_processes(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    raw, reference = corpus
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--input", str(raw), "--output", str(out),
         "--workers", "2", "--batch-size", "2", "-q"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    time.sleep(2.0)
    os.kill(proc.pid, signal.SIGKILL)  # the run only: its workers may outlive it for a moment
    proc.wait()
    _assert_consistent(out)
    done = run_cli("--input", raw, "--output", out, "--workers", "2", "-q")
    with contextlib.suppress(ProcessLookupError):  # stray workers of the killed run, if any
        os.killpg(proc.pid, signal.SIGKILL)
    assert done.returncode == EXIT_OK, done.stderr
    assert record_keys(out) == record_keys(reference)


def test_second_run_exits_4_while_the_lock_is_held(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    raw, _ = corpus
    out = tmp_path / "out"
    with OutputLock(out):
        proc = run_cli("--input", raw, "--output", out, *ARGS)
    assert proc.returncode == EXIT_LOCKED
    assert "another run is writing to" in proc.stderr and f"pid {os.getpid()}" in proc.stderr
    assert not (out / "articles").exists() and not (out / LEDGER_NAME).exists()


def test_second_run_waits_with_lock_timeout(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    raw, reference = corpus
    out = tmp_path / "out"
    lock = OutputLock(out)
    lock.acquire()
    proc = popen_cli("--input", raw, "--output", out, *ARGS, "--lock-timeout", "120")
    time.sleep(1.5)
    assert proc.poll() is None  # still waiting
    lock.release()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == EXIT_OK, err
    assert record_keys(out) == record_keys(reference)


def test_lock_of_a_killed_process_does_not_block(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    raw, reference = corpus
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from pipeline.lock import "
         "OutputLock; OutputLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(600)",
         str(out)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    assert run_cli("--input", raw, "--output", out, *ARGS).returncode == EXIT_LOCKED
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    proc = run_cli("--input", raw, "--output", out, *ARGS)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert record_keys(out) == record_keys(reference)


def test_two_runs_at_once_corrupt_nothing(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    raw, reference = corpus
    out = tmp_path / "out"
    first, second = popen_cli("--input", raw, "--output", out, *ARGS), popen_cli(
        "--input", raw, "--output", out, *ARGS)
    errs = [p.communicate(timeout=300)[1] for p in (first, second)]
    codes = sorted(p.returncode for p in (first, second))
    assert codes in ([EXIT_OK, EXIT_OK], [EXIT_OK, EXIT_LOCKED]), errs
    if codes[1] == EXIT_LOCKED:
        assert any("another run is writing to" in e for e in errs)
    assert record_keys(out) == record_keys(reference)
    # Both waiting: both finish, the second finds nothing to do.
    both = [popen_cli("--input", raw, "--output", tmp_path / "o2", *ARGS, "--lock-timeout", "300")
            for _ in range(2)]
    assert [p.wait(timeout=600) for p in both] == [EXIT_OK, EXIT_OK]
    assert record_keys(tmp_path / "o2") == record_keys(reference)
