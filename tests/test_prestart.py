"""The early forkserver start's guess whether a run needs the HTML modules."""

from __future__ import annotations

from pathlib import Path

from pipeline.prestart import format_from_name, inputs_may_hold_html, may_hold_html


def test_format_from_name_looks_through_gzip() -> None:
    assert format_from_name("a/page.HTML.gz") == "html"
    assert format_from_name("page.txt.gz") == "text"
    assert format_from_name("crawl.warc.gz") is None
    assert not may_hold_html("notes.text") and may_hold_html("feed.jsonl")


def test_inputs_may_hold_html_probes_visible_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / ".hidden.html").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index.html").write_text("x")
    assert not inputs_may_hold_html(tmp_path)  # hidden files and folders are not inputs
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text("x")
    assert inputs_may_hold_html(tmp_path)


def test_probe_stops_after_limit(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"p{i}.txt").write_text("x")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "late.html").write_text("x")
    assert inputs_may_hold_html(tmp_path, limit=100)
    # The top folder's 5 text files are seen first; a limit of 5 stops before the subfolder.
    assert not inputs_may_hold_html(tmp_path, limit=5)
