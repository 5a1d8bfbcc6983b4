"""Text path: a page a scraper flattened to text -> Extraction (title, byline, body ...).

First version: every non-empty line is a paragraph. (The line-classifying extractor replaces this.)
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.repeats import RepeatStats
from pipeline.schema import Extraction


def extract_text(
    text: str, config: Config, url: str | None = None, repeats: RepeatStats | None = None
) -> Extraction:
    """Split a flattened page into title, byline, body paragraphs and the rest."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [line for line in lines if repeats is None or not repeats.is_repeated(line)]
    return Extraction(body=body, title=lines[0] if lines else None, extractor="text")
