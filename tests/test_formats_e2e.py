"""Crawler formats through the real runner: WARC and JSON Lines give what the same pages give as files."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from pipeline.config import Config, Limits
from pipeline.runner import run

from .formats_fixtures import FETCHED, TEXT_PAGES, WarcBuilder, jsonl_line, sample_html, sample_text, write


def _rows(out: Path, dataset: str) -> list[dict[str, Any]]:
    path = out / dataset
    return ds.dataset(path, format="parquet").to_table().to_pylist() if path.exists() else []


def _run(raw: Path, out: Path, **kw: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    run(Config(input_dir=raw, output_dir=out, **{"workers": 1, **kw}))
    return _rows(out, "articles"), _rows(out, "rejects")


def _one_by_one(tmp_path: Path, files: dict[str, bytes]) -> dict[str, str]:
    """Body per file name, each file in its own folder (so no page learns boilerplate from another)."""
    raw = tmp_path / "single"
    for name, data in files.items():
        (raw / name).mkdir(parents=True)
        (raw / name / name).write_bytes(data)
    articles, _ = _run(raw, tmp_path / "single-out")
    return {row["source_path"].split("/")[-1]: row["body"] for row in articles}


def test_warc_gives_the_articles_of_its_pages(tmp_path: Path) -> None:
    pages = sample_html()
    b = WarcBuilder()
    b.warcinfo()
    for url, body in pages.values():
        b.request(url)
        b.response(url, body)
    b.response("https://img.example.test/a.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png")
    b.response("https://late.example.test/x", next(iter(pages.values()))[1])
    raw = tmp_path / "raw"
    raw.mkdir()
    write(raw / "crawl.warc.gz", b.data(cut_last=True))

    articles, rejects = _run(raw, tmp_path / "out")
    assert len(articles) == len(pages)
    expected = _one_by_one(tmp_path, {name: body for name, (_, body) in pages.items()})
    by_url = {row["url"]: row for row in articles}
    for name, (url, _) in pages.items():
        row = by_url[url]
        assert row["body"] == expected[name], name  # the same extraction as the file on its own
        assert row["site"] == url.split("/")[2].removeprefix("www.")
        assert row["language"] in ("en", "fr")
        assert row["source_path"].startswith("crawl.warc.gz#")
        assert row["fetched_at"].isoformat() == FETCHED.replace("Z", "+00:00")
        assert row["encoding"] == "utf-8" and row["duplicate_of"] is None
    reasons = sorted(r["reason"] for r in rejects)
    # warcinfo + one request per page + the PNG are unsupported; the cut-off record is broken.
    assert reasons == ["bad_container"] + ["unsupported"] * (len(pages) + 2)


def test_jsonl_text_pages_duplicates_and_a_broken_line(tmp_path: Path) -> None:
    texts = {name: sample_text(name) for name in TEXT_PAGES}
    wapo = texts["wapo-tunisia-museum.txt"]
    near = wapo.replace("Tunisian", "Tunisia's", 3).replace("museum", "gallery", 2)
    lines = [jsonl_line(url=f"https://site{i}.example/{name}", text=text, fetched_at=FETCHED)
             for i, (name, text) in enumerate(texts.items())]
    lines.insert(1, b'{"url": "https://broken.example/", "text": "no closing\n')
    lines += [
        jsonl_line(url="https://copy1.example/a", text=wapo),  # exact copies under other URLs
        jsonl_line(url="https://copy2.example/b", text=texts["hakibenita-sql-anomaly-detection.txt"]),
        jsonl_line(url="https://copy3.example/c", text=near),  # a few words changed
    ]
    raw = tmp_path / "raw"
    raw.mkdir()
    write(raw / "feed.jsonl.gz", b"".join(lines), gz=True)

    # Two workers and batches of two: signatures from the workers, marks across batches.
    articles, rejects = _run(raw, tmp_path / "out", workers=2, batch_size=2)
    assert [(r["source_path"], r["reason"]) for r in rejects] == [("feed.jsonl.gz#2", "bad_container")]
    expected = _one_by_one(tmp_path, {name: text.encode() for name, text in texts.items()})
    by_url = {row["url"]: row for row in articles}
    originals = {}
    for i, name in enumerate(texts):
        row = by_url[f"https://site{i}.example/{name}"]
        assert row["body"] == expected[name], name  # the text-path result of the file on its own
        assert row["duplicate_of"] is None and row["site"] == f"site{i}.example"
        assert row["language"] == "en" and row["encoding"] == "utf-8"
        originals[name] = row["doc_id"]
    wapo_id, haki_id = originals["wapo-tunisia-museum.txt"], originals["hakibenita-sql-anomaly-detection.txt"]
    assert by_url["https://copy1.example/a"]["duplicate_of"] == wapo_id
    assert by_url["https://copy2.example/b"]["duplicate_of"] == haki_id
    assert by_url["https://copy3.example/c"]["duplicate_of"] == wapo_id
    haki = by_url["https://site1.example/hakibenita-sql-anomaly-detection.txt"]
    assert haki["published_at"].isoformat() == "2020-09-21T00:00:00+00:00"  # its date line


def test_duplicate_marking_can_be_switched_off(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    text = sample_text("wapo-tunisia-museum.txt")
    write(raw / "f.jsonl", jsonl_line(url="https://a.example/", text=text) + jsonl_line(text=text))
    articles, _ = _run(raw, tmp_path / "out", mark_duplicates=False)
    assert [r["duplicate_of"] for r in articles] == [None, None]


@pytest.mark.parametrize("name", ["simple_article.html", "wapo-tunisia-museum.txt"])
def test_gzip_pages_give_the_same_article(tmp_path: Path, name: str) -> None:
    source = sample_html()[name][1] if name.endswith(".html") else sample_text(name).encode()
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    (plain / name).write_bytes(source)
    (packed / (name + ".gz")).write_bytes(gzip.compress(source))
    [a], _ = _run(plain, tmp_path / "out1")
    [b], _ = _run(packed, tmp_path / "out2")
    assert (b["source_path"], b["source_format"]) == (name + ".gz", a["source_format"])
    assert b["body"] == a["body"] and b["raw_sha256"] == a["raw_sha256"]


def test_gzip_bomb_and_truncated_gzip_in_a_run(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * (8 << 20)))
    data = gzip.compress(sample_text("wapo-tunisia-museum.txt").encode())
    (raw / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    shutil.copy(Path(__file__).parent / "data" / "pages" / "simple_article.html", raw / "ok.html")
    articles, rejects = _run(raw, tmp_path / "out", limits=Limits(max_decompressed_bytes=1 << 20))
    assert [a["source_path"] for a in articles] == ["ok.html"]
    assert {r["source_path"]: r["reason"] for r in rejects} == {
        "bomb.html.gz": "too_large", "cut.txt.gz": "bad_container"
    }


def test_exact_duplicate_added_in_a_later_run_points_at_the_earlier_original(tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    page = sample_text("wapo-tunisia-museum.txt").encode()
    (raw / "a-original.txt").write_bytes(page)
    run(Config(input_dir=raw, output_dir=out, workers=1))
    (raw / "b-copy.txt").write_bytes(page)
    run(Config(input_dir=raw, output_dir=out, workers=1))
    rows = {r["source_path"]: r for r in ds.dataset(out / "articles").to_table().to_pylist()}
    assert rows["a-original.txt"]["duplicate_of"] is None
    assert rows["b-copy.txt"]["duplicate_of"] == rows["a-original.txt"]["doc_id"]
