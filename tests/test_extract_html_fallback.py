"""The conditional readability fallback: trigger, choice rule and wiring, on small synthetic pages."""

from __future__ import annotations

import pytest
from lxml import html

import pipeline.extract_html as extract_module
from pipeline.config import Config
from pipeline.html_fallback import Block, choose, page_prose_words, readability_blocks, suspicious

SENTENCES = [
    f"Paragraph {i} of the report explains, in plain words, what the council decided on day {i}."
    for i in range(12)
]  # 16 words each


def _page(paragraphs: list[str], extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>T</title></head><body><nav><ul><li><a href='/a'>Home</a></li>"
            f"</ul></nav><article><h1>Council report</h1>{body}</article>{extra}</body></html>")


def test_page_prose_counts_only_prose_blocks() -> None:
    links = "<ul>" + "".join(
        f"<li><a href='/{i}'>A teaser headline about something else entirely, number {i}</a></li>"
        for i in range(5)) + "</ul>"
    tree = html.document_fromstring(_page(SENTENCES[:3], extra=links + "<p>Share</p>"))
    assert page_prose_words(tree) == 48  # three 16-word paragraphs; link teasers and "Share" are not


def test_page_prose_stops_counting_past_the_limit() -> None:
    tree = html.document_fromstring(_page(SENTENCES))
    assert page_prose_words(tree) == 192
    assert page_prose_words(tree, stop_above=40) == 48  # three paragraphs are enough to decide


@pytest.mark.parametrize(
    ("body_words", "paragraphs", "expected"),
    [(20, 12, True),  # a tenth of the page's 192 prose words: most of the article is missing
     (120, 12, False),  # over half: normal boilerplate around an article
     (10, 6, False)],  # 96 prose words: a page this short cannot be missing much
)
def test_suspicious(body_words: int, paragraphs: int, expected: bool) -> None:
    tree = html.document_fromstring(_page(SENTENCES[:paragraphs]))
    assert suspicious([" ".join(["w"] * body_words)], tree) is expected


def _blocks(texts: list[str]) -> list[Block]:
    return [Block(t, 0) for t in texts]


def test_choose_takes_a_candidate_that_extends_the_body() -> None:
    body = SENTENCES[:3]
    chosen = choose(body, _blocks(SENTENCES[:9]))
    assert chosen is not None
    new_body, removed = chosen
    assert new_body == SENTENCES[:9] and removed == []


def test_choose_rejects_a_small_extension() -> None:
    # One added paragraph per three voted ones looks like a related-posts block, not lost text.
    assert choose(SENTENCES[:6], _blocks(SENTENCES[:8])) is None


def test_choose_rejects_a_candidate_missing_the_body() -> None:
    assert choose(SENTENCES[:3], _blocks(SENTENCES[4:12])) is None


def test_choose_ignores_repeated_and_link_blocks() -> None:
    caption = "A gallery caption that the page repeats under every single one of its images."
    teaser = Block("Read this other story about a different topic on our lovely site", 12)
    candidate = _blocks(SENTENCES[:3] + [caption] * 5) + [teaser] * 2
    assert choose(SENTENCES[:3], candidate) is None


def test_choose_reports_dropped_voted_paragraphs() -> None:
    body = ["Subscribe to our newsletter", *SENTENCES[:3]]  # 4 words of 52 not in the candidate
    chosen = choose(body, _blocks(SENTENCES[:10]))
    assert chosen is not None
    assert [r.text for r in chosen[1]] == ["Subscribe to our newsletter"]
    assert {r.rule for r in chosen[1]} == {"replaced_by_readability"}


def test_readability_blocks_returns_article_paragraphs() -> None:
    tree = html.document_fromstring(_page(SENTENCES[:6]))
    texts = [b.text for b in readability_blocks(tree)]
    assert texts[-6:] == SENTENCES[:6]
    assert tree.find(".//article") is not None  # it worked on a copy


def test_extract_html_uses_fallback_when_votes_keep_a_fragment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both trafilatura runs stop after the first paragraph (as they do at some section breaks).
    monkeypatch.setattr(extract_module, "both_runs", lambda tree, url: (SENTENCES[:1], SENTENCES[:1]))
    ex = extract_module.extract_html(_page(SENTENCES), Config())
    assert ex.extractor == "html:ensemble+readability"
    assert ex.body[-12:] == SENTENCES


def test_extract_html_keeps_vote_on_normal_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "both_runs", lambda tree, url: (SENTENCES[:10], SENTENCES[:10]))
    ex = extract_module.extract_html(_page(SENTENCES), Config())
    assert ex.extractor == "html:ensemble"
    assert ex.body == SENTENCES[:10]
