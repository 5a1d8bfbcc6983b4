from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.normalize import (
    normalize_body,
    normalize_inline,
    normalize_paragraph,
    normalize_paragraphs,
    normalize_text,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The â€œquickâ€\x9d fox", "The “quick” fox"),  # mojibake (UTF-8 read as cp1252) repaired
        ("a\u200bb\u200dc\ufeffd", "abcd"),  # zero-width and BOM removed
        ("evil\u202etxt.exe", "eviltxt.exe"),  # bidi override removed
        ("tab\tand\u00a0nbsp   runs", "tab and nbsp runs"),
        ("nul\x00byte", "nulbyte"),
        ("e\u0301", "\u00e9"),  # NFC
        ("“curly” ‘quotes’ stay", "“curly” ‘quotes’ stay"),
        ("lone \ud800 surrogate", "lone surrogate"),
    ],
)
def test_normalize_paragraph(raw: str, expected: str) -> None:
    assert normalize_paragraph(raw) == expected


def test_paragraphs_separated_by_one_blank_line() -> None:
    assert normalize_text("one\r\n\r\n\r\n  two  \r\rthree\n\n\n") == "one\n\ntwo\n\nthree"
    assert normalize_body(["a", "", "  ", "b\n\n\nc"]) == "a\n\nb\n\nc"


def test_inline_fields() -> None:
    assert normalize_inline("  A\n title\t here ") == "A title here"
    assert normalize_inline("   ") is None
    assert normalize_inline(None) is None


@settings(max_examples=300)
@given(st.text())
def test_text_idempotent_and_clean(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    once.encode("utf-8")  # no lone surrogates survive
    assert "\n\n\n" not in once
    assert once == once.strip()


@settings(max_examples=300)
@given(st.text())
def test_inline_idempotent(text: str) -> None:
    once = normalize_inline(text)
    assert normalize_inline(once) == once
    if once is not None:
        assert "\n" not in once and once == once.strip()


@settings(max_examples=300)
@given(st.one_of(st.text(), st.lists(st.sampled_from(
    ["Title", "Ã©tÃ©", "\u200b", "\x85", "\r\n", "\u00a0", "e\u0301", " ", "  ", "\t", "’s"])).map("".join)))
def test_inline_check_gives_the_full_normalization(text: str) -> None:
    from pipeline.normalize import _fixpoint, _fold_inline

    assert normalize_inline(text) == (_fixpoint(text, _fold_inline) or None)


# Mojibake, invisible and control characters, odd line breaks and plain text, mixed: the body
# check picks folding only when every paragraph is clean, and must never change the result.
_PIECES = st.sampled_from(["plain words", "Ã©tÃ©", "cafÃ\u00a0", "\u200b", "\x85", "\r\n", "\u00a0",
                           "e\u0301", "naïve", "\n", "\n\n", "  ", "Â", "â€™", "Ð¿Ñ€"])


@settings(max_examples=300)
@given(st.lists(st.one_of(st.text(), st.lists(_PIECES).map("".join)), max_size=5))
def test_body_check_gives_the_paragraph_by_paragraph_result(paragraphs: list[str]) -> None:
    slow = [normalize_paragraph(piece) for para in paragraphs for piece in re.split(r"\n\s*\n+", para)]
    assert normalize_body(paragraphs) == "\n\n".join(p for p in slow if p)


# Whitespace that folding changes or keeps, at the ends of paragraphs and between them.
_SPACE_PIECES = st.sampled_from(["word", "Ωmega", "’s", " ", "  ", "\t", "\u00a0", "\u2009", "\x1c",
                                 "\u3000", "\n", "\n \n", "\r", "\x85", "", "e\u0301"])


@settings(max_examples=500)
@given(st.lists(st.one_of(st.lists(_SPACE_PIECES).map("".join), st.text(max_size=8)), max_size=5))
@example(["a word "])
@example([" a word"])
@example(["a", "", "b"])
@example(["a  b"])
@example(["a\tb"])
@example(["a\u00a0b’s"])
@example(["a b", "c d"])
def test_paragraphs_are_the_split_body(paragraphs: list[str]) -> None:
    body = normalize_body(paragraphs)
    assert normalize_paragraphs(paragraphs) == [p for p in body.split("\n\n") if p]
    slow = [normalize_paragraph(piece) for para in paragraphs for piece in re.split(r"\n\s*\n+", para)]
    assert body == "\n\n".join(p for p in slow if p)


def _scan_reference(text: str) -> bool:
    """`_needs_repair_or_cleaning` as the two regex scans decide it, without the table."""
    from pipeline import normalize as nz

    if text.isascii():
        return nz._CLEANING_NEEDED.search(text) is not None
    return nz._CLEANING_NEEDED.search(text) is not None \
        or not nz.unicodedata.is_normalized("NFC", text) or nz._has_mojibake_hint(text)


def test_flag_table_holds_the_regex_classes() -> None:
    """Every UTF-16 unit's flags say what the character classes of the regexes say."""
    from pipeline import normalize as nz

    table = nz._flag_table()
    for flag, chars in ((nz._CLEAN_FLAG, nz._CLEANING_CHARS), (nz._LATIN_LEAD, nz._LATIN_LEADS),
                        (nz._CYRILLIC_LEAD, nz._CYRILLIC_LEADS),
                        (nz._LATIN_CONT, nz._LATIN_CONTINUATIONS),
                        (nz._CYRILLIC_CONT, nz._CYRILLIC_CONTINUATIONS)):
        member = re.compile(f"[{chars}]").fullmatch
        wrong = [c for c in range(0x10000) if bool(table[c] & flag) != (member(chr(c)) is not None)]
        assert wrong == [], (flag, wrong[:5])


# Leads and continuations of both mojibake kinds, characters to clean, a character beyond the BMP
# (two UTF-16 units) and a lone surrogate, between Cyrillic and accented letters.
_SCAN_PIECES = st.sampled_from(["Р", "С", "Â", "ô", "\u0080", "«", "ё", "№", "–", "\u2122", "\u200b",
                                "\r", "\x85", "\ud800", "\U0001f600", "слово", "é", "e\u0301", " "])


@settings(max_examples=500)
@given(st.one_of(st.text(), st.lists(_SCAN_PIECES).map("".join)))
def test_table_prefilter_decides_as_the_regexes(text: str) -> None:
    from pipeline.normalize import _needs_repair_or_cleaning

    assert _needs_repair_or_cleaning(text) == _scan_reference(text)
