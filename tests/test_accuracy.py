"""Accuracy floors: the real pipeline on the bundled sample must not score under the pinned floors.

Runs the same evaluation as `python -m pipeline.evaluation` (the pipeline as a subprocess, one run
per form) and checks, on the ALL group of each form, body shingle F1, title and byline exact match
(floors) and the false byline rate (ceiling). The floors live in tests/accuracy_floors.json: they are
pinned a little under the measured figures and raised as accuracy improves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluation.baseline import baseline_prediction
from pipeline.evaluation.driver import evaluate, runner_problems
from pipeline.evaluation.sample import DEFAULT_SAMPLE, FORM_FILES, FORMS, load_sample
from pipeline.evaluation.score import score_all

SPEC = json.loads((Path(__file__).parent / "accuracy_floors.json").read_text(encoding="utf-8"))
# (form, metric, bound): "min" for floors, "max" for the false byline ceiling.
CHECKS = [
    (form, metric.removesuffix("_max"), "max" if metric.endswith("_max") else "min", bound)
    for form, floors in SPEC["floors"].items()
    for metric, bound in floors.items()
]


@pytest.fixture(scope="module")
def project_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    problems = runner_problems()
    if problems:
        pytest.skip("the pipeline runner is not in this checkout: " + "; ".join(problems))
    result = evaluate(DEFAULT_SAMPLE, tmp_path_factory.mktemp("eval"), FORMS, timeout=300)
    for form, res in result["forms"].items():
        assert res["runner"]["returncode"] == 0, f"{form}: {res['runner']['stderr_tail']}"
    return {form: res["project"]["ALL"] for form, res in result["forms"].items()}


@pytest.mark.parametrize(("form", "metric", "kind", "bound"), CHECKS)
def test_floor(project_scores: dict[str, Any], form: str, metric: str, kind: str, bound: float) -> None:
    value = project_scores[form][metric]
    measured = value if value is not None else 0.0  # no scorable case counts as the worst
    if kind == "min":
        assert measured >= bound, f"{form} {metric} = {measured:.3f}, floor {bound}"
    else:
        assert measured <= bound, f"{form} {metric} = {measured:.3f}, ceiling {bound}"


@pytest.mark.parametrize("form", FORMS)
def test_baseline_figures_are_stable(form: str) -> None:
    """The keep-everything baseline depends only on the sample and the scorer: pinned to 3 decimals."""
    cases = load_sample(DEFAULT_SAMPLE)
    is_html = FORM_FILES[form][1] == ".html"
    preds = {c.id: baseline_prediction(c.raw(form), is_html) for c in cases}
    got = score_all({c.id: c.truth for c in cases}, preds)["ALL"].to_dict()
    for metric, want in SPEC["baseline_measured"][form].items():
        assert got[metric] == pytest.approx(want, abs=5e-4), metric


def test_floors_cover_every_form() -> None:
    assert set(SPEC["floors"]) == set(FORMS)
    for floors in SPEC["floors"].values():
        assert set(floors) == {"sh_f1", "title_em", "byline_em", "false_byline_max"}
