"""The whole hostile corpus through `python -m pipeline run`, as a scheduler would run it."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import EXIT_OK

from .conftest import REPO
from .hostile_corpus import CASES, write_case
from .reliability_util import dataset_rows, record_keys
from .test_hostile import GOOD, check_case

# The bound for a whole hostile run, the run and its workers each.
MAX_RSS_BYTES = 2 * 1024**3


def _tree(root: Path, skip: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*") if skip not in p.parents and p != skip
    }


@pytest.mark.slow
def test_whole_hostile_corpus_through_the_cli(tmp_path: Path) -> None:
    raw, ext, out, cwd = tmp_path / "raw", tmp_path / "ext", tmp_path / "out", tmp_path / "cwd"
    cwd.mkdir()
    for case in CASES:
        write_case(case, raw, ext)
    for i in range(5):
        (raw / f"good-{i}.txt").write_text(GOOD.replace("good page", f"good page {i}"), encoding="utf-8")
    before = _tree(tmp_path, out)
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    # The run works from an empty folder, so a stray relative write would show up there.
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(raw), "--output", str(out),
         "--workers", "2", "--log-format", "json"],
        capture_output=True, text=True, cwd=cwd, timeout=1200, env=env,
    )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    assert proc.returncode == EXIT_OK, proc.stderr[-3000:]
    assert peak < MAX_RSS_BYTES, f"peak RSS {peak / 1024**2:.0f} MiB"

    articles, rejects = dataset_rows(out / "articles"), dataset_rows(out / "rejects")
    failures = []
    for case in CASES:
        try:
            check_case(case, articles, rejects)
        except AssertionError as exc:
            failures.append(f"{case.name}: {exc}")
    known = {c.name for c in CASES if c.xfail}
    assert {f.split(":")[0] for f in failures} == known, "\n".join(failures)
    good = [r for r in articles if r["source_path"].startswith("good-")]
    assert len(good) == 5

    manifest = json.loads(next((out / "runs").glob("*.json")).read_text())
    counts = manifest["counts"]
    assert counts["read"] == counts["written"] + counts["rejected"] == len(CASES) + 5
    assert counts["rejected"] == len(rejects) and counts["written"] == len(articles)
    assert all(r["reason"] and r["detail"] for r in rejects)

    assert _tree(tmp_path, out) == before, "the run wrote outside OUTPUT"
    assert list(cwd.iterdir()) == []

    # Hostile inputs are remembered like any other: the next night's run has nothing to do.
    records = record_keys(out)
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(raw), "--output", str(out),
         "--workers", "2", "-q"], capture_output=True, text=True, cwd=cwd, timeout=600, env=env,
    )
    assert again.returncode == EXIT_OK, again.stderr[-3000:]
    assert record_keys(out) == records
    last = max((out / "runs").glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    assert json.loads(last.read_text())["counts"]["processed_inputs"] == 0
