"""The one-pass line features equal the plain reference (tests/textmodel_reference.py) exactly."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import segment
from pipeline.textmodel import _text_features, word_count
from tests.textmodel_reference import text_features_reference

ROOT = Path(__file__).parent.parent

# Lines built from the pieces the features look at: words and stopwords, capitals, digits and
# dates, separators, URLs, lexicon entries, CJK, punctuation at the end, odd Unicode.
_PIECES = st.sampled_from([
    "the", "The", "und", "Related", "read more", "Advertisement", "cookie", "Share on", "2019",
    "12:30", "3/4/2020", "May", "mai", "|", "·", "»", "›", ">", "•", "/", "https://x.org/a",
    "www.example", "a@b", "@user", "page.html", "x.com", "。", "の", "記事", "中文", "İstanbul",
    "ǅ", "٣", "²", "ß", "ﬁ", "ŉ", ".", "...", "…", "!", "?", ":", ";", "\"", "”", ",", "-", "—",
    "13 comments", "There are 2 comments", "\ud800", "ALL CAPS", "Ω", "x" * 120, " ",
])
_LINES = st.lists(_PIECES, max_size=40).map(" ".join) | st.text(max_size=400)


def _same(text: str) -> None:
    words = word_count.__wrapped__(text)
    # repr: equal bit for bit (== would let -0.0 pass for 0.0)
    assert repr(_text_features.__wrapped__(text, words)) == repr(text_features_reference(text, words))


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_features_equal_reference_on_generated_lines(text: str) -> None:
    _same(text)


def test_features_equal_reference_on_sample_lines() -> None:
    """Every line of the bundled pages (the evaluation sample's text renderings and raw/)."""
    seen: set[str] = set()
    for path in sorted([*ROOT.glob("evalsample/*/text.*.txt"), *ROOT.glob("raw/*.txt")]):
        for line in segment(path.read_text(encoding="utf-8", errors="surrogateescape")):
            if line.text not in seen:
                seen.add(line.text)
                _same(line.text)
    assert len(seen) > 1000
