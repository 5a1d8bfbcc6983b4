"""Normalize stage: clean text the same way for every extractor.

Unicode NFC, mojibake repaired (ftfy, only when the text looks broken), no control, invisible or
bidi-control characters, no lone surrogates, whitespace runs folded to one space inside a
paragraph, paragraphs separated by exactly one blank line. Typographic quotes are kept as they
are. Normalizing twice changes nothing (a property test holds us to it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import ftfy
from ftfy.badness import is_bad

from pipeline.schema import Extraction

# Format (Cf) characters that carry no text: zero-width spaces/joiners, word joiner, BOM,
# soft hyphen, and the bidi embedding/override/isolate controls (a spoofing vector in titles).
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
# C0/C1 controls except tab and newline (which are handled as whitespace), and surrogates.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_REMOVE = re.compile(f"[{_INVISIBLE}{_CONTROL}]")
_LINE_BREAKS = re.compile(r"\r\n|\r|[\u0085\u2028\u2029\x0b\x0c]")
# One character class for "would cleaning change anything": a class scans several times faster
# than the alternations above (\x85, \x0b and \x0c are controls already).
_CLEANING_CHARS = f"{_INVISIBLE}{_CONTROL}\r\u2028\u2029"
_CLEANING_NEEDED = re.compile(f"[{_CLEANING_CHARS}]")
_BLANK_LINES = re.compile(r"\n\s*\n+")

_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # typographic quotes are content, keep them
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization="NFC",
    explain=False,
)


# Every UTF-8 sequence mis-decoded as cp1252/latin-1 starts with one of Â..ô (the lead byte)
# followed by what a continuation byte 0x80-0xBF decodes to (U+0080-U+00BF or a cp1252 special);
# UTF-8 read as cp1251 starts with Р or С followed by the same range's cp1251 forms. Text without
# such a pair cannot hold that mojibake, so ftfy's (much slower) badness check is skipped for it.
_LATIN_LEADS = "\u00c2-\u00f4"
_LATIN_CONTINUATIONS = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_CYRILLIC_LEADS = "\u0420\u0421"
_CYRILLIC_CONTINUATIONS = "\u0401-\u040f\u0451-\u045f\u0490\u0491\u00a0-\u00bf\u2018-\u203a\u2116"
_MOJIBAKE_HINT = re.compile(
    f"[{_LATIN_LEADS}][{_LATIN_CONTINUATIONS}]|[{_CYRILLIC_LEADS}][{_CYRILLIC_CONTINUATIONS}]")
_MOJIBAKE_LEAD = re.compile(f"[{_LATIN_LEADS}{_CYRILLIC_LEADS}]")  # a cheap first scan for the hint


def _has_mojibake_hint(text: str) -> bool:
    if text.isascii():
        return False
    lead = _MOJIBAKE_LEAD.search(text)
    return lead is not None and _MOJIBAKE_HINT.search(text, lead.start()) is not None


def _repair(text: str) -> str:
    # ftfy is the slowest step: only texts that hold a mojibake-shaped pair go through it.
    if _has_mojibake_hint(text) and is_bad(text):
        text = ftfy.fix_text(text, config=_FTFY_CONFIG)
    return text


def _clean_chars(text: str) -> str:
    text = _LINE_BREAKS.sub("\n", text)
    text = _REMOVE.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _fixpoint(text: str, fold: Callable[[str], str]) -> str:
    """Repair, clean and fold; repeat while a repair still changes the text.

    Repair can reveal new whitespace or invisible characters, and folding can make a string
    look like mojibake ("Â" + space); iterating to a fixed point keeps normalizing idempotent.
    Cleaning and folding are idempotent themselves, so only a repair can make a pass change.
    """
    # Repair first: mojibake of curly quotes holds C1 bytes (\x9d) that cleaning would delete.
    text = fold(_clean_chars(_repair(text)))
    for _ in range(4):
        repaired = _repair(text)
        if repaired == text:
            break
        text = fold(_clean_chars(repaired))
    return text


# str.split() with no argument splits on every Unicode space (no-break, em, ideographic ...),
# so it folds all of them at once, in C.
def _fold_inline(text: str) -> str:
    return " ".join(text.split())


def _fold_paragraph(text: str) -> str:
    if "\n" not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalize_inline(text: str | None) -> str | None:
    """A one-line field (title, byline, section): all whitespace folded, None when empty."""
    if text is None:
        return None
    if not any(_checks(text)):  # clean and folded already (most titles and bylines): one check
        return text or None
    return _fixpoint(text, _fold_inline) or None


def normalize_paragraph(text: str) -> str:
    """One paragraph: inner line breaks kept as single newlines, spaces folded."""
    return _fixpoint(text, _fold_paragraph)


def _needs_repair_or_cleaning(text: str) -> bool:
    """False when repair and cleaning would leave `text` as it is (most pages): folding is enough."""
    return _checks(text)[0]


def _checks(text: str) -> tuple[bool, bool]:
    """(whether repair or cleaning may change `text`, whether folding whitespace may change it).

    Read off the text's distinct non-ASCII characters (a page's body holds a handful: quotes,
    dashes) and byte counts of its ASCII: a few C passes instead of a regex scan per class.
    """
    data = text.encode("utf-8", "surrogatepass")
    cleaning = len(data.translate(None, _ASCII_CLEANING)) != len(data)
    # Folding keeps a text whose whitespace is single spaces between words.
    spaced = len(data.translate(None, _ASCII_SPACES)) != len(data) or "  " in text \
        or text[:1] == " " or text[-1:] == " "
    if text.isascii():  # no mojibake, nothing to compose
        return cleaning, spaced
    if not unicodedata.is_normalized("NFC", text):
        return True, True
    chars = set(data.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    cleaning = cleaning or not _CLEANING_SET.isdisjoint(chars)
    spaced = spaced or any(map(str.isspace, chars))
    if cleaning or _LEAD_SET.isdisjoint(chars) or _CONTINUATION_SET.isdisjoint(chars):
        return cleaning, spaced  # no mojibake pair without a lead and a continuation
    # The regex scan costs ~15 ns a character on non-ASCII text (a page's body: most of this
    # stage); a table lookup per UTF-16 unit (numpy) says first whether a pair can match.
    return _char_flags(text)[1] and _has_mojibake_hint(text), spaced


_CLEAN_FLAG, _LATIN_LEAD, _CYRILLIC_LEAD, _LATIN_CONT, _CYRILLIC_CONT = 1, 2, 4, 8, 16
assert _LATIN_LEAD << 2 == _LATIN_CONT and _CYRILLIC_LEAD << 2 == _CYRILLIC_CONT


def _class_codes(chars: str) -> list[int]:
    """The code points of a regex character class's body made of characters and "a-z" ranges."""
    codes: list[int] = []
    i = 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            codes.extend(range(ord(chars[i]), ord(chars[i + 2]) + 1))
            i += 3
        else:
            codes.append(ord(chars[i]))
            i += 1
    return codes


@lru_cache(maxsize=1)
def _flag_table() -> Any:
    """Per UTF-16 code unit, which of the character classes above it belongs to (bit flags).

    Surrogate units are in _CONTROL, so a character beyond the BMP (two surrogate units) looks
    like cleaning is needed and the regex decides; none of the mojibake classes holds one.
    """
    import numpy as np  # heavy: only this stage's non-ASCII texts need it

    table = np.zeros(0x10000, dtype=np.uint8)
    for flag, chars in ((_CLEAN_FLAG, _CLEANING_CHARS), (_LATIN_LEAD, _LATIN_LEADS),
                        (_CYRILLIC_LEAD, _CYRILLIC_LEADS), (_LATIN_CONT, _LATIN_CONTINUATIONS),
                        (_CYRILLIC_CONT, _CYRILLIC_CONTINUATIONS)):
        table[_class_codes(chars)] |= flag
    return table


_CLEANING_SET = frozenset(map(chr, _class_codes(_CLEANING_CHARS)))
_ASCII_CLEANING = bytes(c for c in _class_codes(_CLEANING_CHARS) if c < 0x80)
_ASCII_SPACES = bytes(c for c in range(0x80) if chr(c).isspace() and c != 0x20)
_ASCII_BYTES = bytes(range(0x80))
_LEAD_SET = frozenset(map(chr, _class_codes(_LATIN_LEADS + _CYRILLIC_LEADS)))
_CONTINUATION_SET = frozenset(map(chr, _class_codes(_LATIN_CONTINUATIONS + _CYRILLIC_CONTINUATIONS)))


def _char_flags(text: str) -> tuple[bool, bool]:
    """(may hold a character `_CLEANING_NEEDED` matches, may hold a `_MOJIBAKE_HINT` pair):
    False is certain, True is confirmed by the regex."""
    import numpy as np

    flags = _flag_table()[np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype="<u2")]
    cleaning = bool((flags & _CLEAN_FLAG).any())
    # A lead's flag shifted left by two is its continuation's flag (_LATIN_LEAD << 2 ==
    # _LATIN_CONT, _CYRILLIC_LEAD << 2 == _CYRILLIC_CONT): a pair is a unit whose shifted flags
    # meet the next unit's.
    hint = bool(((flags[:-1] << 2) & flags[1:] & (_LATIN_CONT | _CYRILLIC_CONT)).any())
    return cleaning, hint


def normalize_body(paragraphs: list[str]) -> str:
    """Paragraphs joined by one blank line; empty paragraphs dropped."""
    return "\n\n".join(normalize_paragraphs(paragraphs))


def normalize_paragraphs(paragraphs: list[str]) -> list[str]:
    """The body's paragraphs normalized, empty ones dropped (what `normalize_body` joins)."""
    # One check over the whole body decides for every paragraph: folding whitespace cannot make
    # a mojibake pair (both characters of one are non-space), so clean text stays clean. Joined
    # by a space, which no check looks for: two spaces in a row or at an end mean a paragraph
    # that folding changes (or an empty one).
    needs, spaced = _checks(" ".join(paragraphs))
    if not (needs or spaced):
        return [para for para in paragraphs if para]  # clean and folded already (most pages)
    normalize = normalize_paragraph if needs else _fold_paragraph
    out = []
    for para in paragraphs:
        for piece in _BLANK_LINES.split(para) if "\n" in para else (para,):
            cleaned = normalize(piece)
            if cleaned:
                out.append(cleaned)
    return out


def normalize_text(text: str) -> str:
    """Normalize a whole text (paragraphs separated by blank lines)."""
    return normalize_body(_BLANK_LINES.split(_LINE_BREAKS.sub("\n", text)))


def normalize_list(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        cleaned = normalize_inline(item)
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return out


def normalize_extraction(ex: Extraction) -> Extraction:
    """Return the extraction with every text field normalized."""
    ex.title = normalize_inline(ex.title)
    ex.byline = normalize_inline(ex.byline)
    ex.section = normalize_inline(ex.section)
    ex.site_name = normalize_inline(ex.site_name)
    ex.authors = normalize_list(ex.authors)
    ex.captions = normalize_list(ex.captions)
    ex.body = normalize_paragraphs(ex.body)  # no paragraph holds a blank line any more
    return ex
