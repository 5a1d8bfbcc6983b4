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

Most of a run's pruning time is trafilatura's discard XPaths calling back into Python for each
`re:test`, even on elements that lack the attribute tested (its string is then "", which none of
the patterns match). `guarded` puts a C-side "attribute present" test before each such call, and
the runs here use trafilatura's extraction functions rebound to the guarded lists (`_rebound`):
same nodes selected, without changing trafilatura's module for anyone else.
"""

from __future__ import annotations

import logging
import re
from copy import copy
from functools import cache
from types import FunctionType, ModuleType
from typing import Any

from lxml import etree, html

# trafilatura's settings per run: the vote's two runs, or the single run of html_mode "fast".
RUNS: dict[str, dict[str, Any]] = {
    "precision": {"favor_precision": True, "fast": True},
    "recall": {"favor_recall": True, "fast": True},
    "balanced": {"fast": True},
}
# What bare_extraction raises on some malformed trees (it catches only TypeError/ValueError
# itself); one failing run is not a failed page.
ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError)


# re:test(ARG, 'PATTERN') in trafilatura's XPaths; ARG is an attribute or a union of them.
_RE_TEST = re.compile(r"re:test\(([@\w|-]+), *'([^']*)'\)")
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}


def guarded(xpaths: list[etree.XPath]) -> list[etree.XPath]:
    """The same expressions with `(ARG and re:test(ARG, P))` for each `re:test(ARG, P)` whose
    pattern cannot match "": a missing attribute gives false either way, now without a call."""
    def guard(m: re.Match[str]) -> str:
        arg, pattern = m.group(1), m.group(2)
        return m.group(0) if re.search(pattern, "") is not None else f"(({arg}) and {m.group(0)})"

    out = []
    for xp in xpaths:
        path = _RE_TEST.sub(guard, xp.path)
        out.append(xp if path == xp.path else etree.XPath(path, namespaces=_REGEXP_NS))
    return out


def _is_xpath_list(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, etree.XPath) for x in value)


@cache
def _rebound(module: ModuleType) -> dict[str, Any]:
    """`module`'s namespace where its XPath lists are `guarded` and its functions are copies that
    look names up there (so they call each other's copies); the module itself is unchanged."""
    names: dict[str, Any] = dict(vars(module))
    names.update({k: guarded(v) for k, v in vars(module).items() if _is_xpath_list(v)})
    for name, fn in vars(module).items():
        if isinstance(fn, FunctionType) and fn.__module__ == module.__name__:
            twin = FunctionType(fn.__code__, names, fn.__name__, fn.__defaults__, fn.__closure__)
            twin.__kwdefaults__ = fn.__kwdefaults__
            names[name] = twin
    return names


def _paragraphs(text: str | None) -> list[str]:
    # split/join: the same runs of whitespace as re's \s+ then strip (both use str.isspace), ~3x faster
    return [p for p in (" ".join(line.split()) for line in (text or "").split("\n")) if p]


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
    from trafilatura import main_extractor, xpaths
    from trafilatura.baseline import baseline
    from trafilatura.core import _forum_thread_page
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.settings import Extractor
    from trafilatura.xml import xmltotxt

    _quiet()
    extract_content = _rebound(main_extractor)["extract_content"]
    fast_xpaths = _rebound(xpaths)

    def raw() -> html.HtmlElement:
        # trafilatura_sequence's raw-tree prunes; with comments off both runs apply both
        pruned = prune_unwanted_nodes(copy(tree), fast_xpaths["RAW_TREE_PRUNE_XPATH"])
        return prune_unwanted_nodes(pruned, fast_xpaths["REMOVE_COMMENTS_AND_LISTS_XPATH"])

    def run(raw_tree: html.HtmlElement, focus: str) -> list[str]:
        options = Extractor(output_format="python", fast=True, precision=focus == "precision",
                            recall=focus == "recall", comments=False, tables=True, url=url)
        try:
            cleaned = convert_tags(tree_cleaning(raw_tree, options), options, url)
            if focus == "precision":
                cleaned = prune_unwanted_nodes(cleaned, fast_xpaths["REMOVE_COMMENTS_XPATH"])
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
