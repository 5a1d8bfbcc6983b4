"""Body F1 of one run over a whole batch, per input layout, with and without repeat learning.

    PYTHONPATH=. .venv/bin/python tools/dev_repeat_eval.py [--split /work/shared/evaldata/dev]
        [--forms html,soup,w3m,chromium] [--layouts flat,percase,jsonl] [--synthetic]
        [--sites 3] [--site-pages 30] [--seed 1] [--fillers N] [--work /tmp/repeat-eval]
        [--workers 2] [--code CHECKOUT] [--audit N]

Lays the split's pages out as one batch (`flat`: every page in one folder; `percase`: one folder
per case, `<case>/page.txt`; `jsonl`: one JSON Lines file with the truth URL), runs
`python -m pipeline run` once per form x layout x {repeats, --no-repeat-learning} and scores it
with the shared scorer. `chromium` reads `/work/devcache/chromium/<case>/text.chromium.txt` and is
skipped when that cache is missing.

The dev split has at most three pages per site, so `--synthetic` also builds a site batch: the
first `--sites` x `--site-pages` cases (seeded shuffle) become pages of generated sites
(tests/site_furniture.py: menus, pitch, cookie notice, "Related" titles of the site's other pages,
footer, three redesign eras; half the pages also get a recurring column name and a standard
sign-off, which are added to their truth body), the rest stay single pages of their own site.
HTML site pages get a canonical URL on their site, except those of the oldest era (no canonical,
as old templates often had none). Scores are printed for `site` and `single` pages apart.
`--fillers N` adds N made-up text pages (random words, not scored) so that the run is as big as
a real mixed one: the count a lone line needs grows with the square root of the group's pages.
A dev tool: nothing here runs in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from site_furniture import Site, make_site, wrap_html, wrap_text

SCORER = Path("/work/shared/eval/score.py")
CHROMIUM = Path("/work/devcache/chromium")
ROOT = Path(__file__).resolve().parent.parent
_OWN_URL = re.compile(r"<(?:link|meta)\b[^>]*(?:canonical|og:url)[^>]*>", re.I)


def load_cases(split: Path) -> list[dict[str, Any]]:
    cases = []
    for d in sorted(p for p in split.iterdir() if (p / "truth.json").is_file()):
        truth = json.loads((d / "truth.json").read_text(encoding="utf-8"))
        cases.append({"id": d.name, "dir": d, "truth": truth})
    return cases


def page(case: dict[str, Any], form: str) -> str | None:
    d: Path = case["dir"]
    path = {"html": d / "source.html", "chromium": CHROMIUM / d.name / "text.chromium.txt"}.get(
        form, d / f"text.{form}.txt")
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def synthesise(cases: list[dict[str, Any]], sites: int, per_site: int, seed: int) -> dict[str, Any]:
    """Assign cases to generated sites: {id: (site, era, related titles, in_body)}."""
    rng = random.Random(seed)
    order = [c["id"] for c in cases]
    rng.shuffle(order)
    by_id = {c["id"]: c for c in cases}
    plan: dict[str, Any] = {}
    for s in range(sites):
        site = make_site(rng, s)
        ids = order[s * per_site:(s + 1) * per_site]
        titles = {i: (by_id[i]["truth"].get("title") or by_id[i]["truth"]["body"].strip().split("\n")[0][:70])
                  for i in ids}
        for k, cid in enumerate(ids):
            era = k * len(site.eras) // len(ids)
            related = rng.sample([titles[j] for j in ids if j != cid], 4)
            plan[cid] = (site, era, related, k % 2 == 0)
    return plan


def filler(rng: random.Random) -> str:
    """An unlabelled page of made-up prose: only makes the run bigger (not scored)."""
    words = ("river", "council", "market", "school", "winter", "station", "the", "of", "and", "to",
             "in", "after", "report", "village", "budget", "storm", "library", "season", "court")
    paras = [" ".join(" ".join(rng.choice(words) for _ in range(14)).capitalize() + "."
                      for _ in range(3)) for _ in range(rng.randrange(3, 8))]
    return "\n".join([" ".join(rng.choice(words) for _ in range(6)).title(), *paras]) + "\n"


def build(cases: list[dict[str, Any]], form: str, layout: str, plan: dict[str, Any],
          dest: Path, truth_dir: Path, fillers: int = 0) -> dict[str, str]:
    """Write the batch and its truth; return {source_path: case id}."""
    dest.mkdir(parents=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    rows = []
    rng = random.Random(len(cases))
    if form != "html":
        cases = cases + [{"id": f"filler-{i:05d}", "filler": filler(rng)} for i in range(fillers)]
    ext = ".html" if form == "html" else ".txt"
    for case in cases:
        text = case["filler"] if "filler" in case else page(case, form)
        if text is None:
            continue
        truth = dict(case.get("truth") or {"dataset": "filler", "body": "", "url": None})
        url = truth.get("url")
        if case["id"] in plan:
            site: Site = plan[case["id"]][0]
            era, related, in_body = plan[case["id"]][1:]
            url = f"https://{site.domain}/{2016 + 2 * era}/{case['id']}"
            if form == "html":
                text = _OWN_URL.sub("", wrap_html(text, site, era, related))
                if era:
                    text = text.replace("<head>", f'<head><link rel="canonical" href="{url}">', 1)
            else:
                text, truth["body"] = wrap_text(text, site, era, related, truth["body"], in_body)
            truth["dataset"] = "site"
        elif plan:
            truth["dataset"] = "single"
        if "filler" not in case:
            (truth_dir / case["id"]).mkdir(exist_ok=True)
            (truth_dir / case["id"] / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
        if layout == "flat":
            (dest / (case["id"] + ext)).write_text(text, encoding="utf-8")
            names[case["id"] + ext] = case["id"]
        elif layout == "percase":
            (dest / case["id"]).mkdir()
            (dest / case["id"] / ("page" + ext)).write_text(text, encoding="utf-8")
            names[f"{case['id']}/page{ext}"] = case["id"]
        else:
            rows.append({"url": url, ("html" if form == "html" else "text"): text})
            names[f"batch.jsonl#{len(rows)}"] = case["id"]
    if rows:
        with (dest / "batch.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
    return names


def run_and_score(src: Path, out: Path, names: dict[str, str], truth: Path, repeats: bool,
                  workers: int, code: Path) -> dict[str, tuple[float, float, float]]:
    import pyarrow.dataset as ds

    env = dict(os.environ, PYTHONPATH=str(code))
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", str(src), "--output", str(out),
           "--workers", str(workers)] + ([] if repeats else ["--no-repeat-learning"])
    # cwd too: `python -m` puts the working directory first on the path.
    subprocess.run(cmd, env=env, cwd=code, check=True, capture_output=True)
    rows = ds.dataset(out / "articles", format="parquet").to_table(
        columns=["source_path", "title", "byline", "body"]).to_pylist()
    pred = out / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for r in rows:
            if names[r["source_path"]].startswith("filler-"):
                continue
            f.write(json.dumps({"id": names[r["source_path"]], "title": r["title"],
                                "byline": r["byline"], "body": r["body"]}) + "\n")
    res = out / "score.json"
    subprocess.run([sys.executable, str(SCORER), "--truth", str(truth), "--pred", str(pred),
                    "--json", str(res), "--bootstrap", "0"], check=True, capture_output=True)
    groups = json.loads(res.read_text())["groups"]
    return {g: (v["body"]["sh_f1"], v["body"]["sh_precision"], v["body"]["sh_recall"])
            for g, v in groups.items() if g in ("ALL", "site", "single")}


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text)).casefold()


def audit(src: Path, names: dict[str, str], truth: Path, show: int) -> None:
    """In this process: which lines the repeat rules remove, and how many are labelled body."""
    from collections import Counter

    from pipeline.config import Config
    from pipeline.engine import LocalEngine
    from pipeline.read import FailedInput, discover
    from pipeline.runner import iter_documents, learn_repeats
    from pipeline.schema import Extraction, RawDocument
    from pipeline.stages import group_key, process_document

    config = Config(input_dir=src, output_dir=src.parent / "audit", workers=1)
    files = discover(src)
    stats = learn_repeats(files, config, LocalEngine(1))
    cost: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    tally = {"furniture": 0, "body": 0}

    def labelled_body(source_path: str) -> str | None:
        path = truth / names[source_path] / "truth.json"  # --fillers pages have no label
        return json.loads(path.read_text())["body"] if path.is_file() else None

    def seen(raw: RawDocument, ex: Extraction) -> None:
        label = labelled_body(raw.source_path)
        if label is None:
            return
        body, paras = _fold(label), {_fold(p) for p in label.split("\n")}
        for r in ex.removed:
            if r.rule.startswith("repeated_across"):
                # A short line counts as body only as a whole labelled line ("Business" is in
                # much prose); a longer one as a part of the labelled text.
                key = _fold(r.text)
                labelled = key in paras if len(key.split()) < 4 else key in body
                tally["body" if labelled else "furniture"] += 1
                (cost if labelled else hits)[r.text[:70]] += 1

    from pipeline.boilerplate import classify
    from pipeline.decode import decode
    from pipeline.detect import detect_format
    from pipeline.segment import segment
    from pipeline.textmodel import load_model

    where: Counter[tuple[str, bool]] = Counter()  # (inside the core / at the edges, labelled)
    for item in iter_documents(files, config):
        if isinstance(item, FailedInput):
            continue
        group = stats.get(group_key(item))
        process_document(item, config, group, on_extraction=seen)
        text = decode(item).text
        label = labelled_body(item.source_path)
        if group is None or label is None or detect_format(text, item.format_hint) == "html":
            continue
        body, paras = _fold(label), {_fold(p) for p in label.split("\n")}
        lines = segment(text)
        v = classify(lines, config, load_model(), item.url, group)
        dropped = [i for i, k in enumerate(v.keep) if not k]
        for i, r in zip(dropped, v.removed, strict=True):
            if r.rule == "repeated_across_pages":
                key = _fold(r.text)
                labelled = key in paras if len(key.split()) < 4 else key in body
                where["core" if v.core[0] < i < v.core[1] else "edge", labelled] += 1
    print(f"  groups {len(stats)}, pages {sum(s.pages for s in stats.values())}; removed as repeats: "
          f"{tally['furniture']} not in the labelled body, {tally['body']} in it")
    for pos in ("core", "edge"):
        print(f"  text path, {pos}: {where[pos, False]} furniture, {where[pos, True]} labelled body")
    for text, n in cost.most_common(show):
        print(f"    body x{n}: {text!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--forms", default="html,soup,w3m,chromium")
    ap.add_argument("--layouts", default="flat,percase,jsonl")
    ap.add_argument("--synthetic", action="store_true")
    ap.add_argument("--sites", type=int, default=3)
    ap.add_argument("--site-pages", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fillers", type=int, default=0,
                    help="add this many made-up unscored text pages, to make the run bigger")
    ap.add_argument("--work", type=Path, default=Path("/tmp/repeat-eval"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--audit", type=int, default=-1, metavar="N",
                    help="instead of runs: list what the repeat rules remove (N labelled examples)")
    ap.add_argument("--code", type=Path, default=ROOT,
                    help="the pipeline checkout to run (e.g. a `git archive` of the base commit)")
    a = ap.parse_args()
    cases = load_cases(a.split)
    plan = synthesise(cases, a.sites, a.site_pages, a.seed) if a.synthetic else {}
    shutil.rmtree(a.work, ignore_errors=True)
    print(f"{'form':<9}{'layout':<9}{'group':<7}{'F1':>7}{'F1 off':>7}{'delta':>7}"
          f"{'P':>7}{'P off':>7}{'R':>7}{'R off':>7}")
    for form in a.forms.split(","):
        if form == "chromium" and not any(page(c, form) for c in cases[:5]):
            print(f"{form}: no renderings under {CHROMIUM}, skipped")
            continue
        for layout in a.layouts.split(","):
            base = a.work / form / layout
            names = build(cases, form, layout, plan, base / "in", base / "truth", a.fillers)
            if a.audit >= 0:
                print(form, layout)
                audit(base / "in", names, base / "truth", a.audit)
                continue
            on = run_and_score(base / "in", base / "on", names, base / "truth", True, a.workers, a.code)
            off = run_and_score(base / "in", base / "off", names, base / "truth", False, a.workers, a.code)
            for g in on:
                (f, p, r), (f0, p0, r0) = on[g], off[g]
                print(f"{form:<9}{layout:<9}{g:<7}{f:>7.3f}{f0:>7.3f}{f - f0:>+7.3f}"
                      f"{p:>7.3f}{p0:>7.3f}{r:>7.3f}{r0:>7.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
