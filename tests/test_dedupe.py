"""Duplicate marking: exact and near copies point at the first occurrence; originals stay null."""

from __future__ import annotations

import hashlib
import random
import re
import statistics
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import (
    MIN_WORDS,
    NUM_PERM,
    DuplicateMarker,
    body_signature,
    body_tokens,
    estimated_jaccard,
    lowered_token_bytes,
    word_token_bytes,
)
from pipeline.metadata import content_sha256
from pipeline.schema import Article

from .formats_fixtures import sample_text

WAPO = sample_text("wapo-tunisia-museum.txt")
HAKI = sample_text("hakibenita-sql-anomaly-detection.txt")
SEED_PAGE = sample_text("000_a199637f2999b565.txt")


def _art(doc_id: str, body: str) -> Article:
    return Article(
        doc_id=doc_id, source_path=doc_id, source_format="text", url=None, site=None, title=None,
        byline=None, authors=[], published_at=None, language=None, section=None, body=body,
        captions=[], word_count=len(body.split()), raw_sha256="0" * 64,
        content_sha256=content_sha256(body), extractor="text", pipeline_version="0",
        ingested_at=datetime.now(UTC),
    )


def _changed(text: str, n_words: int, seed: int = 0) -> str:
    """`text` with `n_words` words (spread over the text) replaced."""
    words = text.split(" ")
    rng = random.Random(seed)
    for k in rng.sample(range(len(words)), n_words):
        words[k] = f"changed{k}"
    return " ".join(words)


def _mark(*batches: list[tuple[str, str]]) -> dict[str, str | None]:
    marker = DuplicateMarker()
    out: dict[str, str | None] = {}
    for batch in batches:
        arts = [_art(d, b) for d, b in batch]
        marker.mark(arts, [body_signature(a.body) for a in arts])
        out.update({a.doc_id: a.duplicate_of for a in arts})
    return out


def test_exact_copies_point_at_the_first_and_the_original_stays_null() -> None:
    marks = _mark([("a", WAPO), ("b", HAKI), ("c", WAPO), ("d", WAPO)])
    assert marks == {"a": None, "b": None, "c": "a", "d": "a"}


def test_across_batches_first_by_input_order() -> None:
    marks = _mark([("a", HAKI)], [("b", WAPO), ("c", HAKI)], [("d", WAPO)])
    assert marks == {"a": None, "b": None, "c": "a", "d": "b"}


def test_near_copy_with_a_few_words_changed() -> None:
    marks = _mark([("a", WAPO), ("b", _changed(WAPO, 5)), ("c", _changed(SEED_PAGE, 3))],
                  [("d", SEED_PAGE)])
    assert marks == {"a": None, "b": "a", "c": None, "d": "c"}


def test_heavily_edited_text_is_not_a_duplicate() -> None:
    # A third of the words replaced: most 5-word shingles differ, far below the threshold.
    edited = _changed(WAPO, len(WAPO.split(" ")) // 3)
    assert _mark([("a", WAPO), ("b", edited)]) == {"a": None, "b": None}


def test_moderately_edited_text_is_not_a_duplicate() -> None:
    # 6% of the words replaced leaves about 3 in 4 shingles intact: Jaccard near 0.6, under 0.8.
    n = len(WAPO.split(" ")) * 6 // 100
    batch = [("a", WAPO)] + [(f"e{seed}", _changed(WAPO, n, seed)) for seed in range(6)]
    assert set(_mark(batch).values()) == {None}


def test_marks_never_chain_and_exact_copies_of_a_near_copy_follow_its_original() -> None:
    near = _changed(WAPO, 5)
    marks = _mark([("a", WAPO), ("b", near)], [("c", near), ("d", _changed(near, 5, seed=1))])
    assert marks == {"a": None, "b": "a", "c": "a", "d": "a"}


def test_short_bodies_are_compared_exactly_only() -> None:
    short = " ".join(WAPO.split()[: MIN_WORDS - 1])
    assert body_signature(short) is None
    marks = _mark([("a", short), ("b", short + " extra"), ("c", short)])
    assert marks == {"a": None, "b": None, "c": "a"}


def test_signatures_missing_from_the_worker_are_computed_in_the_driver() -> None:
    marker = DuplicateMarker()
    first, second = _art("a", WAPO), _art("b", _changed(WAPO, 4))
    assert marker.mark([first]) == 0 and marker.mark([second]) == 1
    assert second.duplicate_of == "a"


def test_signature_is_deterministic() -> None:
    assert body_signature(WAPO) == body_signature(WAPO) != body_signature(HAKI)


def test_signature_bytes_are_the_same_on_every_machine() -> None:
    # Workers on other machines (Dask) must make the very same bytes: no Python hash(), no
    # platform-dependent random state. This value changes only if the signature scheme does.
    sig = body_signature(WAPO)
    assert sig is not None and len(sig) == 4 * NUM_PERM
    assert hashlib.sha256(sig).hexdigest()[:16] == "9544e284e9bc8f42"


def test_body_tokens_from_the_bodys_utf8_are_the_plain_ones() -> None:
    for text in (SEED_PAGE, WAPO, "Plain ASCII Words only", "Ünïcödé ΣΑΣ word"):
        assert body_tokens(text, text.encode("utf-8")) == lowered_token_bytes(text)


def _true_jaccard(a: str, b: str) -> float:
    def shingles(text: str) -> set[tuple[str, ...]]:
        tokens = re.findall(r"\w+", text.lower())
        return {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_estimated_jaccard_is_close_to_the_true_one() -> None:
    # 128 permutations: standard error about 0.035 near 0.8; the estimate must not be biased.
    errors = []
    for n_words in (5, 20, 40, 80, 150):
        for seed in range(4):
            edited = _changed(WAPO, n_words, seed)
            a, b = body_signature(WAPO), body_signature(edited)
            assert a is not None and b is not None
            errors.append(estimated_jaccard(a, b) - _true_jaccard(WAPO, edited))
    assert abs(statistics.mean(errors)) < 0.02
    assert max(abs(e) for e in errors) < 0.12


def test_word_characters_and_spaces_as_word_tokens_assumes() -> None:
    """`word_token_bytes` relies on `\\w` being "alphanumeric or _" and on no space being either,
    for every character there is."""
    word = re.compile(r"\w")
    for code in range(0x110000):
        ch = chr(code)
        alnum = ch.isalnum()
        assert (alnum or ch == "_") == (word.match(ch) is not None), hex(code)
        assert not (alnum and ch.isspace()), hex(code)


_TOKEN_PIECES = st.sampled_from(["word", "Ünïcode", "_", "snake_case", "x2", "٣", "²", " ", "\u00a0",
                                 "\u3000", "\t", "\n", ",", "—", "’s", "e\u0301", "日本語", "İ", "-"])


@settings(max_examples=500)
@given(st.one_of(st.text(), st.lists(_TOKEN_PIECES).map("".join),
                 st.text(st.characters(codec=None, exclude_categories=())),  # lone surrogates too
                 st.text(st.characters(min_codepoint=0x80), min_size=30)))  # many distinct marks
def test_word_token_bytes_is_findall(text: str) -> None:
    assert word_token_bytes(text) == [t.encode("utf-8") for t in re.findall(r"\w+", text)]


_LOWERING_PIECES = st.sampled_from(["Word", "CAPS", "x2", " ", "’s", "“Quote”", "—", "\u00a0", "…",
                                    "ΟΔΟΣ", "İ", "\u212a", "Ⓐ", "É", "ß", "Ǆ", "\ud800", "-", "\n"])


@settings(max_examples=500)
@given(st.one_of(st.text(), st.lists(_LOWERING_PIECES).map("".join),
                 st.text(st.characters(codec=None, exclude_categories=())),  # lone surrogates too
                 st.text(st.characters(min_codepoint=0x80, categories=("P", "S", "Z")), min_size=30)))
def test_lowered_token_bytes_is_word_token_bytes_of_lower(text: str) -> None:
    """The fast ways (ASCII; only non-word characters that lowering keeps beyond ASCII) and the
    plain one agree with lowering the text first: final sigma, Kelvin sign, a circled capital."""
    assert lowered_token_bytes(text) == word_token_bytes(text.lower())


def test_lowered_token_bytes_of_the_seed_page() -> None:
    assert lowered_token_bytes(SEED_PAGE) == word_token_bytes(SEED_PAGE.lower())
