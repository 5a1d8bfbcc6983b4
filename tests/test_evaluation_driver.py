"""The evaluation driver, with a fake in-process pipeline in place of `python -m pipeline run`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.baseline import baseline_prediction, first_line, visible_text
from pipeline.evaluation.driver import RunResult, evaluate, match_rows, parse_forms
from pipeline.evaluation.sample import DEFAULT_SAMPLE
from pipeline.evaluation.score import Prediction

CASES = (
    "moz-la-nacion",
    "moz-nytimes-2",
    "sh-0dd1357045727799a447563fd8851f4ebe79f042073ea16991a9b67aa595f81a",
)


@pytest.fixture
def small_sample(tmp_path: Path) -> Path:
    sample = tmp_path / "sample"
    for cid in CASES:
        shutil.copytree(DEFAULT_SAMPLE / cid, sample / cid)
    return sample


def fake_pipeline(input_dir: Path, output_dir: Path, timeout: float) -> RunResult:
    """Keeps every page whole except the first (rejected) and adds a row nobody asked for."""
    files = sorted(input_dir.iterdir())[1:]
    rows = {
        "source_path": [f.name for f in files] + ["stray.html"],
        "title": ["Fake title"] * len(files) + [None],
        "byline": [None] * len(files) + ["x"],
        "body": [f.read_text(encoding="utf-8") for f in files] + ["stray"],
    }
    (output_dir / "articles" / "part").mkdir(parents=True)
    pq.write_table(pa.table(rows), output_dir / "articles" / "part" / "part-0.parquet")
    return RunResult(0, 0.0)


def test_evaluate_with_fake_pipeline(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = evaluate(small_sample, out, ["soup", "html"], run=fake_pipeline)
    assert json.loads((out / "eval.json").read_text(encoding="utf-8")) == result
    assert sorted(p.name for p in (out / "input" / "html").iterdir()) == [c + ".html" for c in CASES]
    assert sorted(p.name for p in (out / "input" / "soup").iterdir()) == [c + ".txt" for c in CASES]
    soup = result["forms"]["soup"]
    assert soup["missing"] == [CASES[0]]
    assert soup["runner"]["rows_matched"] == 2
    assert soup["runner"]["problems"] == ["row for unknown source_path 'stray.html'"]
    project, baseline = soup["project"]["ALL"], soup["baseline"]["ALL"]
    assert (project["n"], project["n_empty_body"], baseline["n_empty_body"]) == (3, 1, 0)
    assert project["sh_recall"] < baseline["sh_recall"]
    assert result["manifest_problems"] == ["no manifest.json"]


def test_rerun_clears_old_output_but_refuses_foreign_folders(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    evaluate(small_sample, out, ["w3m"], run=fake_pipeline)
    evaluate(small_sample, out, ["w3m"], run=fake_pipeline)  # would fail on an existing articles/ dir
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    with pytest.raises(SystemExit):
        evaluate(small_sample, foreign, ["w3m"], run=fake_pipeline)
    assert (foreign / "precious.txt").exists()


@pytest.mark.parametrize(
    ("source_path", "expected"),
    [("a.html", "a"), ("sub/a.html", "a"), ("sub\\a.html", "a"), ("a.txt", None), ("", None)],
)
def test_match_rows_by_file_name(source_path: str, expected: str | None) -> None:
    preds, problems = match_rows([{"source_path": source_path, "body": "b"}], {"a.html": "a"})
    assert list(preds) == ([expected] if expected else [])
    assert bool(problems) == (expected is None)


def test_match_rows_joins_list_byline_and_reports_duplicates() -> None:
    rows = [{"source_path": "a.html", "byline": ["Ann", "Bob"]}, {"source_path": "a.html", "body": "x"}]
    preds, problems = match_rows(rows, {"a.html": "a"})
    assert preds["a"] == Prediction("", "", "x")
    assert len(problems) == 1
    assert match_rows(rows[:1], {"a.html": "a"})[0]["a"].byline == "Ann, Bob"


def test_parse_forms() -> None:
    assert parse_forms("html, w3m") == ["html", "w3m"]
    for bad in ("", "pdf", "html,pdf"):
        with pytest.raises(Exception, match="forms"):
            parse_forms(bad)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<html><head><title>T</title></head><body><p>One</p><p>Two <b>bold</b></p></body></html>",
            "One\nTwo bold",
        ),
        ("<body><script>var x;</script><style>p{}</style>Seen<noscript>no</noscript></body>", "Seen"),
        ("<div>a<br>b</div><ul><li>c</li><li>d &amp; e</li></ul>", "a\nb\nc\nd & e"),
        ("<p>unclosed <i>tags", "unclosed tags"),
    ],
)
def test_visible_text(html: str, text: str) -> None:
    assert visible_text(html) == text


def test_baseline_prediction() -> None:
    assert first_line("\n  \n  First line \nsecond") == "First line"
    assert baseline_prediction(b"\n\nHead\nbody", is_html=False) == Prediction("Head", "", "\n\nHead\nbody")
    assert baseline_prediction(b"<h1>H</h1><p>b</p>", is_html=True) == Prediction("H", "", "H\nb")


def test_help_documents_every_option() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.evaluation", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--sample", "--out", "--forms", "--bootstrap", "--timeout"):
        assert option in proc.stdout
