"""Read stage: find input files under the input folder and turn each into `RawDocument`s.

Plain files are one page each. Containers (JSON Lines, WARC, gzip) yield many; their readers
live in `pipeline.containers` and are chosen by file name here. A file that cannot be read
becomes a `FailedInput` carrying a `Rejection`, never an exception that stops the run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline import containers
from pipeline.config import Config
from pipeline.prestart import format_from_name
from pipeline.schema import RawDocument, Rejection, RejectReason

STAGE = "read"


@dataclass(slots=True)
class InputFile:
    path: Path
    rel: str  # path relative to the input folder, with "/" separators
    size: int


@dataclass(slots=True)
class FailedInput:
    """An input (or a record inside a container) that could not be read."""

    source_path: str
    rejection: Rejection
    raw_sha256: str | None = None


def discover(input_dir: Path) -> list[InputFile]:
    """All regular files below `input_dir`, sorted by relative path; hidden files are skipped."""
    found: list[InputFile] = []
    for root, dirs, files in os.walk(input_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            try:
                st = path.stat()
            except OSError:
                continue
            if not path.is_file():
                continue
            rel = path.relative_to(input_dir).as_posix()
            found.append(InputFile(path, rel, st.st_size))
    found.sort(key=lambda f: f.rel)
    return found


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_input(f: InputFile, config: Config) -> Iterator[RawDocument | FailedInput]:
    """Yield the pages held by one input file: one for a plain file, many for a container."""
    limit = config.limits.max_file_bytes
    kind = container_kind(f.rel)
    # JSON Lines and WARC files are streamed a record at a time (each record under the page and
    # decompression limits), so their size is no risk; a page file is read whole.
    if f.size > limit and kind not in ("jsonl", "warc"):
        yield FailedInput(
            f.rel, Rejection(RejectReason.TOO_LARGE, f"file is {f.size} bytes, limit {limit}", STAGE)
        )
        return
    try:
        if kind == "jsonl":
            yield from _failed_or_doc(containers.iter_jsonl(f.path, f.rel, config))
        elif kind == "warc":
            yield from _failed_or_doc(containers.iter_warc(f.path, f.rel, config))
        elif kind == "gzip":
            yield containers.read_gzip_page(f.path, f.rel, config, format_from_name(f.rel))
        else:
            data = f.path.read_bytes()
            yield RawDocument(source_path=f.rel, data=data, format_hint=format_from_name(f.rel))
    except containers.ContainerError as err:
        yield FailedInput(err.source_path, err.rejection)
    except OSError as exc:
        yield FailedInput(f.rel, Rejection(RejectReason.ERROR, f"cannot read file: {exc}", STAGE))


def container_kind(rel: str) -> str | None:
    """The reader a file needs, from its name: jsonl, warc, gzip (one compressed page) or None."""
    name = rel.lower()
    base = name[: -len(".gz")] if name.endswith(".gz") else name
    if base.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if base.endswith(".warc"):
        return "warc"
    if name.endswith(".gz"):
        return "gzip"
    return None


def _failed_or_doc(
    items: Iterator[RawDocument | containers.ContainerError],
) -> Iterator[RawDocument | FailedInput]:
    for item in items:
        if isinstance(item, containers.ContainerError):
            yield FailedInput(item.source_path, item.rejection)
        else:
            yield item


