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


def test_lowering_keeps_word_runs_except_for_the_listed_character() -> None:
    """count_words_lowered relies on this: every other character lowers to one character that is
    a word character exactly when it was one (so `\\w+` finds as many runs in text.lower())."""
    import re
    import sys

    from pipeline.validate import LOWER_SPLITS_WORDS

    word = re.compile(r"\w")
    changed = []
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if len(low) != 1 or (word.match(c) is None) != (word.match(low) is None):
            changed.append(c)
    assert "".join(changed) == LOWER_SPLITS_WORDS


@pytest.mark.parametrize("text", ["", "Hello, World!", "İstanbul İİ x", "naïve café ΣΑΣ ǅ",
                                  "a_b c-d 3.5 日本語", "ﬁ ß ŉ \ud800 x"])
def test_count_words_lowered_equals_count_words(text: str) -> None:
    from pipeline.dedupe import body_tokens
    from pipeline.validate import count_words_lowered

    assert count_words_lowered(text, body_tokens) == count_words(text)
