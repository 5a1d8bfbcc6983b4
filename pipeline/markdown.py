"""Markdown pages: recognise them and render them to the plain text the text path reads.

Crawlers and HTML-to-text converters (html2text, markdownify, reader services) often hand over
Markdown rather than a browser's text: links as `[text](url)`, images as `![alt](url)`,
headings as `# Title`, list items as `* item`, emphasis as `_word_`, escapes as `\\(`. Read as
plain text, every link drags its URL into the body and the byline, and navigation menus look
like prose. A real Markdown parser (markdown-it-py, CommonMark) turns the page into what a
browser would show of it: link text without the URL, no images, one line per paragraph, heading
or list item, blank lines between blocks, list items one per line, table cells separated by a tab.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table")

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

_BLOCK_GAP = frozenset({"paragraph_close", "heading_close", "table_close", "blockquote_close", "hr"})
_LIST_OPEN = frozenset({"bullet_list_open", "ordered_list_open"})
_LIST_CLOSE = frozenset({"bullet_list_close", "ordered_list_close"})
_CELL_CLOSE = frozenset({"td_close", "th_close"})
MARKDOWN_EXTRACTOR = "text:markdown"  # the `extractor` of a record made from a Markdown page
LIST_ITEM_MARK = "- "  # the text path reads "- " as a list item, as in lynx and w3m dumps


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


def _inline_text(token: Token) -> list[str]:
    """The visible text of an inline token; a hard break starts a new line ("\\n")."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":  # a wrapped line of the same paragraph
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        # images (their alt text is not shown), inline HTML and the link marks add nothing
    return parts


class _Lines:
    """Lines of the rendering, with at most one blank line between blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pending: list[str] = []

    def add(self, parts: list[str]) -> None:
        self.pending.extend(parts)

    def end_line(self, gap: bool = False) -> None:
        for line in "".join(self.pending).split("\n"):
            if line.strip() not in ("", LIST_ITEM_MARK.strip()):  # an item that held only an image
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
    depth = 0  # list nesting: items of one list are not separated by blank lines
    for token in _PARSER.parse(_BROKEN_DESTINATION.sub(r"\1", text)):
        kind = token.type
        if kind == "inline":
            out.add(_inline_text(token))
        elif kind in ("fence", "code_block"):
            out.end_line()
            out.add([token.content])
            out.end_line(gap=True)
        elif kind in _LIST_OPEN:
            out.end_line(gap=depth == 0)
            depth += 1
        elif kind in _LIST_CLOSE:
            depth -= 1
            out.end_line(gap=depth == 0)
        elif kind == "list_item_open":
            out.end_line()
            out.add([LIST_ITEM_MARK])
        elif kind in _CELL_CLOSE:
            out.add(["\t"])
        elif kind == "paragraph_close":
            out.end_line(gap=depth == 0)
        elif kind in _BLOCK_GAP:
            out.end_line(gap=True)
        elif kind.endswith("_close"):
            out.end_line()
    return out.text()
