"""The bundled sample is complete, unchanged (manifest sha256) and self-contained."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from pipeline.evaluation.sample import DEFAULT_SAMPLE, FORM_FILES, load_sample, manifest_problems

ROOT = Path(__file__).resolve().parents[1]


def test_sample_matches_manifest() -> None:
    assert manifest_problems(DEFAULT_SAMPLE) == []


def test_sample_composition() -> None:
    cases = load_sample(DEFAULT_SAMPLE)
    assert Counter(c.truth.dataset for c in cases) == {"moz": 12, "sh": 24}
    manifest = json.loads((DEFAULT_SAMPLE / "manifest.json").read_text(encoding="utf-8"))
    # The selection rule (tools/make_evalsample.py): per dataset, ascending sha1 rank.
    for dataset in ("moz", "sh"):
        listed = [c["id"] for c in manifest["cases"] if c["dataset"] == dataset]
        assert listed == sorted(
            listed, key=lambda cid: hashlib.sha1(f"evalsample-v1:{cid}".encode()).hexdigest()
        )
    for case in cases:
        assert case.truth.body
        for form in FORM_FILES:
            assert case.raw(form)


def test_manifest_catches_an_edited_file(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "sample"
    shutil.copytree(DEFAULT_SAMPLE, copy)
    victim = next(copy.glob("*/text.w3m.txt"))
    victim.write_bytes(victim.read_bytes() + b" ")
    (copy / "extra-case").mkdir()
    (copy / "extra-case" / "truth.json").write_text("{}")
    problems = manifest_problems(copy)
    assert any("sha256 differs" in p for p in problems)
    assert any("extra-case" in p for p in problems)


def test_project_does_not_read_the_shared_folder() -> None:
    # Only the one-off copy script may know where the shared corpus lives.
    shared = "/work/" + "shared"
    for path in [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("tests/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert shared not in text or path.name == "pinned_predictions.py", path
