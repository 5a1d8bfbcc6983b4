"""The run report: one self-contained HTML file beside the run manifest (OUTPUT/runs/<run_id>.html).

Charts are inline SVG drawn here, with no JavaScript, fonts, images or CDN: the file opens
offline, from a mail attachment or an artifact store, and shows the same thing everywhere.
"""

from __future__ import annotations

import html
import itertools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.report_stats import WORD_BUCKETS, ReportStats

TOP_BARS = 20  # bars per chart; the rest are summed into one "other" bar
TOP_LINES = 50  # rows in the top-removed-lines table
BAR_COLOR = "#4a7ab5"
_W = 720  # chart width in px
_LABEL_W = 230  # room for the category labels of a horizontal bar chart
_ROW_H = 22


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _top(items: Sequence[tuple[str, int]], n: int = TOP_BARS) -> list[tuple[str, int]]:
    ranked = sorted(items, key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) <= n:
        return ranked
    rest = sum(v for _, v in ranked[n - 1 :])
    return [*ranked[: n - 1], (f"other ({len(ranked) - n + 1})", rest)]


def _empty_svg(chart_id: str, title: str) -> str:
    return (f'<svg id="{chart_id}" role="img" width="{_W}" height="40" viewBox="0 0 {_W} 40" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>'
            '<text x="4" y="24" class="none">none in this run</text></svg>')


def hbar_svg(chart_id: str, title: str, items: Sequence[tuple[str, int]],
             notes: dict[str, str] | None = None) -> str:
    """Horizontal bars, one row per category, value printed at the end of each bar."""
    rows = _top(items)
    if not rows or max(v for _, v in rows) <= 0:
        return _empty_svg(chart_id, title)
    peak = max(v for _, v in rows)
    bar_room = _W - _LABEL_W - 120  # leave room for the value text after the longest bar
    height = _ROW_H * len(rows) + 8
    parts = [f'<svg id="{chart_id}" role="img" width="{_W}" height="{height}" '
             f'viewBox="0 0 {_W} {height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>']
    for i, (label, value) in enumerate(rows):
        y = 4 + i * _ROW_H
        w = max(1.0, bar_room * value / peak)
        note = (notes or {}).get(label, "")
        parts.append(
            f'<g><title>{_e(label)}: {value}{_e(note)}</title>'
            f'<text x="{_LABEL_W - 6}" y="{y + 15}" text-anchor="end">{_e(_short(label))}</text>'
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{_ROW_H - 6}" fill="{BAR_COLOR}"/>'
            f'<text x="{_LABEL_W + w + 5:.1f}" y="{y + 15}">{value:,}{_e(note)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram_svg(chart_id: str, title: str, counts: Sequence[int], labels: Sequence[str]) -> str:
    """Vertical bars over ordered buckets (every bucket drawn, empty ones too)."""
    if not any(counts):
        return _empty_svg(chart_id, title)
    peak = max(counts)
    height, top, bottom, left = 240, 20, 40, 10
    plot_h = height - top - bottom
    step = (_W - 2 * left) / len(counts)
    parts = [f'<svg id="{chart_id}" role="img" width="{_W}" height="{height}" '
             f'viewBox="0 0 {_W} {height}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{_W - left}" y2="{top + plot_h}" stroke="#999"/>']
    for i, (count, label) in enumerate(zip(counts, labels, strict=True)):
        h = plot_h * count / peak
        x = left + i * step
        cx = x + step / 2
        parts.append(
            f'<g><title>{_e(label)} words: {count} articles</title>'
            f'<rect x="{x + 3:.1f}" y="{top + plot_h - h:.1f}" width="{step - 6:.1f}" height="{h:.1f}" '
            f'fill="{BAR_COLOR}"/>'
            f'<text x="{cx:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle">{count or ""}</text>'
            f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle">{_e(label)}</text></g>'
        )
    parts.append(f'<text x="{_W / 2:.0f}" y="{height - 6}" text-anchor="middle" class="axis">'
                 "words per article</text></svg>")
    return "".join(parts)


def _bucket_labels() -> list[str]:
    def k(n: int) -> str:
        return f"{n / 1000:g}k" if n >= 1000 else str(n)

    pairs = itertools.pairwise(WORD_BUCKETS)
    # "50–100" holds 50..99 words: lower edge included, upper excluded.
    return [f"{k(lo)}–{k(hi)}" for lo, hi in pairs] + [f"{k(WORD_BUCKETS[-1])}+"]


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:980px;
color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd}
.meta{color:#666}table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;text-align:left;
border-bottom:1px solid #eee;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right;
font-variant-numeric:tabular-nums}svg text{font:12px system-ui,sans-serif;fill:#333}
svg text.none,svg text.axis{fill:#777}code{font-size:12px}.note{color:#666;font-size:13px}
"""


def _kv_table(rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    return f'<table class="summary">{cells}</table>'


def _removed_table(stats: ReportStats) -> str:
    rows = stats.top_removed(TOP_LINES)
    if not rows:
        return '<p class="none">No lines were removed in this run.</p>'
    body = "".join(
        f'<tr><td class="n">{count:,}</td><td><code>{_e(rule)}</code></td><td>{_e(site)}</td>'
        f"<td>{_e(text)}</td></tr>"
        for text, rule, site, count in rows
    )
    return ('<table id="top-removed"><tr><th>count</th><th>stage:rule</th><th>site</th><th>text</th></tr>'
            f"{body}</table>")


def render_report(stats: ReportStats, manifest: dict[str, Any]) -> str:
    """The report as one HTML string (pure: no I/O)."""
    counts = manifest.get("counts", {})
    timings = manifest.get("timings", {})
    run_id = manifest.get("run_id", "?")
    summary = _kv_table([
        ("pages read", f"{counts.get('read', 0):,} (from {counts.get('input_files', 0):,} files)"),
        ("articles written", f"{counts.get('written', 0):,}"),
        ("rejected", f"{counts.get('rejected', 0):,}"),
        ("time", f"{timings.get('seconds', 0):.1f} s"),
        ("pages/s", f"{timings.get('pages_per_second', 0):.1f}"),
        ("input → output", f"{manifest.get('input_dir')} → {manifest.get('output_dir')}"),
        ("workers", str(manifest.get("workers", ""))),
    ])
    per_page = {site: f" ({n / stats.pages_per_site[site]:.1f} per page)"
                for site, n in stats.removed_per_site.items() if stats.pages_per_site.get(site)}
    labels = _bucket_labels()
    buckets = [stats.word_buckets.get(i, 0) for i in range(len(WORD_BUCKETS))]
    charts = [
        ("Word counts", "Articles by number of words in the body.",
         histogram_svg("chart-word-counts", "Word counts", buckets, labels)),
        ("Rejects by reason", "Inputs that gave no article (see the README for each reason).",
         hbar_svg("chart-rejects", "Rejects by reason", list(stats.rejects.items()))),
        ("Extractor used", "Which extractor produced each article.",
         hbar_svg("chart-extractors", "Extractor used", list(stats.extractors.items()))),
        ("Boilerplate removed per site", "Lines removed by the extractors, per site "
         "(pages without a URL are grouped as “(no URL)”).",
         hbar_svg("chart-removed-per-site", "Boilerplate lines removed per site",
                  list(stats.removed_per_site.items()), per_page)),
        ("Languages", "Detected body language (ISO 639-1); “unknown” when the text is too short.",
         hbar_svg("chart-languages", "Languages", list(stats.languages.items()))),
    ]
    sections = "".join(f"<h2>{_e(t)}</h2><p class=\"note\">{_e(n)}</p>{svg}" for t, n, svg in charts)
    pruned = ('<p class="note">Counts of rarer lines are lower bounds: to keep memory bounded, each '
              "batch keeps only its most frequent removed lines.</p>") if stats.pruned else ""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>pipeline run {_e(run_id)}'
        f"</title><style>{_CSS}</style></head><body>"
        f"<h1>pipeline run {_e(run_id)}</h1>"
        f'<p class="meta">pipeline {_e(manifest.get("pipeline_version", ""))}, started '
        f'{_e(manifest.get("started_at", ""))}, finished {_e(manifest.get("finished_at", ""))}. '
        f"Manifest: <code>{_e(run_id)}.json</code></p>"
        f"<h2>Summary</h2>{summary}{sections}"
        f"<h2>Top removed lines</h2><p class=\"note\">The lines the extractors removed most often, "
        "with the stage and rule that removed them. Use <code>pipeline inspect FILE</code> to see "
        f"one page in full.</p>{pruned}{_removed_table(stats)}</body></html>\n"
    )


def write_report(stats: ReportStats, manifest: dict[str, Any], path: Path, staging_dir: Path) -> Path:
    """Write the report atomically (staging file, then rename), like the manifest beside it."""
    staging_dir.mkdir(parents=True, exist_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = staging_dir / (path.name + ".tmp")
    tmp.write_text(render_report(stats, manifest), encoding="utf-8")
    os.replace(tmp, path)
    return path
