"""HTML path: raw HTML -> Extraction (title, byline, body, date, language ...).

The page is parsed once (pipeline.html_parse repairs the markup lxml would otherwise truncate);
the body comes from paragraph voting between two trafilatura runs on that tree (the runs from
pipeline.html_traf, the vote in pipeline.html_ensemble), or, only when that body looks too
short for the page, from readability-lxml if its article clearly extends it
(pipeline.html_fallback); metadata comes from JSON-LD, <meta> tags and the DOM
(pipeline.html_meta), without trafilatura's costly date search.
"""

from __future__ import annotations

from pipeline import html_meta as meta
from pipeline.config import Config
from pipeline.html_edges import drop_headline, drop_tail_furniture
from pipeline.html_ensemble import STAGE, vote
from pipeline.html_fallback import FALLBACK, choose, readability_blocks, suspicious
from pipeline.html_normalize import normalize
from pipeline.html_parse import parse_html, strip_inert
from pipeline.html_traf import both_runs, run_trafilatura
from pipeline.repeats import RepeatStats
from pipeline.schema import Extraction, RemovedLine
from pipeline.user_rules import rules_for

EXTRACTOR = "html:ensemble"
EXTRACTOR_FAST = "html:fast"


def _drop_repeats(body: list[str], repeats: RepeatStats | None) -> tuple[list[str], list[RemovedLine]]:
    """Paragraphs seen on many pages of the same site are boilerplate even if an extractor kept them."""
    if repeats is None or repeats.pages == 0:
        return body, []
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for p in body:
        if repeats.is_repeated(p):
            removed.append(RemovedLine(p, STAGE, "repeated_across_site"))
        else:
            kept.append(p)
    if not kept:  # a page made only of repeated lines: keep it rather than lose the article
        return body, []
    return kept, removed


def extract_html(
    html: str, config: Config, url: str | None = None, repeats: RepeatStats | None = None
) -> Extraction:
    """Extract the article from an HTML page. Never raises on bad markup: the body is then empty."""
    tree = parse_html(html, config.limits.max_html_depth)
    if tree is None:
        return Extraction(body=[], url=url, extractor=EXTRACTOR)
    pm = meta.collect(tree)
    # A URL from the container (WARC, JSON Lines) wins; a bare HTML file names its own.
    url = url or meta.find_url(tree, pm)
    site_name = meta.find_site_name(pm)
    byline, authors = meta.find_byline(tree, pm, site_name)
    title = meta.find_title(tree, pm, site_name)
    captions = meta.find_captions(tree)
    headlines = [t for t in (title, *meta.h1_texts(tree)) if t]
    strip_inert(tree)  # after metadata: it also removes <noscript> bylines etc.
    normalize(tree)
    removed: list[RemovedLine] = []
    if config.html_mode == "fast":
        body, extractor = run_trafilatura(tree, url, "balanced"), EXTRACTOR_FAST
    else:
        body, removed = vote(*both_runs(tree, url))
        extractor = EXTRACTOR
    if suspicious(body, tree):
        chosen = choose(body, readability_blocks(tree))
        if chosen is not None:
            body, replaced = chosen
            removed += replaced
            extractor = f"{extractor}+{FALLBACK}"
    body, head_removed = drop_headline(body, headlines)
    body, tail_removed = drop_tail_furniture(body)
    removed += head_removed + tail_removed
    # The user's rules come first, as on the text path: they are explicit and never second-guessed.
    body, user_removed = rules_for(config, url).apply(body, STAGE)
    body, rep_removed = _drop_repeats(body, repeats if config.learn_repeats else None)
    return Extraction(
        body=body,
        title=title,
        byline=byline,
        authors=authors,
        published_at=meta.find_date(tree, pm),
        language=meta.find_language(tree, pm),
        section=meta.find_section(pm),
        site_name=site_name,
        url=url,
        captions=captions,
        extractor=extractor,
        removed=removed + user_removed + rep_removed,
    )
