"""The text the text path reads of a page: Markdown rendered, a terminal browser's link list cut,
a page of one text node per line re-joined (pipeline.text_nodes), run-on text cut into sentences.

Besides a paragraph-per-line text, pages arrive as Markdown (pipeline.markdown) and as dumps of
terminal browsers that number their links: `lynx -dump` and `elinks -dump` put "[12]" before every
link's text and end the page with a "References" list of the numbered URLs (hundreds of lines on
a news page). Read as is, the list is a block of URL lines that the line model has never seen,
and every name in a byline carries a number ("By [10]Alex Heath"). Such a dump is recognised by
its ending (a numbered URL line after a "References" heading); the list is cut and the markers
before link texts are removed, which leaves what `lynx -dump -nolist` gives. A "[3]" that stands
alone ("as shown [3].") is a footnote of the text and stays; Wikipedia's "[[45]1]" becomes "[1]".

Scrapers that join a page's text with spaces (BeautifulSoup's `get_text(" ", strip=True)`) or
keep only the source's own line breaks leave lines of thousands of characters: the whole page,
menus and article alike, on one line, which the line model can only keep or drop whole. When the
lines of a page average RUN_ON_AVERAGE characters or more, lines over RUN_ON_LINE are cut after
each sentence end (terminal punctuation, then a capital, digit or quote; CJK full stops at once),
so that the text path judges sentences instead.
"""

from __future__ import annotations

import re

from pipeline.markdown import markdown_to_text
from pipeline.text_nodes import join_text_nodes

_REFERENCE_TAIL = re.compile(r"\n *\d+\. \S+\s*$")  # "  53. https://example.org/about"
TAIL_CHARS = 300  # the last reference line is within this many characters of the end
_REFERENCES = re.compile(r"\n *References *\n")
_LINK_NUMBER = re.compile(r"\[\d+\](?=[^\s.,;:!?)\]])")  # before a link text, not punctuation
_BUTTON = re.compile(r"\(BUTTON\) ?")  # lynx's stand-in for a form button


def strip_link_references(text: str) -> str:
    """A lynx or elinks dump without its numbered link list and link markers (see the module notes);
    any other text unchanged."""
    if not _REFERENCE_TAIL.search(text[-TAIL_CHARS:]):
        return text
    headings = list(_REFERENCES.finditer(text))
    if not headings:
        return text
    kept = text[: headings[-1].start()]  # the list follows the last such heading
    return _BUTTON.sub("", _LINK_NUMBER.sub("", kept)) + "\n"


RUN_ON_AVERAGE = 400  # characters per line: a paragraph-per-line page averages well under 200
RUN_ON_LINE = 600
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+\S)|[。！？](?=\S)")
_OPENERS = frozenset("\"'“‘([¿¡")


def _sentences(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(line):
        rest = end.end()
        if line[end.start()] not in "。！？":  # a Latin full stop: only before a new sentence
            rest = len(line) - len(line[rest:].lstrip())
            head = line[rest:rest + 1]
            if not (head.isupper() or head.isdigit() or head in _OPENERS):
                continue
        part = line[start:end.end()].strip()
        if part:
            parts.append(part)
        start = rest
    tail = line[start:].strip()
    return [*parts, tail] if tail else parts


def split_run_on_lines(text: str) -> str:
    """Cut the long lines of a run-on page into sentences (see RUN_ON_AVERAGE); other text unchanged."""
    if len(text) < 2 * RUN_ON_LINE or (text.count("\n") + 1) * RUN_ON_AVERAGE > len(text):
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_sentences(line) if len(line) > RUN_ON_LINE else [line])
    return "\n".join(lines)


def page_text(text: str, fmt: str) -> str:
    """What the extractor of `fmt` reads of a decoded page: HTML as it is, Markdown rendered,
    text with a terminal dump's link list cut, a node-per-line page's sentences re-joined
    (pipeline.text_nodes) and run-on lines split."""
    if fmt == "html":
        return text
    if fmt == "markdown":
        return markdown_to_text(text)
    return split_run_on_lines(join_text_nodes(strip_link_references(text)))
