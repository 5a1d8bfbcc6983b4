"""Re-joining hard-wrapped paragraphs (pipeline/unwrap.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.segment import segment
from pipeline.unwrap import MIN_LINES, MIN_WIDTH, unwrap, wrap_margin

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "000_a199637f2999b565.txt"

PROSE = (
    "A little over half a century ago, chaos started spilling out of a famous experiment. It came "
    "not from a petri dish, a beaker or an astronomical observatory, but from the vacuum tubes and "
    "diodes of a Royal McBee LGP-30. This desk computer weighed some 800 pounds and sounded like a "
    "passing propeller plane. Instructions for the computer came from down the hall, from the "
    "office of a meteorologist named Edward Norton Lorenz."
)


def _margin(text: str) -> int | None:
    lines = text.splitlines()
    return wrap_margin(lines, [len(line.rstrip()) for line in lines], wide=False)


def test_a_wrapped_page_gets_one_line_per_paragraph() -> None:
    paragraphs = [PROSE, PROSE.replace("chaos", "order"), "Short closing line."]
    wrapped = "Menu\n\nHome\n\n" + "\n\n".join(textwrap.fill(p, 78) for p in paragraphs)
    assert _margin(wrapped) is not None
    assert unwrap(wrapped).split("\n\n") == ["Menu", "Home", *paragraphs]


def test_a_short_line_before_a_break_is_not_joined() -> None:
    # "Royal McBee" would have fitted after "The Birth of Chaos": that break was meant.
    text = textwrap.fill(PROSE, 72) + "\n\nThe Birth of Chaos\nRoyal McBee\n\n" + textwrap.fill(PROSE, 72)
    assert "The Birth of Chaos\nRoyal McBee" in unwrap(text)


def test_list_items_stay_apart_and_their_wrapped_rest_joins_them() -> None:
    item = "the first item of the list runs on for long enough to need a second line here"
    listed = textwrap.fill(item, 80, initial_indent="  • ", subsequent_indent="    ")
    text = f"{textwrap.fill(PROSE, 80)}\n\n{listed}\n  • second item\n\n{textwrap.fill(PROSE, 80)}"
    out = unwrap(text).splitlines()
    assert "  • " + item in out
    assert "  • second item" in out


def test_wide_characters_count_two_columns_and_join_without_a_space() -> None:
    sentence = "肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にもイヌがいます。" * 6
    lines = [sentence[i:i + 38] for i in range(0, len(sentence), 38)]  # 76 columns each
    text = "\n".join(lines) + "\n\n" + textwrap.fill(PROSE, 76)
    assert unwrap(text).split("\n\n")[0] == sentence


def test_an_unwrapped_rendering_is_left_alone() -> None:
    seed = SEED.read_text(encoding="utf-8")
    assert unwrap(seed) == "\n".join(seed.splitlines())
    long_paragraphs = "\n\n".join(PROSE[: 120 + 37 * i] for i in range(10))
    assert _margin(long_paragraphs) is None


def test_segment_sees_a_wrapped_page_as_its_unwrapped_rendering() -> None:
    paragraphs = [PROSE, "By Joshua Sokol", PROSE.replace("Lorenz", "Fetter")]
    flat = [line.text for line in segment("\n\n".join(paragraphs))]
    wrapped = [line.text for line in segment("\n\n".join(textwrap.fill(p, 80) for p in paragraphs))]
    assert wrapped == flat


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ,.'", min_size=1, max_size=12)
_PARAGRAPH = st.lists(_WORD, min_size=12, max_size=80).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(_PARAGRAPH, min_size=3, max_size=8), width=st.integers(60, 132))
def test_unwrap_inverts_greedy_wrapping(paragraphs: list[str], width: int) -> None:
    wrapped = [textwrap.wrap(p, width, break_long_words=False) for p in paragraphs]
    # The margin shows when enough lines were broken at it (every line of a paragraph but its last).
    broken = sum(len(lines) - 1 for lines in wrapped)
    measurable = sum(len(line) >= MIN_WIDTH and " " in line for lines in wrapped for line in lines)
    assume(broken >= 5 and broken >= 0.15 * measurable and measurable >= MIN_LINES)
    assert unwrap("\n\n".join("\n".join(lines) for lines in wrapped)).split("\n\n") == paragraphs


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.text(alphabet="abc ,.\n•*-", max_size=300), max_size=30))
def test_unwrap_keeps_every_word_in_order(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert unwrap(text).split() == text.split()
