"""A page flattened with its <head>: the first line is the document's <title>.

Scrapers that take the text of the whole document (`soup.get_text("\\n", strip=True)`,
`lxml.html.fromstring(page).text_content()`) put the `<title>` first: "Attack stokes instability
fears in North Africa - The Washington Post". That line is the title a reader mode (and the HTML
path, pipeline.html_meta) starts from, and it names the article even when the page's own
headline is elsewhere or missing; the head finder of the text path sees only a line that does
not look like the body. When the first line reads like a document title, a headline and a site
or section name joined by a title separator, the title is taken from it by the same rules the
HTML path applies to a `<title>` (html_meta.title_from_document, after Readability.js).

A menu or a breadcrumb ("Home | News | Sport", "Home > World") is not taken: a document title
has at most MAX_PARTS parts, one of them a headline of HEADLINE_WORDS words or more, and starts
with a letter, a digit or an opening quote.
"""

from __future__ import annotations

from pipeline.html_meta import title_from_document
from pipeline.html_selectors import TITLE_HIER_SEP, TITLE_SEPARATORS
from pipeline.segment import Line
from pipeline.textmodel import word_count

MAX_PARTS = 4
HEADLINE_WORDS = 3
MAX_WORDS = 40  # a longer first line is a sentence, not a title
HEADINGS_SEEN = 400  # lines compared with the title for Readability's "whole title is a heading"
_OPENERS = frozenset("\"'“‘«¿¡([")  # a title may open with a quote


def looks_like_document_title(text: str) -> bool:
    """Whether `text` reads like an HTML <title>: "Headline | Site" (see the module notes)."""
    if not TITLE_HIER_SEP.search(text) or text.endswith(".") or word_count(text) > MAX_WORDS:
        return False
    if not (text[0].isalnum() or text[0] in _OPENERS):
        return False  # lynx's "#publisher Site - Feed" line of <link>s, a list marker
    parts = TITLE_SEPARATORS.split(text)
    return len(parts) <= MAX_PARTS and max(word_count(p) for p in parts) >= HEADLINE_WORDS


def document_title(lines: list[Line]) -> str | None:
    """The title of a page whose first line is its <title>, or None when it is not."""
    if not lines or not looks_like_document_title(lines[0].text):
        return None
    headings = [line.text for line in lines[1:HEADINGS_SEEN]]
    return title_from_document(lines[0].text, headings, []) or None
