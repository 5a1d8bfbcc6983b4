"""CPU time of rendering Markdown pages (`renderings.page_text(text, "markdown")`), and their output.

    python tools/markdown_cpu.py [--repeat N] [--dump DIR] [--compare DIR] [PAGE_GLOB ...]

Pages default to the bundled sample's html2text renderings and the dev Markdown renderings made
by tools/render_markdown.py (/work/devcache/{h2t,h2t78,mdify}; missing folders are skipped).
Prints one JSON line: pages, KB, and the median over N rounds of the CPU seconds
(time.process_time: the machine is shared) of rendering every page once, with ms per page.
`--dump DIR` writes each page's rendering to DIR; `--compare DIR` counts the pages whose
rendering differs from one dumped before by another checkout (run from each checkout's root:
`cd OLD && PYTHONPATH=OLD NEW/.venv/bin/python NEW/tools/markdown_cpu.py --dump /tmp/md-old`, then
`cd NEW && .venv/bin/python tools/markdown_cpu.py --compare /tmp/md-old`).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import statistics
import time
from pathlib import Path

DEFAULT_GLOBS = [
    "evalsample/*/text.html2text.txt",
    "/work/devcache/h2t/*/text.h2t.txt",
    "/work/devcache/h2t78/*/text.h2t78.txt",
    "/work/devcache/mdify/*/text.mdify.txt",
]


def _key(path: Path) -> str:
    """A file name for a page's rendering: the path as globbed (evalsample/... relative to the
    checkout it is run in), so that two checkouts name the same page alike."""
    return hashlib.sha1(str(path).encode()).hexdigest()[:16] + "-" + path.parent.name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("globs", nargs="*", default=DEFAULT_GLOBS)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--compare", type=Path)
    args = ap.parse_args(argv)

    from pipeline.renderings import page_text

    paths = [Path(p) for pattern in args.globs for p in sorted(glob.glob(pattern))]
    pages = [p.read_text(encoding="utf-8") for p in paths]
    page_text(pages[0], "markdown")  # imports and first-call set-up are not counted
    rounds: list[float] = []
    for _ in range(args.repeat):
        start = time.process_time()
        for page in pages:
            page_text(page, "markdown")
        rounds.append(time.process_time() - start)
    cpu = statistics.median(rounds)
    result: dict[str, object] = {
        "pages": len(pages),
        "kb": round(sum(len(p.encode()) for p in pages) / 1000),
        "cpu_s_median": round(cpu, 4),
        "ms_per_page": round(1000 * cpu / len(pages), 3),
        "rounds": [round(r, 4) for r in rounds],
    }
    if args.dump or args.compare:
        differ: list[str] = []
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
        for path, page in zip(paths, pages, strict=True):
            out = page_text(page, "markdown")
            if args.dump:
                (args.dump / _key(path)).write_text(out, encoding="utf-8")
            if args.compare and (args.compare / _key(path)).read_text(encoding="utf-8") != out:
                differ.append(str(path))
        if args.compare:
            result["differ"] = len(differ)
            result["differ_pages"] = differ
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
