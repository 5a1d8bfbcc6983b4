"""segment: layout stripped, bullets recorded, sentence fragments re-joined."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import segment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line.\n\nTwo line.", ["One line.", "Two line."]),
        ("  • Home\n  • News\n", ["Home", "News"]),
        ("Read the\nNew York Times\nreport on it.", ["Read the New York Times report on it."]),
        ("He said\nhello\n, then left.", ["He said hello, then left."]),
        ("By\nJane Doe", ["By Jane Doe"]),
        ("Supported by\nCouncil Expands Buses", ["Supported by", "Council Expands Buses"]),
        ("A\nA\nCouncil Expands Buses", ["A", "A", "Council Expands Buses"]),
        ("If A {\\displaystyle {\\overline {a_{ji}}}} holds.", ["If A  holds."]),
        ("Heading\nBody starts here.", ["Heading", "Body starts here."]),
        ("Ends here.\nnext block", ["Ends here.", "next block"]),
        ("  •  \n  • Item", ["Item"]),
        ("", []),
        ("   ┌──────┐\n   │  A cell of text.  │\n   │      │\n   │    • An item  │\n   └──────┘",
         ["A cell of text.", "An item"]),
    ],
)
def test_segment_lines(text: str, expected: list[str]) -> None:
    assert [line.text for line in segment(text)] == expected


def test_blank_line_blocks_and_gaps() -> None:
    lines = segment("a b c\n\n\nd e f\ng h i.")
    assert [line.block for line in lines] == [0, 1]
    assert lines[0].gap_after and lines[1].gap_before
    assert lines[1].text == "d e f g h i."
    assert lines[1].joined == 2


def test_fragments_never_cross_blank_lines_or_bullets() -> None:
    lines = segment("the start of\n\nthe next\n  • item one")
    assert [line.text for line in lines] == ["the start of", "the next", "item one"]
    assert [line.bullet for line in lines] == [False, False, True]


def test_numbered_items_are_bullets_and_keep_their_number() -> None:
    (line,) = segment(" 1. First step.")
    assert line.bullet and line.text == "1. First step."


def test_lynx_nested_list_markers_make_items_on_indented_lines_only() -> None:
    text = ("     * A CIDADE\n          + Conselhos\n               o Conselhos Municipais\n"
            "               o CMAS\n               # Etnias\n\no pai disse que o governo\nvai mudar")
    lines = segment(text)
    assert [line.text for line in lines] == ["A CIDADE", "Conselhos", "Conselhos Municipais", "CMAS",
                                             "Etnias", "o pai disse que o governo vai mudar"]
    assert [line.bullet for line in lines] == [True, True, True, True, True, False]


def test_indexes_follow_joined_lines() -> None:
    lines = segment("x of\ny.\nz.")
    assert [line.index for line in lines] == [0, 1]


def test_bullet_precheck_covers_every_start_of_the_patterns() -> None:
    """segment runs the list-marker regexes only on lines whose first character could start a
    match: every character that starts a LIST_MARKER match is in LIST_MARKER_FIRST, and every one that
    NUMBERED's digit matches passes str.isdigit."""
    import re
    import sys

    from pipeline import segment as seg

    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    starts = {c for c in chars if seg.LIST_MARKER.match(c + " ") or seg.LIST_MARKER.match(c)}
    assert starts and starts <= seg.LIST_MARKER_FIRST
    digit = re.compile(r"\d")
    assert all(c.isdigit() for c in chars if digit.match(c))


_END_PIECES = st.sampled_from(["word", ".", "!", "”", "’", ")", "]", "»", "…", "。", ",", "(", " ", "\n",
                               "\t", "\u00a0", "\u3000", "\u2028", "\x1c", "\\", "a.b"])


@settings(max_examples=500)
@given(st.one_of(st.text(), st.lists(_END_PIECES).map("".join)))
def test_ends_sentence_is_the_terminal_search(text: str) -> None:
    from pipeline.segment import _TERMINAL, _ends_sentence

    assert _ends_sentence(text) == (_TERMINAL.search(text) is not None)
