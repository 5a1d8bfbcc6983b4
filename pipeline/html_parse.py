"""Safe, single parse of a raw HTML page into an lxml tree that the extractors share.

Two lxml (libxml2) traps are repaired in the markup before parsing:
- a stray `</html>` or `</body>` in mid-page makes libxml2 drop everything after it, so closing
  html/body tags are removed (they are optional in HTML; the parser closes them itself);
- text nested deeper than 255 elements is silently dropped, so opening tags past a depth limit
  are removed together with their closing tags (the text is kept, only the nesting is flattened).
Entities are never resolved from external sources and no network access is allowed (no XXE).
Before extraction the tree is also normalised where trafilatura would lose article text for a
reason of markup, not content: random CMS ids that look like boilerplate names are removed
(strip_generated_ids) and prose left loose after a block element gets its own <p> (wrap_loose_text).
"""

from __future__ import annotations

import re

from lxml import etree, html

# Raw-text elements and comments are skipped as a whole: a "<div>" inside a script string is not
# a tag. Conditional comments and CDATA are comments for our purposes.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)"
    r"|<(script|style|textarea|title|xmp)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:_-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.S | re.I,
)
# Elements that never have a closing tag, so they never add depth.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen", "command",
})
# A CMS that gives every paragraph its own random id ("oFNvY2", "NavzzU") sometimes draws one
# that trafilatura's boilerplate patterns match ("Nav", "tags", "menu" in @id): the paragraph
# is then discarded from the middle of the article. Such ids are recognised as a group: at least
# GENERATED_MIN_SIBLINGS children of one parent whose ids are distinct alphanumeric tokens of one
# length, enough of them with a digit and enough mixing upper and lower case to rule out words.
_IDS = etree.XPath("//@id", smart_strings=True)  # the fastest walk: ~0.5 ms on a news page
GENERATED_LENGTHS = range(4, 13)
GENERATED_MIN_SIBLINGS = 5
GENERATED_MIN_SHARE = 0.3  # random 6-char ids: ~65% carry a digit, ~90% mix case
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_CLOSE_ROOT = re.compile(r"</(?:html|body)\s*>", re.I)

_PARSER = html.HTMLParser(
    encoding="utf-8",  # we always feed UTF-8 bytes: immune to a misleading <meta charset>
    remove_comments=True,  # comments carry no article text and confuse some extractors
    remove_pis=True,
    no_network=True,
    default_doctype=False,
    collect_ids=False,
    huge_tree=False,  # keep libxml2's own limits against memory blow-ups
)
# lxml.html picks each element's Python class in a Python callback (form and input elements get
# their own classes), run every time an element is touched from Python: ~700k calls over the dev
# pages, mostly inside trafilatura. No stage uses the form classes, so one class for all
# elements, chosen in C, is enough (copies of the tree keep the parser and so the lookup).
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity,
))


def repair_markup(markup: str, max_depth: int) -> str:
    """Drop closing html/body tags and flatten nesting deeper than `max_depth` elements."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag name, kept in the output)
    kept_depth = 0
    pos = 0
    changed = False
    for m in _TOKEN.finditer(markup):
        name = m.group(3)
        if name is None:  # comment or raw-text element: copied unchanged
            continue
        name = name.lower()
        closing = m.group(2) == "/"
        drop = False
        if closing:
            if name in ("html", "body"):
                drop = True
            else:
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        # implicitly closes the unclosed elements above it, as the parser would
                        for _, kept in stack[i:]:
                            kept_depth -= kept
                        drop = not stack[i][1]
                        del stack[i:]
                        break
        elif name not in _VOID and not m.group(0).endswith("/>") and name not in ("html", "body", "head"):
            keep = kept_depth < max_depth
            stack.append((name, keep))
            kept_depth += keep
            drop = not keep
        if drop:
            out.append(markup[pos : m.start()])
            pos = m.end()
            changed = True
    if not changed:
        return markup
    out.append(markup[pos:])
    return "".join(out)


def _too_deep(doc: html.HtmlElement, max_depth: int) -> bool:
    """True if the tree reaches `max_depth` levels (a path of that many elements exists)."""
    # One XPath of max_depth child steps: evaluated in C, linear in the tree size.
    return bool(doc.xpath("/" + "/".join(["*"] * max_depth)))


def _parse(markup: str) -> html.HtmlElement | None:
    try:
        doc = html.document_fromstring(markup.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, UnicodeError):
        return None
    return doc if isinstance(doc, html.HtmlElement) else None


def parse_html(markup: str, max_depth: int = 250) -> html.HtmlElement | None:
    """Parse a page (already decoded to str) into an element tree, or None if nothing parses."""
    if not markup or not markup.strip():
        return None
    markup = _XML_DECL.sub("", markup, count=1)  # lxml refuses str input with an encoding declaration
    # Fast path: only the root closing tags are removed (cheap); the full tokenizing repair runs
    # only when the parsed tree turns out to be deep enough that libxml2 may have dropped text.
    doc = _parse(_CLOSE_ROOT.sub("", markup))
    if doc is not None and _too_deep(doc, max_depth):
        doc = _parse(repair_markup(markup, max_depth))
    return doc


# Elements that never hold article text; trafilatura deletes them too, but only after copying the
# tree (twice per run), so removing them once up front makes every copy cheaper (~9% on dev).
_INERT = ("style", "svg", "noscript", "iframe", "canvas", "template", "object", "embed")


def strip_inert(tree: html.HtmlElement) -> None:
    """Remove inert elements in place, keeping their tail text. JSON-LD scripts are kept
    (trafilatura's baseline rescue reads articleBody from them)."""
    etree.strip_elements(tree, *_INERT, with_tail=False)
    scripts = [s for s in tree.iter("script") if "ld+json" not in (s.get("type") or "").lower()]
    for s in scripts:
        if s.getparent() is not None:
            s.drop_tree()  # lxml.html's drop_tree keeps the tail text



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
# like the paragraphs around it. Short tails (a separator, "|", a stray word) are left alone.
LOOSE_MIN_CHARS = 40
LOOSE_MIN_WORDS = 8
_BLOCK_TAGS = ("div", "figure", "table", "ul", "ol", "dl", "section", "aside", "header",
               "blockquote", "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "form", "hr")
_BLOCK_SET = frozenset(_BLOCK_TAGS)
_CONTAINER_TAGS = frozenset({"div", "section", "article", "main", "td", "span"})


def wrap_loose_text(tree: html.HtmlElement) -> int:
    """Wrap prose that is the tail of a block element in a <p> of its own (see LOOSE_MIN_WORDS).
    Returns the number of paragraphs made."""
    loose = [el for el in tree.iter(*_BLOCK_TAGS)  # the tag test runs in C
             if el.tail and len(el.tail) > LOOSE_MIN_CHARS and len(el.tail.split()) >= LOOSE_MIN_WORDS]
    made = 0
    for block in loose:
        parent = block.getparent()
        if parent is None or parent.tag not in _CONTAINER_TAGS:
            continue
        para = block.makeelement("p", {})
        para.text, block.tail = block.tail, None
        # the inline elements after the text belong to the same rendered paragraph
        nxt = block.getnext()
        block.addnext(para)
        while nxt is not None and (not isinstance(nxt.tag, str) or nxt.tag not in _BLOCK_SET):
            after = nxt.getnext()
            para.append(nxt)
            nxt = after
        made += 1
    return made
