"""Promises of the batch job: incremental, append-only part files, exactly once, crash-safe commits."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline.incremental as incremental
import pipeline.runner as runner_mod
from pipeline.config import Config, Limits
from pipeline.incremental import PartSizes, input_of, plan_parts
from pipeline.ledger import LEDGER_NAME, Ledger
from pipeline.read import FailedInput, InputFile, read_input
from pipeline.runner import RunSummary, run
from pipeline.schema import RawDocument
from pipeline.write import PartRewriter

from .reliability_util import BOILERPLATE, article_text, dataset_rows, file_states, make_corpus, record_keys

N_PAGES = 12


def _run(raw: Path, out: Path, **kw: object) -> RunSummary:
    return run(Config(input_dir=raw, output_dir=out, workers=1, batch_size=4), **kw)  # type: ignore[arg-type]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "raw", N_PAGES)
    return tmp_path / "raw"


def _paths(out: Path, dataset: str) -> Counter[str]:
    return Counter(r["source_path"] for r in dataset_rows(out / dataset))


def test_first_run_processes_all_and_balances(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    s = _run(raw, out)
    assert (s.processed_inputs, s.skipped_inputs, s.read) == (N_PAGES + 2, 0, N_PAGES + 2)
    assert s.read == s.written + s.rejected
    assert (s.written, s.rejected) == (N_PAGES, 2)
    counts = json.loads(s.manifest_path.read_text())["counts"]  # type: ignore[union-attr]
    assert counts["read"] == counts["written"] + counts["rejected"] == N_PAGES + 2
    assert counts["skipped_inputs"] == 0 and counts["processed_inputs"] == N_PAGES + 2
    assert not any(BOILERPLATE in r["body"] for r in dataset_rows(out / "articles"))


def test_incremental_run_learns_boilerplate_from_all_inputs(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    (raw / "page-new.txt").write_text(article_text(77), encoding="utf-8")
    s = _run(raw, out)
    assert s.processed_inputs == 1
    [row] = [r for r in dataset_rows(out / "articles") if r["source_path"] == "page-new.txt"]
    assert BOILERPLATE not in row["body"] and "story 77" in row["body"]


def test_unchanged_rerun_extracts_nothing_and_rewrites_nothing(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    before_files, before_records = file_states(out), record_keys(out)

    def no_extraction(*args: object, **kw: object) -> object:
        raise AssertionError("an unchanged input was extracted again")

    monkeypatch.setattr(runner_mod, "process_document", no_extraction)
    monkeypatch.setattr(runner_mod, "learn_repeats", no_extraction)
    s = _run(raw, out)
    assert (s.processed_inputs, s.skipped_inputs, s.read) == (0, N_PAGES + 2, 0)
    assert file_states(out) == before_files  # not even rewritten with the same rows
    assert record_keys(out) == before_records
    counts = json.loads(s.manifest_path.read_text())["counts"]  # type: ignore[union-attr]
    assert counts["skipped_inputs"] == N_PAGES + 2 and counts["read"] == 0


def test_changed_added_and_removed_inputs(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    old_ids = {r["source_path"]: r["doc_id"] for r in dataset_rows(out / "articles")}
    (raw / "page-003.txt").write_text(article_text(103), encoding="utf-8")  # changed
    (raw / "page-004.txt").unlink()  # removed
    (raw / "new page.txt").write_text(article_text(200), encoding="utf-8")  # added
    (raw / "junk.txt").write_text(article_text(300), encoding="utf-8")  # a reject becomes an article
    (raw / "page-005.txt").write_bytes(b"   \n")  # an article becomes a reject

    s = _run(raw, out)
    assert (s.processed_inputs, s.removed_inputs, s.skipped_inputs) == (4, 1, N_PAGES - 3 + 1)
    articles, rejects = _paths(out, "articles"), _paths(out, "rejects")
    assert max(articles.values()) == 1 and max(rejects.values()) == 1  # no duplicates
    assert "page-004.txt" not in articles and "page-005.txt" not in articles
    assert {"new page.txt", "junk.txt", "page-003.txt"} <= set(articles)
    assert set(rejects) == {"empty.txt", "page-005.txt"}
    new_ids = {r["source_path"]: r["doc_id"] for r in dataset_rows(out / "articles")}
    assert new_ids["page-003.txt"] != old_ids["page-003.txt"]
    assert new_ids["page-006.txt"] == old_ids["page-006.txt"]


def test_full_reprocesses_everything_with_same_records(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    before = record_keys(out)
    s = _run(raw, out, full=True)
    assert (s.processed_inputs, s.skipped_inputs) == (N_PAGES + 2, 0)
    assert record_keys(out) == before


def test_new_pipeline_version_or_settings_reprocess(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    s = run(Config(input_dir=raw, output_dir=out, workers=1, limits=Limits(page_timeout_s=7)))
    assert s.processed_inputs == N_PAGES + 2
    monkeypatch.setattr(incremental, "PIPELINE_VERSION", "999.0")
    s = run(Config(input_dir=raw, output_dir=out, workers=1, limits=Limits(page_timeout_s=7)))
    assert s.processed_inputs == N_PAGES + 2
    assert max(_paths(out, "articles").values()) == 1


def _part_index(out: Path) -> dict[str, str]:
    """Each input's part file, by its position among the run's new parts (names carry the run id)."""
    ledger = Ledger(out)
    entries = ledger.entries()
    ledger.close()
    return {key: e.part.rsplit("-", 1)[1] for key, e in entries.items()}


def test_rows_live_in_the_part_their_input_is_recorded_in(raw: Path, tmp_path: Path) -> None:
    outs = {}
    for batch_size in (1, 5):
        out = outs[batch_size] = tmp_path / f"out-{batch_size}"
        run(Config(input_dir=raw, output_dir=out, workers=1, batch_size=batch_size, part_max_inputs=3))
        ledger = Ledger(out)
        entries = ledger.entries()
        ledger.close()
        assert len({e.part for e in entries.values()}) == 5  # 14 inputs, 3 per part
        for dataset in ("articles", "rejects"):
            for path in (out / dataset).iterdir():
                for row in pq.read_table(path).to_pylist():
                    assert entries[row["source_path"]].part + ".parquet" == path.name
    assert _part_index(outs[1]) == _part_index(outs[5])  # the batch size shapes no part


def test_new_inputs_go_to_new_parts_and_rewrite_nothing(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    before = file_states(out)
    for i in range(3):
        (raw / f"night-{i}.txt").write_text(article_text(600 + i), encoding="utf-8")
    s = _run(raw, out)
    assert (s.processed_inputs, s.skipped_inputs) == (3, N_PAGES + 2)
    after = file_states(out)
    assert {k: v for k, v in after.items() if k in before} == before  # every old file untouched
    [new] = set(after) - set(before)
    assert {r["source_path"] for r in pq.read_table(out / new).to_pylist()} == {
        f"night-{i}.txt" for i in range(3)}


def test_new_parts_are_cut_by_input_count_and_bytes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    files = []
    for i, size in enumerate([40, 40, 40, 100, 10, 10, 10, 10]):
        path = raw / f"f{i}.txt"
        path.write_bytes(b"x" * size)
        files.append(InputFile(path, path.name, size))
    ledger = Ledger(tmp_path)
    try:
        plans = plan_parts(files, ledger, "ckey", False, lambda seq: f"new-{seq}", PartSizes(3, 100))
    finally:
        ledger.close()
    assert [[key for _, key, _ in p.todo] for p in plans] == [
        ["f0.txt", "f1.txt"],  # a third 40 would pass 100 bytes
        ["f2.txt"],
        ["f3.txt"],  # as big as a part on its own
        ["f4.txt", "f5.txt", "f6.txt"],  # three inputs at most
        ["f7.txt"],
    ]
    assert [p.part for p in plans] == [f"new-{i}" for i in range(5)] and not any(p.recorded for p in plans)


def test_exactly_once_per_input_in_ledger_and_output(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    ledger = Ledger(out)
    entries = ledger.entries()
    ledger.close()
    rows = _paths(out, "articles") + _paths(out, "rejects")
    assert set(entries) == set(rows) == {p.name for p in raw.iterdir()}
    for key, e in entries.items():
        assert e.pages == e.written + e.rejected == rows[key] == 1


def test_staging_is_outside_the_datasets_and_removed(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    assert not (out / ".staging").exists()
    hidden = [p for d in ("articles", "rejects") for p in (out / d).rglob(".*")]
    assert hidden == []


def test_older_layout_files_are_replaced_not_duplicated(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(raw, out)
    legacy = pq.read_table(next((out / "articles").iterdir()))
    pq.write_table(legacy, out / "articles" / "part-00000.parquet")  # as the old runner named parts
    (out / LEDGER_NAME).unlink()  # and no ledger, as before this feature
    _run(raw, out)
    assert not (out / "articles" / "part-00000.parquet").exists()
    assert max(_paths(out, "articles").values()) == 1 and len(_paths(out, "articles")) == N_PAGES


class _Crash(BaseException):
    """Stands in for kill -9 at one exact point (real kills are in test_reliability_kill.py)."""


@pytest.mark.parametrize("point", ["after_articles_rename", "after_both_renames"])
def test_crash_between_part_rename_and_ledger_does_not_duplicate(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    out = tmp_path / "out"
    reference = tmp_path / "ref"
    _run(raw, reference)
    _run(raw, out)
    (raw / "page-001.txt").write_text(article_text(501), encoding="utf-8")  # changed
    (raw / "page-002.txt").write_bytes(b"")  # article -> reject
    (raw / "page-009.txt").unlink()  # removed
    _run(raw, reference)  # what an uninterrupted run makes of the changed folder
    installs = {"n": 0}
    real_install = PartRewriter.install

    def crashing_install(self: PartRewriter, built: Path | None) -> None:
        real_install(self, built)
        installs["n"] += 1
        if point == "after_articles_rename" or installs["n"] == 2:
            raise _Crash()

    def crashing_commit(*args: object) -> None:
        raise _Crash()

    monkeypatch.setattr(PartRewriter, "install", crashing_install)
    if point == "after_both_renames":
        monkeypatch.setattr(Ledger, "commit_part", crashing_commit)
    with pytest.raises(_Crash):
        _run(raw, out)
    monkeypatch.undo()
    db = sqlite3.connect(out / LEDGER_NAME)
    assert db.execute("SELECT count(*) FROM pending").fetchone() == (1,)
    db.close()
    s = _run(raw, out)
    assert s.processed_inputs >= 1
    assert record_keys(out) == record_keys(reference)
    assert max((_paths(out, "articles") + _paths(out, "rejects")).values()) == 1


def test_input_of_maps_container_records_to_their_file() -> None:
    known = {"a.jsonl", "b#1", "b"}
    assert input_of("a.jsonl#12", known) == "a.jsonl"
    assert input_of("b#1", known) == "b#1"  # a file of that name wins over record 1 of "b"
    assert input_of("b#2", known) == "b"
    assert input_of("c.jsonl#1", known) is None and input_of("a.jsonl#x", known) is None


def test_container_records_are_replaced_together(
    raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that holds several pages (as JSON Lines or WARC do): a rerun replaces all its rows."""
    real_read = read_input

    def read_multi(f: InputFile, config: Config) -> Iterator[RawDocument | FailedInput]:
        if not f.rel.endswith(".multi"):
            yield from real_read(f, config)
            return
        for i, chunk in enumerate(f.path.read_text().split("\n====\n")):
            yield RawDocument(f"{f.rel}#{i + 1}", chunk.encode(), format_hint="text")

    monkeypatch.setattr("pipeline.runner.read_input", read_multi)
    out = tmp_path / "out"
    (raw / "box.multi").write_text("\n====\n".join(article_text(400 + i) for i in range(3)))
    s = _run(raw, out)
    assert s.read == N_PAGES + 2 + 3
    (raw / "box.multi").write_text("\n====\n".join(article_text(500 + i) for i in range(2)))
    s = _run(raw, out)
    assert (s.processed_inputs, s.read) == (1, 2)
    box = sorted(p for p in _paths(out, "articles") if p.startswith("box"))
    assert box == ["box.multi#1", "box.multi#2"]
    ledger = Ledger(out)
    assert ledger.entries()["box.multi"].pages == 2
    ledger.close()
