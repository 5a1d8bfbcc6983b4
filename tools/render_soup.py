"""BeautifulSoup text renderings of every dev case (dev-only), as scrapers commonly write them.

    python tools/render_soup.py [--split /work/shared/evaldata/dev] [--out /work/devcache]

Writes
    <out>/soupnl/<case>/text.soupnl.txt    soup.get_text("\\n", strip=True): a text node per line
    <out>/soupone/<case>/text.soupone.txt  soup.get_text(" ", strip=True): the page on one line
    <out>/souptext/<case>/text.souptext.txt  soup.get_text(): text nodes as they are, the source's
                                             own line breaks and indentation between them
after removing <script>, <style> and <noscript> (what such scrapers usually do first). Score
them with: RENDERS="soupnl soupone" tools/dev_text_cv.sh --no-url
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bs4 import BeautifulSoup

FORMS = {"soupnl": "\n", "soupone": " ", "souptext": ""}
NON_TEXT = ("script", "style", "noscript")


def soup_text(page: bytes, separator: str) -> str:
    """`page` as `BeautifulSoup(page, "lxml").get_text(separator, strip=True)` gives it (an empty
    separator: `get_text()`, nothing stripped), after the elements that hold no text are removed."""
    soup = BeautifulSoup(page, "lxml")
    for tag in soup(list(NON_TEXT)):
        tag.decompose()
    return str(soup.get_text(separator, strip=bool(separator))) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--out", type=Path, default=Path("/work/devcache"))
    args = ap.parse_args(argv)
    for case in sorted(p for p in args.split.iterdir() if (p / "source.html").is_file()):
        page = (case / "source.html").read_bytes()
        for name, sep in FORMS.items():
            out = args.out / name / case.name / f"text.{name}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(soup_text(page, sep), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
