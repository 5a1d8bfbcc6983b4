"""The shared-work pair of trafilatura runs gives exactly what two bare_extraction calls give."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from pipeline.html_parse import parse_html, strip_inert
from pipeline.html_traf import both_runs, run_trafilatura

SAMPLE = Path(__file__).resolve().parent.parent / "evalsample"
PAGES = sorted(SAMPLE.glob("*/source.html"))


def _tree(markup: str) -> html.HtmlElement:
    tree = parse_html(markup)
    assert tree is not None
    strip_inert(tree)
    return tree


@pytest.mark.parametrize("page", PAGES, ids=[p.parent.name for p in PAGES])
def test_both_runs_match_two_bare_extraction_calls(page: Path) -> None:
    tree = _tree(page.read_text(encoding="utf-8", errors="replace"))
    before = html.tostring(tree)
    expected = (run_trafilatura(tree, None, "precision"), run_trafilatura(tree, None, "recall"))
    assert expected[0] or expected[1]  # a page that gives nothing would compare nothing
    assert both_runs(tree, None) == expected
    assert html.tostring(tree) == before  # the caller's tree is left untouched


def test_short_page_takes_the_baseline_rescue_like_bare_extraction() -> None:
    # Too little text in the markup: the recall run falls back to trafilatura's baseline, which
    # reads the JSON-LD articleBody (from the raw tree: the recall run consumed its own copy).
    story = "The whole story is told here in the structured data of the page. " * 6
    markup = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
              f'"articleBody": "{story}"}}</script></head><body><div><p>Teaser.</p></div></body></html>')
    tree = _tree(markup)
    expected = (run_trafilatura(tree, None, "precision"), run_trafilatura(tree, None, "recall"))
    assert expected == (["Teaser."], [story.strip()])
    assert both_runs(tree, None) == expected


def test_forum_page_takes_the_plain_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    markup = ('<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}'
              "</script></head><body><article><p>" + "A forum post with words. " * 20
              + "</p></article></body></html>")
    calls: list[str] = []

    def fake(tree: html.HtmlElement, url: str | None, focus: str) -> list[str]:
        calls.append(focus)
        return [focus]

    monkeypatch.setattr("pipeline.html_traf.run_trafilatura", fake)
    assert both_runs(_tree(markup), None) == (["precision"], ["recall"])
    assert calls == ["precision", "recall"]
