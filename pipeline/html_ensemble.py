"""Body text by paragraph voting between two trafilatura runs on the same parsed tree.

Both runs use fast mode: trafilatura's readability/justext fallback comparison cost ~20 ms per
page and, on the dev half, did not help once the two runs vote. The precise run (favor_precision) decides
where the article is; the recall run (favor_recall, fast) supplies paragraphs the precise run
cut in the middle of that span (lists, short paragraphs, quotes). Recall-only paragraphs before
the first or after the last precise paragraph are boilerplate around the article (teasers,
related links, comments) and are dropped, with the reason kept in `removed`. When the runs
render one paragraph differently (one drops an inline link or a table cell), the paragraph has
no match and both renderings would be kept: a recall paragraph whose words are those of a
precise paragraph of the same gap replaces it instead (the recall rendering is the fuller one).
On the dev half this beat either run alone (see tools/dev_html_eval.py). The two runs
themselves come from pipeline.html_traf, which shares the work they have in common.
"""

from __future__ import annotations

import re

from pipeline.repeats import line_key
from pipeline.schema import RemovedLine

STAGE = "extract_html"
_WORD = re.compile(r"\w+")
# Two renderings of one paragraph: all but a few of the shorter one's words are in the longer
# one, and the shorter is not a stray short line (a heading) next to a long paragraph.
SAME_WORDS = 0.8
SAME_MIN_LENGTH = 0.25
# A recall-only line in capitals is a teaser link set in the article ("SENATOR SAYS ... ",
# "CLICK HERE TO GET THE APP"), which the precise run had dropped for its link density.
SHOUT_MIN_WORDS = 3


def _shouted(text: str) -> bool:
    return text.isupper() and len(_WORD.findall(text)) >= SHOUT_MIN_WORDS


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _same_paragraph(a: set[str], b: set[str]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small or len(small) < SAME_MIN_LENGTH * len(large):
        return False
    return len(small & large) >= SAME_WORDS * len(small)


def _merge_rendering(out: list[str], gap_start: int, para: str) -> str | None:
    """If `para` (recall-only) renders a precise-only paragraph of out[gap_start:], keep the
    longer rendering in that place and return the shorter (removed); else None."""
    mine = _words(para)
    for i in range(gap_start, len(out)):
        if _same_paragraph(mine, _words(out[i])):
            shorter = out[i] if len(out[i]) <= len(para) else para
            out[i] = para if shorter is out[i] else out[i]
            return shorter
    return None


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
    gap = 0  # out[gap:] are the precise-only paragraphs since the last matched one
    for para in precise:
        k = next((i for i in positions.get(line_key(para), []) if i >= j), None)
        if k is None:
            out.append(para)  # only the precise run has it (different segmentation): keep
            continue
        for r in recall[j:k]:
            if not out:
                removed.append(RemovedLine(r, STAGE, "before_article_span"))
            elif gap < len(out) and (shorter := _merge_rendering(out, gap, r)) is not None:
                removed.append(RemovedLine(shorter, STAGE, "other_rendering_kept"))
            elif _shouted(r):
                removed.append(RemovedLine(r, STAGE, "teaser_in_capitals"))
            else:
                out.append(r)  # inside the article span: the precise run was too strict
        out.append(para)
        gap = len(out)
        j = k + 1
    removed.extend(RemovedLine(r, STAGE, "after_article_span") for r in recall[j:])
    return out, removed
