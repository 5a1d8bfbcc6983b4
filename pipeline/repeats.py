"""Cross-document boilerplate: lines that repeat across many pages of one site (or one batch).

Map: `page_line_keys(text)` gives the set of folded lines of one page. Reduce: `RepeatStats.merge`.
The runner (or a Dask cluster) computes one `RepeatStats` per group (the page's site when known)
before extraction; extractors then treat a line seen on many distinct pages as boilerplate.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

# A line must be seen on at least this many distinct pages of its group to count as repeated:
# three copies are already unlikely for a sentence of real article text, and near-duplicate
# pages (syndication) are counted once via their fingerprint (see `page_fingerprint`).
MIN_REPEAT_PAGES = 3
# In a big group the count needed grows with the square root of the group's pages, not with a
# share of them. Why not a share: a folder without URLs is one group, and one that mixes 40
# pages of a few sites with hundreds of single pages would hide a site's navigation lines that
# sit on 10-20 of its pages behind any fixed share (5% of 600 pages is 30). Why grow at all:
# in thousands of pages of one site, short article lines ("Background", "What happened next")
# recur by chance on a handful of pages. sqrt(pages) / 3 keeps 3 up to 81 pages, asks 8 at
# 500 pages, 15 at 2,000 and 34 at 10,000: chance repeats grow about linearly with the group,
# while a site's furniture is on a fixed share of that site's own pages.
REPEAT_SQRT_FACTOR = 1 / 3

def line_key(line: str) -> str:
    """Fold a line for counting: collapse whitespace, casefold."""
    # split/join is the same as collapsing r"\s+" and stripping (both use str.isspace), and
    # several times faster than a regex substitution on long lines.
    return " ".join(line.split()).casefold()


def page_line_keys(text: str, max_len: int = 300) -> set[str]:
    """The distinct folded lines of one page (long lines are prose, not boilerplate: skipped)."""
    keys = set()
    for raw in text.splitlines():
        key = line_key(raw)
        if key and len(key) <= max_len:
            keys.add(key)
    return keys


def page_fingerprint(keys: set[str]) -> str:
    """Identify near-identical pages so that syndicated copies of one article count once."""
    longest = sorted(keys, key=len, reverse=True)[:5]
    return hashlib.sha1("\n".join(sorted(longest)).encode()).hexdigest()


# Memory stays bounded in a big group (a folder of a million text pages is one group): the counts
# are kept by lossy counting (Manku and Motwani 2002) over buckets of PRUNE_PAGES pages. At the end
# of each bucket a line whose count, plus the buckets that had passed before it was first counted,
# does not exceed the buckets passed so far is forgotten. A line is then undercounted by at most
# pages / PRUNE_PAGES, and any line on more pages than that is kept. Up to PRUNE_PAGES pages a
# group is counted exactly; at 100,000 pages a line of the site's furniture (on a few percent of
# its pages, thousands) loses at most 50, while the table holds about PRUNE_PAGES pages' worth of
# lines instead of every line ever seen.
PRUNE_PAGES = 2000


@dataclass(slots=True)
class RepeatStats:
    """How many distinct pages of a group each folded line appears on (lossy past PRUNE_PAGES)."""

    pages: int = 0
    line_pages: Counter[str] = field(default_factory=Counter)
    # Near-identical pages already counted, within one batch's partial (syndicated copies).
    fingerprints: set[str] = field(default_factory=set)
    # Lossy counting: buckets completed before a line was first counted (lines absent here: 0).
    late: dict[str, int] = field(default_factory=dict)

    def add_page(self, keys: set[str]) -> None:
        fp = page_fingerprint(keys)
        if fp in self.fingerprints:
            return
        self.fingerprints.add(fp)
        self._count(keys, 1, {})

    def merge(self, other: RepeatStats) -> RepeatStats:
        """Reduce step, pure (Dask may read a partial again). A page seen in both partials by
        fingerprint is counted twice: fingerprints only dedupe within one batch."""
        out = RepeatStats(self.pages, Counter(self.line_pages), set(), dict(self.late))
        out.absorb(other)
        return out

    def absorb(self, other: RepeatStats) -> None:
        """`merge` in place: the local engine folds every batch into one accumulator it owns,
        where a fresh copy per batch would make the scan quadratic in the number of batches."""
        self._count(other.line_pages, other.pages, other.late)

    def _count(self, counts: Counter[str] | set[str], pages: int, their_late: dict[str, int]) -> None:
        """Add `counts` (a page's keys, or a partial's counts) for `pages` more pages."""
        done = self.pages // PRUNE_PAGES  # buckets completed before these pages
        if done or their_late:
            mine, late = self.line_pages, self.late
            for key in counts:
                if key not in mine:
                    first = max(done, their_late.get(key, 0))
                    if first:
                        late[key] = first
        self.line_pages.update(counts)
        self.pages += pages
        if self.pages // PRUNE_PAGES > done:
            self._forget(self.pages // PRUNE_PAGES)

    def _forget(self, buckets: int) -> None:
        late = self.late
        gone = [k for k, v in self.line_pages.items() if v + late.get(k, 0) <= buckets]
        for k in gone:
            del self.line_pages[k]
            late.pop(k, None)

    def min_pages(self) -> int:
        """Distinct pages a line must be on to count as repeated in this group (see above)."""
        return max(MIN_REPEAT_PAGES, math.ceil(REPEAT_SQRT_FACTOR * math.sqrt(self.pages)))

    def is_repeated(self, line: str) -> bool:
        count = self.line_pages.get(line_key(line), 0)
        return count >= MIN_REPEAT_PAGES and count >= self.min_pages()

    def prune(self) -> RepeatStats:
        """Keep only lines that can ever count as repeated (small to ship to workers)."""
        kept = Counter({k: v for k, v in self.line_pages.items() if v >= MIN_REPEAT_PAGES})
        return RepeatStats(self.pages, kept)
