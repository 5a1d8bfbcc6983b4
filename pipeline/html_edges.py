"""Trim the edges of the HTML body: a repeated headline at the top, page furniture at the bottom.

trafilatura keeps the article's own headline as its first paragraph when the headline sits
inside the article block; the title is its own field, and neither benchmark's labels count it
as body. At the other end, both runs keep the last lines of the article block even when they are
a comments link, a "Read more:" or "You may also like..." heading whose list was cut, a
newsletter pitch or a contact line. Only the edges are trimmed, a paragraph at a time, and only
lines that read as furniture (the text path's lexicon, pipeline.lexicon): the middle of the body
is the extractors' call.
"""

from __future__ import annotations

import re

from pipeline.html_ensemble import STAGE
from pipeline.lexicon import COPYRIGHT_NOTICE, DROP_LINES, DROP_SUBSTRINGS, STOP_MARKERS
from pipeline.schema import RemovedLine

_WORD = re.compile(r"\w+")
_OUTER_PUNCT = " \t.,:;!?…-–—|·•*#()[]\"'“”‘’«»"
HEADLINE_MAX_WORDS = 40
KICKER_MAX_WORDS = 8  # the headline may follow one short kicker line ("Politics", a date)
HEADLINE_IN_TITLE = 0.9  # share of the paragraph's words that are the title's ...
TITLE_IN_HEADLINE = 0.6  # ... and of the title's words in the paragraph ("Headline | Site")
TAIL_MAX_WORDS = 14  # a furniture line at the end is short; prose there is the article's
TAIL_MAX_LINES = 8  # never trim more than this from the end
# A heading that announces a list which is not there ("See the full list:"), or a cut link
# ("All...", "More..."); a longer line ending in "..." may be a title or the article's last words.
_DANGLING_COLON = re.compile(r":\s*$")
_DANGLING_DOTS = re.compile(r"(?:\.\.\.|…)\s*$")
DOTS_MAX_WORDS = 2
_CONTACT = re.compile(r"^\S+@\S+\.\w+$|^(?:https?://|www\.)\S+$|^(?:twitter\.com/|@)\w+$", re.I)
# Links to other articles, each "Series | Title" or "Title | Site", in a run at the very end: an
# article's own last lines do not share that shape several times over.
_PIPE_TITLE = re.compile(r"\S \| \S")
PIPE_RUN_MIN = 3
_SENTENCE_END = re.compile(r"[.!?。！？]\s*$")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _is_headline(para: str, titles: list[str]) -> bool:
    words = _words(para)
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS:
        return False
    mine = set(words)
    for title in titles:
        theirs = set(_words(title))
        if not theirs:
            continue
        shared = len(mine & theirs)
        if shared >= HEADLINE_IN_TITLE * len(mine) and shared >= TITLE_IN_HEADLINE * len(theirs):
            return True
    return False


def drop_headline(body: list[str], titles: list[str]) -> tuple[list[str], list[RemovedLine]]:
    """Remove the first paragraph that repeats one of `titles` (or the second, after a kicker)."""
    kicker = bool(body) and len(_words(body[0])) <= KICKER_MAX_WORDS
    for i, para in enumerate(body[: 2 if kicker else 1]):
        if len(body) > 1 and _is_headline(para, titles):
            return body[:i] + body[i + 1:], [RemovedLine(para, STAGE, "headline_in_body")]
    return body, []


def _is_furniture(para: str) -> bool:
    words = _words(para)
    if len(words) > TAIL_MAX_WORDS:
        return False
    key = " ".join(para.casefold().split()).strip(_OUTER_PUNCT)
    if (not key or key in STOP_MARKERS or key in DROP_LINES or _CONTACT.match(key)
            or COPYRIGHT_NOTICE.match(key)):
        return True
    if _DANGLING_COLON.search(para) or (len(words) <= DOTS_MAX_WORDS and _DANGLING_DOTS.search(para)):
        return True
    # a list item ("- Sign up for the bundle ...") is the article's own list, not a pitch
    return not para.startswith("- ") and any(s in key for s in DROP_SUBSTRINGS)


def _pipe_title(para: str) -> bool:
    return (len(_words(para)) <= TAIL_MAX_WORDS and _PIPE_TITLE.search(para) is not None
            and _SENTENCE_END.search(para) is None)


def _pipe_run(body: list[str], end: int) -> int:
    """Start of the run of link titles ("Series | Title") that ends at `end`, or `end` if the run
    is shorter than PIPE_RUN_MIN."""
    start = end
    while start > 1 and end - start < TAIL_MAX_LINES and _pipe_title(body[start - 1]):
        start -= 1
    return start if end - start >= PIPE_RUN_MIN else end


def drop_tail_furniture(body: list[str]) -> tuple[list[str], list[RemovedLine]]:
    """Remove furniture lines from the end of the body (at most TAIL_MAX_LINES, never all)."""
    end = len(body)
    while end > 1 and len(body) - end < TAIL_MAX_LINES:
        if _is_furniture(body[end - 1]):
            end -= 1
        elif (start := _pipe_run(body, end)) < end:
            end = start
        else:
            break
    return body[:end], [RemovedLine(p, STAGE, "furniture_at_end") for p in body[end:]]
