"""Text path: a page a scraper flattened to text -> Extraction (title, byline, body ...).

Composes segment -> strip boilerplate -> split title/byline/body.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.boilerplate import SENTENCE_END, Verdict, classify
from pipeline.config import Config
from pipeline.doc_title import document_title
from pipeline.repeats import RepeatStats
from pipeline.schema import Extraction, RemovedLine
from pipeline.segment import Line, segment
from pipeline.split import STAGE as SPLIT_STAGE
from pipeline.split import clear_caches as split_clear_caches
from pipeline.split import find_head
from pipeline.textmodel import TextModel, load_model, text_feature_cache_clear

_WORD = re.compile(r"\w+")


def _never(_: str) -> bool:
    return False


@lru_cache(maxsize=4096)
def _head_words(text: str) -> frozenset[str]:
    """The folded words of a line's start (cached: a site's lead lines recur across a batch)."""
    return frozenset(_WORD.findall(text[:400].casefold()))


def extract_text(
    text: str, config: Config, url: str | None = None, repeats: RepeatStats | None = None
) -> Extraction:
    """Split a flattened page into title, byline, body paragraphs and the rest."""
    return extract_text_with(text, config, load_model(), url, repeats)


def extract_text_with(
    text: str, config: Config, model: TextModel, url: str | None = None,
    repeats: RepeatStats | None = None,
) -> Extraction:
    """`extract_text` with an explicit line model (for evaluation of retrained models)."""
    lines = segment(text)
    verdict = classify(lines, config, model, url, repeats)
    body_idx = [i for i, k in enumerate(verdict.keep) if k]
    if not body_idx:
        body_idx = _fallback_prose(lines, verdict)
    body_start = body_idx[0] if body_idx else (verdict.core[0] if verdict.core[1] >= 0 else 0)
    core_start = verdict.core[0] if verdict.core[1] >= 0 else body_start
    first_words: set[str] = set()
    # Usually the same lines twice (the body starts in the core): each line is read once.
    core_first = [i for i in body_idx if i >= core_start][:6]
    for i in dict.fromkeys(body_idx[:6] + core_first):
        first_words.update(_head_words(lines[i].text))
    use_repeats = repeats is not None and config.learn_repeats
    head = find_head(lines, body_start, first_words, core_start,
                     repeats.is_repeated if use_repeats and repeats is not None else _never, url)
    removed = list(verdict.removed)
    taken: dict[int, str] = {}
    if head.title_index is not None:
        taken[head.title_index] = "title"
    # A page flattened with its <head> starts with its <title>: the title is taken from it.
    declared = document_title(lines)
    if declared is not None:
        taken[0] = "title"
    if head.byline_index is not None:
        taken[head.byline_index] = "byline"
    for j in head.caption_indexes:
        taken[j] = "caption"
    # The title may be printed twice (breadcrumb glued to it, then alone): drop both copies.
    if head.title:
        for i in body_idx[:4]:
            if i not in taken and lines[i].text.endswith(head.title):
                taken[i] = "title_copy"
    body: list[str] = []
    for i in body_idx:
        if i in taken:
            removed.append(RemovedLine(lines[i].text, SPLIT_STAGE, taken[i]))
        else:
            body.append(lines[i].text)
    return Extraction(
        body=body,
        title=declared or head.title,
        byline=head.byline,
        authors=head.authors,
        section=head.section,
        site_name=None,
        url=url,
        captions=head.captions,
        extractor="text",
        removed=removed,
    )


# A line with at least this many words that ends a sentence is prose, whatever the model says.
_FALLBACK_MIN_WORDS = 8


def _fallback_prose(lines: list[Line], verdict: Verdict) -> list[int]:
    """When the model keeps nothing, keep the sentences only it turned down.

    The model is trained on full pages; on a short page (a notice, a snippet of two paragraphs)
    its context features can reject every line, and an article would become `no_content`.
    Lines that a hard rule (user rules, cross-page repeats, stop markers) removed stay removed.
    """
    dropped = [i for i, keep in enumerate(verdict.keep) if not keep]
    chosen = []
    for i, rem in zip(dropped, verdict.removed, strict=True):
        text = lines[i].text
        if rem.rule == "low_text_score" and len(_WORD.findall(text)) >= _FALLBACK_MIN_WORDS \
                and SENTENCE_END.search(text):
            chosen.append(i)
    if chosen:
        keep = set(chosen)
        verdict.removed = [r for i, r in zip(dropped, verdict.removed, strict=True) if i not in keep]
        for i in chosen:
            verdict.keep[i] = True
    return chosen


def clear_caches() -> None:
    """Forget the memoised per-line results (for cold-cache speed measurements)."""
    text_feature_cache_clear()
    split_clear_caches()
    _head_words.cache_clear()


__all__ = ["clear_caches", "extract_text", "extract_text_with"]
