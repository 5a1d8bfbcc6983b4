"""The shared-work pair of trafilatura runs gives exactly what two bare_extraction calls give."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from pipeline.html_parse import parse_html, strip_inert
from pipeline.html_traf import _rebound, both_runs, guarded, run_trafilatura

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "evalsample").glob("*/source.html"))
BUNDLED = [*PAGES, *sorted((ROOT / "raw").glob("*.html"))]


def _tree(markup: str) -> html.HtmlElement:
    tree = parse_html(markup)
    assert tree is not None
    strip_inert(tree)
    return tree


IDS = [p.parent.name if p.name == "source.html" else p.stem for p in BUNDLED]


@pytest.mark.parametrize("page", BUNDLED, ids=IDS)
def test_both_runs_match_two_bare_extraction_calls(page: Path) -> None:
    tree = _tree(page.read_text(encoding="utf-8", errors="replace"))
    before = html.tostring(tree)
    expected = (run_trafilatura(tree, None, "precision"), run_trafilatura(tree, None, "recall"))
    assert expected[0] or expected[1]  # a page that gives nothing would compare nothing
    assert both_runs(tree, None) == expected
    assert html.tostring(tree) == before  # the caller's tree is left untouched


def test_guarded_xpaths_select_what_trafilatura_selects() -> None:
    from trafilatura import xpaths

    lists = {k: v for k, v in vars(xpaths).items() if isinstance(v, list) and v}
    pairs = [(a, b) for v in lists.values() for a, b in zip(v, guarded(v), strict=True) if a is not b]
    assert len(pairs) >= 10  # the discard lists do get the guard (a silent no-op would pass below)
    trees = [_tree(p.read_text(encoding="utf-8", errors="replace")) for p in BUNDLED]
    hits = 0
    for tree in trees:
        for original, fast in pairs:
            found = original(tree)
            assert fast(tree) == found, original.path
            hits += len(found)
    assert hits > 100  # the expressions do select nodes on these pages


def test_guard_keeps_a_pattern_that_matches_the_empty_string() -> None:
    from lxml.etree import XPath

    ns = {"re": "http://exslt.org/regular-expressions"}
    kept, changed = guarded([XPath(".//*[re:test(@id, 'x?')]", namespaces=ns),
                             XPath(".//*[re:test(@id, 'x')]", namespaces=ns)])
    tree = html.fromstring("<div><p>no id</p><p id='x'>x</p></div>")
    assert kept.path == ".//*[re:test(@id, 'x?')]" and len(kept(tree)) == 2  # "" matches 'x?'
    assert changed.path == ".//*[((@id) and re:test(@id, 'x'))]" and len(changed(tree)) == 1


def test_rebound_leaves_trafilatura_unchanged() -> None:
    from trafilatura import main_extractor, xpaths

    names = _rebound(main_extractor)
    assert names["OVERALL_DISCARD_XPATH"] is not main_extractor.OVERALL_DISCARD_XPATH
    assert main_extractor.OVERALL_DISCARD_XPATH is xpaths.OVERALL_DISCARD_XPATH
    assert names["extract_content"] is not main_extractor.extract_content
    assert names["extract_content"].__globals__ is names  # its calls resolve to the copies


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


def test_paragraphs_collapse_whitespace_like_the_regex() -> None:
    import re

    from pipeline.html_traf import _paragraphs

    text = "  a\u00a0 b\u2003c\x1cd\u3000e\t\r\x0b\x0cf  \n\n \u200bg\u2028h\x85 \n\u2009\n"
    expected = [p for p in (re.sub(r"\s+", " ", line).strip() for line in text.split("\n")) if p]
    assert _paragraphs(text) == expected == ["a b c d e f", "\u200bg h"]
    assert _paragraphs(None) == []
