"""`python -m pipeline.evaluation`: run the real pipeline on the bundled sample and score it.

For each form (html and the text renderings of `sample.FORM_FILES`) the driver stages one raw
input folder (`<case_id>.html` or `<case_id>.txt`), runs `python -m pipeline run --input STAGED
--output OUT/<form>` as a subprocess, reads `OUT/<form>/articles/**/*.parquet`, maps
`source_path` back to the case id and scores it next to the keep-everything baseline. A page
the pipeline rejected has no article row and is scored as an empty prediction.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.evaluation.baseline import baseline_prediction
from pipeline.evaluation.report import format_table
from pipeline.evaluation.sample import DEFAULT_SAMPLE, FORM_FILES, FORMS, Case, load_sample, manifest_problems
from pipeline.evaluation.score import Prediction, prediction_from_row, score_all

# Written into OUT so that a rerun may clear OUT/<form> without risking a folder it did not make.
MARKER = ".pipeline-eval"
# Generous: the sample is ~36 pages per form, which a working pipeline does in seconds.
DEFAULT_TIMEOUT_S = 900.0
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(slots=True)
class RunResult:
    """How one `pipeline run` subprocess went."""

    returncode: int
    seconds: float
    stderr_tail: str = ""


Runner = Callable[[Path, Path, float], RunResult]


def run_pipeline(input_dir: Path, output_dir: Path, timeout: float) -> RunResult:
    """Run this checkout's pipeline as a subprocess (the same interpreter, this package first on the path)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", str(input_dir), "--output", str(output_dir)]
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return RunResult(-1, time.monotonic() - start, f"timed out after {timeout:.0f} s")
    return RunResult(proc.returncode, time.monotonic() - start, proc.stderr[-2000:])


def runner_problems() -> list[str]:
    """Why `python -m pipeline` would not run this checkout's own code, if it would not.

    An editable install elsewhere (a shared venv) resolves a submodule missing here from the other
    checkout, silently mixing two trees, so the driver says so rather than score a hybrid.
    """
    here = Path(__file__).resolve().parents[1]
    problems = []
    for module in ("pipeline.__main__", "pipeline.cli", "pipeline.runner"):
        spec = importlib.util.find_spec(module)
        origin = Path(spec.origin).resolve() if spec is not None and spec.origin else None
        if origin is None:
            problems.append(f"{module} not found: `python -m pipeline run` will fail")
        elif here not in origin.parents:
            problems.append(f"{module} comes from {origin}, not from this checkout ({here})")
    return problems


def stage_inputs(cases: Sequence[Case], form: str, dest: Path) -> dict[str, str]:
    """Write one raw input file per case into `dest`; return {staged file name: case id}."""
    dest.mkdir(parents=True)
    ext = FORM_FILES[form][1]
    names: dict[str, str] = {}
    for case in cases:
        name = case.id + ext
        (dest / name).write_bytes(case.raw(form))
        names[name] = case.id
    return names


def read_articles(output_dir: Path) -> list[dict[str, object]]:
    """All rows of `articles/**/*.parquet` (source_path, title, byline, body)."""
    import pyarrow.parquet as pq  # heavy import, only when there is output to read

    rows: list[dict[str, object]] = []
    for path in sorted((output_dir / "articles").rglob("*.parquet")):
        table = pq.read_table(path)
        wanted = [c for c in ("source_path", "title", "byline", "body") if c in table.column_names]
        rows.extend(table.select(wanted).to_pylist())
    return rows


def match_rows(
    rows: Sequence[dict[str, object]], names: dict[str, str]
) -> tuple[dict[str, Prediction], list[str]]:
    """Map article rows to case ids by the file name in source_path; return (predictions, problems)."""
    preds: dict[str, Prediction] = {}
    problems: list[str] = []
    for row in rows:
        source = str(row.get("source_path") or "")
        case_id = names.get(PurePosixPath(source.replace("\\", "/")).name)
        if case_id is None:
            problems.append(f"row for unknown source_path {source!r}")
        elif case_id in preds:
            problems.append(f"more than one row for {source!r}; the last one is scored")
        if case_id is not None:
            preds[case_id] = prediction_from_row(row)
    return preds, problems


def prepare_out(out: Path) -> None:
    """Create OUT, or accept an existing one only if it is empty or was made by this driver."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"--out {out} is not empty and was not made by this driver; refusing to clear it")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by python -m pipeline.evaluation; subfolders are cleared on rerun\n")


def evaluate_form(
    cases: Sequence[Case], form: str, out: Path, run: Runner, timeout: float, bootstrap: int
) -> dict[str, Any]:
    """Stage, run and score one form; the baseline is scored on the same staged bytes."""
    staged, produced = out / "input" / form, out / form
    for folder in (staged, produced):
        if folder.exists():
            shutil.rmtree(folder)
    names = stage_inputs(cases, form, staged)
    result = run(staged, produced, timeout)
    preds, problems = match_rows(read_articles(produced) if produced.is_dir() else [], names)
    truths = {c.id: c.truth for c in cases}
    is_html = FORM_FILES[form][1] == ".html"
    base = {c.id: baseline_prediction(c.raw(form), is_html) for c in cases}
    return {
        "runner": {**asdict(result), "rows_matched": len(preds), "problems": problems},
        "missing": sorted(set(truths) - set(preds)),
        "project": {k: v.to_dict() for k, v in score_all(truths, preds, bootstrap).items()},
        "baseline": {k: v.to_dict() for k, v in score_all(truths, base, bootstrap).items()},
    }


def evaluate(
    sample: Path = DEFAULT_SAMPLE,
    out: Path = Path("eval-out"),
    forms: Sequence[str] = FORMS,
    run: Runner = run_pipeline,
    timeout: float = DEFAULT_TIMEOUT_S,
    bootstrap: int = 0,
) -> dict[str, Any]:
    """The whole evaluation as one JSON-ready dict; also written to OUT/eval.json."""
    cases = load_sample(sample)
    prepare_out(out)
    result: dict[str, Any] = {
        "sample": str(sample),
        "n_cases": len(cases),
        "manifest_problems": manifest_problems(sample),
        "runner_problems": runner_problems() if run is run_pipeline else [],
        "bootstrap": bootstrap,
        "forms": {form: evaluate_form(cases, form, out, run, timeout, bootstrap) for form in forms},
    }
    (out / "eval.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return result


def parse_forms(value: str) -> list[str]:
    forms = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in forms if f not in FORM_FILES]
    if unknown or not forms:
        raise argparse.ArgumentTypeError(f"forms must be a comma list of {', '.join(FORMS)}; got {value!r}")
    return forms


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline.evaluation",
        description="Run `python -m pipeline run` on the bundled evaluation sample and score it next to the "
        "keep-everything baseline (body = whole text, title = first line, byline empty).",
    )
    ap.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE, help="sample folder (default: evalsample)")
    ap.add_argument("--out", type=Path, default=Path("eval-out"), help="output folder (default: eval-out)")
    ap.add_argument(
        "--forms", type=parse_forms, default=list(FORMS),
        help=f"comma list of {','.join(FORMS)} (default: all)",
    )
    ap.add_argument("--bootstrap", type=int, default=0, help="bootstrap resamples for std (default 0 = off)")
    ap.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds allowed per pipeline run"
    )
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result = evaluate(args.sample, args.out, args.forms, timeout=args.timeout, bootstrap=args.bootstrap)
    print(format_table(result))
    print(f"all numbers: {args.out / 'eval.json'}")
    failed = False
    for problem in result["manifest_problems"]:
        print(f"sample: {problem}", file=sys.stderr)
    for problem in result["runner_problems"]:
        failed = True
        print(f"runner: {problem}", file=sys.stderr)
    for form, res in result["forms"].items():
        run = res["runner"]
        if run["returncode"] != 0:
            failed = True
            print(f"{form}: pipeline run exited {run['returncode']}:\n{run['stderr_tail']}", file=sys.stderr)
        for problem in run["problems"][:5]:
            print(f"{form}: {problem}", file=sys.stderr)
    return 1 if failed else 0
