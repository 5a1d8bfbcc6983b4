from __future__ import annotations

import json
from pathlib import Path

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


# One news paragraph per language (about 400 characters each, the length detect_language reads).
LANGUAGE_TABLE: dict[str, str] = json.loads(
    (Path(__file__).parent / "data" / "languages.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("lang", sorted(LANGUAGE_TABLE))
def test_language_accuracy_table(lang: str) -> None:
    text = LANGUAGE_TABLE[lang]
    assert detect_language(text) == lang
    # The language is told from the first sentence or two, and reading further (a long body:
    # only the sample is read) does not change it.
    assert detect_language(text[:200]) == lang
    assert detect_language("\n\n".join([text] * 5)) == lang


def test_cached_language_model_is_the_bundled_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache entry (written on first use, memory-mapped after) holds the very same arrays,
    so it gives the same scores as decompressing the bundled model; a cache folder that cannot
    be written falls back to the bundled model."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from pipeline import metadata

    bundled = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # first call writes the entry, the second reads it
        parts = metadata._cached_model(MODEL_DIR / MODEL_FILE)
        assert parts is not None
        ptc, pc, classes, nextmove, row, output = parts
        assert ptc.dtype == np.float32 and np.array_equal(ptc, bundled.nb_ptc)
        assert np.array_equal(pc, bundled.nb_pc)
        assert classes == bundled.nb_classes and output == bundled.tk_output
        assert nextmove == bundled.tk_nextmove and row == bundled.tk_row
        cached = LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)
        for text in LANGUAGE_TABLE.values():
            for sample in (text[:n] for n in (30, 90, 200, 400)):
                # the scores of every language, bit for bit (the float32 weights give the same)
                assert cached._decide(sample).tobytes() == bundled._decide(sample).tobytes()
            assert cached.classify(text) == bundled.classify(text)
    assert len(list((tmp_path / "cache").iterdir())) == 1  # no temporary folder left behind
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(blocked))
    assert metadata._cached_model(MODEL_DIR / MODEL_FILE) is None
