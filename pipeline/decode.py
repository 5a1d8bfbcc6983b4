"""Decode stage: bytes -> str, choosing the encoding in a fixed order and recording it.

Order (the first that applies wins; `Decoded.source` records which one did):

1. a byte-order mark;
2. UTF-16 without a BOM (NUL in every other byte);
3. a declared charset: the container's (HTTP / WARC `Content-Type`, JSON Lines' UTF-8) before
   the page's own `<meta>`, as browsers rank them. A declared charset is used only if it decodes
   the bytes strictly, so a header that fails to decode them never wins. One exception: when
   the declared charset is a legacy one (Latin-1, cp1252, Shift_JIS, ...) and the bytes are
   valid UTF-8 with non-ASCII characters, UTF-8 wins. Legacy decoders accept UTF-8 bytes
   without error (Latin-1 accepts any bytes), so "it decodes" proves nothing there, while
   non-ASCII text that happens to be valid UTF-8 almost surely is UTF-8: servers that default
   to ISO-8859-1 in front of UTF-8 pages are the usual "lying header";
4. strict UTF-8;
5. a detector (our Cyrillic and Western single-byte checks first, since charset-normalizer
   confuses KOI8-R with cp1251 and guesses exotic code pages for short cp1252 text), then
   cp1252, then Latin-1, which decodes anything.

As in browsers (WHATWG Encoding), a declared ISO-8859-1 or ASCII is decoded as cp1252, and a
declared UTF-16 that the bytes do not bear out is read as UTF-8. Binary junk is rejected here,
before any parser sees it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from pipeline.schema import RawDocument, Rejection, RejectReason

STAGE = "decode"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of formats that are never pages (checked on the first bytes).
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
# Share of C0 control characters (besides tab/newline/CR/FF) above which decoded text is junk:
# real pages have essentially none, binary files have many.
_MAX_CONTROL_SHARE = 0.01
# The characters the share counts (tests check _CONTROL_BYTES against this class).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# The same characters as bytes: in UTF-8 an ASCII byte is always that ASCII character, so
# deleting them from the encoded text counts them in one C pass (the regex costs ~8 ns a char).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    # Which rule chose the encoding: bom, utf-16, header, meta, utf-8, detector or fallback.
    source: str = ""


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("'\"")).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte for Latin text."""
    sample = data[:4000]
    if len(sample) < 4 or 0 not in sample:  # no NUL at all (most pages): neither share is high
        return None
    even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


_CONTROL_SAMPLE = 20000


def _control_share(text: str, utf8: bytes | None = None) -> float:
    """Share of control characters in the text's first _CONTROL_SAMPLE characters. `utf8`, if
    given, is the text's own UTF-8 encoding: a byte under 0x80 stands for itself in UTF-8, so
    its control bytes are the text's control characters, counted without encoding it again."""
    sample = text[:_CONTROL_SAMPLE]
    if not sample:
        return 0.0
    data = utf8 if utf8 is not None and len(text) <= _CONTROL_SAMPLE \
        else sample.encode("utf-8", "surrogatepass")
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(sample)


def decode(raw: RawDocument) -> Decoded:
    """Decode a page's bytes; raise `Rejection` for empty or binary input."""
    data = raw.data
    if not data.strip():
        raise Rejection(RejectReason.EMPTY, "no bytes" if not data else "only whitespace", STAGE)
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            raise Rejection(RejectReason.BINARY, f"looks like {kind}", STAGE)

    result = _decode_bytes(data, raw.charset_hint)
    if result is None:
        raise Rejection(RejectReason.UNDECODABLE, "no encoding gives text", STAGE)
    # Decoded as UTF-8 (with or without a BOM, which is no control character): the bytes are
    # the text's UTF-8.
    utf8 = data if result.encoding in ("utf-8", "utf-8-sig") else None
    if _control_share(result.text, utf8) > _MAX_CONTROL_SHARE:
        raise Rejection(RejectReason.BINARY, "too many control characters for text", STAGE)
    if not result.text.strip():
        raise Rejection(RejectReason.EMPTY, "only whitespace after decoding", STAGE)
    return result


def _decode_bytes(data: bytes, charset_hint: str | None) -> Decoded | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _try(data, enc)
            if text is not None:
                return Decoded(text.lstrip("\ufeff"), enc, "bom")
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _try(data, utf16)
        if text is not None:
            return Decoded(text, utf16, "utf-16")

    utf8 = _try(data, "utf-8")
    for source, declared in (("header", _declared(charset_hint)), ("meta", _meta_charset(data))):
        if declared is None:
            continue
        if declared == "utf-8":
            if utf8 is not None:
                return Decoded(utf8, "utf-8", source)
            continue  # a declared UTF-8 the bytes are not: the next rule decides
        if utf8 is not None and not data.isascii():
            break  # legacy declared charset against valid non-ASCII UTF-8: see the docstring
        text = _try(data, declared)
        if text is not None:
            return Decoded(text, declared, source)
        if declared == "cp1252":  # the five bytes cp1252 leaves undefined: Latin-1 has them
            return Decoded(data.decode("latin-1"), "latin-1", source)

    if utf8 is not None:
        return Decoded(utf8, "utf-8", "utf-8")
    detected = _detect(data)
    if detected is not None:
        return detected
    # cp1252 decodes nearly everything; latin-1 decodes everything.
    text = _try(data, "cp1252")
    if text is not None:
        return Decoded(text, "cp1252", "fallback")
    return Decoded(data.decode("latin-1"), "latin-1", "fallback")


# Declared names browsers read differently from Python's codec of the same name (WHATWG).
_AS_BROWSERS_DO = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    # A page cannot declare UTF-16 in bytes readable as ASCII; a real UTF-16 page has a BOM or
    # was caught by the NUL-pattern check above.
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-32": "utf-8",
    "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
    "utf-8-sig": "utf-8",
}


def _declared(name: str | None) -> str | None:
    codec = _codec(name)
    return _AS_BROWSERS_DO.get(codec, codec) if codec else None


def _meta_charset(data: bytes) -> str | None:
    if data.find(b"<", 0, 4096) == -1:  # no tag at all (a text page): the regex cannot match
        return None
    match = _META_CHARSET.search(data[:4096])
    return _declared(match.group(1).decode("ascii", "ignore")) if match else None


def _cyrillic_single_byte(data: bytes) -> Decoded | None:
    """KOI8-R versus cp1251: decoded with the wrong one, Cyrillic comes out mostly in capitals.

    charset-normalizer confuses the two on short pages; real Russian text is mostly lowercase.
    """
    best: tuple[float, str, str] | None = None
    for enc in ("cp1251", "koi8-r"):
        text = _try(data, enc)
        if text is None:
            continue
        cyr = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
        if len(cyr) < 20:
            return None
        lower = sum(1 for ch in cyr if ch.islower()) / len(cyr)
        # The ten commonest Cyrillic letters make up about half of real Russian/Ukrainian text;
        # another script's bytes read as cp1251 scatter over rare letters instead.
        common = sum(1 for ch in cyr if ch in "оеаинтсрвлОЕАИНТСРВЛ") / len(cyr)
        if common < 0.35:
            continue
        if best is None or lower > best[0]:
            best = (lower, enc, text)
    if best is None or best[0] < 0.6:
        return None
    return Decoded(best[2], best[1], "detector")


def _mostly_latin(data: bytes) -> bool:
    """Western text in a single-byte code page: high bytes come alone or in pairs among ASCII.

    Cyrillic, Greek or CJK text has whole words of high bytes, so its runs are long.
    """
    runs = [len(m) for m in re.findall(rb"[\x80-\xff]+", data[:100_000])]
    return bool(runs) and sum(runs) / len(runs) < 2.5


def _detect(data: bytes) -> Decoded | None:
    cyrillic = _cyrillic_single_byte(data)
    if cyrillic is not None:
        return cyrillic
    if _mostly_latin(data):
        # cp1252 is what "latin-1" pages really are in practice (browsers treat them alike),
        # and detectors often guess exotic code pages for short Western text.
        text = _try(data, "cp1252")
        if text is not None:
            return Decoded(text, "cp1252", "detector")

    from charset_normalizer import from_bytes  # heavy import: only when needed

    best = from_bytes(data[:200_000]).best()
    if best is None or not best.encoding:
        return None
    text = _try(data, best.encoding)
    return Decoded(text, best.encoding, "detector") if text is not None else None

