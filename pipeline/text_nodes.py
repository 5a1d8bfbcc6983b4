"""Pages written one text node per line -> sentences re-joined, paragraphs set apart.

Scrapers that flatten a page with BeautifulSoup's `get_text("\\n", strip=True)` (or lxml's
`itertext()` joined with newlines) write every text node of the page on a line of its own and
no blank line anywhere: a link, a bold word or a footnote mark inside a sentence cuts the
sentence into three lines ("reported third-quarter" / "earnings" / "that topped estimates"),
and nothing marks where a paragraph ends. Read as is, the article's sentences are scattered
over short lines that look like menu entries, and the blocks the text path relies on (runs of
lines between blank lines) do not exist.

Such a page is recognised by having (almost) no blank line among many lines. Its lines are
re-joined where a text node went on (an indented line: the node had a line break in the page's
source) and where a reader sees one sentence go on:
- the next line starts in lower case or with closing punctuation (", and", ").", "'s"), or a
  bracket opens or closes across the two ("Nikkei 225" / "(" / "N225) declined");
- the line ends in a possessive and a short line follows ("Japan's" / "Nikkei 225");
- a short line (a link: a name, a place) sits between a line that has not ended and a line
  that goes on in lower case ("said" / "Craig Menear" / "in the release."), or closes the
  sentence of a longer line that has not ended ("after the" / "Dutch province of Zeeland.");
- a line is only a separator ("·", "|") between two parts of a line ("Jane Doe · March 10");
- a line is only a byline's lead word ("By", "Von"), or a short label ("Tags:", "Posted in:"),
  and its name or value follows on the next one.
Then a blank line is put around every line of prose (see LONG_WORDS), which gives back
the paragraph blocks of a paragraph-per-line rendering; runs of short lines (menus, lists of
links) stay together as one block.
"""

from __future__ import annotations

import re

from pipeline.byline import is_name, is_time_note, parse_byline
from pipeline.lexicon import BYLINE_PREFIXES, LIST_MARKER
from pipeline.textmodel import word_count

MIN_LINES = 20  # a shorter page has too few lines to tell a form from chance
BLANK_SHARE = 0.01  # at most this share of blank lines; a paragraph-per-line page has 10-40 %
SNIFF_CHARS, SNIFF_BLANKS = 4000, 3  # this many blank lines in the first characters: not one
LINK_WORDS = 6  # a line this short may be a link inside a sentence
# A line this long that ends a sentence, or any line of PROSE_WORDS, is prose: a paragraph (or
# the part of one) of its own. A headline (no full stop) stays in its block.
LONG_WORDS = 8
PROSE_WORDS = 20
LABEL_WORDS = 3  # a line ending in ":" this short is a label, its value on the next line
SENTENCE_WORDS = 4  # an unfinished line this long is a sentence in progress

_ENDED = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")  # the line has ended its sentence
# closing punctuation or a possessive: it continues the last line, written without a space
_CLOSING = re.compile(r"[,.;:!?)\]»”’%]|['’]s\b")
_OPENING = frozenset("([{“‘«")  # a line ending in one of these goes on on the next
_POSSESSIVE_END = re.compile(r"\w['’]s$")
_OPEN_END = frozenset(",(“\"‘'-–—/")  # characters a sentence in progress may end a line with
_SEPARATORS = frozenset("·|•-–—/")  # a line of one of these separates two parts of one line
_LEAD_WORDS = frozenset(p.casefold() for p in BYLINE_PREFIXES)


def is_node_per_line(lines: list[str]) -> bool:
    """Whether `lines` are a page written a text node per line (see the module notes)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < MIN_LINES:
        return False
    span = filled[-1] - filled[0] + 1  # blank lines before and after the text do not count
    return span - len(filled) <= BLANK_SHARE * span


def join_text_nodes(text: str) -> str:
    """`text` with the sentences of a node-per-line page re-joined and its prose set apart by
    blank lines; any other text unchanged."""
    # Most pages have blank lines all over: a few near the start settle it without a split (a
    # node-per-line page has about one per 100 lines, some 3,000 characters, at most).
    if _blank_lines_near_start(text) >= SNIFF_BLANKS:
        return text
    lines = text.split("\n")
    if not is_node_per_line(lines):
        return text
    return "\n".join(_set_apart(_rejoin([line.rstrip() for line in lines if line.strip()])))


def _blank_lines_near_start(text: str) -> int:
    """Blank lines in the first SNIFF_CHARS of `text`, counted up to SNIFF_BLANKS (a count of
    the whole stretch costs more than the few searches that usually settle it)."""
    found, pos = 0, 0
    while found < SNIFF_BLANKS:
        pos = text.find("\n\n", pos, SNIFF_CHARS) + 1
        if pos == 0:
            break
        found += 1
    return found


def _goes_on(line: str) -> bool:
    """Whether `line` continues the sentence of the line before it."""
    return line[0].islower() or _CLOSING.match(line) is not None


def _rejoin(lines: list[str]) -> list[str]:
    out: list[str] = []
    joined = False  # whether out[-1] is already several lines
    for i, raw in enumerate(lines):
        line = raw.lstrip()
        after = lines[i + 1].lstrip() if i + 1 < len(lines) else ""
        if out and (raw[0] in " \t" or _continues(out[-1], joined, line, after)):
            # An indented line is the rest of a text node that had a line break in the page's
            # source: the scraper strips each node's ends, not the breaks inside it.
            glued = _CLOSING.match(line) or out[-1][-1] in _OPENING
            out[-1] += ("" if glued else " ") + line
            joined = True
        else:
            out.append(line)
            joined = False
    return out


def _continues(last: str, joined: bool, line: str, after: str) -> bool:
    """Whether `line` belongs to the sentence of `last` (the line built so far, of several lines
    when `joined`), given the line `after` it."""
    if line in _SEPARATORS or (last[-1] in _SEPARATORS and last[-2:-1] == " "):
        return True  # "Jane Doe" / "·" / "March 10, 2017": one line of meta data
    if not joined:
        if last.casefold() in _LEAD_WORDS:
            return True  # "By" / "Alex Heath"
        if last.endswith(":") and word_count(last) <= LABEL_WORDS \
                and word_count(line) <= LINK_WORDS:
            # "Tags:" / "sports, local news"; not a built line: "jane" / "says:" / a date
            # heads a comment
            return True
    if _ENDED.search(last) or LIST_MARKER.match(line):
        return False
    if _goes_on(line) or last[-1] in _OPENING or line[0] in "([":
        return True  # "(" / "N225) declined": a bracket opened or closed across the lines
    if word_count(line) > LINK_WORDS or parse_byline(line) \
            or (is_name(line) and is_time_note(after)):
        return False  # a byline ("By Jane Doe", "Jane Doe" / "2 hours ago"): a line of its own
    if _POSSESSIVE_END.search(last):
        return True  # "Japan's" / "Nikkei 225": the name the possessive is of
    if word_count(last) < 2:
        return False  # "References" / "List of films": menu entries, not a sentence and a link
    open_end = last[-1].isalpha() or last[-1] in _OPEN_END
    if not open_end:
        return False
    if after and _goes_on(after):
        # a link between two parts of a sentence; a capitalised line followed by a single
        # lower-case word is more often a menu entry and its sub-label ("Video" / "more")
        return not (line[0].isupper() and word_count(after) <= 1 and not _CLOSING.match(after))
    tail = last[-1].islower() or last[-1] in _OPEN_END
    return tail and word_count(last) >= SENTENCE_WORDS and _ENDED.search(line) is not None


def _set_apart(lines: list[str]) -> list[str]:
    out: list[str] = []
    long_before = False
    for line in lines:
        words = word_count(line)
        long_now = words >= PROSE_WORDS or (words >= LONG_WORDS and _ENDED.search(line) is not None)
        if out and (long_now or long_before):
            out.append("")
        out.append(line)
        long_before = long_now
    return out
