"""Throughput and memory benchmark: `make bench` (`python -m pipeline.bench`).

Builds a corpus by replicating the sample pages in `raw/` (each copy's bytes made unique, so
nothing downstream can cache or deduplicate them), then measures in one run, side by side:
the HTML path and the text path on one worker and on all workers, trafilatura alone on the
same HTML pages, the ratios, and the peak RSS at corpus sizes N and SCALE x N. Every pipeline
run is a separate `pipeline run` subprocess, so imports and pool start-up are counted the way a
user pays them and the memory of one run does not leak into the next.

Numbers depend on the machine's load: other jobs on the same cores slow every row down and
make the multi-worker rows look worse. The load average is recorded next to the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

MB = 1_000_000
SEED_COPIES = 300
SEED_NAME = "000_a199637f2999b565.txt"  # the user's example page: the text-path target is per its size
LOAD_NOTE = ("Load matters: these numbers are from a machine that may be running other jobs; "
             "compare rows of one run with each other, not with another run.")


@dataclass
class Row:
    path: str  # html, text, text-seed, trafilatura
    workers: int
    pages: int
    mb: float
    seconds: float  # inside the run (manifest): reading, both passes, writing; no interpreter start
    wall_seconds: float  # the whole subprocess, start-up included
    peak_rss_mb: float  # the largest single process (driver or worker)
    peak_rss_total_mb: float  # all processes of the run together

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.seconds if self.seconds else 0.0


def sample_pages(raw: Path, sample: Path | None, kind: str, only: str | None = None) -> list[Path]:
    """The pages to replicate: `raw`'s HTML or text files, plus every case of the evaluation
    sample (`source.html`, or its text renderings `text.*.txt`), for a mix of many sites."""
    pages = sorted(p for p in raw.iterdir() if _kind(p) == kind and (only is None or p.name == only))
    if sample is not None and only is None and sample.is_dir():
        pattern = "source.html" if kind == "html" else "text.*.txt"
        pages += sorted(p for case in sorted(sample.iterdir()) if case.is_dir() for p in case.glob(pattern))
    return pages


def build_corpus(sources: list[Path], dest: Path, kind: str, copies: int) -> tuple[int, float]:
    """`copies` copies of each of `sources` (all `kind` pages) in `dest`; returns (pages, MB)."""
    dest.mkdir(parents=True, exist_ok=True)
    pages, size = 0, 0
    for src in sources:
        data = src.read_bytes()
        stem = f"{src.parent.name}-{src.stem}"  # the sample's cases all hold a source.html
        for i in range(copies):
            # A trailing comment (HTML) or line (text) makes each copy's bytes, doc_id and hash unique.
            tail = f"\n<!-- bench copy {i} -->\n" if kind == "html" else f"\n\nbench copy {i}\n"
            out = data + tail.encode()
            (dest / f"{stem}-{i:06d}{src.suffix}").write_bytes(out)
            pages += 1
            size += len(out)
    return pages, size / MB


def _kind(path: Path) -> str | None:
    if path.suffix.lower() in (".html", ".htm"):
        return "html"
    if path.suffix.lower() == ".txt":
        return "text"
    return None


class PeakRss:
    """Samples the RSS of a process and all its descendants until stopped (psutil)."""

    INTERVAL_S = 0.05

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_single = 0
        self.peak_total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                self.peak_single = max(self.peak_single, rss)
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(self.INTERVAL_S)


def _run_measured(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Run `cmd`; returns (wall seconds, peak single-process RSS MB, peak total RSS MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakRss(proc.pid) as rss:
        _, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    return wall, rss.peak_single / MB, rss.peak_total / MB


def run_pipeline(path: str, corpus: Path, pages: int, mb: float, workers: int, batch: int, work: Path,
                 extra: tuple[str, ...] = ()) -> Row:
    out = work / f"out-{path}-w{workers}"
    cmd = [sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--output", str(out),
           "--workers", str(workers), "--batch-size", str(batch), "-q", *extra]
    wall, single, total = _run_measured(cmd, Path.cwd())
    [manifest] = (out / "runs").glob("*.json")
    seconds = float(json.loads(manifest.read_text())["timings"]["seconds"])
    shutil.rmtree(out, ignore_errors=True)
    return Row(path, workers, pages, mb, seconds, wall, single, total)


def run_trafilatura(corpus: Path, pages: int, mb: float, label: str = "trafilatura") -> Row:
    cmd = [sys.executable, "-m", "pipeline.bench", "--trafilatura-only", str(corpus)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakRss(proc.pid) as rss:
        out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"trafilatura baseline failed:\n{err[-3000:]}")
    seconds = float(json.loads(out)["seconds"])
    return Row(label, 1, pages, mb, seconds, time.perf_counter() - start,
               rss.peak_single / MB, rss.peak_total / MB)


def trafilatura_only(corpus: Path) -> dict[str, float]:
    """trafilatura.bare_extraction(with_metadata=True) on every page, one process, timed inside."""
    import trafilatura

    files = sorted(corpus.iterdir())
    start = time.perf_counter()
    found = 0
    for path in files:
        html = path.read_bytes().decode("utf-8", errors="replace")
        if trafilatura.bare_extraction(html, with_metadata=True) is not None:
            found += 1
    return {"pages": len(files), "found": found, "seconds": time.perf_counter() - start}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    raw: Path = args.raw
    all_workers: int = args.workers
    scale: int = args.scale
    corpora: dict[str, tuple[Path, int, float]] = {}
    for name, kind, copies, only in (
        ("html", "html", args.html_copies, None),
        ("text", "text", args.text_copies, None),
        ("text-seed", "text", SEED_COPIES, SEED_NAME),
        (f"text-seed-x{scale}", "text", SEED_COPIES * scale, SEED_NAME),
        (f"html-x{scale}", "html", args.html_copies * scale, None),
        (f"text-x{scale}", "text", args.text_copies * scale, None),
    ):
        pages, mb = build_corpus(sample_pages(raw, args.sample, kind, only), work / name, kind, copies)
        if pages == 0:
            raise SystemExit(f"no {kind} pages in {raw}")
        corpora[name] = (work / name, pages, mb)

    def batch_for(pages: int) -> int:
        # Several batches per worker, or a small corpus would run on one worker whatever --workers says.
        return max(4, min(256, pages // (all_workers * 4)))

    rows: list[Row] = []
    for name in ("html", "text"):
        path, pages, mb = corpora[name]
        for w in sorted({1, all_workers}):
            rows.append(run_pipeline(name, path, pages, mb, w, batch_for(pages), work))
            _progress(rows[-1])
    for name in ("text-seed", f"text-seed-x{scale}"):  # both sizes, for the marginal rate
        path, pages, mb = corpora[name]
        rows.append(run_pipeline(name, path, pages, mb, 1, batch_for(corpora["text-seed"][1]), work))
        _progress(rows[-1])
    for name, label in (("html", "trafilatura"), (f"html-x{scale}", f"trafilatura-x{scale}")):
        path, pages, mb = corpora[name]  # both sizes, for a marginal rate on each side
        rows.append(run_trafilatura(path, pages, mb, label))
        _progress(rows[-1])
    for name in ("html", "text"):
        path, pages, mb = corpora[f"{name}-x{scale}"]
        batch = batch_for(corpora[name][1])  # the small corpus's batch size: the same work units
        for w in sorted({1, all_workers}):
            rows.append(run_pipeline(f"{name}-x{scale}", path, pages, mb, w, batch, work))
            _progress(rows[-1])
    # html_mode "fast" (one trafilatura run instead of two that vote), one worker, both sizes.
    for name, label in (("html", "html-fast"), (f"html-x{scale}", f"html-fast-x{scale}")):
        path, pages, mb = corpora[name]
        rows.append(run_pipeline(label, path, pages, mb, 1, batch_for(corpora["html"][1]), work,
                                 ("--html-mode", "fast")))
        _progress(rows[-1])
    return _report(rows, all_workers, scale)


def _report(rows: list[Row], all_workers: int, scale: int) -> dict[str, Any]:
    def get(path: str, workers: int = 1) -> Row:
        return next(r for r in rows if r.path == path and r.workers == workers)

    traf = get("trafilatura")

    def growth(path: str) -> float | None:
        return _ratio(get(f"{path}-x{scale}").peak_rss_mb, get(path).peak_rss_mb)

    def marginal(path: str) -> float | None:
        # Pages/s of the extra pages of the bigger corpus: start-up costs (imports, model loads,
        # pool start) cancel out, leaving the steady-state speed a long nightly run sees.
        small, big = get(path), get(f"{path}-x{scale}")
        return _ratio(big.pages - small.pages, big.seconds - small.seconds)

    def whole(row: Row) -> float:
        # Pages per second of the whole process, interpreter start and imports included: what a
        # user pays for one run, alike for the pipeline and for a script calling trafilatura.
        return row.pages / row.wall_seconds if row.wall_seconds else 0.0

    def speedup(path: str) -> float | None:
        return _ratio(get(path, all_workers).pages_per_s, get(path).pages_per_s)

    def speedup_whole(path: str) -> float | None:
        # The stricter figure: in-run seconds leave out what happens before the run starts, and
        # with several workers the forkserver's imports start then (`pipeline.prestart`).
        return _ratio(whole(get(path, all_workers)), whole(get(path)))

    ratios = {
        "html_1w_vs_trafilatura": _ratio(whole(get("html")), whole(traf)),
        "html_1w_marginal_pages_per_s": marginal("html"),
        "text_1w_marginal_pages_per_s": marginal("text"),
        "text_seed_1w_marginal_pages_per_s": marginal("text-seed"),
        "trafilatura_marginal_pages_per_s": marginal("trafilatura"),
        "html_1w_marginal_vs_trafilatura": _ratio(marginal("html") or 0.0, marginal("trafilatura") or 0.0),
        "html_fast_1w_vs_trafilatura": _ratio(whole(get("html-fast")), whole(traf)),
        "html_fast_1w_marginal_vs_trafilatura": _ratio(marginal("html-fast") or 0.0,
                                                       marginal("trafilatura") or 0.0),
        "html_speedup_all_vs_1": speedup("html"),
        "text_speedup_all_vs_1": speedup("text"),
        # On the bigger corpus the pool's start-up (~1 s) weighs less: closer to a nightly run.
        f"html_x{scale}_speedup_all_vs_1": speedup(f"html-x{scale}"),
        f"text_x{scale}_speedup_all_vs_1": speedup(f"text-x{scale}"),
        "html_speedup_all_vs_1_whole": speedup_whole("html"),
        "text_speedup_all_vs_1_whole": speedup_whole("text"),
        f"html_x{scale}_speedup_all_vs_1_whole": speedup_whole(f"html-x{scale}"),
        f"text_x{scale}_speedup_all_vs_1_whole": speedup_whole(f"text-x{scale}"),
        f"html_rss_growth_x{scale}_corpus": growth("html"),
        f"text_rss_growth_x{scale}_corpus": growth("text"),
    }
    targets = {
        "html_1w_at_least_trafilatura": (ratios["html_1w_vs_trafilatura"] or 0) >= 1.0,
        "html_fast_1w_at_least_trafilatura": (ratios["html_fast_1w_vs_trafilatura"] or 0) >= 1.0,
        "text_seed_1000_pages_per_s_per_worker": get("text-seed").pages_per_s >= 1000,
        "text_seed_1000_pages_per_s_per_worker_marginal": (ratios["text_seed_1w_marginal_pages_per_s"]
                                                           or 0) >= 1000,
        "two_workers_1_6x": all_workers < 2 or min(ratios["html_speedup_all_vs_1"] or 0,
                                                   ratios["text_speedup_all_vs_1"] or 0) >= 1.6,
        f"two_workers_1_6x_on_x{scale}_corpus": all_workers < 2 or min(
            ratios[f"html_x{scale}_speedup_all_vs_1"] or 0,
            ratios[f"text_x{scale}_speedup_all_vs_1"] or 0) >= 1.6,
        "two_workers_1_6x_whole_process": all_workers < 2 or min(
            ratios["html_speedup_all_vs_1_whole"] or 0, ratios["text_speedup_all_vs_1_whole"] or 0) >= 1.6,
        f"two_workers_1_6x_whole_process_on_x{scale}_corpus": all_workers < 2 or min(
            ratios[f"html_x{scale}_speedup_all_vs_1_whole"] or 0,
            ratios[f"text_x{scale}_speedup_all_vs_1_whole"] or 0) >= 1.6,
        "peak_rss_1w_under_400mb": max(r.peak_rss_mb for r in rows if r.workers == 1) <= 400,
        "rss_growth_under_1_5x": max(ratios[f"html_rss_growth_x{scale}_corpus"] or 0,
                                     ratios[f"text_rss_growth_x{scale}_corpus"] or 0) < 1.5,
    }
    return {
        "rows": [{**asdict(r), "pages_per_s": round(r.pages_per_s, 2), "mb_per_s": round(r.mb_per_s, 3)}
                 for r in rows],
        "ratios": ratios,
        "targets_met": targets,
    }


def _progress(row: Row) -> None:
    print(f"  measured {row.path} workers={row.workers}: {row.pages_per_s:.1f} pages/s", file=sys.stderr)


def render_table(result: dict[str, Any]) -> str:
    head = f"{'path':<14}{'workers':>8}{'pages':>7}{'MB':>8}{'s':>8}{'wall s':>8}{'pages/s':>9}{'MB/s':>7}" \
           f"{'RSS MB':>8}{'RSS all':>8}"
    lines = [head, "-" * len(head)]
    for r in result["rows"]:
        lines.append(f"{r['path']:<14}{r['workers']:>8}{r['pages']:>7}{r['mb']:>8.1f}{r['seconds']:>8.1f}"
                     f"{r['wall_seconds']:>8.1f}"
                     f"{r['pages_per_s']:>9.1f}{r['mb_per_s']:>7.2f}{r['peak_rss_mb']:>8.0f}"
                     f"{r['peak_rss_total_mb']:>8.0f}")
    lines.append("")
    lines += [f"{k}: {v}" for k, v in result["ratios"].items()]
    lines.append("")
    lines += [f"target {k}: {'met' if v else 'NOT met'}" for k, v in result["targets_met"].items()]
    machine = result["machine"]
    lines += ["", f"cpus {machine['cpus']}, load average before {machine['load_before']}, "
              f"after {machine['load_after']}", LOAD_NOTE]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__.split("\n")[0])
    add = parser.add_argument
    add("--raw", type=Path, default=Path("raw"), help="sample pages to replicate (default: raw)")
    add("--sample", type=Path, default=Path("evalsample"),
        help="evaluation sample whose pages join raw's, for a mix of sites (default: evalsample; "
        "'none' for raw only)")
    add("--html-copies", type=int, default=4, help="copies of each HTML page (default: 4)")
    add("--text-copies", type=int, default=4, help="copies of each text page (default: 4)")
    parser.add_argument("--scale", type=int, default=4, help="corpus growth for the memory rows (default: 4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="the 'all workers' count (default: one per core)")
    parser.add_argument("--out", type=Path, default=Path("bench-out/bench.json"), help="JSON result file")
    parser.add_argument("--trafilatura-only", type=Path, help=argparse.SUPPRESS)  # the baseline subprocess
    args = parser.parse_args(argv)
    if str(args.sample) == "none":
        args.sample = None
    if args.trafilatura_only:
        print(json.dumps(trafilatura_only(args.trafilatura_only)))
        return 0
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        result = measure(args, Path(tmp))
    result["machine"] = {"cpus": os.cpu_count(), "load_before": load_before, "load_after": _load(),
                         "python": platform.python_version(), "platform": platform.platform()}
    result["settings"] = {"html_copies": args.html_copies, "text_copies": args.text_copies,
                          "scale": args.scale, "workers": args.workers}
    result["note"] = LOAD_NOTE
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(render_table(result))
    print(f"\nwritten {args.out}")
    return 0


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
