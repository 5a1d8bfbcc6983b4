"""Unit tables for the HTML path's helpers: markup repair, title suffixes, names, dates, voting."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.html_ensemble import vote
from pipeline.html_meta import is_name, parse_date, strip_by, strip_site_suffix, title_from_document
from pipeline.html_parse import parse_html, repair_markup


def test_repair_drops_root_closers_and_flattens() -> None:
    out = repair_markup("<html><body>" + "<b>" * 5 + "x" + "</b>" * 5 + "</body></html>", 3)
    assert out.count("<b>") == 3 and out.count("</b>") == 3
    assert "</html>" not in out and "</body>" not in out


def test_repair_ignores_tags_inside_scripts() -> None:
    src = "<div><script>var s = '<div><div><div>';</script><p>t</p></div>"
    assert repair_markup(src, 2) == src


def test_parse_html_empty_is_none() -> None:
    assert parse_html("") is None
    assert parse_html("  \n ") is None


@pytest.mark.parametrize(
    ("title", "confirm", "site", "expected"),
    [
        ("Big News Today | Example Times", ["Big News Today"], None, "Big News Today"),
        ("Big News Today - Example Times", [], "Example Times", "Big News Today"),
        ("Example Times | Big News Today", [], "Example Times", "Big News Today"),
        ("Cats - A Love Story", [], None, "Cats - A Love Story"),  # no confirmation: unchanged
        ("Plain title", ["Other"], "Site", "Plain title"),
    ],
)
def test_strip_site_suffix(title: str, confirm: list[str], site: str | None, expected: str) -> None:
    assert strip_site_suffix(title, confirm, site) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [("Jane Doe", True), ("Jane Doe and John Roe", True), ("March 25, 2015", False),
     ("Follow", False), ("https://ex.test/jane", False), ("", False), ("x" * 120, False),
     ("Share this article on social media now please do", False)],
)
def test_is_name(text: str, ok: bool) -> None:
    assert is_name(text) is ok


def test_strip_by() -> None:
    assert strip_by("  By  Jane Doe ") == "Jane Doe"
    assert strip_by("Written by: Jane Doe") == "Jane Doe"
    assert strip_by("Byron Smith") == "Byron Smith"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-05-01T10:00:00Z", datetime(2020, 5, 1, 10, tzinfo=UTC)),
     ("2020-05-01T12:00:00+0200", datetime(2020, 5, 1, 10, tzinfo=UTC)),
     ("2020-05-01", datetime(2020, 5, 1, tzinfo=UTC)),
     ("yesterday", None), ("", None), (None, None), ("0001-01-01", None)],
)
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


def test_vote_keeps_interior_and_drops_outside() -> None:
    precise = ["A para", "C para", "E para"]
    recall = ["teaser", "A para", "B short", "C para", "D list item", "E para", "related link"]
    body, removed = vote(precise, recall)
    assert body == ["A para", "B short", "C para", "D list item", "E para"]
    assert {(r.text, r.rule) for r in removed} == {("teaser", "before_article_span"),
                                                   ("related link", "after_article_span")}


def test_vote_falls_back_when_one_run_is_empty() -> None:
    assert vote([], ["x"])[0] == ["x"]
    assert vote(["y"], [])[0] == ["y"]


def test_vote_unaligned_trusts_precise() -> None:
    body, removed = vote(["one two", "three four"], ["totally", "different"])
    assert body == ["one two", "three four"]
    assert {r.rule for r in removed} == {"recall_run_unaligned"}


def test_vote_keeps_one_rendering_of_a_paragraph() -> None:
    # The precise run dropped an inline link ("Twitter Lite"), so the paragraph has no match.
    full = "Twitter Lite is now available in Bolivia, Brazil and Chile, the company said."
    cut = "is now available in Bolivia, Brazil and Chile, the company said."
    precise = ["Opening paragraph of the story.", cut, "Closing words of the story here."]
    recall = ["Opening paragraph of the story.", full, "Closing words of the story here."]
    body, removed = vote(precise, recall)
    assert body == ["Opening paragraph of the story.", full, "Closing words of the story here."]
    assert [(r.text, r.rule) for r in removed] == [(cut, "other_rendering_kept")]


def test_vote_drops_recall_only_teasers_in_capitals() -> None:
    precise = ["First paragraph of the story.", "Second paragraph of the story."]
    teaser = "SENATOR SAYS THE BRIDGE WILL CLOSE"
    body, removed = vote(precise, [precise[0], teaser, "A short list item", precise[1]])
    assert body == [precise[0], "A short list item", precise[1]]
    assert [(r.text, r.rule) for r in removed] == [(teaser, "teaser_in_capitals")]
    # the precise run's own capitals (a recipe's headings) are kept
    assert vote([precise[0], "WHAT YOU NEED TO MAKE JAM"], [precise[0], "WHAT YOU NEED TO MAKE JAM"])[0] \
        == [precise[0], "WHAT YOU NEED TO MAKE JAM"]


def test_vote_keeps_a_heading_next_to_a_paragraph_that_names_it() -> None:
    # A short precise-only line is not a rendering of a long recall paragraph using its words.
    para = "The conclusion of the report is that the bridge must close for repairs this year."
    body, _ = vote(["Start of the story.", "Conclusion", "End of it."],
                   ["Start of the story.", para, "End of it."])
    assert body == ["Start of the story.", "Conclusion", para, "End of it."]


@pytest.mark.parametrize(
    ("doc_title", "headings", "h1s", "expected"),
    [
        ("Rivers Are Rising Again in the North | The Daily Example", [], [],
         "Rivers Are Rising Again in the North"),
        ("Daily Example | News", [], [], "Daily Example | News"),  # cut leaves <= 4 words: keep all
        # a path-like title whose cut would leave only "Site > Section": the whole title is kept
        ("Example Site > World > Rivers are rising again across the north", [], [],
         "Example Site > World > Rivers are rising again across the north"),
        ("Daily Example: Rivers are rising again across the north", [], [],
         "Rivers are rising again across the north"),
        ("Review: Rivers Rising", [], [], "Review: Rivers Rising"),  # short after the colon
        ("Rivers: a history in photographs", ["Rivers: a history in photographs"], [],
         "Rivers: a history in photographs"),  # a heading repeats the whole title
        ("Home", ["Rivers are rising again in the north"], ["Rivers are rising again in the north"],
         "Rivers are rising again in the north"),  # implausibly short <title>: the only h1
    ],
)
def test_title_from_document(doc_title: str, headings: list[str], h1s: list[str], expected: str) -> None:
    assert title_from_document(doc_title, headings, h1s) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # A declared title is kept as the page declares it, suffix and all (Readability.js does
        # the same, and the labels of reader-mode benchmarks follow it).
        ('<meta property="og:title" content="Rivers rise again | Daily Example"><title>x</title>',
         "Rivers rise again | Daily Example"),
        # Only a <title>: its site suffix goes when the h1 confirms the rest.
        ("<title>Rivers rise again | Daily Example</title>", "Rivers rise again"),
    ],
)
def test_declared_title_verbatim_document_title_trimmed(head: str, expected: str) -> None:
    from pipeline import html_meta as meta

    tree = parse_html(f"<html><head>{head}</head><body><h1>Rivers rise again</h1><p>Text.</p></body></html>")
    assert tree is not None
    pm = meta.collect(tree)
    assert meta.find_title(tree, pm, meta.find_site_name(pm)) == expected


def test_parse_html_elements_are_html_elements_in_copies_too() -> None:
    # One element class for every tag (form elements included), kept by copies of the tree.
    from copy import deepcopy

    from lxml import html

    tree = parse_html("<html><body><form><input name='q'><p>Text <b>bold</b></p></form></body></html>")
    assert tree is not None
    for t in (tree, deepcopy(tree)):
        assert all(type(el) is html.HtmlElement for el in t.iter())
        assert t.find(".//p").text_content() == "Text bold"
