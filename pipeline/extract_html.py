"""HTML path: raw HTML -> Extraction (title, byline, body, date, language ...).

First version: trafilatura with metadata. (The ensemble extractor replaces this.)
"""

from __future__ import annotations

from typing import Any

from pipeline.config import Config
from pipeline.repeats import RepeatStats
from pipeline.schema import Extraction


def extract_html(
    html: str, config: Config, url: str | None = None, repeats: RepeatStats | None = None
) -> Extraction:
    """Extract the article from an HTML page."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return Extraction(body=[], extractor="html:trafilatura")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    body = [p for p in text.split("\n") if p.strip()]
    if repeats is not None:
        body = [p for p in body if not repeats.is_repeated(p)]
    author = data.get("author")
    return Extraction(
        body=body,
        title=data.get("title"),
        byline=author,
        authors=[a.strip() for a in author.split(";")] if author else [],
        language=data.get("language"),
        site_name=data.get("sitename"),
        url=data.get("url"),
        extractor="html:trafilatura",
    )
