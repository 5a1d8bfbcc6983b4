"""Page metadata from the parsed tree: title, byline/authors, date, language, section, site name.

Sources, in order of trust: JSON-LD describing the article, <meta> tags (OpenGraph, Dublin Core,
Parse.ly ...), then the visible DOM (h1, byline elements, <time>). Nothing is made up: a field
with no usable source is None.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import html

from pipeline import html_selectors as sel

_WS = re.compile(r"\s+")
# A byline longer than this is a sentence or a block of boilerplate, not a list of names.
MAX_BYLINE_CHARS = 100
# A person's name has at most this many words (allows "Maria de la Cruz Hernández-López").
MAX_NAME_WORDS = 6
# JSON-LD blocks are often wrapped in CDATA or HTML comment markers, or end with a stray ";".
_JSON_WRAP = re.compile(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->|;)\s*$")
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&|\|)\s*", re.I)


def clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself, gathered once and then queried by each field."""

    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # article-like objects only


def _walk_jsonld(obj: Any, out: list[dict[str, Any]]) -> None:
    if isinstance(obj, list):
        for item in obj:
            _walk_jsonld(item, out)
    elif isinstance(obj, dict):
        if "@graph" in obj:
            _walk_jsonld(obj["@graph"], out)
        types = obj.get("@type", "")
        names = [t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]
        if any(any(k in t for k in sel.JSONLD_ARTICLE_TYPES) for t in names):
            out.append(obj)


def collect(tree: html.HtmlElement) -> PageMeta:
    pm = PageMeta()
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "")
        content = el.get("content")
        key = key.strip().lower()
        if key and content and key not in pm.meta:
            pm.meta[key] = clean(content)
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            _walk_jsonld(json.loads(_JSON_WRAP.sub("", script.text)), found)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; it is simply not a source
    # Articles before generic WebPage / CreativeWork objects.
    found.sort(key=lambda o: 0 if "article" in str(o.get("@type", "")).lower()
               or "posting" in str(o.get("@type", "")).lower() else 1)
    pm.jsonld = found
    return pm


def _first_meta(pm: PageMeta, keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = pm.meta.get(k)
        if v:
            return v
    return None


def _jsonld_str(pm: PageMeta, *keys: str) -> str | None:
    for obj in pm.jsonld:
        for k in keys:
            v = obj.get(k)
            if isinstance(v, list) and v:
                v = v[0]
            if isinstance(v, str) and clean(v):
                return clean(v)
    return None


# ---------------------------------------------------------------- title

def _words(s: str) -> int:
    return len(s.split())


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def strip_site_suffix(title: str, confirm: list[str], site_name: str | None) -> str:
    """Remove a " | Site" suffix (or "Site | " prefix) when another source confirms the rest."""
    parts = sel.TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    confirms = {_norm(c) for c in confirm if c}
    site = _norm(site_name or "")
    # Try the longest head first ("A - B | Site" -> "A - B"), then the head alone, then the tail.
    seps = list(sel.TITLE_SEPARATORS.finditer(title))
    candidates = [title[: m.start()] for m in reversed(seps)] + [title[seps[-1].end():]]
    for cand in candidates:
        c = _norm(cand)
        if c and c in confirms:
            return cand.strip()
    if site:
        for m in reversed(seps):
            if _norm(title[m.end():]) == site:
                return title[: m.start()].strip()
        if _norm(title[: seps[0].start()]) == site:
            return title[seps[0].end():].strip()
    return title


def h1_texts(tree: html.HtmlElement) -> list[str]:
    """The text of the page's first (up to three) <h1> headings."""
    return [t for t in (clean(h.text_content()) for h in tree.iter("h1")) if t][:3]


def _wc(s: str) -> int:
    return len(s.split())


def title_from_document(doc_title: str, headings: list[str], h1s: list[str]) -> str:
    """The article title out of a <title>, after Readability.js's `_getArticleTitle` heuristic
    (the de-facto reader-mode standard): cut a hierarchical suffix, or what precedes ": ", or
    take the only h1 when the <title> is implausibly short or long; fall back to the whole
    <title> when the cut leaves 4 words or fewer. `headings` are the page's h1/h2 texts."""
    orig = clean(doc_title)
    cur = orig
    hierarchical = False
    if sel.TITLE_HIER_SEP.search(cur):
        hierarchical = bool(sel.TITLE_STRONG_SEP.search(cur))
        cur = sel.TITLE_LAST_PART.sub(r"\1", orig)  # keep what precedes the last separator
        if _wc(cur) < 3:  # too short: drop the first part instead
            cur = sel.TITLE_FIRST_PART.sub(r"\1", orig)
    elif ": " in cur:
        if orig not in headings:  # a heading equal to the whole title means the colon is part of it
            cur = orig[orig.rfind(":") + 1:]
            if _wc(cur) < 3:
                cur = orig[orig.find(":") + 1:]
            elif _wc(orig[: orig.find(":")]) > 5:  # a long prefix is not a site or section name
                cur = orig
    elif (len(cur) > 150 or len(cur) < 15) and len(h1s) == 1:
        cur = h1s[0]
    cur = clean(cur)
    n = _wc(cur)
    if n <= 4 and (not hierarchical or n != _wc(sel.TITLE_SEP_CHARS.sub("", orig)) - 1):
        cur = orig
    return cur


def _similarity(a: str, b: str) -> float:
    """Share of b's text made of words that also occur in a (1 = b's words all in a)."""
    ta, tb = _norm(a).split(), _norm(b).split()
    if not ta or not tb:
        return 0.0
    seen = set(ta)
    uniq = " ".join(t for t in tb if t not in seen)
    return 1 - len(uniq) / len(" ".join(tb))


def _jsonld_title(pm: PageMeta, doc_title: str) -> str | None:
    """JSON-LD headline or name: some sites put the site name or a description in one of them,
    so when both exist and differ, the one that matches the <title> is taken."""
    for obj in pm.jsonld:
        name, headline = obj.get("name"), obj.get("headline")
        name = clean(name) if isinstance(name, str) else ""
        headline = clean(headline) if isinstance(headline, str) else ""
        if name and headline and name != headline:
            # 0.75: most of the words shared, as a suffix or a subtitle may differ
            if _similarity(doc_title, headline) > 0.75 >= _similarity(doc_title, name):
                return headline
            if _similarity(doc_title, name) > 0.75 >= _similarity(doc_title, headline):
                return name
        if headline or name:
            return headline or name
    return None


def find_title(tree: html.HtmlElement, pm: PageMeta, site_name: str | None) -> str | None:
    doc_title = ""
    for t in tree.iter("title"):
        doc_title = clean(t.text_content())
        break
    h1s = h1_texts(tree)
    meta_title = _jsonld_title(pm, doc_title) or _first_meta(pm, sel.TITLE_META)
    if meta_title:
        # The title the page declares for itself (JSON-LD headline, og:title ...) is taken as it
        # stands, " | Site" suffix included, as Readability.js does: on the dev pages that label
        # titles, every declared title that carried a suffix kept it in its label (8 of 8), so
        # cutting it only ever lost the match.
        return meta_title
    if doc_title:
        confirm = list(h1s)
        stripped = strip_site_suffix(doc_title, confirm, site_name)
        if stripped != doc_title:
            return stripped
        headings = [t for t in (clean(h.text_content()) for h in tree.iter("h1", "h2")) if t]
        return title_from_document(doc_title, headings, [clean(h.text_content()) for h in tree.iter("h1")])
    return h1s[0] if h1s else None


# ---------------------------------------------------------------- byline

def is_name(text: str) -> bool:
    """A plausible person name (or short list of names): not a date, URL, share widget ..."""
    if not text or len(text) > MAX_BYLINE_CHARS or sel.NOT_A_NAME.search(text):
        return False
    names = [n for n in _SPLIT_NAMES.split(text) if n]
    if not names:
        return False
    for n in names:
        words = n.split()
        if len(words) > MAX_NAME_WORDS or not any(ch.isalpha() for ch in n):
            return False
    return True


def split_names(byline: str) -> list[str]:
    return [n.strip(" .") for n in _SPLIT_NAMES.split(byline) if n.strip(" .")]


def strip_by(text: str) -> str:
    return clean(sel.BY_PREFIX.sub("", clean(text), count=1)).strip(" ,|-–—:")


def _jsonld_authors(pm: PageMeta) -> list[tuple[str, bool]]:
    """Author names from JSON-LD, each with whether it is explicitly typed a Person."""
    for obj in pm.jsonld:
        raw = obj.get("author") or obj.get("creator")
        if raw is None:
            continue
        items = raw if isinstance(raw, list) else [raw]
        names: list[tuple[str, bool]] = []
        for it in items:
            person = False
            if isinstance(it, str):
                name = clean(it)
            elif isinstance(it, dict):
                t = it.get("@type", "")
                tl = " ".join(t).lower() if isinstance(t, list) else str(t).lower()
                if any(o == tl for o in sel.ORG_TYPES):
                    continue
                person = tl == "person"
                v = it.get("name")
                name = clean(v if isinstance(v, str) else "")
            else:
                continue
            name = strip_by(name)
            if name and is_name(name) and all(name != n for n, _ in names):
                names.append((name, person))
        if names:
            return names
    return []


def _in_furniture(el: html.HtmlElement) -> bool:
    """True when a byline candidate sits in a teaser list, comments or page furniture."""
    for level, anc in enumerate(el.iterancestors()):
        if level >= sel.BYLINE_CONTEXT_LEVELS:
            break
        if anc.tag in sel.BYLINE_CONTEXT_TAGS:
            return True
        if sel.BYLINE_CONTEXT_NEGATIVE.search(f"{anc.get('class', '')} {anc.get('id', '')}"):
            return True
    return False


def _dom_byline(tree: html.HtmlElement) -> str | None:
    for el in tree.iter("*"):
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "meta", "link", "script", "style"):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        hit = (el.get("rel") == "author" or (el.get("itemprop") or "").startswith("author")
               or (bool(sel.BYLINE_HINT.search(marks)) and not sel.BYLINE_NEGATIVE.search(marks)))
        if not hit or _in_furniture(el):
            continue
        inner = el.find(".//*[@itemprop='name']")
        text = strip_by((inner if inner is not None else el).text_content())
        if text and is_name(text):
            return text
    return None


def find_byline(tree: html.HtmlElement, pm: PageMeta, site_name: str | None) -> tuple[str | None, list[str]]:
    site = _norm(site_name or "")
    # A name equal to the site name is the publisher, unless JSON-LD says it is a Person (a
    # personal blog is named after its author).
    names = [n for n, person in _jsonld_authors(pm) if person or _norm(n) != site]
    if names:
        return ", ".join(names), names
    meta = _first_meta(pm, sel.AUTHOR_META)
    if meta:
        meta = strip_by(meta)
        if is_name(meta) and _norm(meta) != site and not meta.startswith("@"):
            return meta, split_names(meta)
    dom = _dom_byline(tree)
    if dom and _norm(dom) != site:
        return dom, split_names(dom)
    return None, []


# ---------------------------------------------------------------- date, language, section, site

def parse_date(value: str | None) -> datetime | None:
    """ISO 8601 date or datetime -> aware UTC datetime; a value without zone is taken as UTC."""
    if not value:
        return None
    v = value.strip().replace("Z", "+00:00")
    v = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", v)  # +0100 -> +01:00
    try:
        d = datetime.fromisoformat(v)
    except ValueError:
        m = re.match(r"(\d{4}-\d{2}-\d{2})", v)
        if not m:
            return None
        try:
            d = datetime.fromisoformat(m.group(1))
        except ValueError:
            return None
    if not 1990 <= d.year <= 2100:  # a year outside this is a parsing accident, not a publication
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC)


def find_date(tree: html.HtmlElement, pm: PageMeta) -> datetime | None:
    for cand in (_jsonld_str(pm, "datePublished", "dateCreated"), _first_meta(pm, sel.DATE_META)):
        d = parse_date(cand)
        if d:
            return d
    for el in tree.iter("time"):
        d = parse_date(el.get("datetime"))
        if d:
            return d
    return None


def find_language(tree: html.HtmlElement, pm: PageMeta) -> str | None:
    raw = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    if not raw:
        raw = _first_meta(pm, sel.LANG_META) or ""
    code = re.split(r"[-_]", raw.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def find_section(pm: PageMeta) -> str | None:
    return _jsonld_str(pm, "articleSection") or _first_meta(pm, sel.SECTION_META)


def find_url(tree: html.HtmlElement, pm: PageMeta) -> str | None:
    """The page's own URL: canonical link, else og:url, else JSON-LD url; absolute http(s) only."""
    candidates: list[str | None] = [str(el.get("href") or "") for el in tree.iter("link")
                                    if "canonical" in str(el.get("rel") or "").lower().split()]
    candidates += [_first_meta(pm, ("og:url", "twitter:url")), _jsonld_str(pm, "url", "mainEntityOfPage")]
    for value in candidates:
        if value and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


def find_site_name(pm: PageMeta) -> str | None:
    for obj in pm.jsonld:
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str) and clean(pub["name"]):
            return clean(pub["name"])
    site = _first_meta(pm, sel.SITE_META)
    return site.lstrip("@") if site else None


def find_captions(tree: html.HtmlElement) -> list[str]:
    out: list[str] = []
    for el in tree.iter("figcaption"):
        text = clean(el.text_content())
        if text and text not in out:
            out.append(text)
    return out
