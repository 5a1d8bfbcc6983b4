"""The record types and the Parquet schemas, defined once.

Every stage speaks in these types: a reader yields `RawDocument`s, the extractors return an
`Extraction`, the runner turns that into an `Article`, and any stage may raise `Rejection`,
which the runner turns into a `Reject` row. The Parquet schemas below are the output contract
documented in the README; change them only together with `SCHEMA_VERSION`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

from pipeline import __version__

PIPELINE_VERSION = __version__
# Bump when a column is added, removed or changes meaning.
SCHEMA_VERSION = "1"


class RejectReason(enum.StrEnum):
    """Why an input produced no article. Fixed set, documented in the README."""

    EMPTY = "empty"  # no bytes, or only whitespace
    BINARY = "binary"  # not text: NUL bytes, control characters, a known binary signature
    UNDECODABLE = "undecodable"  # no encoding gives usable text
    TOO_LARGE = "too_large"  # over the configured size limit (raw or decompressed)
    TIMEOUT = "timeout"  # extraction took longer than the per-page time limit
    BAD_CONTAINER = "bad_container"  # a broken gzip, WARC record or JSON line
    UNSUPPORTED = "unsupported"  # a record that is not a page (WARC request, image, PDF ...)
    NO_CONTENT = "no_content"  # the page parsed, but no article body was found
    ERROR = "error"  # a bug: an unexpected exception, logged with its traceback


class Rejection(Exception):
    """Raised by a stage to say that this input yields no article, and why."""

    def __init__(self, reason: RejectReason, detail: str = "", stage: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
        self.stage = stage

    def __reduce__(self) -> tuple[type[Rejection], tuple[RejectReason, str, str]]:
        # Rejections travel to worker processes inside `FailedInput`; the default Exception
        # pickling would call __init__ with the message alone.
        return (type(self), (self.reason, self.detail, self.stage))


@dataclass(slots=True)
class RawDocument:
    """One page as it came in: bytes plus whatever the container said about it."""

    source_path: str  # relative to the input folder; FILE#N inside a container
    data: bytes
    url: str | None = None
    fetched_at: datetime | None = None
    title_hint: str | None = None  # a title given by the crawler (JSON Lines)
    charset_hint: str | None = None  # from an HTTP/WARC Content-Type header
    format_hint: str | None = None  # "html" or "text" when the container says so


@dataclass(slots=True)
class RemovedLine:
    """A piece of text a stage removed, and the rule that removed it (for `pipeline inspect`)."""

    text: str
    stage: str
    rule: str


@dataclass(slots=True)
class Extraction:
    """What an extractor found in one page, before normalisation."""

    body: list[str]  # paragraphs, in order
    title: str | None = None
    byline: str | None = None  # as shown, without a leading "By"
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    language: str | None = None
    section: str | None = None
    site_name: str | None = None
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    extractor: str = ""
    removed: list[RemovedLine] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """One output row of `articles/`. Column meanings are documented in the README."""

    doc_id: str
    source_path: str
    source_format: str
    url: str | None
    site: str | None
    title: str | None
    byline: str | None
    authors: list[str]
    published_at: datetime | None
    language: str | None
    section: str | None
    body: str
    captions: list[str]
    word_count: int
    raw_sha256: str
    content_sha256: str
    extractor: str
    pipeline_version: str
    ingested_at: datetime
    encoding: str | None = None
    fetched_at: datetime | None = None
    duplicate_of: str | None = None


@dataclass(slots=True)
class Reject:
    """One output row of `rejects/`."""

    source_path: str
    stage: str
    reason: str
    detail: str
    raw_sha256: str | None
    pipeline_version: str
    rejected_at: datetime


_TS = pa.timestamp("us", tz="UTC")
_META = {b"pipeline_version": PIPELINE_VERSION.encode(), b"schema_version": SCHEMA_VERSION.encode()}

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("source_format", pa.string(), nullable=False),
        pa.field("url", pa.string()),
        pa.field("site", pa.string()),
        pa.field("title", pa.string()),
        pa.field("byline", pa.string()),
        pa.field("authors", pa.list_(pa.string()), nullable=False),
        pa.field("published_at", _TS),
        pa.field("language", pa.string()),
        pa.field("section", pa.string()),
        pa.field("body", pa.string(), nullable=False),
        pa.field("captions", pa.list_(pa.string()), nullable=False),
        pa.field("word_count", pa.int32(), nullable=False),
        pa.field("raw_sha256", pa.string(), nullable=False),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("extractor", pa.string(), nullable=False),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("ingested_at", _TS, nullable=False),
        pa.field("encoding", pa.string()),
        pa.field("fetched_at", _TS),
        pa.field("duplicate_of", pa.string()),
    ],
    metadata=_META,
)

REJECT_SCHEMA = pa.schema(
    [
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("detail", pa.string(), nullable=False),
        pa.field("raw_sha256", pa.string()),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("rejected_at", _TS, nullable=False),
    ],
    metadata=_META,
)
