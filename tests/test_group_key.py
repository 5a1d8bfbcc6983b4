"""Which pages are compared with each other for repeated boilerplate."""

from __future__ import annotations

import pytest

from pipeline.schema import RawDocument
from pipeline.stages import BATCH_GROUP, group_key


@pytest.mark.parametrize(
    ("doc", "group"),
    [
        (RawDocument("a/p.html", b"<p>x</p>", url="https://www.news.example/1"), "news.example"),
        (RawDocument("a/p.html", b'<head><link rel="canonical" href="https://www.x.example/a"></head>'),
         "x.example"),
        (RawDocument("a/p.html", b"<link href='https://x.example/a' rel=canonical>"), "x.example"),
        (RawDocument("a/p.html", b'<meta property="og:url" content="https://y.example/a">'), "y.example"),
        # the word in text, a link that is not canonical: no site, so the run's one group,
        # whatever the folder (a batch laid out one folder per page learns as one folder does)
        (RawDocument("a/p.html", b'<p>the canonical answer</p><a href="https://z.example">z</a>'),
         BATCH_GROUP),
        (RawDocument("a/b/p.txt", b"Some text", format_hint="text"), BATCH_GROUP),
        (RawDocument("c/p.txt", b"Some text"), BATCH_GROUP),
        (RawDocument("p.txt", b"Some text"), BATCH_GROUP),
        # a container's URL wins over what the page says
        (RawDocument("c.warc#3", b'<link rel="canonical" href="https://x.example/a">',
                     url="https://w.example/z"), "w.example"),
    ],
)
def test_group_key(doc: RawDocument, group: str) -> None:
    assert group_key(doc) == group
