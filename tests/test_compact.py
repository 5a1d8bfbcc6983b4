"""`pipeline compact`: small parts merged, records unchanged, crash-safe like a run's commit."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline.compact as compact_mod
from pipeline.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, main
from pipeline.compact import compact, plan_merges
from pipeline.config import Config
from pipeline.ledger import Ledger
from pipeline.runner import RunSummary, run

from .reliability_util import ONE_INPUT_PER_PART, article_text, dataset_rows, make_corpus, record_keys

N_PAGES = 12


def _run(raw: Path, out: Path, **kw: object) -> RunSummary:
    config = Config(input_dir=raw, output_dir=out, workers=1, batch_size=4, part_max_inputs=2)
    return run(config, **kw)  # type: ignore[arg-type]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "raw", N_PAGES)
    return tmp_path / "raw"


def _entries(out: Path) -> dict[str, str]:
    ledger = Ledger(out)
    try:
        return {key: e.part for key, e in ledger.entries().items()}
    finally:
        ledger.close()


def _assert_rows_in_recorded_parts(out: Path) -> None:
    parts = _entries(out)
    for dataset in ("articles", "rejects"):
        for path in (out / dataset).iterdir():
            for row in pq.read_table(path).to_pylist():
                assert parts[row["source_path"]] + ".parquet" == path.name


class _Crash(BaseException):
    """Stands in for kill -9 at one exact point."""


def test_plan_merges_groups_small_consecutive_parts() -> None:
    sizes = {"a": 10, "b": 60, "c": 30, "d": 30, "e": 30, "f": 10, "g": 5}
    # b is at half the target already; a+c+d+e make 100, f would pass it and starts a group.
    assert plan_merges(sizes, 100) == [["a", "c", "d", "e"], ["f", "g"]]
    assert plan_merges({"a": 10, "b": 70}, 100) == []  # one small part: nothing to merge
    assert plan_merges({}, 100) == []


def test_compaction_merges_parts_and_keeps_every_record(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    before = record_keys(out)
    assert len(set(_entries(out).values())) == 7
    s = compact(out)
    assert (s.parts_before, s.parts_after, s.merged_parts, s.new_parts) == (7, 1, 7, 1)
    assert record_keys(out) == before
    assert len(list((out / "articles").iterdir())) == 1
    _assert_rows_in_recorded_parts(out)
    assert compact(out).merged_parts == 0  # nothing small left to merge with


def test_runs_after_compaction_replace_rows_in_the_merged_part(raw: Path, tmp_path: Path) -> None:
    out, reference = tmp_path / "out", tmp_path / "ref"
    _run(raw, out)
    compact(out)
    (raw / "page-003.txt").write_text(article_text(103), encoding="utf-8")
    (raw / "page-004.txt").unlink()
    (raw / "added.txt").write_text(article_text(104), encoding="utf-8")
    s = _run(raw, out)
    assert (s.processed_inputs, s.removed_inputs) == (2, 1)
    _run(raw, reference)
    assert record_keys(out) == record_keys(reference)
    _assert_rows_in_recorded_parts(out)


@pytest.mark.parametrize("point", ["before_ledger", "after_ledger"])
def test_killed_compaction_is_repaired_by_the_next_run(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    before = record_keys(out)

    def crash(*args: object) -> None:
        raise _Crash()

    if point == "before_ledger":
        monkeypatch.setattr(Ledger, "move_parts", crash)
    else:
        monkeypatch.setattr(compact_mod, "remove_files", crash)
    with pytest.raises(_Crash):
        compact(out)
    monkeypatch.undo()
    rows = Counter(r["source_path"] for r in dataset_rows(out / "articles"))
    assert max(rows.values()) == 2  # the window a reader may see: merged rows next to the old ones
    s = _run(raw, out)
    assert s.processed_inputs == 0  # nothing to extract: only the unrecorded files go
    assert record_keys(out) == before
    _assert_rows_in_recorded_parts(out)


def test_cli_compact_exit_codes(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["compact", "--output", str(out)]) == EXIT_CONFIG  # never written by a run
    assert "no ledger.sqlite" in capsys.readouterr().err
    _run(raw, out)
    assert main(["compact", "--output", str(out), "--target-mb", "1"]) == EXIT_OK
    assert "7 part files -> 1" in capsys.readouterr().err
    ledger = Ledger(out)
    ledger.mark_pending(next(iter(ledger.parts())))
    ledger.close()
    assert main(["compact", "--output", str(out)]) == EXIT_FAILED
    assert "run `pipeline run` first" in capsys.readouterr().err


def test_run_summary_suggests_compact_when_parts_pile_up(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.progress.COMPACT_HINT_PARTS", 10)
    out = tmp_path / "out"
    args = ["run", "--input", str(raw), "--output", str(out), "--workers", "1",
            "--config", str(ONE_INPUT_PER_PART)]
    assert main(args) == EXIT_OK
    assert "the output holds 14 part files; `pipeline compact" in capsys.readouterr().err
    assert main(["compact", "--output", str(out)]) == EXIT_OK
    (raw / "one-more.txt").write_text(article_text(700), encoding="utf-8")
    assert main(args) == EXIT_OK
    assert "pipeline compact" not in capsys.readouterr().err  # 2 part files now
