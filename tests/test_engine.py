"""LocalEngine: input order, bounded in-flight batches, per-run state, map_reduce; engine choice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import EXIT_USAGE, main
from pipeline.config import Config
from pipeline.engine import WORKER_STATE, LocalEngine, make_engine
from pipeline.repeats import RepeatStats
from pipeline.runner import merge_partials, prune_repeats

STATE: tuple[Config, dict[str, RepeatStats]] = (Config(batch_size=7), {})


def scaled(batch: list[int], factor: int) -> list[int]:
    # Later batches finish first (smaller sleep) if the engine does not reorder.
    import time

    time.sleep(0.02 * (5 - batch[0] % 5))
    return [x * factor for x in batch]


def with_state(batch: list[int]) -> list[int]:
    return [x + WORKER_STATE["config"].batch_size for x in batch]


def total(batch: list[int]) -> int:
    return sum(batch)


def add(a: int, b: int) -> int:
    return a + b


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_input_order(workers: int) -> None:
    batches = ([i] for i in range(12))
    out = list(LocalEngine(workers).map_ordered(scaled, batches, STATE, (10,)))
    assert out == [[i * 10] for i in range(12)]


@pytest.mark.parametrize("workers", [1, 2])
def test_state_is_visible_to_the_batch_function(workers: int) -> None:
    out = list(LocalEngine(workers).map_ordered(with_state, iter([[1], [2]]), STATE))
    assert out == [[8], [9]]


def test_in_flight_batches_are_bounded() -> None:
    engine = LocalEngine(2)
    window = engine.IN_FLIGHT_PER_WORKER * engine.workers
    pulled = 0

    def batches() -> Iterator[list[int]]:
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield [i]

    received = 0
    for _ in engine.map_ordered(total, batches(), STATE):
        received += 1
        # Never more batches read ahead of the consumer than the window: memory stays flat.
        assert pulled - received < window
    assert received == 40


@pytest.mark.parametrize("workers", [1, 2])
def test_map_reduce_folds_every_partial(workers: int) -> None:
    result = LocalEngine(workers).map_reduce(total, add, str, int, ([i, i] for i in range(10)), STATE)
    assert result == str(2 * sum(range(10)))
    assert LocalEngine(workers).map_reduce(total, add, str, int, iter([]), STATE) == "0"


def test_a_failing_batch_raises_in_the_driver() -> None:
    with pytest.raises(TypeError):
        list(LocalEngine(2).map_ordered(total, iter([[1], ["x"], [2]]), STATE))


def test_merge_partials_does_not_update_its_inputs() -> None:
    a = {"s": RepeatStats()}
    a["s"].add_page({"menu", "one"})
    b = {"s": RepeatStats(), "t": RepeatStats()}
    b["s"].add_page({"menu", "two"})
    merged = merge_partials(a, b)
    assert merged["s"].pages == 2 and merged["s"].line_pages["menu"] == 2
    assert a["s"].pages == 1 and set(a) == {"s"}
    assert prune_repeats(merged) == {}  # too few pages to learn from


def test_make_engine_choices() -> None:
    assert isinstance(make_engine(Config(workers=3)), LocalEngine)
    assert make_engine(Config(workers=3)).workers == 3
    with pytest.raises(ValueError, match="scheduler"):
        make_engine(Config(engine="dask"))
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine(Config(engine="spark"))


def test_cli_dask_needs_a_scheduler(tmp_path: object) -> None:
    assert main(["run", "--input", str(tmp_path), "--engine", "dask"]) == EXIT_USAGE
    assert main(["run", "--engine", "ray"]) == EXIT_USAGE


def test_forkserver_preload_loads_the_language_model() -> None:
    # Pool workers fork from the forkserver that imported this module: they must not each
    # spend a second decompressing the language model.
    import pipeline.preload  # noqa: F401
    from pipeline import metadata

    assert metadata._IDENTIFIER is not None


def worker_pid_and_batch_size(batch: list[int]) -> tuple[int, int]:
    import os

    return os.getpid(), WORKER_STATE["config"].batch_size


def test_one_pool_serves_every_pass_and_each_pass_sees_its_own_state() -> None:
    engine = LocalEngine(2)
    try:
        first = list(engine.map_ordered(worker_pid_and_batch_size, ([i] for i in range(8)), STATE))
        pool = engine._pool
        second_state = (Config(batch_size=3), {})
        second = list(engine.map_ordered(worker_pid_and_batch_size, ([i] for i in range(8)), second_state))
        assert {size for _, size in first} == {7} and {size for _, size in second} == {3}
        assert engine._pool is pool  # the same workers, not a second pool started
        state_dir = engine._state_dir
        assert state_dir is not None and Path(state_dir).is_dir()
    finally:
        engine.close()
    assert not Path(state_dir).exists()  # the state files go with the pool


def test_map_reduce_folds_in_place_when_it_may() -> None:
    # The local fold absorbs each partial into one accumulator instead of copying it per batch
    # (a copy per batch made the repeat scan quadratic in the number of batches).
    def partial(batch: list[int]) -> list[int]:
        return [sum(batch)]

    def absorb(acc: list[int], part: list[int]) -> None:
        acc.extend(part)

    def copying_reduce(a: list[int], b: list[int]) -> list[int]:
        raise AssertionError("the copying reduce is for engines whose partials are remote")

    result = LocalEngine(1).map_reduce(partial, copying_reduce, sum, list, ([i] for i in range(5)),
                                       STATE, absorb=absorb)
    assert result == sum(range(5))
