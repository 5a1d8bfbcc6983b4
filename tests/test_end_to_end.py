"""From a raw folder to Parquet, through the real runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from pipeline.config import Config
from pipeline.runner import run
from pipeline.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, RejectReason

from .conftest import DATA


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(DATA / "seed" / "000_a199637f2999b565.txt", raw / "seed page.txt")
    shutil.copy(DATA / "pages" / "simple_article.html", raw / "simple.html")
    (raw / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "empty.html").write_bytes(b"")
    (raw / "sub").mkdir()
    (raw / "sub" / "nul.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    return raw


def _read(path: Path) -> pa.Table:
    return ds.dataset(path, format="parquet").to_table()


def test_run_writes_articles_rejects_and_manifest(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run(Config(input_dir=raw_dir, output_dir=out, workers=1))
    assert (summary.read, summary.written, summary.rejected) == (5, 2, 3)

    articles = _read(out / "articles")
    assert articles.schema.remove_metadata() == ARTICLE_SCHEMA.remove_metadata()
    meta = ds.dataset(out / "articles").schema.metadata
    assert meta[b"pipeline_version"] and meta[b"schema_version"]
    assert sorted(articles.column("source_path").to_pylist()) == ["seed page.txt", "simple.html"]
    rows = {r["source_path"]: r for r in articles.to_pylist()}
    assert rows["seed page.txt"]["source_format"] == "text"
    assert rows["simple.html"]["source_format"] == "html"
    for row in rows.values():
        assert row["body"] and row["word_count"] > 20
        assert row["ingested_at"].tzinfo is not None
        assert len(row["raw_sha256"]) == 64 and len(row["content_sha256"]) == 64
        assert row["language"] == "en"
    for name in ("title", "body", "source_path", "doc_id"):
        assert articles.schema.field(name).type == pa.string()
    assert articles.schema.field("ingested_at").type == pa.timestamp("us", tz="UTC")

    rejects = _read(out / "rejects")
    assert rejects.schema.remove_metadata() == REJECT_SCHEMA.remove_metadata()
    by_path = {r["source_path"]: r for r in rejects.to_pylist()}
    assert by_path["junk.txt"]["reason"] == RejectReason.BINARY.value
    assert by_path["empty.html"]["reason"] == RejectReason.EMPTY.value
    assert by_path["sub/nul.txt"]["reason"] == RejectReason.BINARY.value
    assert all(r["stage"] == "decode" for r in by_path.values())

    manifest = json.loads(summary.manifest_path.read_text())  # type: ignore[union-attr]
    assert manifest["counts"]["read"] == 5
    assert manifest["counts"]["written"] + manifest["counts"]["rejected"] == manifest["counts"]["read"]
    assert manifest["counts"]["rejected_by_reason"] == {"binary": 2, "empty": 1}
    assert not (out / ".staging").exists()


def test_rerun_gives_same_ids_and_replaces_output(raw_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(Config(input_dir=raw_dir, output_dir=out, workers=1))
    first = sorted(_read(out / "articles").column("doc_id").to_pylist())
    run(Config(input_dir=raw_dir, output_dir=out, workers=2))
    second = _read(out / "articles")
    assert sorted(second.column("doc_id").to_pylist()) == first
    assert second.num_rows == 2  # replaced, not appended


def test_duckdb_reads_the_output(raw_dir: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    run(Config(input_dir=raw_dir, output_dir=out, workers=1))
    rows = duckdb.sql(f"select count(*) from read_parquet('{out}/articles/**/*.parquet')").fetchall()
    assert rows == [(2,)]


def test_a_bug_on_one_page_is_an_error_reject_saying_where(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.stages as stages

    real = stages.extract

    def flaky(raw, text, fmt, config, repeats):  # type: ignore[no-untyped-def]
        if raw.source_path == "simple.html":
            raise ValueError("boom")
        return real(raw, text, fmt, config, repeats)

    monkeypatch.setattr(stages, "extract", flaky)
    summary = run(Config(input_dir=raw_dir, output_dir=tmp_path / "out", workers=1))
    assert summary.rejected_by_reason["error"] == 1 and summary.written == 1
    [bug] = [r for r in _read(tmp_path / "out" / "rejects").to_pylist() if r["reason"] == "error"]
    assert bug["source_path"] == "simple.html" and bug["stage"] == "extract"
    assert bug["detail"].startswith("ValueError: boom (at ") and "flaky" in bug["detail"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed alarm
def test_page_time_limit_survives_an_alarm_swallowed_in_a_destructor() -> None:
    import time

    from pipeline.stages import _PageTimeout, page_time_limit

    class Swallower:
        def __del__(self) -> None:
            time.sleep(0.3)  # the first alarm fires here; Python ignores exceptions from __del__

    with pytest.raises(_PageTimeout), page_time_limit(0.1):
        Swallower()  # destroyed at once, while the alarm is due
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:  # the page "work": must be interrupted by a repeat
            pass


def test_pages_that_hit_a_bug_make_the_run_exit_5_unless_allowed(
    raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.stages as stages
    from pipeline.cli import EXIT_OK, EXIT_PAGE_ERRORS, main

    def broken(raw, text, fmt, config, repeats):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug")

    monkeypatch.setattr(stages, "extract", broken)
    out = tmp_path / "out"
    args = ["run", "--input", str(raw_dir), "--output", str(out), "--workers", "1", "-q"]
    assert main(args) == EXIT_PAGE_ERRORS
    errors = [r for r in _read(out / "rejects").to_pylist() if r["reason"] == "error"]
    assert len(errors) >= 2  # the run still committed every page's reject
    assert main([*args, "--full", "--max-page-errors", str(len(errors) - 1)]) == EXIT_PAGE_ERRORS
    assert main([*args, "--full", "--max-page-errors", str(len(errors))]) == EXIT_OK
