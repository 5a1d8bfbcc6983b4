"""Golden guard for speed work on the text path: dump every output field, diff before/after.

    python tools/text_golden.py OUT.json [--split /work/shared/evaldata/dev] [--seed raw/000_...txt]
        [--renderings /work/devcache/chromium] [--raw raw] [--workers 1] [--no-run]

Two parts, both written to OUT.json (sorted keys, so two dumps of the same behaviour are
byte-identical):

- `pages`: `process_document` on every dev case's text.soup.txt and text.w3m.txt, its browser
  rendering (`--renderings`: <case>/text.chromium.txt, when the folder exists), the text pages of
  `--raw` and the seed page, one page at a time, with a fixed clock (relative dates resolve the
  same way each run);
- `run`: a whole `pipeline run` (fresh output folder) over a folder holding those same pages plus
  a few near-identical copies of the seed page, so cross-page repeat learning and the
  near-duplicate marking (`duplicate_of`) are exercised too. The run's clock is real, so a page
  whose date is relative ("2 hours ago") could differ between days: compare dumps made the same day.

Speed work must leave the dump byte-identical (`cmp before.json after.json`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FIELDS = ("title", "byline", "authors", "body", "section", "captions", "published_at", "language",
          "word_count", "duplicate_of", "content_sha256", "site", "source_format", "extractor")
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def _sources(split: Path, seed: Path, renderings: Path | None = None,
             raw: Path | None = None) -> list[tuple[str, Path]]:
    out = [(f"seed-{seed.name}", seed)]
    for case in sorted(p for p in split.iterdir() if p.is_dir()):
        for render in ("soup", "w3m"):
            path = case / f"text.{render}.txt"
            if path.is_file():
                out.append((f"{case.name}-{render}.txt", path))
    if renderings is not None and renderings.is_dir():
        out += [(f"{p.parent.name}-chromium.txt", p) for p in sorted(renderings.glob("*/text.chromium.txt"))]
    if raw is not None and raw.is_dir():
        out += [(f"raw-{p.name}", p) for p in sorted(raw.glob("*.txt")) if p != seed]
    return out


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().isoformat()
    return value


def dump_pages(sources: list[tuple[str, Path]]) -> dict[str, Any]:
    from pipeline.config import Config
    from pipeline.schema import Article, RawDocument
    from pipeline.stages import process_document

    config = Config()
    out: dict[str, Any] = {}
    for name, path in sources:
        raw = RawDocument(source_path=name, data=path.read_bytes(), format_hint="text")
        rec = process_document(raw, config, now=NOW)
        if isinstance(rec, Article):
            out[name] = {f: _value(getattr(rec, f)) for f in FIELDS}
        else:
            out[name] = {"reject": rec.reason, "stage": rec.stage, "detail": rec.detail}
    return out


def dump_run(sources: list[tuple[str, Path]], workers: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as tmp:
        inp, outp = Path(tmp) / "in", Path(tmp) / "out"
        inp.mkdir()
        for name, path in sources:
            shutil.copyfile(path, inp / name)
        seed_name, seed = sources[0]
        for i in range(3):  # near-duplicates of the seed: exercise duplicate_of
            (inp / f"copy{i}-{seed_name}").write_bytes(seed.read_bytes() + f"\n\ncopy {i}\n".encode())
        subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(inp), "--output",
                        str(outp), "--workers", str(workers), "-q"], check=True)
        out: dict[str, Any] = {}
        for kind in ("articles", "rejects"):
            if not (outp / kind).is_dir():
                continue
            for row in pq.read_table(outp / kind).to_pylist():
                if kind == "articles":
                    out[row["source_path"]] = {f: _value(row[f]) for f in FIELDS}
                    out[row["source_path"]]["doc_id"] = row["doc_id"]
                else:
                    out[row["source_path"]] = {"reject": row["reason"], "stage": row["stage"]}
        return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--seed", type=Path, default=Path("raw/000_a199637f2999b565.txt"))
    ap.add_argument("--renderings", type=Path, default=Path("/work/devcache/chromium"),
                    help="browser renderings <case>/text.chromium.txt (skipped when missing)")
    ap.add_argument("--raw", type=Path, default=Path("raw"), help="its *.txt pages are dumped too")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-run", action="store_true", help="per-page dump only (fast)")
    args = ap.parse_args(argv)
    sources = _sources(args.split, args.seed, args.renderings, args.raw)
    result: dict[str, Any] = {"pages": dump_pages(sources)}
    if not args.no_run:
        result["run"] = dump_run(sources, args.workers)
    args.out.write_text(json.dumps(result, sort_keys=True, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    print(f"{len(result['pages'])} pages, {len(result.get('run', {}))} run records -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
