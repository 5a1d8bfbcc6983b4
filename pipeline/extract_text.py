"""Text path: a page a scraper flattened to text -> Extraction (title, byline, body ...).

Composes segment -> strip boilerplate -> split title/byline/body.
"""

from __future__ import annotations

from pipeline.config import Config
from pipeline.repeats import RepeatStats
from pipeline.schema import Extraction


def extract_text(
    text: str, config: Config, url: str | None = None, repeats: RepeatStats | None = None
) -> Extraction:
    """Split a flattened page into title, byline, body paragraphs and the rest."""
    raise NotImplementedError
