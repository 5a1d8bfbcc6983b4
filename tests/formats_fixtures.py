"""Builders for container fixtures (WARC, JSON Lines, gzip), made from the bundled sample pages."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .conftest import DATA, REPO

# The bundled HTML pages with the URL each was published under (from their canonical links).
HTML_PAGES: dict[str, str] = {
    "citylab-neon-signage.html": "https://www.citylab.com/design/2019/04/neon-signage-20th-century-history/588400/",
    "lemonde-loi-renseignement.html": "http://www.lemonde.fr/pixels/article/2015/05/04/que-contient-la-loi/",
    "medicalnewstoday-318674.html": "https://www.medicalnewstoday.com/articles/318674.php",
}
TEXT_PAGES = ("000_a199637f2999b565.txt", "hakibenita-sql-anomaly-detection.txt", "wapo-tunisia-museum.txt")
FETCHED = "2024-05-01T10:00:00Z"


def sample_html() -> dict[str, tuple[str, bytes]]:
    """name -> (url, bytes) for the bundled HTML pages, plus the small test page."""
    pages = {name: (url, (REPO / "raw" / name).read_bytes()) for name, url in HTML_PAGES.items()}
    pages["simple_article.html"] = (
        "https://www.example-gazette.test/news/harbour-cranes",
        (DATA / "pages" / "simple_article.html").read_bytes(),
    )
    return pages


def sample_text(name: str) -> str:
    return (REPO / "raw" / name).read_text(encoding="utf-8")


@dataclass
class WarcBuilder:
    """Writes WARC records one by one and remembers where each starts (to cut one short)."""

    compress: bool = True

    def __post_init__(self) -> None:
        self.buf = io.BytesIO()
        self.writer = WARCWriter(self.buf, gzip=self.compress)
        self.offsets: list[int] = []

    def _write(self, record: object) -> None:
        self.offsets.append(self.buf.tell())
        self.writer.write_record(record)

    def warcinfo(self) -> None:
        self._write(self.writer.create_warcinfo_record("test.warc.gz", {"software": "tests"}))

    def request(self, url: str) -> None:
        headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.test")], is_http_request=True)
        self._write(self.writer.create_warc_record(url, "request", http_headers=headers))

    def response(
        self, url: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
    ) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers,
            warc_headers_dict={"WARC-Date": FETCHED},
        )
        self._write(record)

    def data(self, cut_last: bool = False) -> bytes:
        """The file's bytes; with `cut_last`, the final record loses the second half of its bytes."""
        data = self.buf.getvalue()
        if cut_last:
            start = self.offsets[-1]
            data = data[: start + (len(data) - start) // 2]
        return data


def jsonl_line(**fields: object) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode() + b"\n"


def write(path: Path, data: bytes, gz: bool = False) -> Path:
    path.write_bytes(gzip.compress(data) if gz else data)
    return path
