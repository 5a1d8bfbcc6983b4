"""A hostile input corpus, generated (never committed: some cases are tens of megabytes).

Each `Case` is one file and what must come of it: an article containing (and not containing)
some text, or a reject with one of some reasons. `tests/test_hostile.py` runs each case alone;
`tests/test_hostile_run.py` runs them all together through `python -m pipeline run`.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
SECRET = "TOPSECRET-XXE-MARKER-7f3a"
PARA = ("The harbour authority confirmed on Tuesday that the new cranes will arrive in spring, "
        "and that the quay will stay open to ferries while the work goes on.")


# Paragraphs long enough to read as prose: the cases test decoding, not what counts as an article.
FIRST_PARA = "First paragraph: the council met on Monday to discuss the plans for the harbour."
SECOND_PARA = "Second paragraph: a vote will follow next week, after a public hearing in the town hall."


def page(title: str, *paras: str) -> str:
    """A flattened text page: a title, then paragraphs.

    The closing paragraph names the title: a line shared by every page of the run would be
    learnt as boilerplate when the cases run together, which is not what they test.
    """
    return title + "\n\n" + "\n\n".join((*paras, f"{PARA} This is the page about {title}.")) + "\n"


def html_page(title: str, body_html: str, head: str = "") -> str:
    return (f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{body_html}<p>{PARA}</p></article></body></html>")


@dataclass(frozen=True)
class Case:
    name: str
    filename: str | bytes
    make: Callable[[Path], bytes]  # gets a folder outside the input, for files a page points at
    kind: str  # "article" or "reject"
    reasons: frozenset[str] = frozenset()  # for "reject": any of these
    contains: tuple[str, ...] = ()  # for "article": in title + body
    absent: tuple[str, ...] = ()  # in no record (article or reject), any column
    title: str | None = None  # for "article": the exact title, when it matters
    slow: bool = False
    # Cases an article or a clear reject may both satisfy (huge or pathological markup): never an
    # article that silently lost the text in `contains`.
    either: bool = False
    # Why this case is known to fail on this branch, and whose work fixes it (strict xfail: the
    # marker must go when the fix lands).
    xfail: str | None = None


def _deep(n: int) -> bytes:
    inner = "<p>Deep nested marker paragraph survives the nesting.</p>"
    return html_page("Deeply nested page", "<p>Text before the nesting.</p>" + "<div>" * n + inner
                     + "</div>" * n + "<p>Text after the nesting.</p>").encode()


def _laughs() -> bytes:
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE html [" + "".join(ents) + "]>"
    body = "<p>&lol9;</p><p>Entity expansion must not blow up this page.</p>"
    return (doctype + html_page("Billion laughs", body).removeprefix("<!DOCTYPE html>")).encode()


def _xxe(ext: Path) -> bytes:
    secret = ext / "secret.txt"
    secret.write_text(SECRET + "\n")
    doctype = (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">'
               '<!ENTITY pw SYSTEM "file:///etc/passwd">]>')
    body = "<p>Leak: &xxe; and &pw;</p><p>External entities must never be resolved.</p>"
    return (doctype + html_page("External entity page", body).removeprefix("<!DOCTYPE html>")).encode()


def _random_bytes(n: int) -> bytes:
    return random.Random(7).randbytes(n)


CASES: list[Case] = [
    Case("empty", "empty.txt", lambda _: b"", "reject", frozenset({"empty"})),
    Case("whitespace", "blank.html", lambda _: b" \r\n\t \n\x0c ", "reject", frozenset({"empty"})),
    Case("png_as_txt", "photo.txt", lambda _: b"\x89PNG\r\n\x1a\n" + _random_bytes(4000), "reject",
         frozenset({"binary"})),
    Case("random_as_html", "noise.html", lambda _: _random_bytes(20000), "reject",
         frozenset({"binary", "undecodable"})),
    Case("elf_as_txt", "prog.txt", lambda _: b"\x7fELF\x02\x01\x01" + _random_bytes(3000), "reject",
         frozenset({"binary"})),
    Case("utf16_bom", "u16bom.txt", lambda _: page("Größe des Hafens", "Der Kran wiegt 300 Tonnen.")
         .encode("utf-16"), "article", contains=("Größe des Hafens", "Der Kran wiegt")),
    Case("utf16_no_bom", "u16.txt", lambda _: page(
        "Café society", "Naïve façades everywhere were repainted by the council in the last two years.")
         .encode("utf-16-le"), "article", contains=("Café society", "Naïve façades")),
    Case("utf8_bom", "u8bom.txt", lambda _: codecs.BOM_UTF8 + page(
        "BOM headline", "Crème brûlée was served to every guest at the opening night of the café.")
         .encode(), "article", contains=("Crème brûlée",), title="BOM headline"),
    Case("cp1252", "cp1252.txt", lambda _: page("“Smart” quotes – €5 fares", "Prices rose by €2.")
         .encode("cp1252"), "article", contains=("“Smart” quotes – €5 fares", "€2")),
    Case("latin1", "latin1.txt", lambda _: page(
        "Grüße aus Köln",
        "Schöne Straßen, große Plätze und alte Häuser prägen seit Jahrhunderten das Bild der Stadt.")
         .encode("latin-1"), "article", contains=("Grüße aus Köln", "große Plätze")),
    Case("meta_lies_latin1", "lie1.html", lambda _: html_page(
        "Lying charset", "<p>Naïve café owners déjà vu.</p>", '<meta charset="iso-8859-1">').encode(),
         "article", contains=("Naïve café owners déjà vu",)),
    Case("meta_lies_utf8", "lie2.html", lambda _: html_page(
        "Lying charset two", "<p>Crème fraîche à la carte.</p>", '<meta charset="utf-8">')
         .encode("cp1252"), "article", contains=("Crème fraîche à la carte",)),
    Case("mojibake", "moji.txt", lambda _: page(
        "Mojibake headline", "The cafÃ© said â€œhelloâ€\x9d to everyone.").encode("utf-8"),
         "article", contains=("café said “hello”",), absent=("Ã©",)),
    Case("invalid_utf8", "badutf8.txt", lambda _: page(
        "Broken bytes", "Valid start of a paragraph that goes on for a while before bytes break.").encode()
         + b"\xff\xfe\xc3( stray bytes \xe2\x82 end of text here.\n", "article",
         contains=("Broken bytes", "Valid start of a paragraph")),
    Case("nul_bytes", "nul.txt", lambda _: page("Nul page", "Some\x00 text with a NUL.").encode(),
         "article", contains=("Some text with a NUL.",), absent=("\x00",)),
    Case("lone_surrogates", "surrogate.html", lambda _: html_page(
        "Surrogate page", "<p>Broken &#xD800; entity and \udcff escaped.</p>").encode(
            "utf-8", "surrogatepass"), "article", contains=("Broken", "entity and")),
    Case("crlf", "crlf.txt", lambda _: page("CRLF title", FIRST_PARA, SECOND_PARA)
         .replace("\n", "\r\n").encode(), "article", contains=(FIRST_PARA + "\n\n" + SECOND_PARA,),
         absent=("\r",), title="CRLF title"),
    Case("cr_only", "cr.txt", lambda _: page("CR title", FIRST_PARA, SECOND_PARA)
         .replace("\n", "\r").encode(), "article", contains=(FIRST_PARA + "\n\n" + SECOND_PARA,),
         absent=("\r",), title="CR title"),
    Case("bidi_title", "bidi.txt", lambda _: page(
        "\u202eEvil\u202c head\u200bline \u2066with\u2069 isolates\ufeff", "Body text.").encode(),
         "article", title="Evil headline with isolates"),
    Case("name_spaces", "a file with spaces.txt", lambda _: page("Spaces", "x y").encode(), "article"),
    Case("name_quotes", "it's a \"quoted\" name.txt", lambda _: page("Quotes", "q").encode(), "article"),
    Case("name_shell", "semi;colon $(touch PWNED) `id`.txt", lambda _: page("Shell", "s").encode(),
         "article"),
    Case("name_unicode", "ünïcödé 日本語 ☃.txt", lambda _: page("Unicode name", "u").encode(), "article"),
    Case("name_invalid_utf8", b"bad \xff\xfe name.txt", lambda _: page("Bad bytes name", "b").encode(),
         "article"),
    Case("xxe", "xxe.html", _xxe, "article", contains=("External entities must never be resolved",),
         absent=(SECRET, "root:x:0:0")),
    Case("billion_laughs", "laughs.html", lambda _: _laughs(), "article",
         contains=("Entity expansion must not blow up",), absent=("lollollollollollollollollollol",)),
    Case("stray_html_nested", "stray1.html", lambda _: html_page("Nested document in an ad", (
        "<p>Paragraph before the advert is kept.</p>"
        "<div class='ad'><html><body><a href='/x'>Buy now</a></body></html></div>"
        "<p>Paragraph after the advert must be kept too.</p>")).encode(), "article",
         contains=("Paragraph before the advert", "Paragraph after the advert must be kept")),
    # An ad snippet that closes the page it was pasted into: libxml2 (lxml 6.1) drops the rest.
    Case("stray_html_close", "stray2.html", lambda _: html_page("Stray close tag", (
        "<p>Paragraph before the advert is kept.</p>"
        "<div class='ad'><a href='/x'>Buy now</a></body></html></div>"
        "<p>Paragraph after the advert must be kept too.</p>")).encode(), "article",
         contains=("Paragraph before the advert", "Paragraph after the advert must be kept")),
    Case("deep_nesting", "deep.html", lambda _: _deep(200_000), "article", slow=True, either=True,
         contains=("Text before the nesting", "Deep nested marker paragraph", "Text after the nesting")),
    Case("siblings_500k", "siblings.html", lambda _: html_page(
        "Many siblings", "<p>Real article text among half a million siblings.</p>"
        + "<span>x</span>" * 500_000).encode(), "article", slow=True, either=True,
         contains=("Real article text among half a million siblings",)),
    Case("single_line_35mb", "oneline.txt", lambda _: (b"word " * (7 * MB))[: 35 * MB], "reject",
         frozenset({"too_large"}), slow=True),
    Case("page_30mb", "big.html", lambda _: html_page("Huge page", f"<p>{PARA}</p>" * (
        30 * MB // (len(PARA) + 7))).encode(), "reject", frozenset({"too_large"}), slow=True),
    # 40 MB of zeros in 40 KB: inflating it must stop at the page cap, not fill memory.
    Case("gzip_bomb", "bomb.txt.gz", lambda _: gzip.compress(bytes(40 * MB), 9), "reject",
         frozenset({"too_large"})),
    # A page whose gzip stream is cut in half: never passed off as the whole page.
    Case("gzip_truncated", "cut.html.gz", lambda _: _truncated_gzip(), "reject",
         frozenset({"bad_container"})),
]


def _truncated_gzip() -> bytes:
    data = gzip.compress(html_page("Cut page", f"<p>{PARA}</p>" * 200).encode())
    return data[: len(data) // 2]


def write_case(case: Case, raw: Path, ext: Path) -> Path:
    raw.mkdir(parents=True, exist_ok=True)
    ext.mkdir(parents=True, exist_ok=True)
    name = case.filename if isinstance(case.filename, bytes) else case.filename.encode()
    path = raw / os.fsdecode(name)
    path.write_bytes(case.make(ext))
    return path


def source_path(case: Case) -> str:
    """The `source_path` the case's rows must carry (bad UTF-8 bytes shown as \\xNN)."""
    if isinstance(case.filename, bytes):
        return case.filename.decode("utf-8", "backslashreplace")
    return case.filename
