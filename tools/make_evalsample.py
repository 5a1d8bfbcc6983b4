"""One-off: copy the bundled evaluation sample out of the shared dev split.

This is the only file of the project that reads /work/shared; everything else uses the copy
in `evalsample/`. The rule is fixed in advance and does not look at any score:

* rank the cases of each dataset by sha1("evalsample-v1:" + case_id), ascending;
* take the first 12 `moz` cases and the first 24 `sh` cases (about 1/3 moz, 2/3 sh);
* keep at most one case per duplicate group of the dev manifest (a later member is skipped
  and the next case in rank order is taken instead).

Besides the dev split's renderings, each case gets `text.w3m80.txt`: the page as w3m dumps it at
its default width of 80 columns (hard-wrapped paragraphs, as terminal renderers and many text
dumps give them), made here with the dev split's own w3m command but `-cols 80` (needs `w3m`),
`text.soupnodes.txt`: the page as scrapers commonly flatten it with BeautifulSoup,
`get_text("\n", strip=True)` (a text node per line, no blank lines; `tools/render_soup.py`),
and `text.html2text.txt`: the page as Markdown, from html2text's command line at its defaults
(wrapped at 78 columns, links and images inline), the converter many Python crawlers use. The
project does not depend on html2text (GPL-3.0): it runs from `--html2text-python`, a Python
that has it installed (`python3 -m venv V && V/bin/pip install html2text`).

Usage: python tools/make_evalsample.py [--dev /work/shared/evaldata/dev] [--out evalsample]
    [--html2text-python /work/devtools-venv/bin/python]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from render_soup import soup_text

SALT = "evalsample-v1:"
QUOTA = {"moz": 12, "sh": 24}
FILES = ("source.html", "text.soup.txt", "text.w3m.txt", "truth.json")
WRAPPED = "text.w3m80.txt"
W3M_80 = ["w3m", "-dump", "-T", "text/html", "-cols", "80", "-O", "UTF-8", "-I", "UTF-8"]
NODES = "text.soupnodes.txt"
MARKDOWN = "text.html2text.txt"
HTML2TEXT = ["-m", "html2text"]  # after the --html2text-python interpreter; then the page, "utf-8"


def rank_key(case_id: str) -> str:
    return hashlib.sha1((SALT + case_id).encode("utf-8")).hexdigest()


def select(index: list[dict[str, object]], duplicate_groups: list[list[str]]) -> list[str]:
    """The chosen case ids, `moz` first then `sh`, each in rank order."""
    group_of = {cid: i for i, group in enumerate(duplicate_groups) for cid in group}
    chosen: list[str] = []
    for dataset, quota in QUOTA.items():
        ids = sorted((str(r["id"]) for r in index if r["dataset"] == dataset), key=rank_key)
        taken: list[str] = []
        groups_seen: set[int] = set()
        for cid in ids:
            if len(taken) == quota:
                break
            group = group_of.get(cid)
            if group is not None:
                if group in groups_seen:
                    continue
                groups_seen.add(group)
            taken.append(cid)
        chosen.extend(taken)
    return chosen


def _html2text_version(python: str) -> str:
    code = "import html2text; print('.'.join(map(str, html2text.__version__)))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def _soup_version() -> str:
    import bs4
    import lxml.etree
    version = ".".join(map(str, lxml.etree.LXML_VERSION[:3]))
    return (f'BeautifulSoup(source.html, "lxml") without script/style/noscript, '
            f'get_text("\\n", strip=True) (beautifulsoup4 {bs4.__version__}, lxml {version})')


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--out", type=Path, default=Path("evalsample"))
    ap.add_argument("--html2text-python", default="/work/devtools-venv/bin/python")
    args = ap.parse_args(argv)
    html2text = [args.html2text_python, *HTML2TEXT]

    dev: Path = args.dev
    out: Path = args.out
    manifest_in = json.loads((dev.parent / "dev.manifest.json").read_text(encoding="utf-8"))
    lines = (dev / "index.jsonl").read_text(encoding="utf-8").splitlines()
    index = [json.loads(line) for line in lines if line]
    chosen = select(index, manifest_in.get("duplicate_groups", []))

    for old in out.glob("*/truth.json"):  # a rerun replaces the old cases, keeps README.md
        shutil.rmtree(old.parent)
    cases = []
    for cid in chosen:
        dst = out / cid
        dst.mkdir(parents=True, exist_ok=True)
        files = {}
        for name in FILES:
            shutil.copyfile(dev / cid / name, dst / name)
            files[name] = sha256_file(dst / name)
        with (dst / WRAPPED).open("wb") as wrapped:
            subprocess.run([*W3M_80, str(dst / "source.html")], stdout=wrapped, check=True)
        files[WRAPPED] = sha256_file(dst / WRAPPED)
        (dst / NODES).write_text(soup_text((dst / "source.html").read_bytes(), "\n"), encoding="utf-8")
        files[NODES] = sha256_file(dst / NODES)
        with (dst / MARKDOWN).open("wb") as markdown:
            subprocess.run([*html2text, str(dst / "source.html"), "utf-8"], stdout=markdown, check=True)
        files[MARKDOWN] = sha256_file(dst / MARKDOWN)
        dataset = next(str(r["dataset"]) for r in index if r["id"] == cid)
        cases.append({"id": cid, "dataset": dataset, "files": files})

    manifest = {
        "source_split": "dev",
        "rule": (
            f"per dataset, rank case ids by sha1({SALT!r} + case_id) ascending and take the first "
            f"{QUOTA['moz']} moz and {QUOTA['sh']} sh cases, at most one per duplicate group"
        ),
        "sources": manifest_in["sources"],
        "renderers": {**{k: v for k, v in manifest_in.get("renderers", {}).items() if k in FILES},
                      WRAPPED: " ".join(W3M_80) + " source.html",
                      NODES: _soup_version(),
                      MARKDOWN: "python -m html2text source.html utf-8 (html2text "
                                + _html2text_version(args.html2text_python) + ")"},
        "cases": cases,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
