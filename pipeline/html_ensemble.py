"""Body text by paragraph voting between two trafilatura runs on the same parsed tree.

Both runs use fast mode: trafilatura's readability/justext fallback comparison cost ~20 ms per
page and, on the dev half, did not help once the two runs vote. The precise run (favor_precision) decides
where the article is; the recall run (favor_recall, fast) supplies paragraphs the precise run
cut in the middle of that span (lists, short paragraphs, quotes). Recall-only paragraphs before
the first or after the last precise paragraph are boilerplate around the article (teasers,
related links, comments) and are dropped, with the reason kept in `removed`.
On the dev half this beat either run alone (see tools/dev_html_eval.py).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import html

from pipeline.repeats import line_key
from pipeline.schema import RemovedLine

STAGE = "extract_html"
_WS = re.compile(r"\s+")




# trafilatura's settings per run: the vote's two runs, or the single run of html_mode "fast".
_RUNS: dict[str, dict[str, Any]] = {
    "precision": {"favor_precision": True, "fast": True},
    "recall": {"favor_recall": True, "fast": True},
    "balanced": {"fast": True},
}


def run_trafilatura(tree: html.HtmlElement, url: str | None, focus: str) -> list[str]:
    """Paragraphs found by trafilatura with `focus` (precision, recall or balanced); it copies
    the tree, so ours is left untouched."""
    import trafilatura  # heavy import, only in the stage that needs it

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # "discarding data" is expected
    kwargs = _RUNS[focus]
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, include_tables=True,
            output_format="python", **kwargs,
        )
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError):
        # trafilatura raises on some malformed trees; one failing run is not a failed page
        return []
    text = getattr(doc, "text", None) if doc is not None else None
    return [p for p in (_WS.sub(" ", line).strip() for line in (text or "").split("\n")) if p]


def vote(precise: list[str], recall: list[str]) -> tuple[list[str], list[RemovedLine]]:
    """Merge the two runs in document order; see the module docstring for the rule."""
    if not precise or not recall:
        return (precise or recall), []
    rec_keys = [line_key(p) for p in recall]
    positions: dict[str, list[int]] = {}
    for i, key in enumerate(rec_keys):
        positions.setdefault(key, []).append(i)
    matched = sum(1 for p in precise if line_key(p) in positions)
    # If the runs segment the page too differently to align, trust the precise run alone.
    if matched < max(1, len(precise) // 2):
        precise_keys = {line_key(q) for q in precise}
        return precise, [RemovedLine(r, STAGE, "recall_run_unaligned") for r in recall
                         if line_key(r) not in precise_keys]
    out: list[str] = []
    removed: list[RemovedLine] = []
    j = 0  # next unconsumed recall paragraph
    for para in precise:
        k = next((i for i in positions.get(line_key(para), []) if i >= j), None)
        if k is None:
            out.append(para)  # only the precise run has it (different segmentation): keep
            continue
        for r in recall[j:k]:
            if out:
                out.append(r)  # inside the article span: the precise run was too strict
            else:
                removed.append(RemovedLine(r, STAGE, "before_article_span"))
        out.append(para)
        j = k + 1
    removed.extend(RemovedLine(r, STAGE, "after_article_span") for r in recall[j:])
    return out, removed
