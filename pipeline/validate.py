"""Validate stage: the last check before a record is written."""

from __future__ import annotations

import re

from pipeline.schema import Article, Rejection, RejectReason

STAGE = "validate"
_WORD = re.compile(r"\w+")
# A title or byline longer than this is a mis-split (a paragraph taken for a title), not a title.
MAX_TITLE_CHARS = 400
MAX_BYLINE_CHARS = 200


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def validate(article: Article) -> Article:
    """Raise `Rejection` when the article has no body; drop fields that cannot be right."""
    if article.word_count == 0:
        raise Rejection(RejectReason.NO_CONTENT, "no article body found", STAGE)
    if article.title and len(article.title) > MAX_TITLE_CHARS:
        article.title = None
    if article.byline and len(article.byline) > MAX_BYLINE_CHARS:
        article.byline = None
        article.authors = []
    for value in (article.title, article.byline, article.body, article.section):
        if value is not None:
            # pyarrow refuses a whole batch over one unencodable string: catch it per record.
            value.encode("utf-8")
    return article
