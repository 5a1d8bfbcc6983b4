"""find_head's line scores as they were before feat-text-speed2 (pipeline.split): the
reference that the cached, C-scanning forms must equal exactly.

A deliberate change of a rule there changes this copy in the same commit: the test guards
rewrites for speed, not the rules themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.byline import is_dateline, name_then_date, parse_byline
from pipeline.lexicon import NOT_TITLE_FIRST_WORDS
from pipeline.segment import Line
from pipeline.split import (
    _ABBREV_END,
    _AGENCY_CREDIT,
    _CODEISH,
    _CREDIT,
    _CRUMB_SEPS,
    _MENU_GLYPHS,
    _QUOTES,
    _TERMINAL_STOP,
    _WORD,
    PROSE_ABOVE_WORDS,
    SLUG_WEIGHT,
    TITLE_LOOKBACK,
    TITLE_MAX_WORDS,
    TITLE_MIN_WORDS,
    _content,
    _doubled,
    slug_match,
)
from pipeline.textmodel import is_drop_line, is_stop_marker, word_count
from pipeline.title_shape import head_context, shape_penalty


def headingish_reference(line: Line) -> bool:
    text = line.text
    words = word_count(text)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS or line.bullet:
        return False
    if (_TERMINAL_STOP.search(text) and not _ABBREV_END.search(text)) \
            or text.endswith(("...", "…")):
        return False
    if is_stop_marker(text) or is_drop_line(text) or parse_byline(text):
        return False
    return not (words <= 8 and is_dateline(text))


def title_score_reference(lines: list[Line], j: int, anchors: tuple[int, ...], body_words: set[str],
                 repeated: Callable[[str], bool], slug: frozenset[str] = frozenset()) -> float:
    """How much line j looks like the article's headline (higher is better)."""
    text = lines[j].text
    words = word_count(text)
    score = 0.0
    if 4 <= words <= 16:
        score += 1.0
    elif words == 3:
        score += 0.4
    elif words <= 2:
        score -= 0.5  # two-word lines are section names and menu entries far more often
    tokens = [t.casefold() for t in _WORD.findall(text)]
    if (tokens and tokens[0] in NOT_TITLE_FIRST_WORDS) or _CREDIT.search(text) \
            or _AGENCY_CREDIT.search(text):
        score -= 2.0  # "Image: ...", "Share via Email", "Next story", "... | Foto: Reuters"
    if 2 * sum(map(str.isalpha, text)) < len(text) - text.count(" "):
        score -= 2.0  # mostly numbers: a table row or a score line, never a headline
    elif len(tokens) >= 3 and 2 * sum(len(t) == 1 for t in tokens) >= len(tokens):
        score -= 2.0  # mostly one-letter tokens: a formula ("A ⟺ a i j = a j i"), not a headline
    if text.count("(") != text.count(")"):
        score -= 1.5  # a bracket opened or closed on another line: code, or a broken sentence
    if sum(map(text.count, _CRUMB_SEPS)) >= 2:
        score -= 1.5  # "Home > Science > Article": a breadcrumb path, the headline's parents
    if _doubled(text):
        score -= 1.5  # "Example NewsExample News": a logo's alt text glued to its link text
    if text[-1] in _MENU_GLYPHS or text[0] in _MENU_GLYPHS:
        score -= 2.0  # "Services ▾": a menu that opens
    if text[0] in "([<{^" or _CODEISH.search(text):
        # "(See the end of the work for notes.)", '^ "Footnote"', markup shown as text
        score -= 2.0
    elif text[0] in _QUOTES and text[-1] in _QUOTES:
        score -= 1.0  # a pull quote; quoted headlines exist, but pull quotes are commoner
    score += shape_penalty(text)  # feat-text-title: buttons, share bars, credits, code
    if j + 1 < len(lines) and headingish_reference(lines[j + 1]) and \
            word_count(lines[j + 1].text) >= words and not name_then_date(lines[j + 1].text):
        score += 0.5  # a headline followed by its (longer) dek; the dek itself gets no bonus
    content = _content(text)
    if content:
        # A headline is about the article: its content words recur in the first paragraphs,
        # while menu entries and "Next story" links do not.
        score += 2.0 * sum(t in body_words for t in content) / len(content)
    score += SLUG_WEIGHT * slug_match(content, slug)
    for k in range(j + 1, min(len(lines), j + 6)):
        nxt = lines[k].text
        if len(nxt) > len(text) and nxt.endswith(text) and parse_byline(nxt):
            # "By Jane Doe March 11, 2015 Good Morning America": the outlet printed after the
            # byline, and as the site's name above the headline
            score -= 1.5
            break
        if parse_byline(nxt):
            # headline, then "By ...": the usual article head, and rarer under teaser links
            # than a date is
            score += 1.5
            break
        if name_then_date(nxt) or is_dateline(nxt):
            score += 1.0  # headline, then name and date or a date line
            break
    if words >= 2:
        lo, hi = max(0, j - 40), j + 40
        if sum(1 for line in lines[lo:hi] if line.text == text) > 1 or (words >= 3 and any(
                line.text.endswith(text) and len(line.text) > len(text)
                and not line.text[:-len(text)].rstrip().endswith(":")
                and not parse_byline(line.text) for line in lines[lo:hi])):
            # Printed twice (page heading and share block), or glued behind a breadcrumb: the
            # strongest single sign of a headline, worth more than a byline below it. Not
            # behind "Kicker: ": that line is the whole headline, and this its second part;
            # not behind "By Jane Doe March 11": that is the site name after the byline.
            # Two words glued behind a line are a link's object ("Learn more about Page
            # Inspector"), so a two-word headline must be printed twice on its own.
            score += 1.5
    for k in range(max(0, j - 2), j):
        above = lines[k].text
        if word_count(above) >= PROSE_ABOVE_WORDS and above[-1] in ".!?\"”’)":
            score -= 1.0
            break
    if repeated(text):
        score -= 2.0  # on many pages of the site: furniture, not this page's headline
    # Farther from the body is less likely, but a long head (dek, byline, date, share
    # buttons, image credit) is normal: 0.04 per line makes 25 lines cost one point.
    # capped: a far candidate (one the URL slug matches) pays no more than the window edge
    dist = min(TITLE_LOOKBACK, *(abs(a - j) for a in anchors))
    score -= 0.04 * dist
    if all(j >= a for a in anchors):
        score -= 0.5  # the model kept it as text: more often a subheading than the title
    score += head_context(lines, j, anchors)  # feat-text-title: author line, lead, contents
    return score
