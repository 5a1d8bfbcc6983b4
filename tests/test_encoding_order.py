"""The encoding order: BOM, declared charset (header before <meta>), strict UTF-8, detector."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.decode import Decoded, decode
from pipeline.schema import RawDocument, Rejection

RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных губерний"


def _decode(data: bytes, hint: str | None = None) -> Decoded:
    return decode(RawDocument("x", data, charset_hint=hint))


def _meta(charset: str) -> bytes:
    return f'<html><head><meta charset="{charset}"></head><body><p>'.encode()


def test_header_beats_meta_when_both_decode() -> None:
    d = _decode(_meta("windows-1251") + RUSSIAN.encode("koi8-r"), hint="koi8-r")
    assert RUSSIAN in d.text and (d.encoding, d.source) == ("koi8-r", "header")


def test_header_decides_where_the_detector_cannot() -> None:
    # Too few letters for the Cyrillic check: only the header knows.
    d = _decode("Привет, мир".encode("cp1251"), hint="windows-1251")
    assert d.text == "Привет, мир" and (d.encoding, d.source) == ("cp1251", "header")


def test_header_that_fails_to_decode_does_not_win() -> None:
    data = "Un café à Paris, été 2015, très chaud.".encode("cp1252")
    for hint in ("utf-8", "shift_jis"):
        d = _decode(data, hint=hint)
        assert d.text == "Un café à Paris, été 2015, très chaud." and d.encoding == "cp1252", hint
        assert d.source == "detector"


def test_header_that_fails_falls_back_to_meta() -> None:
    d = _decode(_meta("koi8-r") + RUSSIAN.encode("koi8-r"), hint="utf-8")
    assert RUSSIAN in d.text and (d.encoding, d.source) == ("koi8-r", "meta")


@pytest.mark.parametrize("hint", ["iso-8859-1", "windows-1252", "shift_jis", "koi8-r"])
def test_valid_non_ascii_utf8_beats_a_legacy_header(hint: str) -> None:
    d = _decode("naïve café, “quoted” – 東京".encode(), hint=hint)
    assert d.text == "naïve café, “quoted” – 東京" and (d.encoding, d.source) == ("utf-8", "utf-8")


def test_declared_latin1_is_read_as_cp1252_like_browsers() -> None:
    d = _decode("“Smart” quotes – dash".encode("cp1252"), hint="ISO-8859-1")
    assert d.text == "“Smart” quotes – dash" and (d.encoding, d.source) == ("cp1252", "header")


def test_ascii_page_records_the_declared_charset() -> None:
    d = _decode(b"plain ascii text", hint="koi8-r")
    assert (d.text, d.encoding, d.source) == ("plain ascii text", "koi8-r", "header")


def test_declared_utf8_is_used_and_unknown_names_ignored() -> None:
    assert _decode("café".encode(), hint="UTF-8").source == "header"
    d = _decode("café".encode(), hint="x-no-such-charset")
    assert (d.encoding, d.source) == ("utf-8", "utf-8")


def test_meta_utf16_on_an_ascii_page_means_utf8() -> None:
    d = _decode(_meta("utf-16") + "café".encode())
    assert "café" in d.text and d.encoding == "utf-8"


# Without any declaration: the detector's weak spots (charset-normalizer alone misreads these).
@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Die Bürgerinnen und Bürger äußerten sich über die Straße.", "cp1252"),
        ("L'été dernier, la mairie a décidé d'élargir la rue.", "cp1252"),
        ("He said: “it’s done” — and left… €5 later.", "cp1252"),
        (RUSSIAN, "koi8-r"),
        ("Мэрия объявила о новом плане развития городского транспорта на следующий год.", "koi8-r"),
        ("Мэрия объявила о новом плане развития городского транспорта на следующий год.", "cp1251"),
    ],
)
def test_detector_on_cp1252_and_cyrillic(text: str, encoding: str) -> None:
    d = _decode(text.encode(encoding))
    assert (d.text, d.encoding, d.source) == (text, encoding, "detector")


HINTS = [None, "utf-8", "koi8-r", "iso-8859-1", "shift_jis", "bogus"]


@given(st.binary(max_size=500), st.sampled_from(HINTS))
def test_never_raises_with_any_hint(data: bytes, hint: str | None) -> None:
    try:
        result = _decode(data, hint)
    except Rejection:
        return
    assert result.text.strip() and result.source
