"""Safe, single parse of a raw HTML page into an lxml tree that the extractors share.

Two lxml (libxml2) traps are repaired in the markup before parsing:
- a stray `</html>` or `</body>` in mid-page makes libxml2 drop everything after it, so closing
  html/body tags are removed (they are optional in HTML; the parser closes them itself);
- text nested deeper than 255 elements is silently dropped, so opening tags past a depth limit
  are removed together with their closing tags (the text is kept, only the nesting is flattened).
Entities are never resolved from external sources and no network access is allowed (no XXE).
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
