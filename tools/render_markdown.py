"""Markdown renderings of every dev case (dev-only), for measuring the text path on Markdown input.

    /work/devtools-venv/bin/python tools/render_markdown.py [--split /work/shared/evaldata/dev]
        [--out /work/devcache]

Needs html2text and markdownify, which the project does not depend on (html2text is GPL-3.0):
run it with a separate Python that has them (`python3 -m venv /work/devtools-venv &&
/work/devtools-venv/bin/pip install html2text markdownify beautifulsoup4 lxml`). Writes
    <out>/h2t/<case>/text.h2t.txt      html2text without wrapping (bodywidth=0)
    <out>/h2t78/<case>/text.h2t78.txt  html2text at its defaults (wrapped at 78 columns)
    <out>/mdify/<case>/text.mdify.txt  markdownify with ATX headings, after removing scripts/styles
Score them with: RENDERS="h2t h2t78 mdify" tools/dev_text_cv.sh --no-url
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import html2text  # type: ignore[import-not-found]
from bs4 import BeautifulSoup
from markdownify import markdownify  # type: ignore[import-not-found]


def _h2t(page: str) -> str:
    conv = html2text.HTML2Text()
    conv.body_width = 0
    return str(conv.handle(page))


def _mdify(page: str) -> str:
    soup = BeautifulSoup(page, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return str(markdownify(str(soup), heading_style="ATX"))


RENDERERS: dict[str, Callable[[str], str]] = {
    "h2t": _h2t,
    "h2t78": lambda page: str(html2text.html2text(page)),
    "mdify": _mdify,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--out", type=Path, default=Path("/work/devcache"))
    args = ap.parse_args()
    for case in sorted(p for p in args.split.iterdir() if (p / "source.html").is_file()):
        page = (case / "source.html").read_text(encoding="utf-8", errors="replace")
        for name, render in RENDERERS.items():
            dest = args.out / name / case.name
            dest.mkdir(parents=True, exist_ok=True)
            (dest / f"text.{name}.txt").write_text(render(page), encoding="utf-8")


if __name__ == "__main__":
    main()
