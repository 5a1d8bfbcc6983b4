"""What a headline is not: the text-only shapes that find_head's title score holds against a line.

split._own_score rates a line's length and its older furniture signs; these are the lines that
still won the head in flattened pages (other sites' buttons, share bars, sign-up prompts, photo
credits, program code, a byline with its outlet). Each is a function of the text alone, so
the verdict is cached per line text like _own_score. The words live in pipeline.lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.byline import bare_name_byline, is_name, parse_byline
from pipeline.lexicon import (
    COPULAS,
    COPYRIGHT_NOTICE,
    CREDIT_LABELS,
    CREDIT_PHRASES,
    CTA_ALWAYS,
    CTA_SHORT_VERBS,
    CTA_TAILS,
    LABEL_FIRST_WORDS,
    LINK_ARROWS,
    ROLE_MODIFIERS,
    ROLE_WORDS,
    SHARE_WORDS,
    SHARE_WORDS_CJK,
    STOPWORDS,
    UI_PHRASES,
)
from pipeline.segment import Line
from pipeline.textmodel import has_cjk, word_count

# What each shape costs in the title score: as much as the older furniture signs of
# _own_score (a "Share via Email" first word, a credit), enough to put a real headline of
# the head ahead of it, not so much that a page with no other candidate keeps no title.
SHAPE_PENALTY = 2.0
# A job line under an author's name is short: "Senior Contributor", "Jane Doe Staff Writer".
ROLE_LINE_WORDS = 6
# A headline has at least this many words (as split.TITLE_MIN_WORDS).
TITLE_MIN_WORDS = 2
# Calls to action with a verb of CTA_SHORT_VERBS have at most this many words.
CTA_MAX_WORDS = 4
# A CJK button is short: "シェアする", "分享到微信".
CJK_BUTTON_CHARS = 8

# The label of a tag list stands in the line's first characters ("Filed to:", "Related post:").
LABEL_CHARS = 25
_ROLES = ROLE_WORDS | ROLE_MODIFIERS
_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _phrases(entries: tuple[str, ...]) -> re.Pattern[str]:
    # Whole words: "newsletter" must not fire inside "newsletters", nor "new tab" in "new table".
    # Matched against folded text: a case-sensitive pattern runs several times faster.
    alts = "|".join(re.escape(e.casefold()) for e in sorted(entries, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


_UI = _phrases(UI_PHRASES)
_CREDITS = _phrases(CREDIT_PHRASES)
_UI_OR_CREDIT = _phrases(UI_PHRASES + CREDIT_PHRASES)  # one scan where either will do
_GLUED_CREDIT = re.compile(rf"^(?:{'|'.join(CREDIT_LABELS)})(?=[A-Z])")
# Program code shown as text. One strong sign is enough (braces, markup tags, "=>", a call
# followed by ";" or "{", a "//" comment); weaker ones (command-line flags, file names,
# " = ") need two, since a headline may say "Depth = Quality + Frequency" or "index.html".
_CODE_STRONG = re.compile(
    r"[{}]|</?[a-z][\w:-]*(?:\s[^>]*)?/?>|=>|[=!]==?(?=\s)|&&|\|\|"
    r"|^\s*(?://|/\*|#include|#!|\$ |>>> )|\w\([^)]*\)\s*[;{]|\bfunction\s*\(")
_CODE_WEAK_CHARS = re.compile(r"[-.=_(]")
_CODE_WEAK = (
    re.compile(r"(?:^|\s)--?[A-Za-z][\w-]*"),  # "-O3", "--help"
    re.compile(r"\b\w+\.(?:c|h|js|ts|py|rb|go|rs|java|cpp|wasm|json|sh|css|html?)\b"),
    re.compile(r"\s=\s"),
    re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z]\w*\("),  # snake_case, camelCase(
)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def is_call_to_action(text: str, tokens: list[str] | None = None) -> bool:
    """A button or link label: "SHOP NOW >", "Learn More", "Click on text in red for notes"
    (`tokens`: the folded words of the text, if the caller has them)."""
    stripped = text.rstrip()
    if stripped and stripped[-1] in LINK_ARROWS:
        return True
    tokens = _tokens(text) if tokens is None else tokens
    if not tokens:
        return False
    if tokens[0] in CTA_ALWAYS:
        return True
    if len(tokens) > CTA_MAX_WORDS:
        return False
    if tokens[0] in CTA_SHORT_VERBS or (len(tokens) <= 3 and tokens[-1] in CTA_SHORT_VERBS):
        return True
    return len(tokens) >= 2 and tokens[-1] in CTA_TAILS and stripped.endswith("!")


def is_share_bar(text: str, tokens: list[str] | None = None) -> bool:
    """Share buttons in a row ("Facebook Twitter Email") or a CJK share button ("シェアする")."""
    if has_cjk(text):
        core = text.strip()
        return len(core) <= CJK_BUTTON_CHARS and core.startswith(SHARE_WORDS_CJK)
    tokens = _tokens(text) if tokens is None else tokens
    social = sum(t in SHARE_WORDS for t in tokens)
    return social >= 2 and 2 * social >= len(tokens)


def is_interface_text(text: str) -> bool:
    """Interface text or a sign-up prompt: "(Opens in new window)", "delivered to your inbox"."""
    return _UI.search(text.casefold()) is not None


def is_credit(text: str) -> bool:
    """A photo credit or caption label: "CreditPhoto Illustration by ...", "Submitted photo"."""
    return bool(_GLUED_CREDIT.match(text) or _CREDITS.search(text.casefold())
                or COPYRIGHT_NOTICE.match(text))


def is_label_line(text: str) -> bool:
    """A labelled list of tags or links: "Filed to: metroid", "Related post: ...", "Tags: ..."."""
    head, sep, _ = text[:LABEL_CHARS].replace("：", ":").partition(":")
    tokens = _tokens(head)
    return bool(sep and tokens and tokens[0] in LABEL_FIRST_WORDS)


def is_code(text: str) -> bool:
    """A line of program code: "Cow.prototype = { greets: ...", "emcc -O3 add.c -o add.wasm"."""
    if _CODE_STRONG.search(text):
        return True
    if not _CODE_WEAK_CHARS.search(text):
        return False  # none of the weak signs can match: most headlines
    return sum(bool(p.search(text)) for p in _CODE_WEAK) >= 2


def is_name_with_role(text: str) -> bool:
    """An author line with the job after the name: "Jane Doe Senior Contributor"."""
    words = text.split()
    cut = len(words)
    while cut > 0 and words[cut - 1].casefold().strip(",") in _ROLES:
        cut -= 1
    return cut < len(words) and is_name(" ".join(words[:cut]).rstrip(","))


def is_name_with_outlet(text: str) -> bool:
    """A byline without "By": "Tanza Loudenback, Business Insider" (a name, then the outlet)."""
    name, sep, outlet = text.partition(", ")
    if not sep or not is_name(name):
        return False
    words = outlet.split()
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words)


@lru_cache(maxsize=4096)
def shape_penalty(text: str) -> float:
    """What the title score takes off a line for looking like one of the shapes above."""
    folded = text.casefold()
    tokens = _TOKEN.findall(folded)
    # is_interface_text and is_credit's phrases in one scan of the folded text
    if is_call_to_action(text, tokens) or is_share_bar(text, tokens) \
            or _UI_OR_CREDIT.search(folded) or _GLUED_CREDIT.match(text) or COPYRIGHT_NOTICE.match(text) \
            or is_code(text) or is_name_with_outlet(text) or is_name_with_role(text) \
            or is_label_line(text):
        return -SHAPE_PENALTY
    return 0.0


# A name the first body lines open with ("In mathematics, a Hermitian matrix is ...", "This
# list of films featuring time loops ..."): the article's subject, said again in its lead.
# Encyclopedias, glossaries and product pages do it; a one-line description under the name or
# a sub-heading does not. Only the first LEAD_CHARS of LEAD_LINES lines count: further in, a
# menu entry ("White House") is as likely to be mentioned.
LEAD_BONUS, LEAD_LINES, LEAD_CHARS, LEAD_MAX_WORDS = 1.0, 3, 80, 8
# Two-word lines count only as the subject of a definition ("A Hermitian matrix is"): a tag
# or section ("Davis Cup", "White House") right above the first paragraph is named in it as
# often as the subject is.
LEAD_MIN_WORDS = 3
# The lead is a sentence around the name, not a longer copy of the line (a table row).
LEAD_MIN_EXTRA = 5
# A table of contents: a heading above the body printed again as a sub-heading inside it,
# within TOC_REACH lines, right under a paragraph of TOC_PROSE_WORDS or more. The penalty
# outweighs split's bonus for a line printed twice.
TOC_REACH, TOC_PROSE_WORDS, TOC_PENALTY = 60, 20, 2.0


_DEFINED = rf"(?=\s*\(|\s+(?:{'|'.join(sorted(COPULAS))})\b)"


def _lead_pattern(text: str, defined: bool) -> re.Pattern[str]:
    # The name as the lead writes it: the same case but for its first letter ("List of films"
    # -> "This list of films"), so a kicker "White house" does not match "the White House";
    # `defined`: followed by a copula or a bracket ("a Hermitian matrix (or ...) is").
    first = re.escape(text[0].upper() + text[0].lower())
    tail = _DEFINED if defined else r"(?!\w)"
    return re.compile(rf"(?<!\w)[{first}]{re.escape(text[1:])}{tail}")


def named_in_lead(lines: list[Line], j: int, anchors: tuple[int, ...]) -> bool:
    """Line j's text opens one of the first prose lines of the body below it (LEAD_BONUS)."""
    text = lines[j].text
    words = word_count(text)
    if not TITLE_MIN_WORDS <= words <= LEAD_MAX_WORDS or text.isupper() \
            or 2 * sum(map(str.isalpha, text)) < len(text):
        return False  # "WHITE HOUSE" is a kicker; "5 | 0.21" a table row
    end = LEAD_CHARS + len(text)
    for a in anchors:
        for k in range(max(a, j + 1), min(len(lines), a + LEAD_LINES)):
            lead = lines[k].text
            # The substring test first: it runs in C and almost always fails.
            if text[1:] in lead[:end] and word_count(lead) >= words + LEAD_MIN_EXTRA \
                    and _lead_pattern(text, words < LEAD_MIN_WORDS).search(lead, 0, end):
                return True
    return False


def _role_line(text: str) -> bool:
    """A short line naming a job ("Senior Contributor", "Jane Doe Staff Writer")."""
    tokens = _tokens(text)
    return len(tokens) <= ROLE_LINE_WORDS and any(t in ROLE_WORDS for t in tokens)


def author_line(lines: list[Line], j: int) -> bool:
    """"Jane Doe" over "9/11/13 10:00AM" or "Senior Contributor": the author, not the headline.
    A Title Case headline is name-shaped too ("The Impeachment Clock" over its byline and date):
    one with a function word, or with a "By ..." line under it, is not taken for a name."""
    text = lines[j].text
    words = text.split()
    # is_name's own bounds and the function-word test first: they turn down most lines cheaply
    if not 2 <= len(words) <= 5 or lines[j].bullet or any(w.casefold() in STOPWORDS for w in words):
        return False
    below = range(j + 1, min(len(lines), j + 3))
    if not (bare_name_byline(lines, j)
            or (is_name(text) and any(_role_line(lines[k].text) for k in below))):
        return False
    return not any(parse_byline(lines[k].text) for k in below)


def toc_entry(lines: list[Line], j: int, anchors: tuple[int, ...]) -> bool:
    """Line j above the body recurs in it as a sub-heading under a paragraph: a table of
    contents entry. (A headline printed twice has its copy in the head or a share block.)"""
    text = lines[j].text
    top = max(anchors)
    if j >= top:
        return False
    for k in range(top + 1, min(len(lines), j + TOC_REACH)):
        if lines[k].text == text and word_count(lines[k - 1].text) >= TOC_PROSE_WORDS:
            return True
    return False


def head_context(lines: list[Line], j: int, anchors: tuple[int, ...]) -> float:
    """The title-score terms of this module that look at the lines around line j."""
    score = 0.0
    if author_line(lines, j):
        score -= SHAPE_PENALTY
    if named_in_lead(lines, j, anchors):
        score += LEAD_BONUS
    if toc_entry(lines, j, anchors):
        score -= TOC_PENALTY
    return score


def clear_caches() -> None:
    shape_penalty.cache_clear()


_GLUED_BY = re.compile(r"\s(?=[Bb]y\s)")


def split_glued_byline(line: Line) -> tuple[str, str | None]:
    """A headline that segment joined with the byline under it ("Title" + "by Jane Doe —
    November 18, 2019": the second line starts lower-case, so it reads as a continuation):
    the headline and the byline's name. Only for joined lines, since a headline of one raw
    line may say "... attacked by John Smith"."""
    text = line.text
    if line.joined < 2:
        return text, None
    for m in reversed(list(_GLUED_BY.finditer(text))):
        head, name = text[:m.start()].rstrip(), parse_byline(text[m.end():])
        if name and word_count(head) >= TITLE_MIN_WORDS:
            return head, name
    return text, None
