from __future__ import annotations

import pytest

from pipeline.metadata import content_sha256, detect_language, doc_id_for, site_from_url


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://WWW.Example.co.uk/a?b=1", "example.co.uk"),
        ("http://news.example.com:8080/x", "news.example.com"),
        ("https://bücher.example/", "xn--bcher-kva.example"),
        ("javascript:alert(1)", None),
        ("not a url", None),
        ("http://../../etc/passwd", None),
        ("http://exa mple.com/", None),
        ("", None),
        (None, None),
    ],
)
def test_site_from_url(url: str | None, site: str | None) -> None:
    assert site_from_url(url) == site


def test_doc_id_is_deterministic_and_input_sensitive() -> None:
    a = doc_id_for("raw/a.txt", "00" * 32)
    assert a == doc_id_for("raw/a.txt", "00" * 32)
    assert a != doc_id_for("raw/b.txt", "00" * 32)
    assert a != doc_id_for("raw/a.txt", "11" * 32)
    assert len(a) == 32


def test_content_hash() -> None:
    assert content_sha256("x") == content_sha256("x") != content_sha256("y")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The council approved the plan on Tuesday after a long debate about noise and jobs.", "en"),
        ("Der Stadtrat hat den Plan am Dienstag nach einer langen Debatte über Lärm genehmigt.", "de"),
        ("Le conseil municipal a approuvé le projet mardi après un long débat sur le bruit.", "fr"),
        ("ok", None),
    ],
)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang
