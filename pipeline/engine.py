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
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol, TypeVar

from pipeline.config import Config
from pipeline.repeats import RepeatStats

B = TypeVar("B")
R = TypeVar("R")
A = TypeVar("A")
F = TypeVar("F")
RunState = tuple[Config, dict[str, RepeatStats]]

ENGINES = ("local", "dask")

# Imported once in the forkserver, so every forked worker starts with them already loaded
# (trafilatura alone takes ~1 s to import, the language model ~1 s to load; each pass starts a
# fresh pool, forked from the same forkserver).
_PRELOAD = ["pipeline.preload"]


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
    ) -> F: ...

    def close(self) -> None: ...


def resolve_workers(config: Config) -> int:
    return config.workers if config.workers > 0 else (os.cpu_count() or 1)


class LocalEngine:
    """A process pool on this machine; inline (no pool) with one worker."""

    # Batches queued per worker: one running, one waiting, so a worker never idles while the
    # driver reads the next batch; more would only hold more pages in memory.
    IN_FLIGHT_PER_WORKER = 2

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

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
        with _pool(self.workers, state) as pool:
            pending: deque[Future[R]] = deque()
            try:
                for batch in batches:
                    pending.append(pool.submit(fn, batch, *extra))
                    if len(pending) >= self.IN_FLIGHT_PER_WORKER * self.workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:  # the consumer stopped early or a batch failed: do not run the rest
                for fut in pending:
                    fut.cancel()

    def map_reduce(
        self,
        fn: Callable[[B], A],
        reduce: Callable[[A, A], A],
        finalize: Callable[[A], F],
        empty: Callable[[], A],
        batches: Iterator[B],
        state: RunState,
    ) -> F:
        # On one machine the partial results already come back to this process in order, so
        # the reduce is a fold here; shipping them between pool workers would only add copies.
        acc = empty()
        for part in self.map_ordered(fn, batches, state):
            acc = reduce(acc, part)
        return finalize(acc)

    def close(self) -> None:
        pass


def _pool(workers: int, state: RunState) -> ProcessPoolExecutor:
    if sys.platform == "win32":
        ctx = get_context("spawn")
    else:
        # forkserver, not fork: the driver has pyarrow's threads running by the second pass,
        # and forking a threaded process can deadlock the child.
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker, initargs=state)


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
