"""RepeatStats: exact counts in small groups, bounded memory in big ones (lossy counting)."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.repeat_scan import page_keys
from pipeline.repeats import (
    MAX_KEY_CHARS,
    PRUNE_PAGES,
    RepeatStats,
    block_keys,
    line_key,
    pair_key,
    pair_of,
    too_long_to_count,
)
from pipeline.schema import RawDocument
from pipeline.segment import segment


def _page(rng: random.Random, n: int, furniture: list[str]) -> set[str]:
    own = {f"line {n} {i} {rng.random():.12f}" for i in range(30)}  # never seen again
    return own | set(furniture)


def test_small_groups_are_counted_exactly() -> None:
    stats = RepeatStats()
    pages = PRUNE_PAGES - 1  # the first bucket is not complete: nothing is forgotten yet
    for n in range(pages):
        stats.add_page({f"unique {n}", "menu"} | ({"rare"} if n % 700 == 0 else set()))
    assert stats.pages == pages
    assert stats.line_pages["menu"] == pages and stats.line_pages["rare"] == 3
    assert len(stats.line_pages) == pages + 2


def test_big_group_memory_stays_bounded_and_furniture_survives() -> None:
    rng = random.Random(1)
    acc = RepeatStats()
    sizes = []
    pages = 10 * PRUNE_PAGES
    for start in range(0, pages, 250):  # batches, folded in place as the local engine does
        part = RepeatStats()
        for n in range(start, start + 250):
            furniture = ["menu"] + (["promo"] if n % 20 == 0 else [])
            part.add_page(_page(rng, n, furniture))
        acc.absorb(part)
        sizes.append(len(acc.line_pages))
    assert acc.pages == pages
    # The table holds about a bucket of pages' lines, not all 600,000 lines seen.
    assert max(sizes) <= 31 * 2 * PRUNE_PAGES
    # Furniture on every page, or on 1 page in 20, is kept and undercounted by at most
    # pages / PRUNE_PAGES.
    assert pages - pages // PRUNE_PAGES <= acc.line_pages["menu"] <= pages
    assert pages // 20 - pages // PRUNE_PAGES <= acc.line_pages["promo"] <= pages // 20
    assert acc.is_repeated("menu") and acc.is_repeated("promo")


def test_merge_is_pure_and_equals_absorb() -> None:
    a, b = RepeatStats(), RepeatStats()
    for n in range(5):
        a.add_page({f"a{n}", "menu"})
        b.add_page({f"b{n}", "menu"})
    merged = a.merge(b)
    assert a.pages == 5 and a.line_pages["menu"] == 5  # inputs untouched
    folded = RepeatStats()
    folded.absorb(a)
    folded.absorb(b)
    assert merged.pages == folded.pages == 10
    assert merged.line_pages == folded.line_pages


def test_scan_keys_are_the_lines_the_text_path_asks_about() -> None:
    # w3m draws menus as "  • item": the scan counts raw lines, the text path asks about
    # segment's lines (marker taken off), so both must fold to the same key, pairs included.
    text = ("  • Home\n  • World news\n  * Sport\n\n- Weather\n\nA headline\n\n"
            "The council met on Monday to discuss the budget for the new library and school.\n")
    keys = page_keys(RawDocument("p.txt", text.encode(), format_hint="text"))
    lines = [line.text for line in segment(text)]
    assert lines[:4] == ["Home", "World news", "Sport", "Weather"]
    assert {line_key(line) for line in lines} <= keys
    assert {pair_key(a, b) for a, b in itertools.pairwise(lines)} <= keys
    assert line_key("-5 degrees tonight") == "-5 degrees tonight"  # a sign, not a list marker


def test_page_fingerprint_does_not_depend_on_the_hash_seed() -> None:
    # Equal-length lines tie on length; a set's iteration order changes with PYTHONHASHSEED, so
    # every process (pool worker, Dask task) must still compute the same fingerprint.
    code = ("from pipeline.repeats import page_fingerprint; "
            "print(page_fingerprint({f'line {c}' for c in 'abcdefghijklmnop'}))")
    outputs = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": str(seed)},
                       capture_output=True, text=True, check=True).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1


def _block_keys_reference(lines: list[str]) -> set[str]:
    """`block_keys` as it reads: every line folded by `line_key`, long keys left out."""
    keys: set[str] = set()
    before = ""
    for raw in lines:
        key = line_key(raw)
        if not key:
            continue
        if len(key) > MAX_KEY_CHARS:
            before = ""
            continue
        keys.add(key)
        if before:
            keys.add(pair_of(before, key))
        before = key
    return keys


def test_casefold_never_shortens_a_character() -> None:
    """What `block_keys` rests on to skip folding a long line."""
    assert all(len(chr(code).casefold()) >= 1 for code in range(0x110000))


# Lines about MAX_KEY_CHARS long, around the bound, with list markers, blanks and letters that
# casefold to more than one ("ß" -> "ss", "ﬁ" -> "fi").
_LINE = st.builds(lambda marker, word, n, tail: marker + word * n + tail,
                  st.sampled_from(["", "• ", "•", "- ", "* ", "  ", "\t"]),
                  st.sampled_from(["a", "ß", "ﬁ", " ", "x ", "İ"]),
                  st.integers(0, MAX_KEY_CHARS + 6), st.sampled_from(["", " ", "  \u00a0", "z"]))


@settings(max_examples=300)
@given(st.lists(st.one_of(_LINE, st.text(max_size=20), st.just("")), max_size=8))
def test_block_keys_equals_folding_every_line(lines: list[str]) -> None:
    assert block_keys(lines) == _block_keys_reference(lines)


# ASCII runs just over the bound, with list markers that fold away and whitespace that collapses.
_ASCII_LINE = st.builds(lambda marker, word, n, tail: marker + word * n + tail,
                        st.sampled_from(["", "* ", "- ", "+  ", "• ", "\x1c"]),
                        st.sampled_from(["a", "-", "* ", "a\x1f", "ab  ", "a\u00a0", "é"]),
                        st.integers(MAX_KEY_CHARS - 4, 2 * MAX_KEY_CHARS), st.sampled_from(["", " ", "x"]))


@settings(max_examples=400)
@given(st.one_of(_LINE, _ASCII_LINE, st.text(min_size=300)))
def test_too_long_to_count_means_a_key_over_the_bound(line: str) -> None:
    if too_long_to_count(line):
        assert len(line_key(line)) > MAX_KEY_CHARS


@settings(max_examples=200)
@given(st.lists(st.one_of(_LINE, _ASCII_LINE), min_size=1, max_size=5))
def test_is_repeated_skips_only_lines_never_counted(lines: list[str]) -> None:
    # Every key of the pages counted on 5 pages (a long line of its own keeps each page's
    # fingerprint apart): a line is repeated exactly when its key fits.
    stats = RepeatStats()
    for page in range(5):
        stats.add_page(block_keys([*lines, f"{page} " + "q" * (MAX_KEY_CHARS - 10)]))
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else None
        fits = 0 < len(line_key(line)) <= MAX_KEY_CHARS
        assert stats.is_repeated(line, before) == fits
