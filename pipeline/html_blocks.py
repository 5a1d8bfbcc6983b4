"""Text blocks of a parsed page and a learned article/boilerplate score per block.

A block is the own text of a block-level element (its text and its inline descendants', not its
block children's), as in boilerpipe or dragnet. One walk over the tree gives every block with
cheap features: size, link density, punctuation, its tag and the tags and class/id words of its
ancestors; a second pass over the block list adds position and neighbour features. A logistic
regression (`pipeline.train_html`) turns them into a probability that the block is article text.

Status: an experiment, not used by the extractor. As a third voter beside the two trafilatura
runs it did not improve the held-out half (tools/dev_html_blocks_cv.py), so no model is shipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from pipeline import html_selectors as sel

MODEL_PATH = Path(__file__).parent / "data" / "html_block_model.json"  # where train_html writes
_PUNCT = re.compile(r"[.,;:!?。，、！？]")

# Elements whose text starts a new block (HTML block-level and table/list structure).
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "aside", "nav", "header", "footer", "li", "ul", "ol",
    "dl", "dt", "dd", "td", "th", "tr", "table", "tbody", "thead", "caption", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "form", "fieldset", "address",
    "body", "center", "details", "summary", "hr", "br", "option", "label", "button", "select",
})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "select",
                       "option", "button", "textarea", "iframe", "object", "embed", "canvas"})
# Ancestor context that says where a block stands; one flag each (is any ancestor such a tag).
CONTEXT_TAGS = ("article", "main", "aside", "nav", "footer", "header", "li", "a", "h", "figure",
                "form", "table", "blockquote")
OWN_TAGS = ("p", "div", "li", "td", "h", "blockquote", "pre", "span")

LOCAL_FEATURES = (
    "log_chars", "log_words", "link_density", "punct_ratio", "stop_ratio", "avg_word_len",
    "ends_sentence", "upper_start", "depth",
    *(f"own_{t}" for t in OWN_TAGS),
    *(f"in_{t}" for t in CONTEXT_TAGS),
    "pos_hits", "neg_hits", "near_pos", "near_neg",
)
PAGE_FEATURES = (
    "rel_pos", "text_share", "prev_link", "next_link", "prev_log_words", "next_log_words",
    "win_log_words", "win_link", "rel_depth",
)
FEATURES = LOCAL_FEATURES + PAGE_FEATURES


@dataclass(slots=True)
class Block:
    text: str
    features: list[float] = field(default_factory=list)
    words: int = 0
    link_chars: int = 0


def _tag_of(tag: str) -> str:
    return "h" if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else tag


class _Walker:
    """Collects blocks in document order while keeping counts of the ancestor context."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.link_chars = 0
        self.ctx = dict.fromkeys(CONTEXT_TAGS, 0)
        self.pos = 0
        self.neg = 0
        self.near: list[tuple[int, int]] = []  # (pos, neg) hit of each open element
        self.owner: list[str] = ["body"]  # open block elements (their normalised tags)

    def add(self, text: str | None, in_link: bool) -> None:
        if text and not text.isspace():
            self.buf.append(text)
            if in_link:
                self.link_chars += len(text.strip())

    def flush(self, depth: int) -> None:
        if not self.buf:
            return
        text = " ".join("".join(self.buf).split())
        self.buf = []
        link = self.link_chars
        self.link_chars = 0
        if not text:
            return
        words = text.split()
        nw = len(words)
        stop = sum(1 for w in words if w.casefold() in sel.STOPWORDS)
        own = self.owner[-1]
        near_pos = sum(p for p, _ in self.near[-3:])  # the block's own element and 2 parents
        near_neg = sum(n for _, n in self.near[-3:])
        f = [
            math.log1p(len(text)), math.log1p(nw), min(1.0, link / max(1, len(text))),
            len(_PUNCT.findall(text)) / nw, stop / nw, min(20.0, len(text) / nw),
            float(text[-1] in ".!?\"'”。)"), float(text[0].isupper()), min(60.0, float(depth)),
            *(float(own == t) for t in OWN_TAGS),
            *(float(self.ctx[t] > 0) for t in CONTEXT_TAGS),
            float(min(self.pos, 3)), float(min(self.neg, 3)), float(min(near_pos, 2)),
            float(min(near_neg, 2)),
        ]
        self.blocks.append(Block(text, f, nw, link))


def _class_hits(el: html.HtmlElement) -> tuple[int, int]:
    marks = f"{el.get('class', '')} {el.get('id', '')}"
    if marks == " ":
        return 0, 0
    return int(bool(sel.BLOCK_POSITIVE.search(marks))), int(bool(sel.BLOCK_NEGATIVE.search(marks)))


def segment(tree: html.HtmlElement) -> list[Block]:
    """All text blocks of the page in document order, with local and page features."""
    body = tree.find("body")
    root = body if body is not None else tree
    w = _Walker()
    in_link = 0
    depth = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            if event == "end":
                w.add(el.tail, in_link > 0)
            continue
        tag = tag.lower()
        if event == "start":
            if tag in SKIP_TAGS:
                walker.skip_subtree()
                continue
            depth += 1
            t = _tag_of(tag)
            if tag in BLOCK_TAGS:
                w.flush(depth)
                w.owner.append(t)
            if t in w.ctx:
                w.ctx[t] += 1
            in_link += tag == "a"
            hits = _class_hits(el)
            w.pos += hits[0]
            w.neg += hits[1]
            w.near.append(hits)
            w.add(el.text, in_link > 0)
        else:
            if tag not in SKIP_TAGS:
                t = _tag_of(tag)
                if tag in BLOCK_TAGS:
                    w.flush(depth)
                    w.owner.pop()
                if t in w.ctx:
                    w.ctx[t] -= 1
                in_link -= tag == "a"
                p, n = w.near.pop()
                w.pos -= p
                w.neg -= n
                depth -= 1
            if el is not root:
                w.add(el.tail, in_link > 0)
    w.flush(depth)
    _page_features(w.blocks)
    return w.blocks


def _page_features(blocks: list[Block]) -> None:
    n = len(blocks)
    total = sum(len(b.text) for b in blocks) or 1
    max_depth = max((b.features[8] for b in blocks), default=1.0) or 1.0
    lw = [b.features[1] for b in blocks]
    ld = [b.features[2] for b in blocks]
    for i, b in enumerate(blocks):
        lo, hi = max(0, i - 2), min(n, i + 3)  # a window of 5 blocks: paragraphs come in runs
        b.features.extend([
            i / max(1, n - 1), len(b.text) / total,
            ld[i - 1] if i else 1.0, ld[i + 1] if i + 1 < n else 1.0,
            lw[i - 1] if i else 0.0, lw[i + 1] if i + 1 < n else 0.0,
            sum(lw[lo:hi]) / (hi - lo), sum(ld[lo:hi]) / (hi - lo), b.features[8] / max_depth,
        ])
