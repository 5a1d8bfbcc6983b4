"""Validate stage: the last check before a record is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Sized

from pipeline.schema import Article, Rejection, RejectReason

STAGE = "validate"
_WORD = re.compile(r"\w+")
# A title or byline longer than this is a mis-split (a paragraph taken for a title), not a title.
MAX_TITLE_CHARS = 400
MAX_BYLINE_CHARS = 200


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


# The only character whose lower case is not one character of the same kind (word or not):
# "İ".lower() is "i" + a combining dot, which `\w` does not match (checked over all of Unicode
# in tests/test_validate.py). Without it, lowering a text keeps its `\w+` runs, one for one.
LOWER_SPLITS_WORDS = "\u0130"


def count_words_lowered(text: str, lowered_tokens: Callable[[str], Sized]) -> int:
    """`count_words(text)`, from `lowered_tokens(text)` (the `\\w+` tokens of `text.lower()`)
    when they have the same count: one scan of the text for both, when the caller needs them."""
    if LOWER_SPLITS_WORDS in text:
        return count_words(text)
    return len(lowered_tokens(text))


def validate(article: Article) -> Article:
    """Raise `Rejection` when the article has no body; drop fields that cannot be right."""
    if article.word_count == 0:
        raise Rejection(RejectReason.NO_CONTENT, "no article body found", STAGE)
    if article.title and len(article.title) > MAX_TITLE_CHARS:
        article.title = None
    if article.byline and len(article.byline) > MAX_BYLINE_CHARS:
        article.byline = None
        article.authors = []
    # pyarrow refuses a whole batch over one unencodable string: catch it per record. The body
    # is not encoded again: its hash (content_sha256) was made from its UTF-8.
    for value in (article.title, article.byline, article.section):
        if value is not None:
            value.encode("utf-8")
    return article
