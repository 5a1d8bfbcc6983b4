"""The HTML run report: produced beside the manifest, self-contained, holding its charts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.report import render_report
from pipeline.report_stats import ReportStats, word_bucket
from pipeline.runner import run
from pipeline.schema import Extraction, RawDocument, RemovedLine

from .conftest import DATA

CHARTS = ("chart-word-counts", "chart-rejects", "chart-extractors", "chart-removed-per-site",
          "chart-languages")


def _fake_extract_text(
    text: str, config: Config, url: str | None = None, repeats: object = None
) -> Extraction:
    """Stands in for the text extractor: drops a menu line and the byline, keeps the rest."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    removed = [RemovedLine(ln, "boilerplate", "menu") for ln in lines if ln == "Latest news"]
    removed += [RemovedLine(ln, "split", "byline") for ln in lines if ln.startswith("By ")]
    body = [ln for ln in lines if ln != "Latest news" and not ln.startswith("By ")]
    return Extraction(body=body, title=lines[0], extractor="text", removed=removed)


@pytest.fixture
def run_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("pipeline.stages.extract_text", _fake_extract_text)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(DATA / "seed" / "000_a199637f2999b565.txt", raw / "seed.txt")
    shutil.copy(DATA / "pages" / "simple_article.html", raw / "simple.html")
    (raw / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    summary = run(Config(input_dir=raw, output_dir=out, workers=1))  # inline, so the patch applies
    assert summary.manifest_path is not None
    return summary.manifest_path.with_suffix(".html")


def test_run_writes_report_beside_manifest(run_output: Path) -> None:
    assert run_output.is_file()
    assert run_output.with_suffix(".json").is_file()
    assert run_output.parent.name == "runs"


def test_report_holds_every_chart_as_inline_svg(run_output: Path) -> None:
    page = run_output.read_text(encoding="utf-8")
    for chart in CHARTS:
        match = re.search(rf'<svg id="{chart}".*?</svg>', page, re.S)
        assert match, f"chart {chart} missing"
        assert "none in this run" in match.group(0) or "<rect" in match.group(0), chart
    word_counts = re.search(r'<svg id="chart-word-counts".*?</svg>', page, re.S)
    assert word_counts and word_counts.group(0).count("<rect") == 12  # every bucket is drawn
    rejects = re.search(r'<svg id="chart-rejects".*?</svg>', page, re.S)
    assert rejects and ">empty<" in rejects.group(0)


def test_report_lists_top_removed_lines(run_output: Path) -> None:
    page = run_output.read_text(encoding="utf-8")
    table = re.search(r'<table id="top-removed">.*?</table>', page, re.S)
    assert table, "top removed lines table missing"
    assert "Latest news" in table.group(0) and "boilerplate:menu" in table.group(0)
    assert "By Jubin Katiraie" in table.group(0) and "split:byline" in table.group(0)


def test_report_is_self_contained(run_output: Path) -> None:
    page = run_output.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', page)
    assert "@import" not in page and "url(" not in page


def test_report_escapes_page_text() -> None:
    stats = ReportStats()
    stats.add_extraction(RawDocument("a.txt", b"", url="https://ex.com/a"),
                         Extraction(body=[], removed=[RemovedLine("<b>x</b>", "s", "r")]))
    page = render_report(stats, {"run_id": "r"})
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "ex.com" in page


def test_stats_merge_and_compact_bound_the_removed_lines() -> None:
    batch = ReportStats()
    for i in range(50):
        ex = Extraction(body=[], removed=[RemovedLine(f"line {i}", "s", "r")] * (i + 1))
        batch.add_extraction(RawDocument("p", b""), ex)
    batch.compact(top=10)
    assert len(batch.removed_lines) == 10 and batch.pruned
    assert batch.top_removed(1)[0][0] == "line 49"
    assert batch.removed_per_site["(no URL)"] == sum(range(1, 51))  # totals stay exact
    total = ReportStats()
    total.merge(batch)
    total.merge(batch)
    assert total.top_removed(1)[0][3] == 100 and total.pruned


@pytest.mark.parametrize(("words", "bucket"), [(0, 0), (49, 0), (50, 1), (999, 6), (1000, 7), (10**6, 11)])
def test_word_buckets(words: int, bucket: int) -> None:
    assert word_bucket(words) == bucket
