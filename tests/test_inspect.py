"""`pipeline inspect`: the page's fields, the removed lines with stage:rule, the page marked line by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline
from pipeline.cli import EXIT_OK, main
from pipeline.config import Config
from pipeline.schema import Extraction, RemovedLine

from .conftest import DATA

SEED = DATA / "seed" / "000_a199637f2999b565.txt"


def _fake_extract_text(
    text: str, config: Config, url: str | None = None, repeats: object = None
) -> Extraction:
    """Stands in for the text extractor, honouring its contract: byline split off and recorded as
    removed by split:byline, menu lines recorded as removed by boilerplate:menu."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    removed, body, byline = [], [], None
    for ln in lines[3:]:
        if ln.startswith("By ") and byline is None:
            byline = ln[3:]
            removed.append(RemovedLine(ln, "split", "byline"))
        elif ln in ("Latest news", "Must read"):
            removed.append(RemovedLine(ln, "boilerplate", "menu"))
        else:
            body.append(ln)
    return Extraction(body=body, title=lines[1], byline=byline, authors=[byline or ""],
                      captions=[lines[2]], extractor="text", removed=removed)


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.stages.extract_text", _fake_extract_text)


def test_inspect_text_shows_fields_and_removed_lines(
    fake_extractor: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", str(SEED)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "byline:     Jubin Katiraie" in out
    assert "captions:   Iran november 2019 protests" in out
    assert "date:" in out and "section:" in out
    assert "[boilerplate:menu] Latest news" in out
    assert "[split:byline] By Jubin Katiraie" in out


def test_inspect_marks_each_page_line(fake_extractor: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(SEED)]) == EXIT_OK
    page = capsys.readouterr().out.split("page, line by line", 1)[1]
    marks = {line.split("|", 1)[1].strip(): line.split("|", 1)[0].strip()
             for line in page.splitlines()[1:]}
    assert marks["Latest news"] == "removed boilerplate:menu"
    assert marks["By Jubin Katiraie"] == "removed split:byline → byline"
    assert marks["Iran november 2019 protests"] == "caption"
    assert marks["Read More:"] == "body"


def test_inspect_json(fake_extractor: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(SEED), "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["byline"] == "Jubin Katiraie"
    assert {"stage": "boilerplate", "rule": "menu", "text": "Latest news"} in report["removed"]
    assert {"mark": "removed boilerplate:menu", "text": "Latest news"} in report["lines"]
    assert report["language"] == "en"


def test_inspect_rejected_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00\x01\x02" * 50)
    assert main(["inspect", str(path)]) == EXIT_OK
    assert "rejected at decode: binary" in capsys.readouterr().out


# The real line-classifying text extractor lives on another branch (pipeline/segment.py and
# friends). Until it is merged this test is expected to fail (strict: an unexpected pass is an
# error); once it is, the condition is false and the test must pass like any other. The check
# looks at the package folder itself: the shared venv's editable install would resolve a missing
# submodule from another checkout.
@pytest.mark.xfail(
    not (Path(pipeline.__file__).parent / "segment.py").exists(),
    reason="needs the line-classifying text extractor (pipeline.segment); passes once it is merged",
    strict=True,
)
def test_seed_page_with_the_real_extractor(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(SEED), "--json"]) == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["byline"] == "Jubin Katiraie"
    removed = {r["text"]: f"{r['stage']}:{r['rule']}" for r in report["removed"]}
    assert "Latest news" in removed
    assert all(r["stage"] and r["rule"] for r in report["removed"])
    assert "Latest news" not in report["body"]


def test_inspect_a_record_inside_a_json_lines_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crawl = tmp_path / "crawl.jsonl"
    html = (DATA / "pages" / "simple_article.html").read_text(encoding="utf-8")
    lines = [{"url": "https://a.example/1", "text": "Just a line"},
             {"url": "https://news.example/2", "html": html}]
    crawl.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    assert main(["inspect", f"{crawl}#2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source_path"] == "crawl.jsonl#2"
    assert report["url"] == "https://news.example/2"
    assert "Harbour cranes" in (report["title"] or "")
    assert main(["inspect", f"{crawl}#9"]) == 3
