"""The map side of cross-page boilerplate learning: folded lines of one page, by group."""

from __future__ import annotations

import html as htmllib
import re

from pipeline.decode import decode
from pipeline.detect import detect_format
from pipeline.renderings import page_text
from pipeline.repeats import RepeatStats, block_keys, line_set
from pipeline.schema import RawDocument, Rejection

_DROP = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|nav|aside|"
    r"blockquote|pre|figure|figcaption|form|main|dd|dt|dl|hr|option|title)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")


def html_lines(html: str) -> str:
    """A fast, parser-free rendering of HTML to lines of text, good enough to count repeats."""
    text = _DROP.sub(" ", html)
    text = _BLOCK.sub("\n", text)
    text = _TAG.sub("", text)
    return htmllib.unescape(text)


def page_lines(raw: RawDocument) -> tuple[list[str], bool]:
    """The lines the scan counts of one page, and whether their adjacent pairs count too.

    A text page's pairs of adjacent lines are counted too (`block_keys`); an HTML page's lines
    alone, as the HTML path asks about extracted paragraphs, whose neighbours differ. No lines
    for a page that will be rejected anyway.
    """
    try:
        decoded = decode(raw)
    except Rejection:
        return [], False
    text = decoded.text
    fmt = detect_format(text, raw.format_hint)
    if fmt == "html":
        return html_lines(text).splitlines(), False
    return page_text(text, fmt).splitlines(), True  # the lines the text path will read


def page_keys(raw: RawDocument) -> set[str]:
    """The folded lines of one page (and pairs, for text); empty for pages rejected anyway."""
    lines, pairs = page_lines(raw)
    return block_keys(lines) if pairs else line_set(lines)


def merge_stats(
    into: dict[str, RepeatStats], other: dict[str, RepeatStats], in_place: bool = False
) -> dict[str, RepeatStats]:
    """Reduce step of the repeat scan: `other`'s groups added to `into`'s (and `into` returned).

    A group in both is merged into a new RepeatStats, so neither input's stats change (Dask may
    read a partial again); `in_place` folds it into `into`'s own stats instead, for an
    accumulator nobody else holds. `other`'s stats may be kept either way.
    """
    for group, stats in other.items():
        mine = into.get(group)
        if mine is None:
            into[group] = stats
        elif in_place:
            mine.absorb(stats)
        else:
            into[group] = mine.merge(stats)
    return into


def absorb_stats(into: dict[str, RepeatStats], other: dict[str, RepeatStats]) -> None:
    """`merge_stats` in place: the local engine's fold into the accumulator it owns."""
    merge_stats(into, other, in_place=True)
