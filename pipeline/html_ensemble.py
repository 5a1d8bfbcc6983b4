"""Body text by paragraph voting between two trafilatura runs on the same parsed tree.

Both runs use fast mode: trafilatura's readability/justext fallback comparison cost ~20 ms per
page and, on the dev half, did not help once the two runs vote. The precise run (favor_precision) decides
where the article is; the recall run (favor_recall, fast) supplies paragraphs the precise run
cut in the middle of that span (lists, short paragraphs, quotes). Recall-only paragraphs before
the first or after the last precise paragraph are boilerplate around the article (teasers,
related links, comments) and are dropped, with the reason kept in `removed`.
On the dev half this beat either run alone (see tools/dev_html_eval.py). The two runs
themselves come from pipeline.html_traf, which shares the work they have in common.
"""

from __future__ import annotations

from pipeline.repeats import line_key
from pipeline.schema import RemovedLine

STAGE = "extract_html"


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
