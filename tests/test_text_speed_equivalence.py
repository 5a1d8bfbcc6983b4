"""The faster per-line forms of boilerplate.classify give the results of the plain ones they
replaced, on the bundled pages and on generated lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.boilerplate import _is_comment_head, _is_placeholder
from pipeline.segment import Line, segment
from pipeline.textmodel import is_stop_marker, load_model, score_lines_stops, word_count

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
