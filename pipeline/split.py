"""Split the head of a page into title, section, byline/authors and captions.

Works on the lines around the start of the body that `boilerplate.classify` chose. Whatever
is taken as title, byline or caption is removed from the body (stage "split"), since the model
may have kept a headline or a "By ..." line as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.lexicon import AUTHOR_JOINERS, BYLINE_PREFIXES, NAME_PARTICLES, NOT_NAME_WORDS
from pipeline.segment import Line
from pipeline.textmodel import is_drop_line, is_stop_marker, word_count

STAGE = "split"

# How far above the first body line the title may stand. Pages put a dek, a byline, a
# date, share buttons and a lead image caption between them; 25 lines covers that in soup
# renderings (one line per text node) without reaching back into the site menu too often.
TITLE_LOOKBACK = 25
# Title length bounds in words: one-word lines are menu items, and a 30-word line is a dek.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
# Body lines (from the start of the body) that may still be head matter the model kept.
HEAD_LOOKAHEAD = 4

_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sorted(BYLINE_PREFIXES, key=len, reverse=True))
    + r")(?:\s*:\s*|\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)
# Where a byline's name part ends: a date, a separator, a role, a handle, a time.
_NAME_END = re.compile(
    r"\s*(?:[|•·—–]|\s-\s|,\s*(?:staff|senior|special|chief|associate|contributing)\b|\bon\s+\w+\s+\d"
    r"|\bupdated\b|\bpublished\b|\bposted\b|@|\d|\bfollow\b|\(|\bfor\s+(?:the|cnn|reuters)\b)",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w'’.\-]*$")
_DATE_LINE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}:\d{2}\b")
_TERMINAL_STOP = re.compile(r"[.;:,]\s*$")


@dataclass(slots=True)
class Head:
    title: str | None = None
    title_index: int | None = None
    section: str | None = None
    byline: str | None = None
    byline_index: int | None = None
    authors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    caption_indexes: list[int] = field(default_factory=list)


def is_name(text: str) -> bool:
    """A person's name: 2-5 capitalised words (particles allowed), no digits, no site words."""
    tokens = text.replace(",", " ").split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in text):
        return False
    capitals = 0
    for tok in tokens:
        low = tok.casefold().strip(".")
        if low in NOT_NAME_WORDS:
            return False
        if low in NAME_PARTICLES:
            continue
        if not _NAME_TOKEN.match(tok):
            return False
        capitals += 1
    return capitals >= 2


def split_authors(byline: str) -> list[str]:
    """Person names of a byline: split on "and", "&", commas and their translations."""
    parts = [byline]
    for joiner in (*AUTHOR_JOINERS, ", ", ","):
        parts = [p for part in parts for p in part.split(joiner)]
    names = [p.strip(" .;") for p in parts]
    return [n for n in names if n and (is_name(n) or len(n.split()) == 1 and n[:1].isupper())]


def parse_byline(text: str) -> str | None:
    """The byline shown on a line ("By Jane Doe | Staff" -> "Jane Doe"), or None."""
    if len(text) > 160:
        return None
    m = _PREFIX.match(text)
    if not m:
        return None
    rest = m.group("rest")
    cut = _NAME_END.search(rest)
    if cut and cut.start() > 0:
        rest = rest[:cut.start()]
    rest = rest.strip(" ,;:")
    authors = split_authors(rest)
    if not authors:
        return None
    # Accept only when the names cover the rest: "By the way, ..." is prose, not a byline.
    if sum(len(a) for a in authors) < 0.6 * len(rest.replace(" and ", "").replace(",", "")):
        return None
    return rest


def _headingish(line: Line) -> bool:
    text = line.text
    words = word_count(text)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or line.bullet:
        return False
    if _TERMINAL_STOP.search(text) or text.endswith(("...", "…")):
        return False
    if is_stop_marker(text) or is_drop_line(text) or parse_byline(text):
        return False
    return not (words <= 8 and _DATE_LINE.search(text))


def _glued_title(lines: list[Line], lo: int, hi: int) -> tuple[int, str | None] | None:
    """A line that reappears as the end of another line (a breadcrumb glued to the title)."""
    for j in range(lo, hi):
        cand = lines[j]
        if not _headingish(cand):
            continue
        for k in range(lo, hi):
            if k == j:
                continue
            other = lines[k].text
            if other == cand.text:
                return j, None
            if other.endswith(cand.text) and len(other) > len(cand.text):
                prefix = other[: -len(cand.text)].strip(" |>»/-–—:")
                if 0 < word_count(prefix) <= 6:
                    return j, prefix
    return None


def find_head(lines: list[Line], body_start: int) -> Head:
    """Title, section, byline and captions around `body_start` (index of the first body line)."""
    head = Head()
    hi = min(len(lines), body_start + HEAD_LOOKAHEAD)
    lo = max(0, body_start - TITLE_LOOKBACK)
    glued = _glued_title(lines, lo, hi)
    if glued is not None:
        head.title_index, head.section = glued
    else:
        # The nearest heading-like line above the first byline, else above the body.
        anchor = body_start
        for j in range(lo, hi):
            if parse_byline(lines[j].text):
                anchor = j
                break
        for j in range(min(anchor, len(lines)) - 1, lo - 1, -1):
            if _headingish(lines[j]):
                head.title_index = j
                break
    if head.title_index is not None:
        title_line = lines[head.title_index].text
        head.title = title_line
        if head.section is None and "|" in title_line:
            left, _, right = title_line.partition("|")
            if 0 < word_count(left) <= 3 and word_count(right) >= TITLE_MIN_WORDS:
                head.section, head.title = left.strip(), right.strip()

    start = head.title_index + 1 if head.title_index is not None else lo
    for j in range(start, min(hi, start + 8)):
        byline = parse_byline(lines[j].text)
        if byline:
            head.byline, head.byline_index = byline, j
            head.authors = split_authors(byline)
            break
    if head.byline_index is not None and head.title_index is not None:
        for j in range(head.title_index + 1, head.byline_index):
            text = lines[j].text
            if text == head.title or _TERMINAL_STOP.search(text) or is_name(text):
                continue
            if word_count(text) <= 25 and not _DATE_LINE.fullmatch(text):
                head.captions.append(text)
                head.caption_indexes.append(j)
    return head
