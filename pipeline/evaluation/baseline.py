"""The keep-everything baseline: what a cleaner that removes nothing would score.

body = the whole text (for HTML, its visible text), title = the first non-empty line, byline = "".
This is the judge's `alltext` baseline, extended to the HTML form. A project figure under the
baseline's means the extraction throws away more article than boilerplate.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from pipeline.evaluation.score import Prediction

# Elements whose content a browser does not show as page text.
_HIDDEN = frozenset({"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
# Elements that start a new line when rendered, so that their text is not glued to the next block's.
_BLOCK = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"),
        *("li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"),
    }
)
_INLINE_SPACE = re.compile(r"[^\S\n]+")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.parts.append(data.replace("\n", " "))


def visible_text(html: str) -> str:
    """The text a reader would see in the page body, one block per line, blank lines dropped."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (_INLINE_SPACE.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def decode(raw: bytes) -> str:
    # The sample's files are UTF-8 (written so by the corpus builder); stray bytes must not stop a run.
    return raw.decode("utf-8", errors="replace")


def baseline_prediction(raw: bytes, is_html: bool) -> Prediction:
    text = visible_text(decode(raw)) if is_html else decode(raw)
    return Prediction(title=first_line(text), byline="", body=text)
