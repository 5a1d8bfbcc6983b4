"""Start the local engine's forkserver first thing in a multi-worker run, before heavy imports.

The forkserver is a fresh interpreter that imports what workers need (`PRELOAD`, plus trafilatura
when inputs may hold HTML) once, and forks every pool worker from there. Started as soon as the
command line is parsed, it does those imports (~1 s) on another core while the driver does its own
(pyarrow, the runner), instead of after the driver has planned the run. This module stays light:
nothing here may import pyarrow, numpy or the stages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Imported once in the forkserver, so every forked worker starts with them already loaded
# (trafilatura takes ~0.6 s to import, the language model ~0.5 s to load).
PRELOAD = ["pipeline.preload"]
HTML_PRELOAD = ["trafilatura", "readability"]
# Names looked at to guess whether a run will need the HTML modules: a wrong guess only means
# workers import them on their first HTML page (or the forkserver imported them for nothing).
PROBE_FILES = 2000


def format_from_name(rel: str) -> str | None:
    """The page format a file name announces, looking through a `.gz` (`page.html.gz` is HTML)."""
    name = rel.lower().removesuffix(".gz")
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith((".txt", ".text")):
        return "text"
    if name.endswith((".md", ".markdown")):
        return "markdown"
    return None


def may_hold_html(rel: str) -> bool:
    """False only for files named as plain text or Markdown (`.txt`, `.md`, `.txt.gz` ...)."""
    return format_from_name(rel) not in ("text", "markdown")


def inputs_may_hold_html(input_dir: Path, limit: int = PROBE_FILES) -> bool:
    """Whether any of the first `limit` visible files under `input_dir` may hold HTML."""
    seen = 0
    for _root, dirs, files in os.walk(input_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            if may_hold_html(name):
                return True
            seen += 1
            if seen >= limit:
                return False
    return False


def start_forkserver(html: bool) -> None:
    """Start the forkserver with its preload, unless one runs already (then this does nothing)."""
    if sys.platform == "win32":
        return
    from multiprocessing import forkserver, get_context

    get_context("forkserver").set_forkserver_preload(PRELOAD + (HTML_PRELOAD if html else []))
    forkserver.ensure_running()
