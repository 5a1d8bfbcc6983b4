"""The Dask engine: the same batch functions as `LocalEngine`, on a dask.distributed cluster.

The driver (this process) still discovers and reads the inputs and writes the output; the
cluster does the per-page work. Contract, same as the local engine:

- the per-run state (config, repeat statistics) is broadcast to every worker once per pass
  and passed to tasks by reference, never pickled into each task;
- at most `IN_FLIGHT_PER_THREAD` batches per worker thread are on the cluster at a time
  (a sliding window), so neither the driver nor the cluster holds the whole corpus;
- results come back in input order, so part files and records match a local run;
- the repeat statistics are reduced on the cluster (partials merged pairwise in tasks as
  they complete) and pruned there: the driver only receives the final, pruned result.

Per-page time limit: Dask runs tasks in worker threads, where the SIGALRM-based limit of
`stages.page_time_limit` is a no-op; only the size limits (`max_file_bytes`, `max_page_bytes`)
guard a worker. Workers should be processes with one thread each (`--nthreads 1`): extraction
is CPU-bound Python, so more threads per process add no speed, only memory. See the README
("Scale") for how to start them.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import secrets
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pipeline.engine import RunState, in_input_order, init_worker

B = TypeVar("B")
R = TypeVar("R")
A = TypeVar("A")
F = TypeVar("F")


def code_fingerprint() -> str:
    """A hash of this `pipeline` package's source: workers running other code give other records."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _distributed() -> Any:
    """dask.distributed, imported when a Dask run starts; typed Any because it ships no annotations."""
    return importlib.import_module("distributed")


def _run_batch(fn: Callable[..., R], state: RunState, extra: tuple[Any, ...], batch: Any) -> R:
    """Task body: make the broadcast state visible to `fn` in this worker thread, then run it."""
    init_worker(*state)
    return fn(batch, *extra)


def _scan_batch(fn: Callable[[Any], A], state: RunState, batch: Any) -> A:
    init_worker(*state)
    return fn(batch)


def _reduce_pair(reduce: Callable[[A, A], A], a: A, b: A) -> A:
    return reduce(a, b)


def _finalize(finalize: Callable[[A], F], acc: A) -> F:
    return finalize(acc)


class DaskEngine:
    """Runs batches on an existing dask.distributed cluster (`Client(scheduler_address)`)."""

    # As for the local pool: one batch running and one queued per worker thread.
    IN_FLIGHT_PER_THREAD = 2

    def __init__(self, scheduler: str, connect_timeout: str = "30s") -> None:
        self.client: Any = _distributed().Client(scheduler, timeout=connect_timeout, set_as_default=False)
        self._closer = weakref.finalize(self, self.client.close)
        self._check_workers()
        self._run_token = secrets.token_hex(4)
        self._keys = itertools.count()

    @property
    def workers(self) -> int:
        """Worker threads on the cluster now (for the manifest and the in-flight window)."""
        threads: dict[str, int] = self.client.nthreads()
        return max(1, sum(threads.values()))

    def _check_workers(self) -> None:
        self.client.wait_for_workers(1, timeout=60)
        mine = code_fingerprint()
        theirs = self.client.run(code_fingerprint)
        stale = sorted(addr for addr, fp in theirs.items() if fp != mine)
        if stale:
            self.close()
            raise RuntimeError(
                "Dask workers run a different version of the pipeline code than this driver "
                f"({', '.join(stale)}); start them from the same checkout (same PYTHONPATH)"
            )

    def _key(self, name: str) -> str:
        # Explicit unique keys: the default key hashes the arguments, which would hash every page.
        return f"pipeline-{name}-{self._run_token}-{next(self._keys)}"

    def _broadcast(self, state: RunState) -> Any:
        # A list of one element, so the tuple (and the dict inside it) is scattered as one object.
        [future] = self.client.scatter([state], broadcast=True, hash=False)
        return future

    def _submit_batch(self, task: Callable[..., Any], name: str, *args: Any) -> Any:
        # The batch goes to a worker as data (scatter), not inside the task graph: graphs of
        # tens of MB slow the scheduler down and trigger its large-graph warning.
        *head, batch = args
        [data] = self.client.scatter([batch], hash=False)
        return self.client.submit(task, *head, data, key=self._key(name), pure=False)

    def map_ordered(
        self,
        fn: Callable[..., R],
        batches: Iterator[B],
        state: RunState,
        extra: tuple[Any, ...] = (),
    ) -> Iterator[R]:
        state_f = self._broadcast(state)
        try:
            yield from in_input_order(
                lambda batch: self._submit_batch(_run_batch, fn.__name__, fn, state_f, extra, batch),
                batches, self.IN_FLIGHT_PER_THREAD * self.workers)
        finally:
            state_f.release()

    def map_reduce(
        self,
        fn: Callable[[B], A],
        reduce: Callable[[A, A], A],
        finalize: Callable[[A], F],
        empty: Callable[[], A],
        batches: Iterator[B],
        state: RunState,
        absorb: Callable[[A, A], None] | None = None,  # partials live on the cluster: reduce there
    ) -> F:
        state_f = self._broadcast(state)
        window = self.IN_FLIGHT_PER_THREAD * self.workers
        done: Any = _distributed().as_completed(loop=self.client.loop)
        spare: Any = None  # a finished partial waiting for a partner

        def pair_up(fut: Any) -> None:
            # Pair finished partials as they come in (a streaming tree reduce): at most about
            # `window` partials exist on the cluster at any time, whatever the corpus size.
            nonlocal spare
            if fut.status == "error":  # fail fast instead of scanning the rest of the corpus
                fut.result()
            if spare is None:
                spare = fut
                return
            merged = self.client.submit(_reduce_pair, reduce, spare, fut, key=self._key("reduce"),
                                        pure=False)
            spare = None
            done.add(merged)

        try:
            for batch in batches:
                done.add(self._submit_batch(_scan_batch, fn.__name__, fn, state_f, batch))
                while done.count() >= window:
                    pair_up(next(done))
            for fut in done:  # also yields the merges that pair_up() adds meanwhile
                pair_up(fut)
            if spare is None:
                return finalize(empty())
            final = self.client.submit(_finalize, finalize, spare, key=self._key("finalize"), pure=False)
            result: F = final.result()
            return result
        except BaseException:
            self.client.cancel(list(done.futures))
            raise
        finally:
            state_f.release()

    def warm_up(self, html: bool) -> None:
        pass  # the cluster's workers are already running

    def close(self) -> None:
        self._closer()
