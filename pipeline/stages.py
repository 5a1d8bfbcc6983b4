"""The per-page stage chain: RawDocument -> Article, or a Reject that says which stage and why.

This is a pure function of (document, config, repeat statistics), so any engine (in-process,
a process pool, a Dask cluster) can run it and get the same records.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pipeline.config import Config
from pipeline.dates import find_date_line
from pipeline.decode import decode
from pipeline.dedupe import body_tokens
from pipeline.detect import detect_format
from pipeline.extract_html import extract_html
from pipeline.extract_text import extract_text
from pipeline.markdown import MARKDOWN_EXTRACTOR
from pipeline.metadata import content_sha256, detect_language, doc_id_for, site_from_url
from pipeline.normalize import normalize_extraction
from pipeline.read import sha256_hex
from pipeline.renderings import page_text
from pipeline.repeats import RepeatStats
from pipeline.schema import (
    PIPELINE_VERSION,
    Article,
    Extraction,
    RawDocument,
    Reject,
    Rejection,
    RejectReason,
)
from pipeline.validate import count_words, count_words_lowered, validate

log = logging.getLogger("pipeline")
T = TypeVar("T")


ALARM_REPEAT_S = 0.25


class _PageTimeout(BaseException):
    """Raised by the page alarm. A BaseException, not an Exception: parsers and extractors wrap
    their work in `except Exception` and would otherwise swallow the timeout and carry on."""


@contextmanager
def page_time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the page after `seconds` (SIGALRM; only in a process's main thread).

    The alarm is delivered between Python bytecodes, so a single long C call (lxml parsing a
    whole document, a regex over the whole text) finishes first: the time of such calls is bounded
    by `max_page_bytes`, not by this limit. Elsewhere (Dask worker threads) this is a no-op and
    the size limits are the only guard.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise _PageTimeout()

    previous = signal.signal(signal.SIGALRM, _raise)
    # The alarm repeats: an exception raised where Python ignores it (a gc callback, __del__)
    # is lost, so it is raised again until it reaches the page's code.
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT_S)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class StageClock:
    """Accumulates seconds per stage, for the run manifest."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def run(self, stage: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        try:
            return fn()
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


# The URL an HTML page gives itself: the href of a canonical link, or the content of og:url.
_TAG_URL = re.compile(rb"""\b(?:href|content)\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)
_HEAD_BYTES = 262144  # inline scripts and styles can push the canonical link 100 KB down


def _own_url(data: bytes) -> str | None:
    """Find the marker words with bytes.find (fast) and read the URL from the tag around them."""
    head = data[:_HEAD_BYTES]
    for marker in (b"canonical", b"og:url"):
        at = head.find(marker)
        while at != -1:
            start, end = head.rfind(b"<", 0, at), head.find(b">", at)
            if start != -1 and end != -1 and head[start + 1 : start + 5].lower() in (b"link", b"meta"):
                match = _TAG_URL.search(head, start, end)
                if match:
                    return match.group(1).decode("ascii", "replace")
            at = head.find(marker, at + 1)
    return None


# The one group of every page that names no site (see `group_key`).
BATCH_GROUP = "batch:"


def group_key(raw: RawDocument) -> str:
    """Pages are compared for repeated boilerplate within their site, else within the whole run.

    The site comes from the container's URL, else from the URL an HTML page gives itself, so
    pages of many sites saved side by side in one folder still form one group per site. Pages
    that name no site (text files, HTML without a canonical URL) form one group for the run,
    whatever folders they sit in: a batch laid out one folder per page must learn what the same
    pages learn in one folder, and one group stays bounded by lossy counting where a group per
    folder would keep every line of every one-page folder.
    """
    site = site_from_url(raw.url)
    if not site and raw.format_hint != "text":
        site = site_from_url(_own_url(raw.data))
    return site or BATCH_GROUP


def extract(raw: RawDocument, text: str, fmt: str, config: Config, repeats: RepeatStats | None) -> Extraction:
    """`text` is the page as `renderings.page_text` gives it for `fmt`."""
    if fmt == "html":
        return extract_html(text, config, url=raw.url, repeats=repeats)
    ex = extract_text(text, config, url=raw.url, repeats=repeats)
    if fmt == "markdown":
        ex.extractor = MARKDOWN_EXTRACTOR
    return ex


def process_document(
    raw: RawDocument,
    config: Config,
    repeats: RepeatStats | None = None,
    clock: StageClock | None = None,
    now: datetime | None = None,
    on_extraction: Callable[[RawDocument, Extraction], None] | None = None,
) -> Article | Reject:
    """Run every per-page stage; never raises. `on_extraction` sees what the Article drops (removed lines)."""
    clock = clock or StageClock()
    now = now or datetime.now(UTC)
    raw_sha = sha256_hex(raw.data)
    stage = "decode"
    try:
        if len(raw.data) > config.limits.max_page_bytes:
            raise Rejection(
                RejectReason.TOO_LARGE,
                f"page is {len(raw.data)} bytes, limit {config.limits.max_page_bytes}",
                "read",
            )
        # The time limit covers every stage of the page, not only extraction: mojibake repair
        # and normalisation of a large body can take as long as parsing it.
        with page_time_limit(config.limits.page_timeout_s):
            decoded = clock.run("decode", lambda: decode(raw))
            stage = "detect"
            fmt = detect_format(decoded.text, raw.format_hint)
            stage = "extract"
            # HTML as it is; Markdown rendered, a terminal dump's link list cut (renderings)
            text = decoded.text
            page = text if fmt == "html" else clock.run("render", lambda: page_text(text, fmt))
            ex = clock.run(f"extract_{fmt}", lambda: extract(raw, page, fmt, config, repeats))
            if ex.published_at is None and fmt != "html":  # a text page's date is a visible line
                title = ex.title
                ex.published_at = clock.run("date_line", lambda: find_date_line(page, title, now))
            stage = "normalize"
            ex = clock.run("normalize", lambda: normalize_extraction(ex))
            if on_extraction is not None:
                on_extraction(raw, ex)
            stage = "assemble"
            article = _assemble(raw, ex, fmt, raw_sha, decoded.encoding, config, now)
            stage = "validate"
            return validate(article)
    except _PageTimeout:
        detail = f"page took over {config.limits.page_timeout_s}s (in stage {stage})"
        return make_reject(raw.source_path, stage, RejectReason.TIMEOUT, detail, raw_sha, now)
    except Rejection as rej:
        return make_reject(raw.source_path, rej.stage or stage, rej.reason, rej.detail, raw_sha, now)
    except Exception as exc:  # a bug: keep the traceback, count it, go on
        # The reject carries where it happened, and the driver logs it as one `page_error` event
        # (worker processes have no log handlers of their own); the full traceback is at debug.
        log.debug("bug while processing %s in stage %s:\n%s", raw.source_path, stage, traceback.format_exc())
        frames = traceback.extract_tb(exc.__traceback__)[-3:]
        where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
        detail = f"{type(exc).__name__}: {exc} (at {where})"
        return make_reject(raw.source_path, stage, RejectReason.ERROR, detail, raw_sha, now)


def make_reject(
    source_path: str, stage: str, reason: RejectReason, detail: str, raw_sha: str | None, now: datetime
) -> Reject:
    """The reject row for a page (or unreadable input) that gave no article."""
    return Reject(
        source_path=source_path,
        stage=stage,
        reason=reason.value,
        detail=detail[:1000],
        raw_sha256=raw_sha,
        pipeline_version=PIPELINE_VERSION,
        rejected_at=now,
    )


def _assemble(
    raw: RawDocument,
    ex: Extraction,
    fmt: str,
    raw_sha: str,
    encoding: str,
    config: Config,
    now: datetime,
) -> Article:
    body = "\n\n".join(ex.body)  # already normalized paragraphs (normalize_extraction)
    # Encoded once, for the hash and the tokens. A body that cannot be encoded (a lone
    # surrogate; normalisation removes them) fails here, as its hash did.
    body_utf8 = body.encode("utf-8")
    url = raw.url or ex.url
    language = ex.language
    if config.language_detection and body:
        language = detect_language(body) or language
    title = ex.title or (raw.title_hint.strip() if raw.title_hint else None)
    return Article(
        doc_id=doc_id_for(raw.source_path, raw_sha),  # unique per input record, even for copies
        source_path=raw.source_path,
        source_format=fmt,
        url=url,
        site=site_from_url(url),
        title=title,
        byline=ex.byline,
        authors=list(ex.authors),
        published_at=_utc(ex.published_at),
        language=language,
        section=ex.section,
        body=body,
        captions=list(ex.captions),
        # The MinHash tokens (made here, kept for the signature) give the count without a second scan.
        word_count=count_words_lowered(body, partial(body_tokens, utf8=body_utf8)) if config.mark_duplicates
        else count_words(body),
        raw_sha256=raw_sha,
        content_sha256=content_sha256(body, body_utf8),
        extractor=ex.extractor or fmt,
        pipeline_version=PIPELINE_VERSION,
        ingested_at=now,
        encoding=encoding,
        fetched_at=_utc(raw.fetched_at),
    )


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
