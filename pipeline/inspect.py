"""`pipeline inspect FILE`: how one page was split, and every removed line with its rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.config import Config
from pipeline.decode import decode
from pipeline.detect import detect_format
from pipeline.normalize import normalize_extraction
from pipeline.schema import RawDocument, Rejection
from pipeline.stages import extract


def inspect_file(path: Path, config: Config) -> dict[str, Any]:
    raw = RawDocument(source_path=path.name, data=path.read_bytes())
    try:
        decoded = decode(raw)
    except Rejection as rej:
        return {"file": str(path), "rejected": {"stage": rej.stage, "reason": rej.reason.value,
                                                "detail": rej.detail}}
    fmt = detect_format(decoded.text, None)
    ex = normalize_extraction(extract(raw, decoded.text, fmt, config, None))
    return {
        "file": str(path),
        "format": fmt,
        "encoding": decoded.encoding,
        "extractor": ex.extractor,
        "title": ex.title,
        "byline": ex.byline,
        "authors": ex.authors,
        "section": ex.section,
        "published_at": ex.published_at,
        "captions": ex.captions,
        "body": ex.body,
        "removed": [{"stage": r.stage, "rule": r.rule, "text": r.text} for r in ex.removed],
    }


def render_text(report: dict[str, Any]) -> str:
    if "rejected" in report:
        rej = report["rejected"]
        return f"{report['file']}: rejected at {rej['stage']}: {rej['reason']} ({rej['detail']})"
    lines = [f"file:       {report['file']}", f"format:     {report['format']} ({report['encoding']})",
             f"extractor:  {report['extractor']}"]
    for key in ("title", "byline", "section", "published_at"):
        lines.append(f"{key + ':':<12}{report[key] if report[key] is not None else '-'}")
    lines.append(f"{'authors:':<12}{', '.join(report['authors']) or '-'}")
    lines.append(f"{'captions:':<12}{' | '.join(report['captions']) or '-'}")
    lines.append("")
    lines.append(f"body ({len(report['body'])} paragraphs):")
    lines.extend(f"  {para}" for para in report["body"])
    lines.append("")
    lines.append(f"removed ({len(report['removed'])} lines):")
    for r in report["removed"]:
        text = r["text"] if len(r["text"]) <= 100 else r["text"][:97] + "..."
        lines.append(f"  [{r['stage']}:{r['rule']}] {text}")
    return "\n".join(lines)
