"""HTML path: raw HTML -> Extraction (title, byline, body, date, language ...)."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.repeats import RepeatStats
from pipeline.schema import Extraction


def extract_html(
    html: str, config: Config, url: str | None = None, repeats: RepeatStats | None = None
) -> Extraction:
    """Extract the article from an HTML page."""
    raise NotImplementedError
