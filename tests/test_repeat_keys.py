"""RepeatStats.repeated_at and anchors_in (each line of a page folded once) answer what
is_repeated and anchors_of answered when they folded a line again for every pair it is in: the
plain forms are kept here as the reference."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.repeats import (
    _PAIR,
    MIN_REPEAT_PAGES,
    RepeatStats,
    block_keys,
    count_keys,
    line_key,
    pair_key,
    too_long_to_count,
)
from tests.test_repeat_clusters import corpus, scan


def _is_repeated_reference(stats: RepeatStats, line: str, before: str | None, after: str | None,
                           anchors: set[str] | None) -> bool:
    if too_long_to_count(line):
        return False
    counts = stats.line_pages
    key = line_key(line)
    count = counts.get(key, 0)
    if count < MIN_REPEAT_PAGES:
        return False
    if count >= stats.min_pages():
        return True
    if anchors and key in stats.promoted and not stats.promoted[key].isdisjoint(anchors):
        return True
    return (before is not None and not too_long_to_count(before)
            and counts.get(pair_key(before, line), 0) >= MIN_REPEAT_PAGES) \
        or (after is not None and not too_long_to_count(after)
            and counts.get(pair_key(line, after), 0) >= MIN_REPEAT_PAGES)


def _anchors_reference(stats: RepeatStats, lines: list[str]) -> set[str]:
    if not stats.promoted:
        return set()
    return {k for k in block_keys(lines) if k[0] == _PAIR and k in stats.line_pages}


def _check_page(stats: RepeatStats, lines: list[str]) -> int:
    keys = count_keys(lines)
    anchors = stats.anchors_in(keys)
    assert anchors == _anchors_reference(stats, lines) == stats.anchors_of(lines)
    repeated = 0
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else None
        after = lines[i + 1] if i + 1 < len(lines) else None
        expected = _is_repeated_reference(stats, line, before, after, anchors)
        assert stats.repeated_at(keys, i, anchors) == expected, (i, line)
        assert stats.is_repeated(line, before, after, anchors) == expected, (i, line)
        repeated += expected
    return repeated


def test_repeated_at_equals_the_plain_form_on_a_clustered_group() -> None:
    pages = corpus()  # promoted lines, pairs and lone lines on 3..12 pages, long lines
    stats = scan(pages, 100)["g"]
    assert stats.promoted
    rng = random.Random(7)
    sample = [*range(1200, len(pages)), *rng.sample(range(1200), 200)]
    assert sum(_check_page(stats, pages[i]) for i in sample) > 50


_LINES = st.sampled_from([
    "Home", "News", "• Home", "  Sport  ", "Share", "x" * 310, "é" * 320, "Background", "", "•",
    "Read more", "Comments", "A line of prose that is long enough " * 9, "\t", "Home \x1f News",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_LINES, min_size=1, max_size=8), min_size=3, max_size=12),
       st.lists(_LINES, min_size=1, max_size=10))
def test_repeated_at_equals_the_plain_form_on_generated_pages(pages: list[list[str]],
                                                                page: list[str]) -> None:
    stats = RepeatStats()
    for i, lines in enumerate(pages):
        stats.add_page(block_keys([*lines, f"page {i}"]))  # its own line: not one fingerprint
    _check_page(stats.prune(), page)
