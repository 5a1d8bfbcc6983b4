"""Deterministic predictions on the bundled sample, scored once with the judge's scorer.

`tests/test_score_judge.py` scores them with our scorer and compares with the judge's numbers,
which were pinned by writing `pinned_predictions()` to JSON Lines and running
`python /work/shared/eval/score.py --truth evalsample --pred PRED.jsonl --json OUT --bootstrap 100`
(seed 0), for shift 0 and shift 2.
Change nothing here without re-running the judge and re-pinning.
"""

from __future__ import annotations

from pipeline.evaluation.baseline import baseline_prediction
from pipeline.evaluation.sample import Case
from pipeline.evaluation.score import Prediction

BOILERPLATE = "Share this article\nSubscribe to our newsletter\n© 2024 All rights reserved"


def pinned_predictions(cases: list[Case], shift: int = 0) -> dict[str, Prediction]:
    """Four kinds of prediction, in turn over the cases sorted by id; every 4th case has none."""
    preds: dict[str, Prediction] = {}
    for i, case in enumerate(sorted(cases, key=lambda c: c.id)):
        t = case.truth
        kind = (i + shift) % 4
        if kind == 0:  # keep everything
            preds[case.id] = baseline_prediction(case.raw("soup"), is_html=False)
        elif kind == 1:  # first paragraph lost, boilerplate kept, site suffix, "By" prefix
            paragraphs = t.body.split("\n\n")
            body = "\n\n".join(paragraphs[1:]) + "\n\n" + BOILERPLATE
            byline = "By " + t.byline if t.byline else ""
            preds[case.id] = Prediction(f"{t.title or ''} | The Site", byline, body)
        elif kind == 3:  # exact body, title in other quotes and case, a wrong byline on "no byline"
            title = "\u201c" + (t.title or "").upper() + "\u201d"
            byline = (t.byline or "").upper() if t.byline != "" else "Staff Writer"
            preds[case.id] = Prediction(title, byline, t.body)
    return preds
