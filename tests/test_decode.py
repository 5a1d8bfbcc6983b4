from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.decode import decode
from pipeline.schema import RawDocument, Rejection, RejectReason

RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных губерний"


def _decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    d = decode(RawDocument("x", data, charset_hint=hint))
    return d.text, d.encoding


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (b"plain ascii", "plain ascii", "utf-8"),
        ("caf\u00e9 na\u00efve".encode(), "café naïve", "utf-8"),
        (codecs.BOM_UTF8 + "bom caf\u00e9".encode(), "bom café", "utf-8-sig"),
        ("utf16 caf\u00e9".encode("utf-16"), "utf16 café", "utf-16"),
        ("utf16 no bom caf\u00e9 text".encode("utf-16-le"), "utf16 no bom café text", "utf-16-le"),
        ("utf16 big endian text".encode("utf-16-be"), "utf16 big endian text", "utf-16-be"),
        ("h\u00e9llo w\u00f6rld caf\u00e9".encode("cp1252"), "héllo wörld café", "cp1252"),
        ("“Smart quotes” – and € signs".encode("cp1252"), "“Smart quotes” – and € signs", "cp1252"),
        ("Grüße".encode("latin-1"), "Grüße", "cp1252"),
        (RUSSIAN.encode("koi8-r"), RUSSIAN, "koi8-r"),
        (RUSSIAN.encode("cp1251"), RUSSIAN, "cp1251"),
    ],
)
def test_decodes(data: bytes, text: str, encoding: str) -> None:
    assert _decode(data) == (text, encoding)


def test_meta_charset_used_when_bytes_are_not_utf8() -> None:
    data = b'<html><head><meta charset="koi8-r"></head><body>' + RUSSIAN.encode("koi8-r")
    text, enc = _decode(data)
    assert RUSSIAN in text and enc == "koi8-r"


def test_lying_meta_charset_loses_to_valid_utf8() -> None:
    data = b'<meta charset="iso-8859-1"><p>' + "naïve café".encode()
    text, enc = _decode(data)
    assert "naïve café" in text and enc == "utf-8"


def test_header_charset_hint() -> None:
    data = "Ελληνικά κείμενα".encode("iso-8859-7")
    text, enc = _decode(data, hint="iso-8859-7")
    assert text == "Ελληνικά κείμενα" and enc == "iso8859-7"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", RejectReason.EMPTY),
        (b"   \n\t  ", RejectReason.EMPTY),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), RejectReason.BINARY),
        (b"%PDF-1.7\n...", RejectReason.BINARY),
        (b"\x1f\x8b\x08\x00junk", RejectReason.BINARY),
        (bytes(range(32)) * 50, RejectReason.BINARY),
    ],
)
def test_rejects(data: bytes, reason: RejectReason) -> None:
    with pytest.raises(Rejection) as info:
        decode(RawDocument("x", data))
    assert info.value.reason is reason
    assert info.value.stage == "decode"


# No deadline: the first example pays the charset detector's lazy import (0.6 s measured on a
# loaded machine), which Hypothesis reports as a flaky failure; this test is about exceptions.
@settings(deadline=None)
@given(st.binary(max_size=2000))
def test_never_raises_anything_but_rejection(data: bytes) -> None:
    try:
        result = decode(RawDocument("x", data))
    except Rejection:
        return
    assert isinstance(result.text, str) and result.text.strip()


@given(st.text(max_size=500))
def test_utf8_roundtrip(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        result = decode(RawDocument("x", data))
    except Rejection:
        return
    if result.encoding == "utf-8":
        assert result.text == text


@settings(max_examples=300)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("\x00\x07\x0b\x0c\x1f\t\n\r\x7f\x85é"))))
def test_control_share_counts_what_the_control_class_matches(text: str) -> None:
    from pipeline.decode import _CONTROL_CHARS, _control_share

    sample = text[:20000]
    expected = len(_CONTROL_CHARS.findall(sample)) / len(sample) if sample else 0.0
    assert _control_share(text) == expected
    # Given the text's UTF-8 (what decode passes for a page it read as UTF-8): the same share.
    assert _control_share(text, text.encode("utf-8", "surrogatepass")) == expected
