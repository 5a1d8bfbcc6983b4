"""Generated site furniture, to build a batch of many pages per site from single pages honestly.

A `Site` has a name, a domain and a few "redesign" eras. Each era has its own menu (a few items
swapped from the era before), tagline, newsletter pitch, cookie notice and footer, with some lines
shared by every era. `wrap_text` / `wrap_html` put one era's furniture around a page (header
above, prose-like promos right after the article and between its paragraphs, "Related" list of
other pages' titles and footer below) and may add two repeated lines
that are article text, so belong to the body: a recurring column name above the body and a
standard sign-off below it. Used by tests/test_repeats_batch.py and tools/dev_repeat_eval.py.
"""

from __future__ import annotations

import html as htmllib
import random
from dataclasses import dataclass, field

_SECTIONS = ("World", "Politics", "Business", "Tech", "Science", "Health", "Sport", "Culture",
             "Books", "Travel", "Food", "Opinion", "Local", "Weather", "Video", "Podcasts",
             "Education", "Climate", "Markets", "Style", "Obituaries", "Puzzles", "Letters")
_NOUNS = ("valley", "harbour", "river", "county", "coast", "city", "region", "island", "plains")
_NAMES = ("Courier", "Herald", "Gazette", "Observer", "Tribune", "Ledger", "Chronicle", "Sentinel")
_PITCHES = (
    "Sign up for our {n} briefing and get the stories you need before work every morning.",
    "Support independent journalism in the {n}: become a member of {s} for a small monthly fee.",
    "Our reporters have covered the {n} since {y}, and we answer to our readers alone.",
    "Get {s} delivered to your inbox with the headlines, the weather and the daily puzzle.",
    "Tell us what you think of the new look of {s}: our feedback form is open to every reader this week.",
)
_COOKIES = (
    "We use cookies to improve your experience on our site and to show you relevant advertising.",
    "This site uses cookies. By continuing to browse the site you are agreeing to our use of cookies.",
)
_FOOT = ("About us", "Contact", "Terms of use", "Privacy policy", "Advertise with us", "Careers",
         "Help", "Corrections", "Site map", "Subscribe")
# Prose-like furniture that sits right after the article or between its paragraphs, where a
# line model alone cannot tell it from the article: what repeat learning is for.
_AFTER = (
    "{s} journalism is funded by readers: if you value our reporting from the {n}, please consider "
    "a subscription, which starts at a few dollars a month and can be cancelled at any time.",
    "Our reporters cover the {n} every day of the year, and the stories they write are free to read "
    "because thousands of readers chose to support {s} last year.",
    "Have a story you think we should cover? The newsroom of {s} reads every message sent to it, "
    "and our editors answer as many of them as they can each week.",
)
_INLINE = (
    "Sign up for the newsletter of {s}: the day's top stories from the {n}, every morning, in your inbox.",
    "Get the app of {s} to read the latest news from the {n} on your phone, even when you are offline.",
)
_COLUMNS = ("On the Money", "The Long Read", "Field Notes", "Ask the Doctor", "Weekend Essay")
_SIGNOFFS = (
    "Additional reporting by the news desk of {s}.",
    "This article was produced with the help of readers of {s}; write to the editors with tips.",
)


@dataclass(slots=True)
class Era:
    menu: list[str]
    header: list[str]  # tagline, pitch, cookie notice
    after: list[str]  # right after the article
    inline: str  # between two of the article's paragraphs
    footer: list[str]
    related_heading: str


@dataclass(slots=True)
class Site:
    name: str
    domain: str
    eras: list[Era] = field(default_factory=list)
    column: str = ""
    signoff: str = ""


def make_site(rng: random.Random, index: int, eras: int = 3) -> Site:
    """A site with `eras` redesigns: each changes some menu items, the pitch and the footer."""
    noun, paper = rng.choice(_NOUNS), _NAMES[index % len(_NAMES)]
    name = f"The {noun.capitalize()} {paper}"
    site = Site(name, f"{noun}-{paper.lower()}{index}.example")
    site.column = rng.choice(_COLUMNS)
    site.signoff = rng.choice(_SIGNOFFS).format(s=name)
    menu = rng.sample(_SECTIONS, 9)
    year = rng.randrange(1890, 1990)
    for e in range(eras):
        if e:  # a redesign swaps a few sections and rewrites the pitch
            for _ in range(3):
                menu[rng.randrange(len(menu))] = rng.choice([s for s in _SECTIONS if s not in menu])
        pitch = rng.choice(_PITCHES).format(n=noun, s=name, y=year)
        header = [f"{name}: news from the {noun} since {year}" if e % 2 == 0 else f"{name} | {noun} news",
                  pitch, rng.choice(_COOKIES)]
        footer = [f"© {2016 + 2 * e} {name} Media Group. All rights reserved.",
                  *rng.sample(_FOOT, 5), f"{name} is a member of the independent press council."]
        after = [rng.choice(_AFTER).format(n=noun, s=name)]
        inline = rng.choice(_INLINE).format(n=noun, s=name)
        site.eras.append(Era(["Home", *menu], header, after, inline, footer,
                             rng.choice(("Related stories", "More from " + name, "Most read"))))
    return site


def _bounds(lines: list[str], body: str) -> tuple[int, int] | None:
    """Indexes of the lines holding the start and the end of the labelled body, if found."""
    paras = [p for p in body.split("\n") if p.strip()]
    if not paras:
        return None
    head, tail = " ".join(paras[0].split())[:30], " ".join(paras[-1].split())[-30:]
    folded = [" ".join(line.split()) for line in lines]
    first = next((i for i, f in enumerate(folded) if head and head in f), None)
    last = next((i for i in range(len(folded) - 1, -1, -1) if tail and tail in folded[i]), None)
    if first is None or last is None or last < first:
        return None
    return first, last


def wrap_text(text: str, site: Site, era: int, related: list[str], body: str,
              in_body: bool) -> tuple[str, str]:
    """The page with the era's furniture around it; returns (text, the body it now has).

    Where the labelled body is found in the page, the era's inline promo goes between two of
    its lines and its `after` lines right after it (after the sign-off, when there is one)."""
    e = site.eras[era]
    lines = text.splitlines()
    after: list[str] = e.after
    where = _bounds(lines, body)
    if where is not None:
        first, last = where
        own = [site.column] if in_body else []
        end = [site.signoff] if in_body else []
        mid = (first + last + 1) // 2
        lines = [*lines[:first], *own, *lines[first:mid], *([e.inline] if mid > first else []),
                 *lines[mid:last + 1], *end, *e.after, *lines[last + 1:]]
        after = []
        if in_body:
            body = f"{site.column}\n\n{body}\n\n{site.signoff}"
    page = [*e.menu, *e.header, *lines, *after, e.related_heading, *related, *e.footer]
    return "\n".join(page) + "\n", body


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f'<li><a href="/{i}">{htmllib.escape(t)}</a></li>'
                            for i, t in enumerate(items)) + "</ul>"


def wrap_html(source: str, site: Site, era: int, related: list[str]) -> str:
    """The page with the era's furniture as HTML inside <body> (no in-body lines: see wrap_text)."""
    e = site.eras[era]
    top = ("<header><nav>" + _ul(e.menu) + "</nav>"
           + "".join(f'<div class="promo"><p>{htmllib.escape(h)}</p></div>' for h in e.header)
           + "</header>")
    bottom = (f'<aside class="related"><h3>{htmllib.escape(e.related_heading)}</h3>{_ul(related)}</aside>'
              + "<footer>" + "".join(f"<p>{htmllib.escape(f)}</p>" for f in e.footer) + "</footer>")
    low = source.lower()
    start = low.find("<body")
    start = low.find(">", start) + 1 if start != -1 else 0
    end = low.rfind("</body")
    end = end if end >= start else len(source)
    return source[:start] + top + source[start:end] + bottom + source[end:]
