"""Render each evaldata case's source.html in a real browser and save `document.body.innerText`.

    /work/devtools-venv/bin/python tools/render_innertext.py \
        [--split /work/shared/evaldata/dev] [--out /work/devcache/chromium] [--chromium /usr/bin/chromium]

A dev tool, not a project dependency: it needs Playwright in a throwaway venv
(`python3 -m venv /work/devtools-venv && /work/devtools-venv/bin/pip install playwright`) and a
system Chromium (Debian package `chromium`); `playwright install` is not needed. JavaScript is
off and every network request is aborted, so the text is what the static HTML lays out.
Writes `<out>/<case_id>/text.chromium.txt`; existing files are kept unless `--force`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def render_all(split: Path, out: Path, chromium: str, force: bool) -> int:
    from playwright.sync_api import sync_playwright  # dev-only import

    cases = sorted(p for p in split.iterdir() if (p / "source.html").is_file())
    failed = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(java_script_enabled=False)
        # Abort every request (images, styles, fonts): nothing leaves the machine.
        context.route("**/*", lambda route: route.abort())
        for case in cases:
            dest = out / case.name / "text.chromium.txt"
            if dest.is_file() and not force:
                continue
            html = (case / "source.html").read_text(encoding="utf-8", errors="replace")
            page: Any = context.new_page()
            try:
                page.route("**/*", lambda route: route.abort())
                page.set_content(html, wait_until="domcontentloaded", timeout=30000)
                text = page.evaluate("() => document.body ? document.body.innerText : ''")
            except Exception as exc:
                print(f"{case.name}: {exc}", file=sys.stderr)
                failed += 1
                continue
            finally:
                page.close()
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(str(text), encoding="utf-8")
        browser.close()
    print(f"rendered {len(cases) - failed}/{len(cases)} cases into {out}")
    return 1 if failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--split", type=Path, default=Path("/work/shared/evaldata/dev"))
    ap.add_argument("--out", type=Path, default=Path("/work/devcache/chromium"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args()
    return render_all(args.split, args.out, args.chromium, args.force)


if __name__ == "__main__":
    sys.exit(main())
