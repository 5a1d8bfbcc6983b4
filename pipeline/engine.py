"""Engines run the per-batch work functions; the runner does not care where.

`LocalEngine` uses a process pool on this machine (or runs inline with one worker);
`pipeline.engine_dask.DaskEngine` runs the same functions on a Dask cluster. An engine maps a
top-level function over batches and yields the results in input order, with a bounded number
of batches in flight so memory stays flat however large the corpus is. `map_reduce` is the
cross-document step (repeat learning): map per batch, reduce the partial results, finalize
once; where the reduce runs is the engine's business.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sys
import tempfile
import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol, TypeVar

from pipeline.config import Config
from pipeline.prestart import HTML_PRELOAD, PRELOAD, start_forkserver
from pipeline.repeats import RepeatStats

B = TypeVar("B")
R = TypeVar("R")
A = TypeVar("A")
F = TypeVar("F")
RunState = tuple[Config, dict[str, RepeatStats]]

ENGINES = ("local", "dask")


class _WorkerState(threading.local):
    """Per-run state (config, repeat statistics) as seen by the code running a batch.

    Thread-local because a Dask worker runs tasks in threads, possibly for two runs at once;
    in a pool worker (and inline) everything runs in the main thread, so it is set once.
    """

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value


WORKER_STATE = _WorkerState()


def init_worker(config: Config, repeats: dict[str, RepeatStats]) -> None:
    WORKER_STATE["config"] = config
    WORKER_STATE["repeats"] = repeats


class Engine(Protocol):
    @property
    def workers(self) -> int:
        """Worker processes (or threads) the engine runs batches on."""
        ...

    def map_ordered(
        self,
        fn: Callable[..., R],
        batches: Iterator[B],
        state: RunState,
        extra: tuple[Any, ...] = (),
    ) -> Iterator[R]: ...

    def map_reduce(
        self,
        fn: Callable[[B], A],
        reduce: Callable[[A, A], A],
        finalize: Callable[[A], F],
        empty: Callable[[], A],
        batches: Iterator[B],
        state: RunState,
        absorb: Callable[[A, A], None] | None = None,
    ) -> F:
        """Map `fn` over batches, reduce the partials, finalize once. `reduce` never updates its
        inputs; `absorb(acc, part)`, if given, folds a partial into an accumulator the engine owns."""
        ...

    def warm_up(self, html: bool) -> None:
        """Start what the workers need while the driver plans; `html`: the inputs may hold HTML."""
        ...

    def close(self) -> None: ...


def resolve_workers(config: Config) -> int:
    return config.workers if config.workers > 0 else (os.cpu_count() or 1)


def in_input_order(submit: Callable[[B], Any], batches: Iterator[B], window: int) -> Iterator[Any]:
    """Submit batches, at most `window` in flight, and yield their results in submission order.

    `submit` returns a future (concurrent.futures or dask.distributed: both have result() and
    cancel()). If the consumer stops early or a batch fails, the batches not yet run are cancelled.
    """
    pending: deque[Any] = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()


class LocalEngine:
    """A process pool on this machine; inline (no pool) with one worker.

    One pool serves every pass of a run (repeat scan, extraction): starting a pool costs about a
    second (forking the workers, and the first tasks warming them up), which on a small corpus
    is most of what a second worker can save. The per-pass state travels through a file that
    each worker reads once (`_run_with_state`), not with every batch.
    """

    # Batches queued per worker: one running, one waiting, so a worker never idles while the
    # driver reads the next batch; more would only hold more pages in memory.
    IN_FLIGHT_PER_WORKER = 2

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._state_dir: str | None = None
        self._passes = 0
        self._closer: weakref.finalize[Any, LocalEngine] | None = None

    def map_ordered(
        self,
        fn: Callable[..., R],
        batches: Iterator[B],
        state: RunState,
        extra: tuple[Any, ...] = (),
    ) -> Iterator[R]:
        if self.workers <= 1:
            init_worker(*state)
            for batch in batches:
                yield fn(batch, *extra)
            return
        pool, path = self._start_pass(state)
        yield from in_input_order(lambda batch: pool.submit(_run_with_state, path, fn, batch, *extra),
                                  batches, self.IN_FLIGHT_PER_WORKER * self.workers)

    def map_reduce(
        self,
        fn: Callable[[B], A],
        reduce: Callable[[A, A], A],
        finalize: Callable[[A], F],
        empty: Callable[[], A],
        batches: Iterator[B],
        state: RunState,
        absorb: Callable[[A, A], None] | None = None,
    ) -> F:
        # On one machine the partial results already come back to this process in order, so
        # the reduce is a fold here (in place when it can be: the accumulator is ours alone);
        # shipping them between pool workers would only add copies.
        acc = empty()
        for part in self.map_ordered(fn, batches, state):
            if absorb is not None:
                absorb(acc, part)
            else:
                acc = reduce(acc, part)
        return finalize(acc)

    def warm_up(self, html: bool) -> None:
        # The forkserver imports the preload modules in the background from now on, while the
        # driver plans and reads; the first pass then finds it ready (about a second sooner).
        # `pipeline run` starts it earlier still (`pipeline.prestart`); then this does nothing.
        if self.workers > 1 and self._pool is None:
            start_forkserver(html)

    def _start_pass(self, state: RunState) -> tuple[ProcessPoolExecutor, str]:
        if self._pool is None:
            self._state_dir = tempfile.mkdtemp(prefix="pipeline-state-")
            self._pool = _pool(self.workers)
            self._closer = weakref.finalize(self, _shut_down, self._pool, self._state_dir)
        assert self._state_dir is not None
        self._passes += 1
        path = os.path.join(self._state_dir, f"pass-{self._passes}.pickle")
        with open(path, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        return self._pool, path

    def close(self) -> None:
        """Stop the pool's workers and remove the state files (also done when collected)."""
        if self._closer is not None:
            self._closer()
        self._pool, self._closer = None, None


def _run_with_state(state_path: str, fn: Callable[..., R], batch: Any, *extra: Any) -> R:
    """Task body in a pool worker: load the pass's state the first time this worker sees it."""
    if WORKER_STATE.values.get("state_path") != state_path:
        with open(state_path, "rb") as f:
            init_worker(*pickle.load(f))
        WORKER_STATE["state_path"] = state_path
    return fn(batch, *extra)


def _shut_down(pool: ProcessPoolExecutor, state_dir: str) -> None:
    pool.shutdown(wait=True, cancel_futures=True)
    shutil.rmtree(state_dir, ignore_errors=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    if sys.platform == "win32":
        ctx = get_context("spawn")
    else:
        # forkserver, not fork: the driver has pyarrow's threads running by the second pass,
        # and forking a threaded process can deadlock the child.
        ctx = get_context("forkserver")  # started with its preload by warm_up, or now
        ctx.set_forkserver_preload(PRELOAD + HTML_PRELOAD)
    return ProcessPoolExecutor(workers, mp_context=ctx)


def make_engine(config: Config) -> Engine:
    """The engine the configuration asks for; ValueError for an unknown or incomplete choice."""
    if config.engine == "dask":
        if not config.scheduler:
            raise ValueError("the dask engine needs a scheduler address (--scheduler tcp://HOST:PORT)")
        from pipeline.engine_dask import DaskEngine  # dask is a heavy import: only when asked for

        return DaskEngine(config.scheduler)
    if config.engine != "local":
        raise ValueError(f"unknown engine {config.engine!r}; expected one of {', '.join(ENGINES)}")
    return LocalEngine(resolve_workers(config))
