from __future__ import annotations

import pytest

from pipeline.detect import detect_format


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
        ("  \n<html lang='en'><p>hi</p>", None, "html"),
        ("<?xml version='1.0'?><html xmlns='x'><body/></html>", None, "html"),
        ("<div><p>a</p><p>b</p><p>c</p><a href=x>d</a><span>e</span></div>", None, "html"),
        ("<p>fragment</p>", "html", "html"),
        ("Title\n\nBy Someone\n\nA paragraph of text that mentions <p> once.", None, "text"),
        ("Plain text only.", "html", "text"),
        ("", None, "text"),
        # A text dump quoting markup (w3m prints a <noscript> block's source; a tutorial its
        # code): many tags, but not at the top. A .txt name keeps it text; no name, it is HTML.
        ("Headline\n\nSome text.\n" + "<div><p>quoted</p></div>" * 10, "text", "text"),
        ("Headline\n\nSome text.\n" + "<div><p>quoted</p></div>" * 10, None, "html"),
    ],
)
def test_detect(text: str, hint: str | None, expected: str) -> None:
    assert detect_format(text, hint) == expected
