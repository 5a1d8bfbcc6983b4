"""Bylines of a flattened page: "By ..." lines, name-and-date lines, bare author names.

Pure functions of a line's text (memoised: the same head lines are asked about several times
per page, and a site's furniture lines on every page), used by `split.find_head`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lexicon import (
    ABOUT_AUTHOR_MARKERS,
    AGO_AFTER,
    AGO_BEFORE,
    AUTHOR_JOINERS,
    BYLINE_PREFIXES,
    MONTHS,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    NOT_TITLE_FIRST_WORDS,
    ROLE_WORDS,
)
from pipeline.segment import Line
from pipeline.textmodel import fold, word_count

_PREFIX = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in sorted(BYLINE_PREFIXES, key=len, reverse=True))
    + r")(?:\s*:\s*|\s+)(?P<rest>.+)$",
    re.IGNORECASE,
)
# Where a byline's name part ends: a date, a separator, a role, a handle, a time.
_LONG_MONTHS = "|".join(sorted(m for m in MONTHS if len(m) > 3))
_NAME_END = re.compile(
    r"\s*(?:[|•·—–]|\b(?:" + _LONG_MONTHS + r")\b|\s-\s"
    r"|,\s*(?:staff|senior|special|chief|associate|contributing)\b|\bon\s+\w+\s+\d"
    r"|\bupdated\b|\bpublished\b|\bposted\b|@|\d|\bfollow\b|\(|\bfor\s+(?:the\b|(?-i:[A-Z]))"
    r"|,\s*(?:a|an|the)\s|\s(?:" + "|".join(AGO_BEFORE) + r")\s+\d)",
    re.IGNORECASE,
)
# What may follow a name on a byline line besides a date: "on Mar 27", "před 2 hodinami",
# "3 hours ago".
_AGO = re.compile(r"^\s*(?:(?:" + "|".join(AGO_BEFORE) + r")\s+\d|\d+\s+\w+\s+(?:"
                  + "|".join(AGO_AFTER) + r")\b|on\s+(?:" + "|".join(sorted(MONTHS)) + r")\b\.?\s*\d)",
                  re.IGNORECASE)
# Longest byline line: a "By" line may go on with the author's bio ("By Jane Doe, a deputy
# editor ... She has covered ..."), but the name part itself is short.
BYLINE_MAX_CHARS, NAMES_MAX_CHARS = 400, 100
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-Я][\w'’.\-]*$")
_DATE_LINE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b")
_INNER_BY = re.compile(r"\s(?:by|By|BY|von|par|por|door)\s+")
# Chinese and Japanese meta lines name the author or editor after a label and a colon, often
# mid-line ("2017-03-10 来源：X 作者：责任编辑：Y"); the name is two to four ideographs.
CJK_BYLINE_LABELS = ("作者", "责任编辑", "責任編輯", "编辑", "編輯", "记者", "記者", "撰文", "文")
CJK_META_MAX_CHARS = 120
_CJK_LABEL = "(?:" + "|".join(CJK_BYLINE_LABELS) + ")"
_CJK_BYLINE = re.compile(_CJK_LABEL + r"\s*[:：︱]\s*(?!" + _CJK_LABEL
                         + r")([\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])")
# "5 min read", "Lesezeit: 4 Minuten": article-head metadata that sits next to the author.
READ_TIME = re.compile(r"\b\d+\s*(?:min(?:ute)?s?|minuten)\b.{0,12}$|lesezeit|reading time",
                       re.IGNORECASE)
# A paragraph that opens with the time of publication ("1:39 PM ET The once-ubiquitous ...").
LEADING_TIME = re.compile(r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)\b", re.IGNORECASE)


def clear_caches() -> None:
    """Forget the memoised line predicates (for cold-cache speed measurements)."""
    for fn in (is_name, parse_byline, is_dateline, name_then_date, _about_author):
        fn.cache_clear()


@lru_cache(maxsize=4096)
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
    return [n for n in names if n and (is_name(n) or (len(n.split()) == 1 and n[:1].isupper()))]


@lru_cache(maxsize=4096)
def parse_byline(text: str) -> str | None:
    """The byline shown on a line ("By Jane Doe | Staff" -> "Jane Doe"), or None."""
    if len(text) > BYLINE_MAX_CHARS:
        return None
    if not text.isascii() and len(text) <= CJK_META_MAX_CHARS:
        cjk = _CJK_BYLINE.search(text)
        if cjk:
            return cjk.group(1)
    m = _PREFIX.match(text)
    if m:
        rest = m.group("rest")
    else:
        # "on March 10, 2015 by Jane Doe": a short meta line with "by" after a date.
        inner = _INNER_BY.search(text)
        if inner is None or len(text) > 100 or not is_dateline(text[:inner.start()] or "x"):
            return None
        rest = text[inner.end():]
    cut = _NAME_END.search(rest)
    if cut and cut.start() > 0:
        rest = rest[:cut.start()]
    rest = rest.strip(" ,;:")
    if len(rest) > NAMES_MAX_CHARS:
        return None
    rest = _cut_role(rest)
    authors = split_authors(rest)
    if not authors:
        return None
    # Accept only when the names cover the rest: "By the way, ..." is prose, not a byline.
    if sum(len(a) for a in authors) < 0.6 * len(rest.replace(" and ", "").replace(",", "")):
        return None
    return rest


def _cut_role(rest: str) -> str:
    """"Jane Doe Example Contributor" -> "Jane Doe": the name before a job title (and the site
    name in front of it); `rest` unchanged when it has no job title."""
    tokens = rest.split()
    for k in range(min(len(tokens) - 1, 5), 1, -1):
        if any(t.casefold().strip(".,") in ROLE_WORDS for t in tokens[k:k + 2]):
            name = " ".join(tokens[:k])
            if is_name(name):
                return name
    return rest


@lru_cache(maxsize=4096)
def is_dateline(text: str) -> bool:
    """A short line with a date: numbers with a month name, a numeric date, or a time.

    "Iran november 2019 protests" (a caption) has a month and a year but no day: not a date.
    """
    if word_count(text) > 14:
        return False
    if _DATE_LINE.search(text):
        return True
    words = [w.casefold().strip(".,") for w in text.split()]
    for i, w in enumerate(words[:8]):
        if w in MONTHS:
            near = words[max(0, i - 1):i] + words[i + 1:i + 2]
            if any(n.isdigit() and len(n) <= 2 for n in near):
                return True
    return False


def bare_name_byline(lines: list[Line], j: int) -> bool:
    """A bare name under the headline is the author only with a date or a reading time next
    to it: alone, a name-shaped line is as often a section ("Deal Professor"), a person the
    story is about, or a link ("View Photos"), and those made most false bylines.
    """
    line = lines[j]
    text = line.text
    if line.bullet or word_count(text) > 4 or not is_name(text):
        return False
    if text.split()[0].casefold() in NOT_TITLE_FIRST_WORDS:
        return False
    near = [lines[k].text for k in (j - 1, j + 1, j + 2) if 0 <= k < len(lines)]
    return any(is_dateline(t) or READ_TIME.search(t) or LEADING_TIME.match(t) for t in near)


@lru_cache(maxsize=4096)
def name_then_date(text: str) -> str | None:
    """"Jane Doe — 2013-09-29" or "Jane Doe | March 3": the name part of a name-date line."""
    m = _NAME_END.search(text)
    if m is None or m.start() == 0:
        return None
    name = text[:m.start()].strip(" ,;:")
    tail = text[m.start():]
    return name if is_name(name) and is_time_note(tail) else None


def is_time_note(text: str) -> bool:
    """A date or a relative time ("3 hours ago", "před 2 hodinami"), as under a byline."""
    return is_dateline(text) or _AGO.match(text) is not None


@lru_cache(maxsize=8192)
def _about_author(text: str) -> bool:
    """A short line that is an "About the author" heading (cached: author_box asks about every
    short line below the body start, and most of them recur across a site's pages)."""
    return fold(text) in ABOUT_AUTHOR_MARKERS


def author_box(lines: list[Line], start: int) -> int | None:
    """Index of the name under an "About the author" heading at or after `start`, or None."""
    for j in range(start, len(lines) - 1):
        if len(text := lines[j].text) < 40 and _about_author(text):
            for k in range(j + 1, min(len(lines), j + 3)):
                text = lines[k].text
                if not lines[k].bullet and word_count(text) <= 5 and is_name(text):
                    return k
            return None
    return None
