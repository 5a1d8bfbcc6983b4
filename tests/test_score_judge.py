"""Our scorer against numbers the judge's scorer gave once on the same predictions (pinned)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluation.sample import DEFAULT_SAMPLE, load_sample
from pipeline.evaluation.score import score_all
from tests.pinned_predictions import pinned_predictions

PINNED = json.loads((Path(__file__).parent / "judge_pinned.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("shift", [0, 2])
def test_matches_judge_numbers(shift: int) -> None:
    cases = load_sample(DEFAULT_SAMPLE)
    truths = {c.id: c.truth for c in cases}
    ours = score_all(truths, pinned_predictions(cases, shift), PINNED["bootstrap"], PINNED["seed"])
    judge = PINNED["results"][f"shift{shift}"]
    assert set(ours) == set(judge)
    for group, expected in judge.items():
        got = ours[group].to_dict()
        got["sh_f1_std"] = got["std"]["sh_f1"]
        for key, want in expected.items():
            assert got[key] == pytest.approx(want, abs=1e-9), (group, key)
