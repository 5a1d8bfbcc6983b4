"""Engines run the per-batch work functions; the runner does not care where.

`LocalEngine` uses a process pool on this machine (or runs inline with one worker). An engine
maps a top-level function over batches and yields the results in input order, with a bounded
number of batches in flight so memory stays flat however large the corpus is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any, Protocol, TypeVar

from pipeline.config import Config
from pipeline.repeats import RepeatStats

B = TypeVar("B")
R = TypeVar("R")

# Per-process state set once per worker (config and repeat statistics), not shipped per batch.
WORKER_STATE: dict[str, Any] = {}


def init_worker(config: Config, repeats: dict[str, RepeatStats]) -> None:
    WORKER_STATE["config"] = config
    WORKER_STATE["repeats"] = repeats


class Engine(Protocol):
    workers: int

    def map_ordered(
        self,
        fn: Callable[..., R],
        batches: Iterator[B],
        state: tuple[Config, dict[str, RepeatStats]],
        extra: tuple[Any, ...] = (),
    ) -> Iterator[R]: ...


def resolve_workers(config: Config) -> int:
    return config.workers if config.workers > 0 else (os.cpu_count() or 1)


class LocalEngine:
    """A process pool on this machine; inline (no pool) with one worker."""

    # Batches queued per worker: enough to keep every worker busy, few enough to bound memory.
    IN_FLIGHT_PER_WORKER = 2

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def map_ordered(
        self,
        fn: Callable[..., R],
        batches: Iterator[B],
        state: tuple[Config, dict[str, RepeatStats]],
        extra: tuple[Any, ...] = (),
    ) -> Iterator[R]:
        if self.workers <= 1:
            init_worker(*state)
            for batch in batches:
                yield fn(batch, *extra)
            return
        ctx = get_context("forkserver" if sys.platform != "win32" else "spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=init_worker, initargs=state)
        with pool:
            pending: list[Future[R]] = []
            for batch in batches:
                pending.append(pool.submit(fn, batch, *extra))
                if len(pending) >= self.IN_FLIGHT_PER_WORKER * self.workers:
                    yield pending.pop(0).result()
            for fut in pending:
                yield fut.result()


def make_engine(config: Config) -> Engine:
    return LocalEngine(resolve_workers(config))
