from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.schema import Article, Rejection, RejectReason
from pipeline.validate import count_words, validate


def _article(**kw: object) -> Article:
    base: dict[str, object] = dict(
        doc_id="d", source_path="a.txt", source_format="text", url=None, site=None, title="T",
        byline="B", authors=["B"], published_at=None, language=None, section=None, body="some words here",
        captions=[], word_count=3, raw_sha256="0", content_sha256="0", extractor="text",
        pipeline_version="0", ingested_at=datetime.now(UTC),
    )
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def test_empty_body_is_rejected() -> None:
    with pytest.raises(Rejection) as info:
        validate(_article(body="", word_count=0))
    assert info.value.reason is RejectReason.NO_CONTENT


def test_overlong_title_and_byline_dropped() -> None:
    a = validate(_article(title="x" * 1000, byline="y" * 1000))
    assert a.title is None and a.byline is None and a.authors == []


def test_count_words() -> None:
    assert count_words("Hello, wörld! 3 times") == 4
