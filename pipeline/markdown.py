"""Markdown pages: recognise them and render them to the plain text the text path reads.

Crawlers and HTML-to-text converters (html2text, markdownify, reader services) often hand over
Markdown rather than a browser's text: links as `[text](url)`, images as `![alt](url)`,
headings as `# Title`, list items as `* item`, emphasis as `_word_`, escapes as `\\(`. Read as
plain text, every link drags its URL into the body and the byline, and navigation menus look
like prose. A real Markdown parser (CommonMark with GFM tables) turns the page into what a
browser would show of it: link text without the URL, no images, one line per paragraph, heading
or list item, blank lines between blocks, list items one per line, table cells separated by a tab.

The parser is pulldown-cmark (Rust, through pyromark), walked event by event: about 1 ms for a
26 KB page where markdown-it-py (pure Python) took 13, and a page is rendered twice in a run
(repeat scan and extraction; tools/markdown_cpu.py measures it). Its HTML agrees with cmark-gfm,
the reference implementation, on 453 of the 465 dev Markdown renderings; markdown-it-py departed
from it on 20 (README, Markdown). Unlike markdown-it-py it does not refuse links to
`javascript:`, `data:` or `file:` URLs (a safety rule for HTML output): such a link shows its
text, as in a browser, instead of staying Markdown source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyromark

_OPTIONS = pyromark.Options.ENABLE_TABLES  # CommonMark and GFM tables; no other extension

# A page is Markdown when its links and headings are written in Markdown, several times over:
# a text dump of a page may quote one "[x](y)" or start a line with "#" (a hashtag), a Markdown
# rendering of a real page has dozens.
_LINK = re.compile(r"\]\((?:[a-z][a-z0-9+.-]*:|/|#|\.)[^)\s]*(?:\s+\"[^\"\n]*\")?\)", re.I)
# Line starts written as "\n" (the page is read with one put in front), not "^" with re.M: a
# pattern that opens with a literal is searched for in C, where "^" is tried at every character.
_HEADING = re.compile(r"\n#{1,6}[ \t]+\S")
_REFERENCE = re.compile(r"\n {0,3}\[[^\]\n]+\]:[ \t]+\S+")
MIN_MARKS = 3  # Markdown links, reference definitions and headings together
MARKS_PER_KB = 0.2  # ... and at least this many per 1,000 characters of the page
SNIFF_CHARS = 200_000  # enough of a page to decide; a huge dump is not scanned whole

# html2text wraps its output at 78 columns by default and breaks long URLs at the margin,
# which leaves "](https://host/long-\npath)" that no Markdown parser reads as a link.
_BROKEN_DESTINATION = re.compile(r"(\]\([^()\s]*)\n[ \t]*(?=[^()\s]*\))")

# Block ends (besides paragraphs, lists, headings and block quotes) followed by a blank line,
# and those that end a line only.
_BLOCK_GAP = frozenset({"Table", "CodeBlock"})
_LINE_END = frozenset({"Item", "TableHead", "TableRow"})
MARKDOWN_EXTRACTOR = "text:markdown"  # the `extractor` of a record made from a Markdown page
LIST_ITEM_MARK = "- "  # the text path reads "- " as a list item, as in lynx and w3m dumps
_EMPTY_ITEM = LIST_ITEM_MARK.strip()


def looks_like_markdown(text: str) -> bool:
    """True when `text` is written in Markdown (see MIN_MARKS and MARKS_PER_KB)."""
    head = "\n" + text[:SNIFF_CHARS]
    # Every mark holds a "]" or a "#": counting those two characters (in C, ~5 us on a 9 KB page;
    # a two-character count costs three times as much) rules out most plain pages before any
    # regex runs.
    candidates = head.count("]") + head.count("#")
    if candidates < MIN_MARKS or candidates < MARKS_PER_KB * len(head) / 1000:
        return False
    marks = len(_LINK.findall(head)) + len(_HEADING.findall(head)) + len(_REFERENCE.findall(head))
    return marks >= MIN_MARKS and marks >= MARKS_PER_KB * len(head) / 1000


class _Lines:
    """Lines of the rendering, with at most one blank line between blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pending: list[str] = []

    def end_line(self, gap: bool = False) -> None:
        if self.pending:  # most block ends follow another one and have nothing to add
            for line in "".join(self.pending).split("\n"):
                if line.strip() not in ("", _EMPTY_ITEM):  # an item that held only an image
                    self.lines.append(" ".join(line.split()) if "\t" not in line else line.strip())
            self.pending.clear()
        if gap and self.lines and self.lines[-1]:
            self.lines.append("")

    def text(self) -> str:
        self.end_line()
        text = "\n".join(self.lines).strip("\n")
        return text + "\n" if text else ""


def markdown_to_text(text: str) -> str:
    """Render Markdown to the plain text a browser would show of it (see the module notes)."""
    out = _Lines()
    add = out.pending.append
    depth = 0  # list nesting: items of one list are not separated by blank lines
    hidden = 0  # image nesting: an image's alt text is not shown
    # An event is "SoftBreak", "HardBreak", "Rule" or a dict of one key: {"Text": "..."},
    # {"Start": "Paragraph"}, {"Start": {"List": 1}}, {"End": {"Heading": "H2"}} ... pyromark's
    # TypedDict union does not narrow by key, and the walk tests keys directly for speed.
    events: Iterator[Any] = pyromark.events(_BROKEN_DESTINATION.sub(r"\1", text), options=_OPTIONS)
    for event in events:
        if isinstance(event, str):
            if hidden:
                continue
            if event == "SoftBreak":  # a wrapped line of the same paragraph
                add(" ")
            elif event == "HardBreak":
                add("\n")
            else:  # a thematic break
                out.end_line(gap=True)
            continue
        # Raw HTML ("Html", "InlineHtml"), the starts of most blocks and inline marks add nothing.
        for kind, value in event.items():
            if kind == "Text" or kind == "Code":
                if not hidden:
                    add(value)
            elif kind == "Start":
                if isinstance(value, str):
                    if value == "Item" and not hidden:
                        out.end_line()
                        add(LIST_ITEM_MARK)
                elif "Image" in value:
                    hidden += 1
                elif "List" in value:
                    out.end_line(gap=depth == 0)
                    depth += 1
                elif "CodeBlock" in value:
                    out.end_line()
            elif kind == "End":
                if not isinstance(value, str):  # {"Heading": level}, {"List": ordered}, {"BlockQuote": kind}
                    if "List" in value:
                        depth -= 1
                        out.end_line(gap=depth == 0)
                    else:
                        out.end_line(gap=True)
                elif value == "Image":
                    hidden -= 1
                elif hidden:
                    continue
                elif value == "Paragraph":
                    out.end_line(gap=depth == 0)
                elif value == "TableCell":
                    add("\t")
                elif value in _BLOCK_GAP:
                    out.end_line(gap=True)
                elif value in _LINE_END:
                    out.end_line()
    return out.text()
