"""Container readers: what comes out of WARC, JSON Lines and gzip files, and what is rejected."""

from __future__ import annotations

import gzip
import shutil
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import Config, Limits
from pipeline.read import FailedInput, container_kind, discover, read_input
from pipeline.schema import RawDocument, RejectReason

from .formats_fixtures import FETCHED, WarcBuilder, jsonl_line, sample_html, write

Item = RawDocument | FailedInput


def _read(folder: Path, config: Config | None = None) -> list[Item]:
    config = config or Config()
    return [item for f in discover(folder) for item in read_input(f, config)]


def _by_path(items: list[Item]) -> dict[str, Item]:
    return {item.source_path: item for item in items}


def _reason(item: Item) -> RejectReason:
    assert isinstance(item, FailedInput), f"{item.source_path} was read as a page"
    return item.rejection.reason


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a/crawl.warc.gz", "warc"),
        ("CRAWL.WARC", "warc"),
        ("pages.jsonl", "jsonl"),
        ("pages.ndjson.gz", "jsonl"),
        ("page.html.gz", "gzip"),
        ("page.txt.gz", "gzip"),
        ("page.html", None),
        ("warc.txt", None),
    ],
)
def test_container_kind_by_name(name: str, kind: str | None) -> None:
    assert container_kind(name) == kind


# --- WARC ---------------------------------------------------------------------------------------


def _mixed_warc(compress: bool) -> tuple[bytes, list[str]]:
    """warcinfo, then per page a request and a response, a PNG response, a 404, a cut-off page."""
    b = WarcBuilder(compress=compress)
    b.warcinfo()
    urls = []
    for url, body in sample_html().values():
        b.request(url)
        b.response(url, body)
        urls.append(url)
    b.response("https://img.example.test/a.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    b.response("https://example.test/gone", b"<html><p>Not found</p></html>", status="404 Not Found")
    url, body = next(iter(sample_html().values()))
    b.response(url + "?again", body)
    return b.data(cut_last=True), urls


@pytest.mark.parametrize("compress", [True, False])
def test_warc_pages_and_counted_skips(tmp_path: Path, compress: bool) -> None:
    data, urls = _mixed_warc(compress)
    write(tmp_path / ("c.warc.gz" if compress else "c.warc"), data)
    items = _read(tmp_path)
    name = "c.warc.gz" if compress else "c.warc"
    pages = [i for i in items if isinstance(i, RawDocument)]
    assert [p.url for p in pages] == urls
    assert all(p.source_path.startswith(name + "#") for p in pages)
    assert all(p.format_hint == "html" and p.charset_hint == "utf-8" for p in pages)
    assert pages[0].fetched_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    html = {url: body for url, body in sample_html().values()}
    assert all(p.data == html[p.url] for p in pages if p.url)  # bodies come out byte for byte

    n_pages = len(urls)
    # Every record accounts for one item: 1 warcinfo + 2 per page + png + 404 + cut-off page.
    assert len(items) == 1 + 2 * n_pages + 3
    by = _by_path(items)
    assert _reason(by[f"{name}#1"]) is RejectReason.UNSUPPORTED  # warcinfo
    assert _reason(by[f"{name}#2"]) is RejectReason.UNSUPPORTED  # request
    assert isinstance(by[f"{name}#3"], RawDocument)
    png, gone, cut = (by[f"{name}#{1 + 2 * n_pages + k}"] for k in (1, 2, 3))
    assert _reason(png) is RejectReason.UNSUPPORTED and "image/png" in png.rejection.detail  # type: ignore[union-attr]
    assert _reason(gone) is RejectReason.UNSUPPORTED and "404" in gone.rejection.detail  # type: ignore[union-attr]
    assert _reason(cut) is RejectReason.BAD_CONTAINER


def test_warc_oversized_record_is_skipped_and_the_next_one_read(tmp_path: Path) -> None:
    b = WarcBuilder()
    b.response("https://a.example/big", b"<html><p>" + b"x" * 5000 + b"</p></html>")
    b.response("https://a.example/small", b"<html><p>small page</p></html>")
    write(tmp_path / "c.warc.gz", b.data())
    items = _read(tmp_path, Config(limits=Limits(max_page_bytes=1000)))
    assert _reason(items[0]) is RejectReason.TOO_LARGE
    assert isinstance(items[1], RawDocument) and items[1].url == "https://a.example/small"


def test_warc_charset_from_http_header(tmp_path: Path) -> None:
    b = WarcBuilder()
    b.response("https://a.example/ru", "<p>Привет</p>".encode("koi8-r"), "text/html; charset=KOI8-R")
    write(tmp_path / "c.warc.gz", b.data())
    [page] = _read(tmp_path)
    assert isinstance(page, RawDocument) and page.charset_hint == "KOI8-R"


def test_not_a_warc_is_a_bad_container(tmp_path: Path) -> None:
    write(tmp_path / "c.warc.gz", b"<html>not a warc</html>", gz=True)
    [item] = _read(tmp_path)
    assert _reason(item) is RejectReason.BAD_CONTAINER and item.source_path == "c.warc.gz#1"


# --- JSON Lines ---------------------------------------------------------------------------------


def _jsonl() -> bytes:
    return b"".join(
        [
            jsonl_line(url="https://a.example/1", text="First page text.", fetched_at=FETCHED, title="One"),
            b"\n",  # blank lines are not records
            b'{"url": "https://a.example/2", "text": "cut off\n',  # broken line 3
            jsonl_line(url="https://a.example/4", html="<html><p>Fourth</p></html>"),
            b"[1, 2]\n",  # line 5: not an object
            jsonl_line(url="https://a.example/6"),  # line 6: no body
            jsonl_line(text="Seventh, no url", fetched_at="yesterday"),
        ]
    )


@pytest.mark.parametrize("gz", [False, True])
def test_jsonl_broken_lines_named_and_the_rest_go_on(tmp_path: Path, gz: bool) -> None:
    name = "p.jsonl.gz" if gz else "p.jsonl"
    write(tmp_path / name, _jsonl(), gz=gz)
    by = _by_path(_read(tmp_path))
    assert sorted(by) == sorted(f"{name}#{n}" for n in (1, 3, 4, 5, 6, 7))
    first = by[f"{name}#1"]
    assert isinstance(first, RawDocument)
    assert (first.url, first.title_hint, first.format_hint) == ("https://a.example/1", "One", "text")
    assert first.fetched_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC) and first.data == b"First page text."
    fourth = by[f"{name}#4"]
    assert isinstance(fourth, RawDocument) and fourth.format_hint == "html"
    for n in (3, 5, 6):
        assert _reason(by[f"{name}#{n}"]) is RejectReason.BAD_CONTAINER
    seventh = by[f"{name}#7"]
    assert isinstance(seventh, RawDocument) and seventh.url is None and seventh.fetched_at is None


def test_jsonl_overlong_line_is_too_large_and_the_next_line_is_read(tmp_path: Path) -> None:
    data = jsonl_line(text="x" * 5000) + jsonl_line(text="short page")
    write(tmp_path / "p.jsonl", data)
    items = _read(tmp_path, Config(limits=Limits(max_page_bytes=1000)))
    assert _reason(items[0]) is RejectReason.TOO_LARGE and items[0].source_path == "p.jsonl#1"
    assert isinstance(items[1], RawDocument) and items[1].source_path == "p.jsonl#2"


def test_truncated_jsonl_gz_does_not_pass_off_a_fragment(tmp_path: Path) -> None:
    lines = [jsonl_line(url=f"https://a.example/{n}", text=f"page {n} " * 50) for n in range(40)]
    data = gzip.compress(b"".join(lines))
    write(tmp_path / "p.jsonl.gz", data[: len(data) - 40])
    items = _read(tmp_path)
    pages = [i for i in items if isinstance(i, RawDocument)]
    # Whatever came out whole is exactly what was written; the break is a named reject.
    assert all(p.data == f"page {n} ".encode() * 50 for n, p in enumerate(pages))
    assert _reason(items[-1]) is RejectReason.BAD_CONTAINER
    assert items[-1].source_path == f"p.jsonl.gz#{len(pages) + 1}"


def test_jsonl_gz_cut_right_after_a_valid_object_is_not_a_page(tmp_path: Path) -> None:
    # The stream breaks exactly where a JSON object ends, before its newline: the fragment parses
    # as JSON, but nothing says the line was complete, so it must not become a page.
    gz = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = gz.compress(jsonl_line(text="first page") + b'{"text": "second page"}')
    head += gz.flush(zlib.Z_FULL_FLUSH)  # everything so far decodes without what follows
    write(tmp_path / "p.jsonl.gz", head + gz.compress(b' "more"}\n') + gz.flush())
    write(tmp_path / "q.jsonl.gz", head)
    by = _by_path(_read(tmp_path))
    assert isinstance(by["q.jsonl.gz#1"], RawDocument)
    assert _reason(by["q.jsonl.gz#2"]) is RejectReason.BAD_CONTAINER
    assert "gzip" in by["q.jsonl.gz#2"].rejection.detail  # type: ignore[union-attr]
    assert _reason(by["p.jsonl.gz#2"]) is RejectReason.BAD_CONTAINER  # whole file: broken JSON


# --- gzip pages ---------------------------------------------------------------------------------


def test_gzip_pages_read_with_inner_format(tmp_path: Path) -> None:
    html = sample_html()["simple_article.html"][1]
    write(tmp_path / "a.html.gz", html, gz=True)
    write(tmp_path / "b.txt.gz", b"A text page.", gz=True)
    by = _by_path(_read(tmp_path))
    a, b = by["a.html.gz"], by["b.txt.gz"]
    assert isinstance(a, RawDocument) and a.data == html and a.format_hint == "html"
    assert isinstance(b, RawDocument) and b.data == b"A text page." and b.format_hint == "text"


def test_gzip_bomb_is_too_large(tmp_path: Path) -> None:
    # 64 MiB of zeros compresses to about 64 KiB: far past a 1 MiB cap.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(compressor.compress(bytes(1 << 20)) for _ in range(64)) + compressor.flush()
    for name in ("bomb.html.gz", "bomb.jsonl.gz", "bomb.warc.gz"):
        write(tmp_path / name, bomb)
    limits = Limits(max_decompressed_bytes=1 << 20, max_page_bytes=16 << 20)
    items = _read(tmp_path, Config(limits=limits))
    reasons = {i.source_path.split("#")[0]: _reason(i) for i in items}
    assert reasons == {n: RejectReason.TOO_LARGE for n in ("bomb.html.gz", "bomb.jsonl.gz", "bomb.warc.gz")}


def test_truncated_gzip_page_is_a_bad_container(tmp_path: Path) -> None:
    data = gzip.compress(sample_html()["simple_article.html"][1])
    write(tmp_path / "a.html.gz", data[: len(data) // 2])
    write(tmp_path / "b.html.gz", b"<html>not gzip at all</html>")
    by = _by_path(_read(tmp_path))
    assert _reason(by["a.html.gz"]) is RejectReason.BAD_CONTAINER
    assert _reason(by["b.html.gz"]) is RejectReason.BAD_CONTAINER


def test_failed_inputs_survive_the_trip_to_a_worker_process() -> None:
    import pickle

    from pipeline.schema import Rejection

    item = FailedInput("f.jsonl#3", Rejection(RejectReason.BAD_CONTAINER, "not a JSON line", "read"))
    back = pickle.loads(pickle.dumps(item))
    assert (back.rejection.reason, back.rejection.detail, back.rejection.stage) == (
        RejectReason.BAD_CONTAINER, "not a JSON line", "read"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), name=st.sampled_from(["x.jsonl", "x.jsonl.gz", "x.warc", "x.warc.gz",
                                                              "x.html.gz"]))
def test_any_bytes_give_pages_or_rejects_never_an_exception(tmp_path: Path, data: bytes, name: str) -> None:
    folder = tmp_path / "h"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / name).write_bytes(data)
    for item in _read(folder):
        assert isinstance(item, RawDocument | FailedInput)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1, max_value=4000), compress=st.booleans())
def test_a_warc_cut_anywhere_never_passes_off_a_part(tmp_path: Path, cut: int, compress: bool) -> None:
    b = WarcBuilder(compress=compress)
    pages = list(sample_html().values())[-1:] * 3  # the small page, three times
    for url, body in pages:
        b.response(url, body)
    data = b.data()
    keep = max(1, len(data) - cut)
    folder = tmp_path / "w"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / "c.warc.gz").write_bytes(data[:keep])
    items = _read(folder)

    ends = [*b.offsets[1:], len(data)]
    # A plain record ends with a blank line that is not needed to read it; a gzip member's last
    # byte belongs to its checksum, so every byte counts.
    slack = 0 if compress else 4
    whole = sum(end - slack <= keep for end in ends)
    pages_out = [i for i in items if isinstance(i, RawDocument)]
    assert len(pages_out) == whole and all(p.data == pages[0][1] for p in pages_out)
    if any(end - slack <= keep <= end for end in ends):
        assert len(items) == whole  # cut between records: nothing shows, nothing is lost
    else:
        last = items[-1]
        assert isinstance(last, FailedInput) and last.rejection.reason is RejectReason.BAD_CONTAINER
        assert last.source_path == f"c.warc.gz#{whole + 1}"


def test_containers_are_streamed_whatever_their_file_size(tmp_path: Path) -> None:
    # max_file_bytes guards files read whole; a WARC or JSON Lines file is read a record at a time.
    b = WarcBuilder(compress=True)
    for url, body in sample_html().values():
        b.response(url, body)
    write(tmp_path / "crawl.warc.gz", b.data())
    lines = [jsonl_line(url=u, html=h.decode()) for u, h in sample_html().values()]
    write(tmp_path / "crawl.jsonl", b"".join(lines))
    write(tmp_path / "page.html", next(iter(sample_html().values()))[1])
    items = _read(tmp_path, Config(limits=Limits(max_file_bytes=100)))
    pages = [i for i in items if isinstance(i, RawDocument)]
    assert len(pages) == 2 * len(sample_html())
    [page] = [i for i in items if i.source_path == "page.html"]
    assert _reason(page) is RejectReason.TOO_LARGE


def test_decompression_cap_grows_with_the_file_but_stops_a_bomb(tmp_path: Path) -> None:
    # Real pages inflate a few times over: past a small fixed floor, within the ratio.
    lines = b"".join(jsonl_line(url=u, html=h.decode()) for u, h in sample_html().values())
    write(tmp_path / "pages.jsonl.gz", lines * 20, gz=True)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(compressor.compress(bytes(1 << 20)) for _ in range(64)) + compressor.flush()
    write(tmp_path / "bomb.jsonl.gz", bomb)
    limits = Limits(max_decompressed_bytes=4096, max_inflate_ratio=20)
    items = _read(tmp_path, Config(limits=limits))
    pages = [i for i in items if isinstance(i, RawDocument)]
    assert len(pages) == 20 * len(sample_html())
    assert len(lines * 20) > 4096  # the floor alone would have cut it off
    [bomb_item] = [i for i in items if i.source_path.startswith("bomb")]
    assert _reason(bomb_item) is RejectReason.TOO_LARGE
