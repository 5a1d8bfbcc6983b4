"""The faster per-line forms of boilerplate.classify and split.find_head give the results of
the plain ones they replaced (tests/split_reference.py), on the bundled pages and on
generated lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.boilerplate import _CREDIT_END, _is_comment_head, _is_placeholder, _may_end_in_credit
from pipeline.lexicon import CREDIT_WORDS, PHOTO_AGENCIES
from pipeline.segment import _OPEN_END, Line, open_end, segment
from pipeline.split import _headingish, _title_score
from pipeline.textmodel import is_stop_marker, load_model, score_lines_stops, word_count
from tests.split_reference import headingish_reference, title_score_reference

ROOT = Path(__file__).parent.parent
_PIECES = st.sampled_from([
    "By", "Jane", "Doe", "the", "Council", "Expands", "Bus", "Network", "March 11, 2015", "|",
    ">", "»", "/", ":", "]", "[", "(", ")", "1.", "2)", "says", "on", "at", "Related", "Comments",
    "13 comments", "Photo:", "Reuters/AFP", "▾", "“", "”", ".", "...", "\n", " ", "x" * 70,
])
_TEXTS = st.lists(_PIECES, min_size=1, max_size=25).map(" ".join) | st.text(min_size=1, max_size=200)


def _pages() -> list[list[Line]]:
    paths = sorted([*ROOT.glob("evalsample/*/text.*.txt"), *ROOT.glob("raw/*.txt")])
    return [segment(p.read_text(encoding="utf-8", errors="surrogateescape")) for p in paths]


def _never(_: str) -> bool:
    return False


def _repeated_odd(text: str) -> bool:
    return len(text) % 2 == 1  # some lines "repeated", so that term takes both values


def _check_scores(lines: list[Line], js: range, words: set[str]) -> int:
    texts = [line.text for line in lines]
    checked = 0
    for j in js:
        assert _headingish(lines[j]) == headingish_reference(lines[j]), lines[j].text
        if not lines[j].text:
            continue
        anchors = (min(len(lines) - 1, j + 3), min(len(lines) - 1, j + 30))
        for repeated in (_never, _repeated_odd):
            new = _title_score(lines, j, anchors, words, repeated, frozenset(), texts)
            plain = _title_score(lines, j, anchors, words, repeated)  # texts made inside
            ref = title_score_reference(lines, j, anchors, words, repeated)
            assert repr(new) == repr(ref) == repr(plain), lines[j].text  # bit for bit
        checked += 1
    return checked


def test_title_scores_equal_reference_on_sample_pages() -> None:
    checked = 0
    for lines in _pages():
        words = {w for line in lines[:40] for w in line.text.casefold().split()[:3]}
        checked += _check_scores(lines, range(0, min(len(lines), 120)), words)
    assert checked > 2000


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_TEXTS, st.booleans()), min_size=1, max_size=30))
def test_title_scores_equal_reference_on_generated_pages(rows: list[tuple[str, bool]]) -> None:
    lines = [Line(text, i, i, i // 3, bullet) for i, (text, bullet) in enumerate(rows)]
    # Lines glued behind another ("News | <line>"), so the window's suffix test fires.
    lines += [Line(f"News | {line.text}", len(lines) + k, 0, 0) for k, line in enumerate(lines[:3])]
    _check_scores(lines, range(len(lines)), {"council", "bus", "jane"})


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.booleans())
def test_classify_prefilters_are_implied(text: str, bullet: bool) -> None:
    """classify calls these only on lines ending in ":" / "]" (or "]" and a newline)."""
    line = Line(text, 0, 0, 0, bullet)
    if _is_comment_head(line):
        assert text.endswith(":")
    if _is_placeholder(line):
        assert text.endswith(("]", "]\n"))


def test_placeholder_and_comment_head_examples() -> None:
    assert _is_placeholder(Line("2. [13AMAZON-t]", 0, 0, 0, True))
    assert _is_placeholder(Line("[  ]", 0, 0, 0))
    assert _is_comment_head(Line("1. jane says:", 0, 0, 0, True))


def test_model_stop_flags_equal_is_stop_marker() -> None:
    """classify reads stop markers off the line model's features instead of folding again."""
    model = load_model()
    flagged = 0
    for lines in _pages():
        lines = lines + [Line(t, 0, 0, 0) for t in ("Related", "13 comments", "Read more »", "")]
        words = [word_count(line.text) for line in lines]
        _, stops = score_lines_stops(lines, model, words)
        assert stops == [is_stop_marker(line.text) for line in lines]
        flagged += sum(stops)
    assert flagged > 10


_TAIL_PIECES = st.sampled_from([
    "the", "The", "with", "from", "a", "bathe", "Ann", "of", "(", "[", "“", "«", ",", ".", " ", "\n",
    "\u00a0", "\t", ")", "credit:", "photo", "(ap photo/jane doe)", "|", "/", "via", "x" * 30,
    "ſ", "K", *CREDIT_WORDS, *PHOTO_AGENCIES,
])
_TAILS = st.lists(_TAIL_PIECES, max_size=12).map("".join) | st.text(max_size=60)


@settings(max_examples=500, deadline=None)
@given(_TAILS)
def test_open_end_searches_only_where_a_match_can_start(text: str) -> None:
    assert open_end(text) == (_OPEN_END.search(text) is not None)


@settings(max_examples=500, deadline=None)
@given(_TAILS)
def test_credit_prefilter_is_implied_by_the_credit_pattern(text: str) -> None:
    folded = text.casefold()
    if _CREDIT_END.search(folded) is not None:
        assert _may_end_in_credit(folded)
