"""Run the text path over an evaldata split and score it.

    python tools/dev_text_eval.py [--split /work/shared/evaldata/dev] [--render soup|w3m|chromium|NAME]
        [--half A|B|all] [--model pipeline/data/text_model.json] [--out PRED.jsonl] [--per-case]
        [--chromium-cache /work/devcache/chromium] [--no-url] [--speed]

Writes one {"id","title","byline","body"} per case (body = paragraphs joined by a blank line)
and runs the shared scorer on it. `--half` keeps only the cases of one CV half (see
`pipeline.train_text.case_half`); the scorer then counts the others as missing, so the
script passes it a filtered truth folder. `--render chromium` reads a browser's innerText
from `<chromium-cache>/<case>/text.chromium.txt` (made by tools/render_innertext.py) when the
split has no `text.chromium.txt` of its own; any other NAME the split lacks is read from
`/work/devcache/NAME/<case>/text.NAME.txt` (tools/render_terminal.sh makes w3m80, lynx and
links renderings there). `--no-url` withholds the truth's page URL (whose
slug votes for the title), as `make eval` and most raw text files do.

`--speed` times extraction only: the dev pages once, then the seed page 200 times, each both
warm (the per-line feature cache keeps lines seen before, as a site's repeated furniture is in a
real batch) and cold (the cache cleared before every page, the worst case).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config import Config
from pipeline.detect import detect_format
from pipeline.extract_text import clear_caches, extract_text_with
from pipeline.renderings import page_text
from pipeline.textmodel import MODEL_PATH, TextModel, load_model
from pipeline.train_text import case_half

SCORER = Path("/work/shared/eval/score.py")


def _source(case: Path, render: str, cache: Path) -> Path:
    own = case / f"text.{render}.txt"
    if own.is_file():
        return own
    folder = cache if render == "chromium" else cache.parent / render
    return folder / case.name / own.name


def _speed(split: Path, render: str, cache: Path, model: TextModel, config: Config) -> int:
    cases = sorted(p for p in split.iterdir() if p.is_dir())
    pages = [src.read_text(encoding="utf-8", errors="replace")
             for src in (_source(c, render, cache) for c in cases) if src.is_file()]
    seed = Path(__file__).resolve().parent.parent / "tests/data/seed/000_a199637f2999b565.txt"
    for name, batch in (("dev pages", pages), ("seed page x200", [seed.read_text()] * 200)):
        for mode in ("warm", "cold"):
            clear_caches()
            start, cpu = time.perf_counter(), time.process_time()
            for text in batch:
                if mode == "cold":
                    clear_caches()
                extract_text_with(text, config, model)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            kb = sum(len(t.encode()) for t in batch) / max(len(batch), 1) / 1024
            print(f"{name} ({mode}): {len(batch)} pages, mean {kb:.1f} KB, "
                  f"{len(batch) / took:.0f} pages/s wall, {len(batch) / cpu:.0f} per CPU second")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--render", default="soup")
    ap.add_argument("--half", choices=("A", "B", "all"), default="all")
    ap.add_argument("--model", type=Path, default=MODEL_PATH)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--per-case", action="store_true")
    ap.add_argument("--no-url", action="store_true", help="do not pass the page URL")
    ap.add_argument("--speed", action="store_true", help="only time extraction (pages/s)")
    ap.add_argument("--chromium-cache", type=Path, default=Path("/work/devcache/chromium"))
    args = ap.parse_args()
    model = load_model(args.model)
    config = Config()
    if args.speed:
        return _speed(args.split, args.render, args.chromium_cache, model, config)
    tmp = Path(tempfile.mkdtemp(prefix="dev_text_eval_"))
    truth_dir = tmp / "truth"
    truth_dir.mkdir()
    out = args.out or tmp / f"pred.{args.render}.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for case in sorted(p for p in args.split.iterdir() if (p / "truth.json").is_file()):
            truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
            cid = truth.get("id") or case.name
            if args.half != "all" and case_half(cid) != args.half:
                continue
            (truth_dir / case.name).symlink_to(case.resolve())
            src = _source(case, args.render, args.chromium_cache)
            text = src.read_text(encoding="utf-8", errors="replace") if src.is_file() else ""
            text = page_text(text, detect_format(text, "text"))  # as a run reads it
            ex = extract_text_with(text, config, model,
                                   None if args.no_url else truth.get("url"))
            fh.write(json.dumps({"id": cid, "title": ex.title or "", "byline": ex.byline or "",
                                 "body": "\n\n".join(ex.body)}, ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(SCORER), "--truth", str(truth_dir), "--pred", str(out),
           "--bootstrap", "200"]
    if args.per_case:
        cmd.append("--per-case")
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
