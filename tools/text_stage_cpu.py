"""CPU seconds per stage of the text path over a folder of text pages, in one process.

    python tools/text_stage_cpu.py FOLDER [--repeat-scan/--no-repeat-scan]

Prints one JSON line: `repeat_scan` (the scan pass: decode and key every page, then prune),
`process_all` (process_document and the MinHash signature of every page) and the stages that
`StageClock` names, all in CPU seconds (time.process_time, not wall time: the machine is shared,
and other processes' load inflates wall time far more than CPU time). A first page is processed
before the clock starts, so imports and model loading are not counted.

Before/after comparisons: run it alternately on two checkouts (PYTHONPATH=CHECKOUT) several times
and compare medians, e.g. on `pipeline.bench.build_corpus` copies of the seed page.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat-scan", action=argparse.BooleanOptionalAction, default=True)
    args = ap.parse_args(argv)

    import pipeline.stages as stages
    from pipeline.config import Config
    from pipeline.dedupe import body_signature
    from pipeline.repeat_scan import page_keys
    from pipeline.repeats import RepeatStats
    from pipeline.schema import Article, RawDocument

    stages.time.perf_counter = time.process_time  # type: ignore[attr-defined]  # StageClock: CPU
    docs = [RawDocument(source_path=p.name, data=p.read_bytes(), format_hint="text")
            for p in sorted(args.folder.iterdir()) if p.is_file()]
    config = Config()
    now = datetime(2024, 6, 1, tzinfo=UTC)
    stages.process_document(docs[0], config, None, stages.StageClock(), now)  # warm-up
    out: dict[str, float] = {}
    stats: dict[str, RepeatStats] = {}
    if args.repeat_scan:
        start = time.process_time()
        for doc in docs:
            keys = page_keys(doc)
            if keys:
                stats.setdefault(stages.group_key(doc), RepeatStats()).add_page(keys)
        stats = {g: s.prune() for g, s in stats.items() if s.pages >= 3}
        out["repeat_scan"] = time.process_time() - start
    clock = stages.StageClock()
    start = time.process_time()
    for doc in docs:
        rec = stages.process_document(doc, config, stats.get(stages.group_key(doc)), clock, now)
        if isinstance(rec, Article):
            clock.run("minhash", partial(body_signature, rec.body))
    out["process_all"] = time.process_time() - start
    out.update(clock.seconds)
    print(json.dumps({"pages": len(docs), **{k: round(v, 4) for k, v in out.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
