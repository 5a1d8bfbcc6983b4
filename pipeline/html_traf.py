"""trafilatura's precision and recall runs on one page, sharing the work they have in common.

`trafilatura.bare_extraction` called twice on the same tree copies it four times per call (its
own input copy, the cleaning copy, a pre-conversion backup that fast mode never reads, the
extractor's backup) and prunes comment and raw-page boilerplate twice with the same XPaths.
`both_runs` follows `trafilatura.core.trafilatura_sequence` for the settings the vote uses
(fast, no comments, tables, text output) but prunes the raw tree once and copies it only where
a run needs its own: four copies a page instead of eight. Its paragraphs are those of the two
`bare_extraction` calls (tests/test_html_traf.py compares them on every sample page); any
situation it does not follow exactly (a forum page, whose comments are posts) takes the plain
calls. It calls trafilatura internals, so any failure to import them also falls back.
"""

from __future__ import annotations

import logging
import re
from copy import copy
from typing import Any

from lxml import html

_WS = re.compile(r"\s+")
# trafilatura's settings per run: the vote's two runs, or the single run of html_mode "fast".
RUNS: dict[str, dict[str, Any]] = {
    "precision": {"favor_precision": True, "fast": True},
    "recall": {"favor_recall": True, "fast": True},
    "balanced": {"fast": True},
}
# What bare_extraction raises on some malformed trees (it catches only TypeError/ValueError
# itself); one failing run is not a failed page.
ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError)


def _paragraphs(text: str | None) -> list[str]:
    return [p for p in (_WS.sub(" ", line).strip() for line in (text or "").split("\n")) if p]


def _quiet() -> None:
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # "discarding data" is expected


def run_trafilatura(tree: html.HtmlElement, url: str | None, focus: str) -> list[str]:
    """Paragraphs of one `bare_extraction` call with `focus` (precision, recall or balanced);
    it copies the tree, so ours is left untouched."""
    import trafilatura  # heavy import, only in the stage that needs it

    _quiet()
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, include_tables=True,
            output_format="python", **RUNS[focus],
        )
    except ERRORS:
        return []
    return _paragraphs(getattr(doc, "text", None) if doc is not None else None)


def both_runs(tree: html.HtmlElement, url: str | None) -> tuple[list[str], list[str]]:
    """(precision paragraphs, recall paragraphs), as two `run_trafilatura` calls would give."""
    try:
        shared = _shared(tree, url)
    except ImportError:  # internals moved in another trafilatura version
        shared = None
    if shared is None:
        return run_trafilatura(tree, url, "precision"), run_trafilatura(tree, url, "recall")
    return shared


def _shared(tree: html.HtmlElement, url: str | None) -> tuple[list[str], list[str]] | None:
    from trafilatura.baseline import baseline
    from trafilatura.core import _forum_thread_page
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import (
        RAW_TREE_PRUNE_XPATH,
        REMOVE_COMMENTS_AND_LISTS_XPATH,
        REMOVE_COMMENTS_XPATH,
    )

    _quiet()

    def raw() -> html.HtmlElement:
        # trafilatura_sequence's raw-tree prunes; with comments off both runs apply both
        pruned = prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH)
        return prune_unwanted_nodes(pruned, REMOVE_COMMENTS_AND_LISTS_XPATH)

    def run(raw_tree: html.HtmlElement, focus: str) -> list[str]:
        options = Extractor(output_format="python", fast=True, precision=focus == "precision",
                            recall=focus == "recall", comments=False, tables=True, url=url)
        try:
            cleaned = convert_tags(tree_cleaning(raw_tree, options), options, url)
            if focus == "precision":
                cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
            body, text = extract_content(cleaned, options)
            if len(text) < options.min_extracted_size and focus != "precision":
                # baseline rescue on the raw tree, which the cleaning above consumed: rebuild it
                b_body, b_text, b_len = baseline(raw())
                if b_len > len(text):
                    body, text = b_body, b_text
            if options.max_tree_size and len(body) > options.max_tree_size:
                return run_trafilatura(tree, url, focus)  # its tree-size rules, not ours
            if len(text) < options.min_output_size:
                return []  # bare_extraction: "not long enough", no document
            return _paragraphs(xmltotxt(body, options.formatting))
        except ERRORS:
            return []

    if _forum_thread_page(tree):
        return None  # comments are the posts there: the recall run prunes differently
    pruned = raw()
    precise = run(copy(pruned), "precision")
    recall = run(pruned, "recall")  # the last run consumes the shared tree itself
    return precise, recall
