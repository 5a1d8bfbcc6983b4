"""The Dask engine against a real `dask scheduler` + `dask worker` on 127.0.0.1.

The same corpus run locally and on the cluster must give the same records (ingested_at aside).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from pipeline.config import Config
from pipeline.runner import run

from .conftest import DATA, REPO

pytestmark = pytest.mark.slow
BOILERPLATE = "Subscribe to the Harbour Gazette newsletter"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process and everything it started (its own session): TERM, then KILL."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def scheduler(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A scheduler and two single-threaded worker processes; the address of the scheduler."""
    distributed = pytest.importorskip("distributed")
    dask_cli = Path(sys.executable).parent / "dask"
    if not dask_cli.exists():
        pytest.skip("the dask command line is not installed next to this python")
    logs = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    # Workers unpickle pipeline functions by name: they must import this checkout's package.
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    commands = [
        [str(dask_cli), "scheduler", "--host", "127.0.0.1", "--port", str(port),
         "--dashboard-address", "127.0.0.1:0"],
        [str(dask_cli), "worker", address, "--host", "127.0.0.1", "--nworkers", "2", "--nthreads", "1",
         "--dashboard-address", "127.0.0.1:0", "--local-directory", str(logs / "work")],
    ]
    procs: list[subprocess.Popen[bytes]] = []

    def stop_all() -> None:
        for proc in reversed(procs):
            _stop(proc)

    request.addfinalizer(stop_all)
    for i, cmd in enumerate(commands):
        with (logs / f"{i}.log").open("wb") as log:
            procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                          start_new_session=True))
        time.sleep(1 if i == 0 else 0)
    client: Any = distributed.Client(address, timeout=60, set_as_default=False)
    try:
        client.wait_for_workers(2, timeout=120)
    finally:
        client.close()
    return address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Sample pages, a reject, and text pages of one folder that share a boilerplate line."""
    raw = tmp_path / "raw"
    (raw / "site").mkdir(parents=True)
    for name in ("lemonde-loi-renseignement.html", "wapo-tunisia-museum.txt"):
        shutil.copy(REPO / "raw" / name, raw / name)
    shutil.copy(DATA / "pages" / "simple_article.html", raw / "simple.html")
    (raw / "junk.txt").write_bytes(b"\x00\x01\x02" * 50)
    for i in range(6):
        body = "\n\n".join(f"Story {i} paragraph {j}: the ferry timetable changes on day {i * 7 + j} "
                           "and the council explains why in some detail." for j in range(4))
        (raw / "site" / f"story-{i}.txt").write_text(f"Headline number {i}\n\n{body}\n\n{BOILERPLATE}\n")
    return raw


def _rows(path: Path, drop: str) -> list[dict[str, Any]]:
    rows = ds.dataset(path, format="parquet").to_table().to_pylist()
    for row in rows:
        row.pop(drop)
    return rows


def test_dask_run_gives_the_same_records_as_a_local_run(scheduler: str, corpus: Path, tmp_path: Path) -> None:
    local, remote = tmp_path / "local", tmp_path / "dask"
    run(Config(input_dir=corpus, output_dir=local, workers=1, batch_size=2))
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--output", str(remote),
         "--engine", "dask", "--scheduler", scheduler, "--batch-size", "2", "--log-format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    articles = _rows(local / "articles", "ingested_at")
    assert len(articles) == 9
    assert _rows(remote / "articles", "ingested_at") == articles  # same ids, bodies, titles, order
    assert _rows(remote / "rejects", "rejected_at") == _rows(local / "rejects", "rejected_at")
    # The repeat statistics were learnt (reduced on the cluster) and used: the line is gone.
    stories = [a for a in articles if a["source_path"].startswith("site/")]
    assert stories and all(BOILERPLATE not in a["body"] for a in stories)


def square_all(batch: list[int]) -> list[int]:
    return [x * x for x in batch]


def total(batch: list[int]) -> int:
    return sum(batch)


def add(a: int, b: int) -> int:
    return a + b


def test_dask_engine_orders_results_and_reduces_on_the_cluster(scheduler: str) -> None:
    from pipeline.engine_dask import DaskEngine

    engine = DaskEngine(scheduler)
    try:
        assert engine.workers == 2
        state = (Config(), {})
        out = list(engine.map_ordered(square_all, ([i, i + 1] for i in range(30)), state))
        assert out == [[i * i, (i + 1) ** 2] for i in range(30)]
        assert engine.map_reduce(total, add, str, int, ([i] for i in range(25)), state) == str(sum(range(25)))
        assert engine.map_reduce(total, add, str, int, iter([]), state) == "0"
    finally:
        engine.close()


def test_iterator_stops_early_without_leaking(scheduler: str) -> None:
    from pipeline.engine_dask import DaskEngine

    engine = DaskEngine(scheduler)
    try:
        results = engine.map_ordered(square_all, ([i] for i in range(100)), (Config(), {}))
        assert next(results) == [0]
        results.close()  # the consumer gave up: pending tasks are cancelled, not left running
        assert list(engine.map_ordered(square_all, iter([[3]]), (Config(), {}))) == [[9]]
    finally:
        engine.close()
