"""Conditional readability fallback for pages where the voted body is far too short.

Both trafilatura runs sometimes stop at the first section of a long article (a heading, a
figure or a widget between sections ends their article block), so the vote cannot recover the
rest. Running a second, differently built extractor on every page would cost ~30 ms a page, so
it runs only when the body is suspicious: fewer words than a fraction of the page's prose, where
prose is counted cheaply on the parsed tree (words in <p>/<li> that are not mostly link text).

readability-lxml's candidate then replaces the body only when it clearly extends it: it keeps
(almost) all of the voted body and adds at least as much new prose again. A candidate that adds
less is usually the voted article plus a related-posts list or a comment (on the dev half every
such smaller extension lowered the score), and one that drops the voted body picked another block.
"""

from __future__ import annotations

import copy
import logging
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree, html

from pipeline.html_ensemble import STAGE
from pipeline.repeats import line_key
from pipeline.schema import RemovedLine

# Fires on ~8% of dev pages: the body has under half the words of the page's prose.
TRIGGER_RATIO = 0.5
MIN_PAGE_PROSE = 150  # words; a page with less prose is short anyway, the body is not "missing" much
PROSE_MIN_WORDS = 8  # a block shorter than this is a caption, button or heading, not prose
PROSE_MAX_LINK_SHARE = 0.3  # more link text than this is a link list (menus, teasers)
COVER_SHARE = 0.8  # the candidate must contain this share of the voted body's words
EXTEND_SHARE = 1.0  # ...and add at least this many new prose words per voted word
FALLBACK = "readability"

_WS = re.compile(r"\s+")
# Leaf text blocks of readability's output, in document order.
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dd", "dt",
           "figcaption", "td")
_CONTAINERS = frozenset({"p", "li", "ul", "ol", "div", "table"})


@dataclass(frozen=True)
class Block:
    text: str
    link_words: int

    @property
    def words(self) -> int:
        return len(self.text.split())

    def is_prose(self) -> bool:
        w = self.words
        return w >= PROSE_MIN_WORDS and self.link_words <= PROSE_MAX_LINK_SHARE * w




def _block(el: html.HtmlElement) -> Block:
    text = _WS.sub(" ", el.text_content()).strip()
    return Block(text, sum(len(a.text_content().split()) for a in el.iter("a")))


def page_prose_words(tree: html.HtmlElement, stop_above: int | None = None) -> int:
    """Words in the page's <p>/<li> blocks that read as prose (a nested block counts again: the
    figure is only compared with a threshold, and nesting is rare in article text). Counting
    stops once it passes `stop_above`: on most pages the answer is clear long before the end."""
    total = 0
    for el in tree.iter("p", "li"):
        words = len(el.text_content().split())
        if words < PROSE_MIN_WORDS:
            continue  # cheap test first: link text is counted only for long blocks
        if sum(len(a.text_content().split()) for a in el.iter("a")) <= PROSE_MAX_LINK_SHARE * words:
            total += words
            if stop_above is not None and total > stop_above:
                break
    return total


def suspicious(body: list[str], tree: html.HtmlElement) -> bool:
    """True if the voted body looks too short for the page, so a fallback is worth its cost."""
    body_words = sum(len(p.split()) for p in body)
    limit = max(body_words / TRIGGER_RATIO, MIN_PAGE_PROSE)
    return page_prose_words(tree, stop_above=int(limit)) > limit


def readability_blocks(tree: html.HtmlElement) -> list[Block]:
    """readability-lxml's article as text blocks; [] if it fails (it works on a copy of the tree)."""
    from readability import Document  # only the rare suspicious pages need it
    from readability.readability import Unparseable

    logging.getLogger("readability").setLevel(logging.CRITICAL)
    try:
        summary = Document(copy.deepcopy(tree)).summary(html_partial=True)
        root = html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    except (Unparseable, etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError,
            AttributeError, IndexError, KeyError, RecursionError):
        return []
    if root is None:
        return []
    blocks = []
    for el in root.iter(*_BLOCKS):
        if any(d.tag in _CONTAINERS for d in el.iterdescendants()):
            continue  # not a leaf: its children are visited on their own
        b = _block(el)
        if b.text:
            blocks.append(b)
    return blocks


def choose(body: list[str], candidate: list[Block]) -> tuple[list[str], list[RemovedLine]] | None:
    """The candidate's paragraphs if they clearly extend the voted body (module docstring), else None."""
    body_words = sum(len(p.split()) for p in body)
    if body_words == 0 or not candidate:
        return None
    cand_keys = Counter(line_key(b.text) for b in candidate)
    covered = sum(len(p.split()) for p in body if line_key(p) in cand_keys)
    if covered < COVER_SHARE * body_words:
        return None
    body_keys = {line_key(p) for p in body}
    # Repeated blocks (a caption under every gallery image, "share" boxes) never count as new prose.
    added = sum(b.words for b in candidate
                if b.is_prose() and cand_keys[line_key(b.text)] == 1 and line_key(b.text) not in body_keys)
    if added < EXTEND_SHARE * body_words:
        return None
    removed = [RemovedLine(p, STAGE, "replaced_by_" + FALLBACK) for p in body
               if line_key(p) not in cand_keys]
    return [b.text for b in candidate], removed
