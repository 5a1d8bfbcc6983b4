"""`python -m pipeline.bench` on a tiny corpus: the JSON has what the README says (never speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.bench import build_corpus, sample_pages

from .conftest import REPO


def test_corpus_copies_are_unique(tmp_path: Path) -> None:
    sources = sample_pages(REPO / "raw", REPO / "evalsample", "html")
    assert len(sources) > 30 and all(p.suffix == ".html" for p in sources)  # raw's and the sample's
    pages, mb = build_corpus(sources, tmp_path / "c", "html", 2)
    files = sorted((tmp_path / "c").iterdir())
    assert pages == len(files) == 2 * len(sources) and mb > 0
    assert len({f.read_bytes() for f in files}) == pages
    text = sample_pages(REPO / "raw", None, "text")
    assert [p.parent.name for p in text] == ["raw"] * len(text)


@pytest.mark.slow
def test_bench_writes_the_expected_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.bench", "--sample", "none", "--html-copies", "1",
         "--text-copies", "1", "--scale", "2", "--workers", "1", "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert {"rows", "ratios", "targets_met", "machine", "settings", "note"} <= set(result)
    paths = {row["path"] for row in result["rows"]}
    assert paths == {"html", "text", "text-seed", "text-seed-x2", "trafilatura", "html-x2", "text-x2",
                     "trafilatura-x2", "html-fast", "html-fast-x2"}
    for row in result["rows"]:
        assert {"workers", "pages", "mb", "seconds", "pages_per_s", "mb_per_s", "peak_rss_mb"} <= set(row)
        assert row["pages"] > 0 and row["peak_rss_mb"] > 0
    assert "html_1w_vs_trafilatura" in result["ratios"]
    assert "pages/s" in proc.stdout and "Load matters" in proc.stdout
