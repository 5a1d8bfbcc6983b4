"""Tree fixes before the trafilatura runs, where it would lose article text for a reason of
markup, not content (each fix is a function that edits the tree in place and returns a count):

- random CMS ids that happen to look like boilerplate names are removed (strip_generated_ids);
- prose left loose after a block element gets a <p> of its own (wrap_loose_text);
- an embedded social post is lifted out of a wrapper that holds nothing else (unwrap_embeds);
- a visible MathML formula becomes its text (flatten_math).

They run after metadata is collected and after pipeline.html_parse.strip_inert, on the tree the
runs share; each costs one walk of the tree in C (well under 1 ms on a news page).
"""

from __future__ import annotations

import re

from lxml import etree, html

from pipeline.html_selectors import EMBED_POST_CLASSES

# A CMS that gives every paragraph its own random id ("oFNvY2", "NavzzU") sometimes draws one
# that trafilatura's boilerplate patterns match ("Nav", "tags", "menu" in @id): the paragraph
# is then discarded from the middle of the article. Such ids are recognised as a group: at least
# GENERATED_MIN_SIBLINGS children of one parent whose ids are distinct alphanumeric tokens of one
# length, enough of them with a digit and enough mixing upper and lower case to rule out words.
_IDS = etree.XPath("//@id", smart_strings=True)  # the fastest walk: ~0.5 ms on a news page
GENERATED_LENGTHS = range(4, 13)
GENERATED_MIN_SIBLINGS = 5
GENERATED_MIN_SHARE = 0.3  # random 6-char ids: ~65% carry a digit, ~90% mix case


def _generated(ids: list[str]) -> bool:
    if len(ids) < GENERATED_MIN_SIBLINGS or len(set(ids)) < len(ids) or len({len(i) for i in ids}) > 1:
        return False
    digits = sum(1 for i in ids if any(c.isdigit() for c in i))
    mixed = sum(1 for i in ids if not (i.islower() or i.isupper() or i.istitle()))
    return min(digits, mixed) >= GENERATED_MIN_SHARE * len(ids)


def strip_generated_ids(tree: html.HtmlElement) -> int:
    """Remove ids that a CMS generated at random (see GENERATED_MIN_SIBLINGS); they carry no
    meaning, and a chance match of a boilerplate pattern would drop article text. Returns the
    number of ids removed."""
    groups: dict[html.HtmlElement, list[tuple[html.HtmlElement, str]]] = {}
    for value in _IDS(tree):
        ident = str(value)
        if len(ident) in GENERATED_LENGTHS and ident.isascii() and ident.isalnum():
            el = value.getparent()  # the element that carries the id
            groups.setdefault(el.getparent(), []).append((el, ident))
    removed = 0
    for children in groups.values():
        if _generated([ident for _, ident in children]):
            for el, _ in children:
                del el.attrib["id"]
            removed += len(children)
    return removed


# Text that follows a block element inside a container ("<div><div class=fig>...</div>The
# next paragraph ...</div>") is a paragraph of its own when rendered, but trafilatura keeps a
# tail only after inline elements and drops it after a block: wrapped in a <p>, it is judged
# like the paragraphs around it. The same holds for a run of text and inline elements (links,
# formulas, emphasis) after a block, up to the next block: "<p>When</p> <math/>, there are two
# solutions to <math/> ..." written straight into <body>. Short runs (a separator, "|", a stray
# word) are left alone.
LOOSE_MIN_CHARS = 40
LOOSE_MIN_WORDS = 8
_BLOCK_TAGS = ("div", "figure", "table", "ul", "ol", "dl", "section", "aside", "header",
               "blockquote", "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "form", "hr")
_BLOCK_SET = frozenset(_BLOCK_TAGS)
_CONTAINER_TAGS = frozenset({"body", "div", "section", "article", "main", "td", "span"})
# Elements a rendered paragraph runs through (HTML's phrasing content); a custom element
# ("mjx-container") is inline by default too. Any other element ends the run.
_PHRASING = frozenset({"a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data",
                       "dfn", "em", "font", "i", "img", "kbd", "mark", "math", "nobr", "q", "s",
                       "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt",
                       "u", "var", "wbr"})
LOOSE_OWN_WORDS = 4  # a run's own text (not its elements'): a sentence goes on between them
# ... or the run holds a formula (MathML, or MathJax's rendering of it): a displayed equation
_FORMULA_TAGS = frozenset({"math", "mjx-container"})
LOOSE_MAX_LINK_SHARE = 0.5  # a run mostly of link text is a list of links, not a paragraph


def _inline_run(block: html.HtmlElement) -> list[html.HtmlElement] | None:
    """The siblings after `block` up to the next block element, or None when an element that
    is neither inline nor a block (a script, a <nav>, a <footer>) comes first."""
    run = []
    nxt = block.getnext()
    while nxt is not None and (not isinstance(nxt.tag, str) or nxt.tag not in _BLOCK_SET):
        if isinstance(nxt.tag, str) and nxt.tag not in _PHRASING and "-" not in nxt.tag:
            return None
        run.append(nxt)
        nxt = nxt.getnext()
    return run


def _loose_prose(tail: str, run: list[html.HtmlElement]) -> bool:
    """Whether the tail and the inline run after a block read as a paragraph (see LOOSE_*)."""
    own, inner, links, formula = [tail], [], 0, False
    for el in run:
        if isinstance(el.tag, str):
            text = el.text_content()
            inner.append(text)
            if el.tag == "a":
                links += len(text)
            formula = formula or el.tag in _FORMULA_TAGS
        own.append(el.tail or "")
    own_text = " ".join(own)
    text = own_text + " ".join(inner)
    if len(text) <= LOOSE_MIN_CHARS or len(text.split()) < LOOSE_MIN_WORDS:
        return False
    prose = formula or len(own_text.split()) >= LOOSE_OWN_WORDS
    return prose and links < LOOSE_MAX_LINK_SHARE * len(text)


def wrap_loose_text(tree: html.HtmlElement) -> int:
    """Wrap the prose after a block element, its tail and the inline elements up to the next
    block, in a <p> of its own (see LOOSE_MIN_WORDS). Returns the number of paragraphs made."""
    made = 0
    for block in list(tree.iter(*_BLOCK_TAGS)):  # the tag test runs in C
        tail = block.tail or ""
        nxt = block.getnext()
        if not tail.strip() and (nxt is None or (isinstance(nxt.tag, str) and nxt.tag in _BLOCK_SET)):
            continue  # most blocks: followed by a block or by nothing
        parent = block.getparent()
        if parent is None or parent.tag not in _CONTAINER_TAGS:
            continue
        run = _inline_run(block)
        if run is None or not _loose_prose(tail, run):
            continue
        para = block.makeelement("p", {})
        para.text, block.tail = tail, None
        block.addnext(para)
        for el in run:  # the inline elements after the text belong to the same paragraph
            para.append(el)
        made += 1
    return made


# Wrappers that trafilatura discards by class/id (div, span, section, p) or as a figure (WordPress
# puts embeds in <figure class="wp-block-embed">).
_WRAPPER_TAGS = frozenset({"div", "span", "section", "p", "figure"})


def _is_embed(el: html.HtmlElement) -> bool:
    classes = (el.get("class") or "").split()
    return any(c in EMBED_POST_CLASSES for c in classes)


def unwrap_embeds(tree: html.HtmlElement) -> int:
    """Replace the wrappers around an embedded post's <blockquote> (elements whose only text is
    the post's) by the blockquote itself, so that a wrapper named "embed" or "social" does not
    take the quoted post out of the article. Returns the number of posts lifted."""
    lifted = 0
    for quote in [q for q in tree.iter("blockquote") if _is_embed(q)]:
        text = quote.text_content().strip()
        top = None
        up = quote.getparent()
        while up is not None and up.tag in _WRAPPER_TAGS and up.text_content().strip() == text:
            top, up = up, up.getparent()
        if top is None or up is None:
            continue
        quote.tail = top.tail  # the blockquote takes the outer wrapper's place and tail
        up.replace(top, quote)
        lifted += 1
    return lifted


# trafilatura discards <math> (it is in its list of tags cleaned before extraction), so an article
# that writes its formulas in MathML (MathJax pages, scientific publishers) loses them, and with
# them sentences that run through a formula. A formula a reader sees is replaced by a <span> of
# its tokens (<mi>x</mi><mo>=</mo><mn>2</mn> -> "x = 2"), which is what a browser's text of the
# page holds. Hidden MathML stays out: Wikipedia ships an accessible copy of every formula in a
# display:none span beside the image readers see, and its TeX annotation is source, not text.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_MATH_SOURCE_TAGS = ("annotation", "annotation-xml")
MATH_HIDDEN_DEPTH = 4  # ancestors checked for a hiding style: a formula's own wrappers, not the page's


def _hidden(el: html.HtmlElement) -> bool:
    up: html.HtmlElement | None = el
    for _ in range(MATH_HIDDEN_DEPTH + 1):
        if up is None:
            return False
        if up.get("hidden") is not None or _HIDDEN_STYLE.search(up.get("style") or ""):
            return True
        up = up.getparent()
    return False


def _math_tokens(math: html.HtmlElement) -> str:
    etree.strip_elements(math, *_MATH_SOURCE_TAGS, with_tail=False)
    return " ".join(" ".join(t.split()) for t in math.itertext() if t.strip())


def flatten_math(tree: html.HtmlElement) -> int:
    """Replace each visible <math> by a <span> of its tokens, and drop hidden ones (see
    _HIDDEN_STYLE). Returns the number of formulas flattened."""
    flattened = 0
    for math in list(tree.iter("math")):
        parent = math.getparent()
        if parent is None:
            continue
        if _hidden(math):
            math.drop_tree()  # keeps the tail
            continue
        span = math.makeelement("span", {})
        span.text, span.tail = _math_tokens(math), math.tail
        parent.replace(math, span)
        flattened += 1
    return flattened


def normalize(tree: html.HtmlElement) -> None:
    """All the fixes of this module, in order."""
    strip_generated_ids(tree)
    wrap_loose_text(tree)
    unwrap_embeds(tree)
    flatten_math(tree)
