"""Detect stage: is a decoded page HTML, Markdown or flattened plain text?"""

from __future__ import annotations

import re

from pipeline.markdown import looks_like_markdown

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|td|tr|table|meta|link|script|style|h[1-6]|img|section|article)\b[^>]*>",
    re.I,
)
# A text dump may quote a few tags; a page is HTML when tags are dense in its first bytes.
_MIN_TAGS = 5


def detect_format(text: str, hint: str | None = None) -> str:
    """Return "html", "markdown" or "text". The content decides; the file name (or container
    field) is only a tie-breaker."""
    head = text[:8192]
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head)) if "<" in head else 0  # a text page: no scan for tags
    if tags >= _MIN_TAGS and head.lstrip().startswith("<"):
        return "html"
    if hint == "html" and tags >= 1:
        return "html"
    # Many tags but no markup at the top: HTML with a preamble, or a text dump quoting markup
    # (w3m prints a <noscript> block's source, a tutorial shows its code). The name decides.
    if tags >= 20 and hint not in ("text", "markdown"):
        return "html"
    if hint == "markdown" or looks_like_markdown(text):
        return "markdown"
    return "text"
