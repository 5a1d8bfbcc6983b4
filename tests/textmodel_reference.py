"""The line features of the text model as they were before the speed work (pipeline.textmodel
before feat-text-speed): the reference the faster `_text_features` must equal exactly.

A deliberate change of a rule there changes this copy in the same commit: the test guards
rewrites for speed, not the rules themselves.
"""

from __future__ import annotations

import math

from pipeline.lexicon import CJK_PARTICLES, DROP_LINES, MONTHS, STOP_MARKERS
from pipeline.textmodel import (
    _CJK,
    _COUNTED_HEADING,
    _DATE,
    _DROP_SUBSTRING,
    _EDGE_CHARS,
    _ELLIPSIS,
    _FIRST_CHAR,
    _IS_STOPWORD,
    _SEPARATOR_CHARS,
    _TERMINAL,
    _URLISH,
    has_cjk,
)


def fold(text: str) -> str:
    return text.casefold().strip(_EDGE_CHARS)


def is_stop_marker(text: str) -> bool:
    if len(text) >= 60:
        return False
    folded = fold(text)
    if folded in STOP_MARKERS:
        return True
    return (folded[:1].isdigit() or folded.startswith("there are")) \
        and _COUNTED_HEADING.match(folded) is not None


def is_drop_line(text: str) -> bool:
    if len(text) > 200:
        return False
    folded = text.casefold()
    return folded.strip(_EDGE_CHARS) in DROP_LINES or _DROP_SUBSTRING.search(folded) is not None


def text_features_reference(full: str, words: float) -> tuple[float, ...]:
    """The features that depend on the line's text only (all but bullet, block size, joined).

    Cached: navigation, footer and teaser lines recur on every page of a site, so a batch
    scores most of them once. Long lines are prose and hardly recur, and they skip the
    lexicon and URL checks below, which only ever fire on short lines.
    """
    tail = full[-8:]
    # Share features are measured on the first 300 characters: a longer line is prose or a
    # table row either way, and scanning whole paragraphs cost more than everything else.
    text = full[:300]
    tokens = text.split()
    n_tok = len(tokens)
    cjk = len(_CJK.findall(text)) if has_cjk(text) else 0
    folded = text.casefold()
    if cjk:
        stop_share = sum(1 for ch in text if ch in CJK_PARTICLES) / max(cjk, 1) * 3
    else:
        # Whitespace split, not a regex: a stopword is rarely glued to punctuation.
        ws = folded.split()
        stop_share = sum(map(_IS_STOPWORD, ws)) / max(len(ws), 1)
    firsts = "".join(map(_FIRST_CHAR, tokens))  # first letters of words
    n_alpha = sum(map(str.isalpha, firsts))
    capital = sum(map(str.isupper, firsts)) / max(n_alpha, 1)
    digits = sum(map(text.count, "0123456789")) / max(len(text), 1)
    terminal = 1.0 if _TERMINAL.search(tail) else 0.0
    short_line = len(full) < 200
    datey = 0.0
    if words <= 12 and (_DATE.search(text) or any(w in MONTHS for w in folded.split()[:6])):
        datey = 1.0
    linkish = 1.0 if words <= 5 and not terminal and capital >= 0.99 else 0.0
    return (
        math.log1p(words),
        math.log1p(len(full)),
        terminal,
        1.0 if _ELLIPSIS.search(tail) else 0.0,
        min(stop_share, 1.0),
        capital,
        digits,
        1.0 if short_line and is_stop_marker(full) else 0.0,
        1.0 if short_line and is_drop_line(full) else 0.0,
        # Only short lines: a link in a paragraph says nothing, and the scan is costly.
        1.0 if short_line and _URLISH.search(full) else 0.0,
        datey,
        min(sum(map(text.count, _SEPARATOR_CHARS)), 5) / 5,
        math.log1p(text.count(". ") + text.count("。")),
        text.count(",") / max(n_tok, 1),
        1.0 if n_tok > 1 and full.isupper() else 0.0,
        linkish,
        cjk / max(len(text), 1),
        1.0 if words < 4 else 0.0,
    )
