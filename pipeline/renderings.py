"""The text the text path reads of a page: Markdown rendered, a terminal browser's link list cut.

Besides a paragraph-per-line text, pages arrive as Markdown (pipeline.markdown) and as dumps of
terminal browsers that number their links: `lynx -dump` and `elinks -dump` put "[12]" before every
link's text and end the page with a "References" list of the numbered URLs (hundreds of lines on
a news page). Read as is, the list is a block of URL lines that the line model has never seen,
and every name in a byline carries a number ("By [10]Alex Heath"). Such a dump is recognised by
its ending (a numbered URL line after a "References" heading); the list is cut and the markers
before link texts are removed, which leaves what `lynx -dump -nolist` gives. A "[3]" that stands
alone ("as shown [3].") is a footnote of the text and stays; Wikipedia's "[[45]1]" becomes "[1]".
"""

from __future__ import annotations

import re

from pipeline.markdown import markdown_to_text

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


def page_text(text: str, fmt: str) -> str:
    """The text the text path reads of a page detected as `fmt` ("markdown" or "text")."""
    return markdown_to_text(text) if fmt == "markdown" else strip_link_references(text)
