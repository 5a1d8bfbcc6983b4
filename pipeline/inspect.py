"""`pipeline inspect FILE`: how one page was split, and every removed line with its rule.

Besides the fields, it lists the page line by line, each line marked with what became of it
(title, byline, body, removed by stage:rule, ...), because "why is this paragraph missing?" is
answered fastest by finding the paragraph in the page and reading its mark.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.dates import find_date_line
from pipeline.decode import decode
from pipeline.detect import detect_format
from pipeline.metadata import detect_language
from pipeline.normalize import normalize_body, normalize_extraction
from pipeline.read import FailedInput, InputFile, read_input
from pipeline.renderings import page_text
from pipeline.repeat_scan import html_lines
from pipeline.repeats import line_key
from pipeline.schema import Extraction, RawDocument, Rejection
from pipeline.stages import extract

# A line matched to no field, body paragraph or recorded removal: dropped by an extractor that
# records no rule (trafilatura), or changed by normalization so that it no longer matches.
UNACCOUNTED = "?"
MAX_SHOWN = 110  # characters of a line shown in the text view
# A page line found inside a longer body paragraph (the extractor joined wrapped lines) counts as
# body only if it is this long: a short line ("Latest news") can occur inside any paragraph.
MIN_PART_CHARS = 40


def _fold(text: str) -> str:
    return line_key(unicodedata.normalize("NFC", text))


def mark_lines(page_lines: list[str], ex: Extraction) -> list[dict[str, str]]:
    """Mark each page line with what became of it.

    Explicit removals win (the extractor says which rule took the line; "→ byline" when the
    line still became a head field), then body paragraphs
    (a line may be part of a longer paragraph), then the head fields. Each removal or field is
    consumed once, so a line printed twice is not marked twice by one removal.
    """
    removed: dict[str, list[str]] = {}
    for r in ex.removed:
        removed.setdefault(_fold(r.text), []).append(f"removed {r.stage}:{r.rule}")
    fields: dict[str, list[str]] = {}
    heads = [("title", ex.title), ("byline", ex.byline), ("section", ex.section)]
    if ex.byline:  # the byline is stored without its leading "By"
        heads.append(("byline", "By " + ex.byline))
    for name, value in heads + [("caption", c) for c in ex.captions]:
        if value:
            fields.setdefault(_fold(value), []).append(name)
    body = [_fold(p) for p in ex.body]
    body_keys = set(body)
    marks = []
    for line in page_lines:
        key = _fold(line)
        if not key:
            continue
        if removed.get(key):
            mark = removed[key].pop(0)
            if fields.get(key):  # taken out of the body, but kept as a head field
                mark += " → " + fields[key].pop(0)
        elif key in body_keys or (len(key) >= MIN_PART_CHARS and any(key in p for p in body)):
            mark = "body"
        elif fields.get(key):
            mark = fields[key].pop(0)
        else:
            mark = UNACCOUNTED
        marks.append({"mark": mark, "text": line.strip()})
    return marks


def find_page(spec: str, config: Config) -> RawDocument | FailedInput | None:
    """The page named by `spec`: a file, or `FILE#N` for record N of a container (WARC, JSON Lines).

    A container named without `#N` gives its first page. None when there is no such file/record.
    """
    path, record = Path(spec), None
    if not path.is_file():
        head, sep, tail = spec.rpartition("#")
        if not (sep and tail.isdigit() and Path(head).is_file()):
            return None
        path, record = Path(head), tail
    f = InputFile(path, path.name, path.stat().st_size)
    for item in read_input(f, config):
        if record is None or item.source_path == f"{path.name}#{record}":
            return item
    return None


def inspect_file(spec: Path | str, config: Config) -> dict[str, Any]:
    """Run the extraction stages on one page (see `find_page`) and report what became of it."""
    found = find_page(str(spec), config)
    if found is None:
        return {"file": str(spec), "rejected": {"stage": "read", "reason": "missing",
                                                "detail": "no such file or container record"}}
    if isinstance(found, FailedInput):
        rej = found.rejection
        return {"file": str(spec), "rejected": {"stage": rej.stage or "read", "reason": rej.reason.value,
                                                "detail": rej.detail}}
    raw, path = found, str(spec)
    try:
        decoded = decode(raw)
    except Rejection as rej:
        return {"file": path, "rejected": {"stage": rej.stage, "reason": rej.reason.value,
                                           "detail": rej.detail}}
    fmt = detect_format(decoded.text, raw.format_hint)
    text = page_text(decoded.text, fmt)
    ex = extract(raw, text, fmt, config, None)
    if ex.published_at is None and fmt != "html":  # as the run does (stages.process_document)
        ex.published_at = find_date_line(text, ex.title)
    ex = normalize_extraction(ex)
    body = normalize_body(ex.body)
    page = html_lines(decoded.text) if fmt == "html" else text
    return {
        "file": path,
        "source_path": raw.source_path,
        "url": raw.url or ex.url,
        "format": fmt,
        "encoding": decoded.encoding,
        "extractor": ex.extractor,
        "title": ex.title,
        "byline": ex.byline,
        "authors": ex.authors,
        "section": ex.section,
        "published_at": ex.published_at.isoformat() if isinstance(ex.published_at, datetime) else None,
        "language": (detect_language(body) if config.language_detection and body else None) or ex.language,
        "captions": ex.captions,
        "body": ex.body,
        "removed": [{"stage": r.stage, "rule": r.rule, "text": r.text} for r in ex.removed],
        "lines": mark_lines(page.splitlines(), ex),
    }


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def render_text(report: dict[str, Any]) -> str:
    if "rejected" in report:
        rej = report["rejected"]
        return f"{report['file']}: rejected at {rej['stage']}: {rej['reason']} ({rej['detail']})"
    lines = [f"file:       {report['file']}", f"format:     {report['format']} ({report['encoding']})",
             f"extractor:  {report['extractor']}"]
    for key, label in (("title", "title"), ("byline", "byline"), ("section", "section"),
                       ("published_at", "date"), ("language", "language")):
        lines.append(f"{label + ':':<12}{report[key] if report[key] is not None else '-'}")
    lines.append(f"{'authors:':<12}{', '.join(report['authors']) or '-'}")
    lines.append(f"{'captions:':<12}{' | '.join(report['captions']) or '-'}")
    lines.append("")
    lines.append(f"body ({len(report['body'])} paragraphs):")
    lines.extend(f"  {_clip(para)}" for para in report["body"])
    lines.append("")
    lines.append(f"removed ({len(report['removed'])} lines):")
    for r in report["removed"]:
        lines.append(f"  [{r['stage']}:{r['rule']}] {_clip(r['text'])}")
    lines.append("")
    lines.append(f"page, line by line ({UNACCOUNTED} = not in the output and no rule recorded: dropped "
                 "by the extractor, or changed by normalization):")
    width = max((len(m["mark"]) for m in report["lines"]), default=4)
    for m in report["lines"]:
        lines.append(f"  {m['mark']:<{width}} | {_clip(m['text'])}")
    return "\n".join(lines)
