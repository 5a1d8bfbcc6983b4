"""Run statistics for the HTML report, gathered per batch in the worker and merged in the driver.

Memory stays bounded however large the run: every field is a Counter whose key space is small
(word-count buckets, languages, extractors, reject reasons) or pruned to its heaviest keys
(sites, removed lines). Pruned counts are lower bounds; the report says so.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from pipeline.metadata import site_from_url
from pipeline.schema import Article, Extraction, RawDocument, Reject

# Lower edges of the word-count histogram buckets. Roughly logarithmic: short pages (teasers,
# stubs, failed extractions) and very long ones are what an operator looks for, so both ends
# get their own buckets.
WORD_BUCKETS = (0, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000)
NO_SITE = "(no URL)"
# Removed lines kept per batch: a batch of a few hundred pages of one site repeats the same
# menu lines, so the top few hundred (site, rule, text) keys hold nearly all the mass.
TOP_REMOVED_PER_BATCH = 300
# Driver-side caps: once a Counter grows past the cap it is cut back to its heaviest half.
MAX_REMOVED_KEYS = 20_000
MAX_SITES = 5_000
MAX_TEXT = 200  # characters of a removed line kept for the table
K = TypeVar("K")


def word_bucket(words: int) -> int:
    """Index into WORD_BUCKETS of the bucket holding `words`."""
    return max(0, bisect.bisect_right(WORD_BUCKETS, words) - 1)


def _prune(counter: Counter[K], cap: int) -> bool:
    if len(counter) <= cap:
        return False
    keep = counter.most_common(cap // 2)
    counter.clear()
    counter.update(dict(keep))
    return True


@dataclass
class ReportStats:
    """Counters behind the report's charts; `merge` is associative, so batch order is irrelevant."""

    articles: int = 0
    word_buckets: Counter[int] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    extractors: Counter[str] = field(default_factory=Counter)
    rejects: Counter[str] = field(default_factory=Counter)
    pages_per_site: Counter[str] = field(default_factory=Counter)  # pages that reached extraction
    removed_per_site: Counter[str] = field(default_factory=Counter)  # exact until pruned
    removed_lines: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (site, rule, text)
    pruned: bool = False  # some counts below are lower bounds

    # --- worker side ---------------------------------------------------------------------------

    def add_extraction(self, raw: RawDocument, ex: Extraction) -> None:
        """Hook for `process_document`: the removed lines are dropped before the Article is built."""
        site = site_from_url(raw.url or ex.url) or NO_SITE
        self.pages_per_site[site] += 1
        if not ex.removed:
            return
        self.removed_per_site[site] += len(ex.removed)
        for r in ex.removed:
            text = r.text if len(r.text) <= MAX_TEXT else r.text[: MAX_TEXT - 1] + "…"
            self.removed_lines[(site, f"{r.stage}:{r.rule}", text)] += 1

    def add_records(self, articles: list[Article], rejects: list[Reject]) -> None:
        self.articles += len(articles)
        for a in articles:
            self.word_buckets[word_bucket(a.word_count)] += 1
            self.languages[a.language or "unknown"] += 1
            self.extractors[a.extractor] += 1
        self.rejects.update(r.reason for r in rejects)

    def compact(self, top: int = TOP_REMOVED_PER_BATCH) -> ReportStats:
        """Keep only the batch's most frequent removed lines, so a BatchResult stays small."""
        if len(self.removed_lines) > top:
            self.removed_lines = Counter(dict(self.removed_lines.most_common(top)))
            self.pruned = True
        return self

    # --- driver side ---------------------------------------------------------------------------

    def merge(self, other: ReportStats) -> None:
        self.articles += other.articles
        self.word_buckets.update(other.word_buckets)
        self.languages.update(other.languages)
        self.extractors.update(other.extractors)
        self.rejects.update(other.rejects)
        self.pages_per_site.update(other.pages_per_site)
        self.removed_per_site.update(other.removed_per_site)
        self.removed_lines.update(other.removed_lines)
        pruned = _prune(self.removed_lines, MAX_REMOVED_KEYS)
        pruned |= _prune(self.pages_per_site, MAX_SITES)
        pruned |= _prune(self.removed_per_site, MAX_SITES)
        self.pruned = self.pruned or other.pruned or pruned

    def top_removed(self, n: int) -> list[tuple[str, str, str, int]]:
        """The `n` most frequent removed lines as (text, rule, site, count)."""
        return [(text, rule, site, c) for (site, rule, text), c in self.removed_lines.most_common(n)]
