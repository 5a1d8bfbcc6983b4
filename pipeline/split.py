"""Split the head of a page into title, section, byline/authors and captions.

Works on the lines around the start of the body that `boilerplate.classify` chose. Whatever
is taken as title, byline or caption is removed from the body (stage "split"), since the model
may have kept a headline or a "By ..." line as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import methodcaller
from urllib.parse import unquote, urlsplit

from pipeline.byline import (
    author_box,
    bare_name_byline,
    is_dateline,
    is_name,
    name_then_date,
    parse_byline,
    split_authors,
)
from pipeline.byline import clear_caches as byline_clear_caches
from pipeline.lexicon import NOT_TITLE_FIRST_WORDS, STOPWORDS
from pipeline.segment import Line
from pipeline.textmodel import is_drop_line, is_stop_marker, word_count
from pipeline.title_shape import clear_caches as shape_clear_caches
from pipeline.title_shape import head_context, shape_penalty, split_glued_byline

STAGE = "split"

# How far above the first body line the title may stand. Pages put a dek, a byline, a
# date, share buttons and a lead image caption between them; 25 lines covers that in soup
# renderings (one line per text node) without reaching back into the site menu too often.
TITLE_LOOKBACK = 25
# Title length bounds in words: one-word lines are menu items, and a 30-word line is a dek.
TITLE_MIN_WORDS, TITLE_MAX_WORDS = 2, 30
# Body lines (from the start of the body) that may still be head matter the model kept.
HEAD_LOOKAHEAD = 4
# Lines below the title searched for a byline (dek, image and caption may come first; w3m and
# browser renderings also put a dozen share buttons there, so an explicit "By" line is looked
# for further, see find_head).
BYLINE_LOOKAHEAD = 8
BY_LOOKAHEAD = 20
# Lines above the first body line searched for a bare "name + date" byline.
ABOVE_BODY = 4
# Lines above the headline searched for a bare name with a date or reading time next to it
# (an author block printed before the headline, with sign-in and publish buttons around it).
ABOVE_TITLE = 12
_WORD = re.compile(r"\w+")

_TERMINAL_STOP = re.compile(r"[.;:,]\s*$")
# "... Underneath N.Y.C.", "... in the U.S.": a headline may end in an abbreviation's period.
_ABBREV_END = re.compile(r"(?:\b[A-Z]\.){2,}\s*$")
# Photo credits inside a line ("... | Foto: Reuters", "Image: Jane Doe / Agency").
_CREDIT = re.compile(r"\b(?:photo|foto|image|credit|bild|imagen|source|quelle)s?\s*:", re.IGNORECASE)
# A photographer/agency credit closing a caption: "Benoit Tessier/Reuters", "JIM WATSON/AFP".
_AGENCY_CREDIT = re.compile(r"(?:\b[A-Z][a-z]+ [A-Z][a-z]+|\b[A-Z]{2,} [A-Z]{2,})/[A-Z][\w/ ]*$"
                            r"|\bGetty Images\s*$")
# A paragraph this long right above a heading-shaped line makes it a subheading of the article:
# a headline has the menu, breadcrumb or date above it, not running prose.
PROSE_ABOVE_WORDS = 20
_CODEISH = re.compile(r"</?[a-z][^>]*>|[{};]\s*$|\w\(.*\)\s*;")
_CRUMB_SEPS = (" > ", " » ", " › ", " / ")
# A URL slug ("/2015/03/this-api-is-so-fetching/", "/wiki/New_Zealand") is the headline in
# other words: its weight in the title score, and the longest line distance a candidate
# that matches it well (SLUG_FAR_DICE) may stand above the body (menus and a video player
# can push the headline far up, beyond TITLE_LOOKBACK).
SLUG_WEIGHT, SLUG_FAR_DICE, SLUG_FAR_LOOKBACK = 2.5, 0.6, 150
_SLUG_SPLIT = re.compile(r"[\W_]+")
_FILE_EXT = re.compile(r"\.[a-z]{2,5}$", re.IGNORECASE)
# How far above the body an explicit "By ..." line is looked for as a second place the headline
# stands next to: a video player, a photo gallery or a dozen share buttons can sit between the
# article head and its first paragraph, pushing the headline beyond TITLE_LOOKBACK.
BY_ANCHOR_LOOKBACK = 150
# A dropdown or disclosure caret ("Services ▾", "Sections ▼"): a menu toggle, never a headline.
_MENU_GLYPHS = "▾▼▿⌄˅⯆▸►▶"
_QUOTES = "\"'“”‘’«»„"


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


def clear_caches() -> None:
    byline_clear_caches()
    shape_clear_caches()
    _heading_text.cache_clear()
    _own_score.cache_clear()


def _headingish(line: Line) -> bool:
    return not line.bullet and _heading_text(line.text)


@lru_cache(maxsize=8192)
def _heading_text(text: str) -> bool:
    """`_headingish` of a line that is not a list item: a function of the text alone, cached
    since find_head asks about ~45 lines per page and a site's head lines recur."""
    words = word_count(text)
    if not TITLE_MIN_WORDS <= words <= TITLE_MAX_WORDS:
        return False
    if (_TERMINAL_STOP.search(text) and not _ABBREV_END.search(text)) \
            or text.endswith(("...", "…")):
        return False
    if is_stop_marker(text) or is_drop_line(text) or parse_byline(text):
        return False
    return not (words <= 8 and is_dateline(text))


def url_words(url: str | None) -> frozenset[str]:
    """Content words of a URL's slug, the path segment with the most words; empty when the
    slug has fewer than two (an id, "index.html", a bare domain)."""
    if not url:
        return frozenset()
    best: list[str] = []
    for seg in urlsplit(url).path.split("/"):
        toks = [t for t in _SLUG_SPLIT.split(_FILE_EXT.sub("", unquote(seg)).casefold()) if t]
        if len(toks) > len(best):
            best = toks
    # Ids and dates ("fb39f4f701bb", "1284029577") say nothing about the headline.
    words = frozenset(t for t in best if len(t) > 2 and t not in STOPWORDS
                      and not any(c.isdigit() for c in t))
    return words if len(words) >= 2 else frozenset()


def _content(text: str) -> list[str]:
    return [t for t in _WORD.findall(text.casefold()) if t not in STOPWORDS and len(t) > 2]


def _same_word(a: str, b: str) -> bool:
    # Slugs are cut short ("gamings-riche") and drop apostrophes ("gaming's" -> "gamings").
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


def slug_match(content: list[str], slug: frozenset[str]) -> float:
    """Dice overlap of a line's content words with the URL slug's words (0 without a slug)."""
    if not slug or not content:
        return 0.0
    hit_c = sum(any(_same_word(t, s) for s in slug) for t in content)
    hit_s = sum(any(_same_word(t, s) for t in content) for s in slug)
    return (hit_c + hit_s) / (len(content) + len(slug))


def _doubled(text: str) -> bool:
    """The same words twice in a row, with or without a space between the copies."""
    half = len(text) // 2
    return len(text) >= 8 and (text[:half] == text[half:]
                               or (text[half] == " " and text[:half] == text[half + 1:]))


@lru_cache(maxsize=4096)
def _own_score(text: str) -> float:
    """The part of `_title_score` that depends on the line's text alone (its first terms, in
    the same order, so the sum is the same float)."""
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
    return score + shape_penalty(text)  # a button, share bar, credit, code (title_shape)


def _title_score(lines: list[Line], j: int, anchors: tuple[int, ...], body_words: set[str],
                 repeated: Callable[[str], bool], slug: frozenset[str] = frozenset(),
                 texts: list[str] | None = None) -> float:
    """How much line j looks like the article's headline (higher is better); `texts`, if
    given, is the text of every line (find_head makes it once per page)."""
    text = lines[j].text
    words = word_count(text)
    score = _own_score(text)
    if j + 1 < len(lines) and _headingish(lines[j + 1]) and \
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
        near = (texts if texts is not None else [line.text for line in lines])[lo:hi]
        # list.count and filter(methodcaller) scan the window in C; the few lines that end
        # with the text are then checked as before.
        if near.count(text) > 1 or (words >= 3 and any(
                len(other) > len(text) and not other[:-len(text)].rstrip().endswith(":")
                and not parse_byline(other) for other in filter(methodcaller("endswith", text), near))):
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
    return score + head_context(lines, j, anchors)


def _glued_prefix(lines: list[Line], j: int, lo: int, hi: int) -> str | None:
    """The breadcrumb glued in front of the title on another line ("News | Title"), if any."""
    text = lines[j].text
    for k in range(lo, hi):
        other = lines[k].text
        if k != j and other.endswith(text) and len(other) > len(text):
            prefix = other[: -len(text)].strip(" |>»/-–—:")
            if 0 < word_count(prefix) <= 6:
                return prefix
    return None


def _worded_above(lines: list[Line], body_start: int, stop: int) -> list[int]:
    """The ABOVE_BODY lines with letters right above the body, nearest first: like and comment
    counts ("158", "52") between the byline and the first paragraph do not count."""
    found: list[int] = []
    j = body_start - 1
    while j >= stop and len(found) < ABOVE_BODY:
        if any(map(str.isalpha, lines[j].text)):
            found.append(j)
        j -= 1
    return found


def _byline_above(lines: list[Line], start: int) -> int | None:
    """Index of the nearest explicit "By ..." line above `start` (within BY_ANCHOR_LOOKBACK)."""
    for j in range(start - 1, max(-1, start - 1 - BY_ANCHOR_LOOKBACK), -1):
        if not lines[j].bullet and parse_byline(lines[j].text):
            return j
    return None


def _never(_: str) -> bool:
    return False


def find_head(lines: list[Line], body_start: int, body_words: set[str] | None = None,
              core_start: int | None = None, repeated: Callable[[str], bool] = _never,
              url: str | None = None) -> Head:
    """Title, section, byline and captions around `body_start` (index of the first body line).

    `body_words` are the folded words of the first body paragraphs (to recognise the headline);
    `core_start` is where the densest prose run starts, a second anchor for pages whose first
    kept line is an early stray; `repeated` says whether a line recurs across the site's pages;
    `url` is the page's address, whose slug often repeats the headline.
    """
    head = Head()
    anchors = (body_start,) if core_start is None or core_start == body_start \
        else (body_start, core_start)
    hi = min(len(lines), max(anchors) + HEAD_LOOKAHEAD)
    windows = {j for a in anchors
               for j in range(max(0, a - TITLE_LOOKBACK), min(len(lines), a + HEAD_LOOKAHEAD))}
    lo = min(windows) if windows else 0
    by_anchor = _byline_above(lines, max(anchors))
    title_anchors = anchors
    if by_anchor is not None:
        # The headline stands right above its byline: look there too, however far up.
        windows.update(range(max(0, by_anchor - TITLE_LOOKBACK), by_anchor))
        title_anchors = (*anchors, by_anchor)
    cands = [j for j in sorted(windows) if _headingish(lines[j])]
    slug = url_words(url)
    if slug:
        top = min(anchors)
        seen = set(cands)
        cands += [j for j in range(max(0, top - SLUG_FAR_LOOKBACK), top) if j not in seen
                  and _headingish(lines[j]) and slug_match(_content(lines[j].text), slug) >= SLUG_FAR_DICE]
    if cands:
        bw = body_words or set()
        texts = [line.text for line in lines]
        head.title_index = max(cands, key=lambda j: (
            _title_score(lines, j, title_anchors, bw, repeated, slug, texts), -j))
        head.section = _glued_prefix(lines, head.title_index, lo, hi)
    glued_byline = None
    if head.title_index is not None:
        title_line, glued_byline = split_glued_byline(lines[head.title_index])
        head.title = title_line
        if head.section is None and "|" in title_line:
            left, _, right = title_line.partition("|")
            if 0 < word_count(left) <= 3 and word_count(right) >= TITLE_MIN_WORDS:
                head.section, head.title = left.strip(), right.strip()
        body_start = min(a for a in anchors if a > head.title_index) \
            if any(a > head.title_index for a in anchors) else body_start
        hi = min(len(lines), body_start + HEAD_LOOKAHEAD)

    start = head.title_index + 1 if head.title_index is not None else lo
    window = range(start, min(hi, start + BYLINE_LOOKAHEAD))
    for j in window:
        byline = parse_byline(lines[j].text) or name_then_date(lines[j].text)
        if byline:
            head.byline, head.byline_index = byline, j
            break
    title_words = set(_WORD.findall((head.title or "").casefold()))
    if head.byline is None:
        # A bare name only when no explicit byline is near: next to "By STEVEN DOE JULY 29",
        # a name-shaped line above it is a column name ("Deal Professor"). Below the title,
        # or right above the first paragraph when the headline stands far up (a video player
        # or a teaser rail between them).
        near = [*window[:3], *_worded_above(lines, body_start, start)]
        for j in near:
            # A name that is in the headline is who the story is about, not its author.
            if bare_name_byline(lines, j) \
                    and not set(_WORD.findall(lines[j].text.casefold())) <= title_words:
                head.byline, head.byline_index = lines[j].text, j
                break
    if head.byline is None:
        # No byline under the title (or no title): an explicit "By ..." line near the top of
        # the body is still strong evidence; bare names are not, far from a headline.
        top = hi - 1 if head.title_index is None else min(len(lines) - 1, head.title_index + BY_LOOKAHEAD)
        for j in range(top, max(0, body_start - TITLE_LOOKBACK) - 1, -1):
            byline = parse_byline(lines[j].text)
            if byline:
                head.byline, head.byline_index = byline, j
                break
    if head.byline is None and head.title_index is not None:
        # An author block above the headline (avatar, name, "14 min read"): the name counts
        # with a date or reading time next to it, as under the title. Above the first copy
        # when the headline is printed twice.
        first = next(k for k in range(max(0, head.title_index - ABOVE_TITLE), head.title_index + 1)
                     if lines[k].text == lines[head.title_index].text)
        for j in range(first - 1, max(-1, first - 1 - ABOVE_TITLE), -1):
            if bare_name_byline(lines, j) \
                    and not set(_WORD.findall(lines[j].text.casefold())) <= title_words:
                head.byline, head.byline_index = lines[j].text, j
                break
    if head.byline is None and (box := author_box(lines, body_start)) is not None:
        head.byline, head.byline_index = lines[box].text, box
    if head.byline is None and glued_byline:
        head.byline = glued_byline  # on the title's line, which the title stage removes
    if head.byline:
        tokens = head.byline.split()
        half = len(tokens) // 2
        if half and tokens[:half] == tokens[half:]:
            # "Jane Doe Jane Doe": w3m prints the author's photo alt text and link text
            head.byline = " ".join(tokens[:half])
        head.authors = split_authors(head.byline)
        if len(head.authors) > 1 and all(map(is_name, head.authors)):
            # "By Jane Doe and John Smith": several people, given as a list like the page's
            # metadata gives them
            head.byline = ", ".join(head.authors)
    # Captions sit between the headline and a byline in the head, not above an author box.
    if head.byline_index is not None and head.title_index is not None and head.byline_index < hi:
        for j in range(head.title_index + 1, head.byline_index):
            text = lines[j].text
            if text == head.title or _TERMINAL_STOP.search(text) or is_name(text):
                continue
            if word_count(text) <= 25 and not is_dateline(text):
                head.captions.append(text)
                head.caption_indexes.append(j)
    return head
