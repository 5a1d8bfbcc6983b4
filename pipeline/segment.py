"""Flattened page text -> lines (one per paragraph candidate) with their layout.

Renderers flatten HTML differently: BeautifulSoup's get_text puts each text node on its own
line (so an inline link can split a sentence), w3m indents lists with "  • " bullets, numbers
ordered lists, pads table cells and leaves trailing spaces, and a browser's innerText puts
block elements on separate lines; terminal renderers at their default width hard-wrap every
paragraph. `segment` undoes the part of this that matters for choosing the article: it re-joins
wrapped paragraphs (`pipeline.unwrap`), strips layout, records bullets and blank-line blocks,
and re-joins lines that continue a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lexicon import BYLINE_PREFIXES, LIST_MARKER, LIST_MARKER_FIRST, SPONSOR_LABELS
from pipeline.unwrap import unwrap_lines

# Box-drawing characters: w3m draws the borders of a bordered table around its cells ("│ text
# │", "┌────┐"); without them a cell reads like the other renderings' paragraph.
_BOX = "".join(map(chr, range(0x2500, 0x2580)))
_BOX_FIRST, _BOX_LAST = _BOX[0], _BOX[-1]
_TEX = re.compile(r"\{\\(?:displaystyle|textstyle|scriptstyle)\b")
NUMBERED = re.compile(r"^\(?\d{1,3}[.)]\s+")
# lynx marks nested list levels with "*", "+", "o", "#", "@", "=" and indents every item; the
# letter and "#" mark an item only on an indented line ("o" is a word in several languages).
_NESTED_MARKER_FIRST = frozenset("o#@=")
# A line that ends a sentence (or a quoted one) cannot be continued by the next line.
_TERMINAL = re.compile(r"[.!?:;。！？…»\"”’)\]]\s*$")
_TERMINAL_CHARS = frozenset(".!?:;。！？…»\"”’)]")  # the class of _TERMINAL
# A line that starts like the middle of a sentence: lower-case letter or closing punctuation.
_CONTINUATION_START = re.compile(r"^[a-zà-öø-ÿ,.;:!?)\]”’%]")
# A line that ends like the middle of a sentence: an article, preposition or conjunction,
# or an opening bracket/quote. Such a line is glued to whatever follows.
_OPEN_WORDS = ("the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "and", "or", "by", "from",
               "as", "that", "der", "die", "das", "und", "le", "la", "les", "de", "des", "du", "et",
               "el", "los", "y", "il", "di", "e", "o", "het", "een", "van", "en")
_OPEN_END = re.compile(r"(?:\b(?:" + "|".join(_OPEN_WORDS) + r")|[(\[“‘\"„«,])$", re.IGNORECASE)
# Every match starts this close to the end (the longest word, and "$" may stand before a final
# newline): the search starts there, not at every position of a long line. \b still sees the
# character before the start.
_OPEN_END_REACH = max(map(len, _OPEN_WORDS)) + 1


_BYLINE_WORD = frozenset(p for p in BYLINE_PREFIXES if " " not in p)
# Longest line (in characters) that may be re-joined with a neighbour; w3m pads table rows
# into very long lines, and those are never sentence fragments worth merging.
_MAX_JOIN = 2000


def open_end(text: str) -> bool:
    """`_OPEN_END.search(text)`, tried only where a match can start."""
    return _OPEN_END.search(text, max(0, len(text) - _OPEN_END_REACH)) is not None


@dataclass(slots=True)
class Line:
    """One paragraph candidate of the page."""

    text: str  # stripped, list marker removed, fragments re-joined with one space
    index: int  # position among the page's lines (0-based, after joining)
    raw_start: int  # first raw line number it came from (0-based)
    block: int  # blank-line separated block it belongs to
    bullet: bool = False  # a list item ("•", "*", "1.")
    gap_before: bool = False  # a blank line precedes it
    gap_after: bool = False  # a blank line follows it
    joined: int = 1  # number of raw lines it was built from


def _split_raw(raw_lines: list[str]) -> list[Line]:
    lines: list[Line] = []
    block = 0
    gap = True
    for n, raw in enumerate(raw_lines):
        stripped = raw.strip()
        # Comparisons, not `in _BOX`: a substring search of the 128-character string per test.
        if stripped and (_BOX_FIRST <= stripped[0] <= _BOX_LAST or _BOX_FIRST <= stripped[-1] <= _BOX_LAST):
            stripped = stripped.strip(_BOX + " \t")
        if not stripped:
            if not gap:
                block += 1
                if lines:
                    lines[-1].gap_after = True
            gap = True
            continue
        bullet = False
        first = stripped[0]
        # The regexes only when the first character can start a match (most lines: neither).
        m = LIST_MARKER.match(stripped) if first in LIST_MARKER_FIRST else None
        if m:
            rest = stripped[m.end():].strip()
            if not rest:
                continue  # an empty list item (w3m renders image-only items as "•")
            stripped, bullet = rest, True
        elif (first == "(" or first.isdigit()) and NUMBERED.match(stripped):  # \d implies isdigit
            bullet = True
        elif first in _NESTED_MARKER_FIRST and stripped[1:2] == " " and raw[:2] == "  " \
                and len(stripped) > 2:
            stripped, bullet = stripped[2:].lstrip(), True
        lines.append(Line(stripped, 0, n, block, bullet, gap))
        gap = False
    if lines:
        lines[-1].gap_after = True
    return lines


def _ends_sentence(text: str) -> bool:
    """`_TERMINAL.search(text)` without the search, which tries every position of a long line:
    `\\s` and `rstrip` take off the same (Unicode) whitespace, and `$` comes after it."""
    end = text.rstrip()[-1:]
    return bool(end) and end in _TERMINAL_CHARS


def _continues(prev: Line, nxt: Line) -> bool:
    """Whether `nxt` is the rest of a sentence that `prev` started (same block only)."""
    if nxt.gap_before or nxt.bullet or prev.block != nxt.block:
        return False
    if len(prev.text) > _MAX_JOIN or len(nxt.text) > _MAX_JOIN:
        return False
    if prev.text.casefold() in _BYLINE_WORD:
        return True  # "By" on one line, the name (a link) on the next
    if _ends_sentence(prev.text) or prev.text.casefold() in SPONSOR_LABELS:
        return False
    if _CONTINUATION_START.match(nxt.text):
        return True
    # A lone "A" or "The" is a button (text size "A A A") or a logo, not half a sentence.
    return " " in prev.text and open_end(prev.text)


def _strip_tex(text: str) -> str:
    """Drop the TeX annotations of MathML formulas ("{\\displaystyle A^{H}}"): text renderers
    print them after the formula, a browser does not."""
    out: list[str] = []
    pos = 0
    for m in _TEX.finditer(text):
        if m.start() < pos:
            continue
        depth, k = 0, m.start()
        while k < len(text):  # to the matching closing brace
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            k += 1
            if depth == 0:
                break
        out.append(text[pos:m.start()])
        pos = k
    return "".join(out) + text[pos:] if out else text


def segment(text: str) -> list[Line]:
    """Split page text into lines, re-joining sentence fragments a renderer broke apart."""
    if "style" in text and _TEX.search(text):
        text = _strip_tex(text)
    out: list[Line] = []
    for line in _split_raw(unwrap_lines(text.splitlines(), text)):
        # The first test of _continues inline: most lines follow a blank line, and the call
        # per line was a good part of the page's segmentation time.
        if out and not (line.gap_before or line.bullet) and _continues(out[-1], line):
            prev = out[-1]
            sep = "" if line.text[0] in ",.;:!?)]”’%" else " "
            prev.text = prev.text + sep + line.text
            prev.gap_after = line.gap_after
            prev.joined += 1
            continue
        line.index = len(out)
        out.append(line)
    return out
