"""Container readers: gzip, JSON Lines and WARC files turned into a stream of pages.

Every reader streams: it holds at most one record (capped at `max_page_bytes`) in memory, never
the whole file. Each record yields either a `RawDocument` or a `FailedInput`, so the rows of
`articles/` plus `rejects/` account for every record of a container. A record inside a container
is named `FILE#N`, N counting from 1: the line number in JSON Lines, the record's position in a
WARC file (every record counts, warcinfo and requests included, so N finds it again).

Damage is never papered over. A gzip stream that is corrupt or ends early, or that inflates past
its cap (`decompression_cap`), is turned into an end of stream plus a flag (`_GuardedStream`), so the
record being read when it happened is rejected (`bad_container` / `too_large`) instead of being
passed on as if it were whole, and the records before it still go through.
"""

from __future__ import annotations

import io
import json
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from pipeline.config import Config
from pipeline.schema import RawDocument, Rejection, RejectReason

STAGE = "read"
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_TAIL = 1024
# HTTP Content-Types that are pages. Anything else (images, PDF, JSON, CSS ...) is `unsupported`.
HTML_TYPES = ("text/html", "application/xhtml+xml")


class ContainerError(Exception):
    """A broken container record: carries the rejection and the `FILE#N` it belongs to."""

    def __init__(self, source_path: str, rejection: Rejection) -> None:
        super().__init__(f"{source_path}: {rejection}")
        self.source_path = source_path
        self.rejection = rejection


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Inflater:
    """Inflates a gzip file (one member or many, as in WARC.gz) chunk by chunk.

    Unlike `gzip.GzipFile`, which drops everything decoded in a `read` call when the data then
    ends early, this returns every byte that could be decoded and raises `EOFError` only on the
    next call, so the records before a break still come out. zlib checks each member's CRC.
    """

    def __init__(self, fh: _Readable) -> None:
        self._fh = fh
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16)  # | 16: expect a gzip header
        self._tail = b""
        self.out = 0  # bytes returned so far
        self.verified = 0  # bytes returned up to the end of the last member that passed its CRC

    def read(self, size: int = -1, /) -> bytes:
        size = size if size > 0 else _CHUNK
        while True:
            if self._d.eof:  # a member ended: another may follow
                data = self._d.unused_data or self._fh.read(_CHUNK)
                if not data:
                    return b""
                self._d = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self._tail = data
            if not self._tail:
                self._tail = self._fh.read(_CHUNK)
                if not self._tail:
                    raise EOFError("compressed data ends before the end of its gzip member")
            out = self._d.decompress(self._tail, size)
            self._tail = self._d.unconsumed_tail
            self.out += len(out)
            if self._d.eof:
                self.verified = self.out
            if out:
                return out


class _GuardedStream(io.RawIOBase):
    """A byte stream that counts what it returns and turns failures into an early end of stream.

    `error` is set (and reading stops) when the underlying gzip data is corrupt or truncated, or
    when more than `cap` bytes would be returned. Readers check `error` when a record comes out
    short; the exception is not raised through warcio, whose read-ahead would otherwise blame an
    earlier, intact record.
    """

    def __init__(self, inner: _Readable, cap: int | None) -> None:
        super().__init__()
        self._inner = inner
        self._cap = cap
        self.count = 0
        self.error: Rejection | None = None
        self.tail = b""  # the last bytes returned: is what follows the last record only blank?

    def readable(self) -> bool:
        return True

    @property
    def verified(self) -> int:
        """Bytes known intact: up to the last gzip member whose checksum matched (all, if plain)."""
        return min(self.count, getattr(self._inner, "verified", self.count))

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        view = memoryview(buffer).cast("B")
        want = len(view)
        if self._cap is not None:
            # One byte past the cap is enough to know the stream is too large.
            want = min(want, self._cap + 1 - self.count)
        try:
            data = self._inner.read(want)
        except (EOFError, zlib.error, OSError) as exc:
            self.error = Rejection(RejectReason.BAD_CONTAINER, f"broken gzip stream: {exc}", STAGE)
            return 0
        self.count += len(data)
        if self._cap is not None and self.count > self._cap:
            self.error = Rejection(
                RejectReason.TOO_LARGE, f"decompresses to more than {self._cap} bytes", STAGE
            )
            return 0
        view[: len(data)] = data
        self.tail = (self.tail + data)[-_TAIL:]
        return len(data)


def decompression_cap(compressed_bytes: int, config: Config) -> int:
    """How far a container's gzip stream may inflate: a fixed floor, or a ratio of its file size."""
    limits = config.limits
    return max(limits.max_decompressed_bytes, limits.max_inflate_ratio * compressed_bytes)


def open_stream(path: Path, config: Config) -> tuple[IO[bytes], _GuardedStream]:
    """Open `path` for streaming, inflating gzip (by its magic bytes) under the decompression cap.

    Returns a buffered reader and the guard whose `error` says whether the stream ended early.
    """
    fh = path.open("rb")
    compressed = fh.read(2) == GZIP_MAGIC
    fh.seek(0)
    inner: _Readable = _Inflater(fh) if compressed else fh
    cap = decompression_cap(os.fstat(fh.fileno()).st_size, config) if compressed else None
    guard = _GuardedStream(inner, cap)
    return io.BufferedReader(guard, _CHUNK), guard


def read_gzip_page(path: Path, rel: str, config: Config, format_hint: str | None) -> RawDocument:
    """A single gzip-compressed page (`.html.gz`, `.txt.gz`); raises `ContainerError`."""
    # One page: it may not inflate past the page limit either, whichever is smaller.
    cap = min(config.limits.max_decompressed_bytes, config.limits.max_page_bytes)
    with path.open("rb") as fh:
        if fh.read(2) != GZIP_MAGIC:
            raise ContainerError(rel, Rejection(RejectReason.BAD_CONTAINER, "not gzip data", STAGE))
        fh.seek(0)
        guard = _GuardedStream(_Inflater(fh), cap)
        parts: list[bytes] = []
        while chunk := guard.read(_CHUNK):
            parts.append(chunk)
    if guard.error is not None:
        raise ContainerError(rel, guard.error)
    return RawDocument(source_path=rel, data=b"".join(parts), format_hint=format_hint)


# --- JSON Lines ---------------------------------------------------------------------------------


def iter_jsonl(path: Path, rel: str, config: Config) -> Iterator[RawDocument | ContainerError]:
    """One page per line: `url` and `html` or `text`, optionally `fetched_at` and `title`."""
    line_cap = config.limits.max_page_bytes
    stream, guard = open_stream(path, config)
    with stream:
        lineno = 0
        while True:
            line = stream.readline(line_cap + 1)
            if not line:
                break
            lineno += 1
            name = f"{rel}#{lineno}"
            if len(line) > line_cap and not line.endswith(b"\n"):
                yield ContainerError(name, _too_long(line_cap))
                if not _skip_rest_of_line(stream):
                    break
                continue
            if not line.endswith(b"\n") and guard.error is not None:
                # The stream broke inside this line: what we have is a fragment, never a page.
                yield ContainerError(name, guard.error)
                return
            if not line.strip():
                continue
            yield _jsonl_record(line, name)
        if guard.error is not None:
            # The stream broke right after a complete line: the lines after it are lost.
            yield ContainerError(f"{rel}#{lineno + 1}", guard.error)


def _too_long(cap: int) -> Rejection:
    return Rejection(RejectReason.TOO_LARGE, f"line longer than {cap} bytes", STAGE)


def _skip_rest_of_line(stream: IO[bytes]) -> bool:
    """Read past the end of an overlong line in bounded chunks; False at end of stream."""
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk:
            return False
        if chunk.endswith(b"\n"):
            return True


def _jsonl_record(line: bytes, name: str) -> RawDocument | ContainerError:
    def bad(detail: str) -> ContainerError:
        return ContainerError(name, Rejection(RejectReason.BAD_CONTAINER, detail, STAGE))

    try:
        obj = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
        return bad(f"not a JSON line: {exc}")
    if not isinstance(obj, dict):
        return bad(f"a JSON {type(obj).__name__}, not an object")
    # The richest form a crawler gave: HTML, else Markdown (reader services, Firecrawl), else text.
    body, fmt = obj.get("text"), "text"
    for field in ("markdown", "html"):
        value = obj.get(field)
        if isinstance(value, str) and value.strip():
            body, fmt = value, field
    if not isinstance(body, str):
        return bad("no string `html`, `markdown` or `text` field")
    url, title = obj.get("url"), obj.get("title")
    return RawDocument(
        source_path=name,
        # JSON text is Unicode already; "replace" only touches lone surrogates from \\ud800 escapes.
        data=body.encode("utf-8", "replace"),
        url=(url.strip() or None) if isinstance(url, str) else None,
        fetched_at=parse_timestamp(obj.get("fetched_at")),
        title_hint=title if isinstance(title, str) else None,
        charset_hint="utf-8",
        format_hint=fmt,
    )


def parse_timestamp(value: object) -> datetime | None:
    """ISO 8601 text or Unix seconds to an aware UTC datetime; None when it cannot be read.

    A bad `fetched_at` loses the timestamp, not the page: the page itself is fine.
    """
    try:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value, UTC)
        if isinstance(value, str) and value.strip():
            parsed = datetime.fromisoformat(value.strip())
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


# --- WARC ---------------------------------------------------------------------------------------


def iter_warc(path: Path, rel: str, config: Config) -> Iterator[RawDocument | ContainerError]:
    """Response (and resource) records with an HTML Content-Type become pages; the rest is counted."""
    from warcio.archiveiterator import ArchiveIterator  # heavy import: only for WARC inputs

    stream, guard = open_stream(path, config)
    index = 0
    end = 0  # where the last complete record ends, in the (decompressed) stream
    with stream:
        records = ArchiveIterator(stream, no_record_parse=False, check_digests=False)
        while True:
            name = f"{rel}#{index + 1}"
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # warcio fails in assorted ways on damaged headers
                yield ContainerError(name, guard.error or _bad(f"unreadable WARC record: {exc}"))
                return
            index += 1
            item: RawDocument | ContainerError
            try:
                item = _warc_page(record, name, config, guard)
            except ContainerError as err:
                item = err
            if isinstance(item, ContainerError) and item.rejection.reason is RejectReason.BAD_CONTAINER:
                yield item
                return  # nothing after a broken record can be trusted
            # Reading to the record's end makes the inflater check the gzip member holding it;
            # a page whose member failed (or never reached) its checksum is not passed on.
            end = records.get_record_offset() + records.get_record_length()
            declared = (record.rec_headers.get_header("Content-Length") or "").strip()
            missing: int = getattr(record.raw_stream, "limit", 0)  # bytes the record still owes
            if not declared.isdigit() or missing > 0:
                # No Content-Length (mandatory: the headers were cut off), or fewer bytes than it
                # says: whatever the record seemed to be, it is not whole.
                yield ContainerError(name, guard.error or _bad("record cut short of its Content-Length"))
                return
            if isinstance(item, RawDocument) and end > guard.verified:
                yield ContainerError(name, guard.error or _bad("the record's gzip member is incomplete"))
                return
            yield item
        leftover = guard.count - end  # bytes after the last whole record: only blank lines, or a stub?
        stub = leftover > len(guard.tail) or (leftover > 0 and guard.tail[-leftover:].strip())
        if guard.error is None and stub:
            # warcio ends quietly when the file stops inside a record's headers: say so.
            guard.error = _bad(f"the file ends inside a record ({leftover} bytes after the last)")
        if guard.error is not None:
            yield ContainerError(f"{rel}#{index + 1}", guard.error)


def _bad(detail: str) -> Rejection:
    return Rejection(RejectReason.BAD_CONTAINER, detail, STAGE)


def _warc_page(record: Any, name: str, config: Config, guard: _GuardedStream) -> RawDocument:
    def skip(detail: str) -> ContainerError:
        return ContainerError(name, Rejection(RejectReason.UNSUPPORTED, detail, STAGE))

    rec_type = record.rec_type
    if rec_type not in ("response", "resource"):
        raise skip(f"WARC {rec_type} record")
    headers = record.http_headers
    if rec_type == "response" and headers is None:
        raise skip("response record without HTTP headers (not an HTTP capture)")
    if headers is not None:
        content_type = headers.get_header("Content-Type") or ""
        status = headers.get_statuscode()
        if status and not str(status).startswith("2"):
            raise skip(f"HTTP status {status}")
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        raise skip(f"not HTML: {mime}")

    cap = config.limits.max_page_bytes
    try:
        # content_stream() undoes chunked transfer and Content-Encoding; the cap bounds both.
        data = record.content_stream().read(cap + 1)
    except Exception as exc:  # warcio raises assorted decoder errors on a damaged body
        raise ContainerError(name, guard.error or _bad(f"unreadable record body: {exc}")) from None
    if len(data) > cap:
        _drain(record)
        raise ContainerError(name, Rejection(RejectReason.TOO_LARGE, f"page over {cap} bytes", STAGE))
    return RawDocument(
        source_path=name,
        data=data,
        url=_target_uri(record),
        fetched_at=parse_timestamp(record.rec_headers.get_header("WARC-Date")),
        charset_hint=_charset(content_type),
        format_hint="html",
    )


def _drain(record: Any) -> None:
    """Skip the rest of an oversized record in bounded chunks, so the next record can be read."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass


def _target_uri(record: Any) -> str | None:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if not uri:
        return None
    # Some writers wrap the URI in angle brackets (WARC/1.0 grammar); the URL is inside.
    return str(uri).strip().strip("<>") or None


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("'\"") or None
    return None
