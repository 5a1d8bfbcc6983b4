"""Cross-document boilerplate: lines that repeat across many pages of one site (or one batch).

Map: `block_keys(lines)` gives the set of folded lines of one page and of its pairs of adjacent
lines (`page_line_keys(text)` the lines alone). Reduce: `RepeatStats.merge`.
The runner (or a Dask cluster) computes one `RepeatStats` per group (the page's site when known)
before extraction; extractors then treat a line seen on many distinct pages as boilerplate.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from pipeline.lexicon import LIST_MARKER, LIST_MARKER_FIRST

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


@lru_cache(maxsize=256)  # asked for every line of every page, with a few group sizes per run
def needed_pages(pages: int) -> int:
    """Distinct pages a lone line must be on in a group (or cluster) of `pages` pages."""
    return max(MIN_REPEAT_PAGES, math.ceil(REPEAT_SQRT_FACTOR * math.sqrt(pages)))


def line_key(line: str) -> str:
    """Fold a line for counting: collapse whitespace, casefold, drop a leading list marker."""
    # split/join is the same as collapsing r"\s+" and stripping (both use str.isspace), and
    # several times faster than a regex substitution on long lines.
    return _fold_collapsed(" ".join(line.split()))


def _fold_collapsed(collapsed: str) -> str:
    """`line_key` of a line whose whitespace is already collapsed."""
    key = collapsed.casefold()
    # The list marker `segment` takes off a line ("• Home" in w3m is the text path's "Home"), so
    # that the raw lines counted here and the lines the text path asks about fold alike: without
    # it, 41% of the short lines of the dev pages' w3m renderings were never found in the counts.
    if key and key[0] in LIST_MARKER_FIRST:
        key = LIST_MARKER.sub("", key, count=1)
    return key


# Longer lines are prose, not boilerplate: not counted.
MAX_KEY_CHARS = 300
# A collapsed line longer than this has a key longer than MAX_KEY_CHARS: casefolding never
# shortens a text, and the list marker `line_key` takes off is at most two characters ("• ").
_MAX_COLLAPSED_CHARS = MAX_KEY_CHARS + 2
# Deleted from a line's UTF-8 to count its ASCII characters that are not whitespace.
_NOT_ASCII_TEXT = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" + bytes(range(0x80, 0x100))


def too_long_to_count(line: str) -> bool:
    """Whether the key of `line` is surely longer than MAX_KEY_CHARS, without folding it (a
    paragraph of prose: most of a page's text). Every ASCII character that is not whitespace
    stays one character of the key, but for a list marker's; one C pass counts them.
    """
    return len(line) > _MAX_COLLAPSED_CHARS \
        and len(line.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_TEXT)) > _MAX_COLLAPSED_CHARS


def count_key(line: str) -> str | None:
    """`line_key(line)`, or None for a line too long to count (never counted, nor its pairs)."""
    return None if too_long_to_count(line) else line_key(line)


def count_keys(lines: Iterable[str]) -> list[str | None]:
    """`count_key` of each line: what `RepeatStats.repeated_at` reads, folded once per page."""
    return [None if too_long_to_count(line) else line_key(line) for line in lines]


def line_set(lines: Iterable[str]) -> set[str]:
    """The distinct folded lines among `lines`, long ones left out."""
    keys = set()
    for raw in lines:
        key = line_key(raw)
        if key and len(key) <= MAX_KEY_CHARS:
            keys.add(key)
    return keys


def page_line_keys(text: str) -> set[str]:
    """The distinct folded lines of one page, one per line of `text`."""
    return line_set(text.splitlines())


# A site's furniture comes in blocks (a menu, a footer, a promo under the article), so a line of
# it stands next to the same line on the site's other pages; a line of article text that recurs
# by chance ("Background") has other neighbours each time. Pairs of adjacent lines are counted
# too, and a line whose pair with a neighbour is on MIN_REPEAT_PAGES pages is repeated however
# big its group: in one run over thousands of pages without URLs, where a single line needs
# sqrt(pages) / 3 of them, a redesign's menu on a dozen pages of one site is still learnt.
# A pair is counted under a CRC-32 of the two lines (9 characters, "\x1f" first: a folded line
# has none), not the two lines themselves, which would make a big group's table about three times
# as large. A false match needs a clash with one of the few pairs on 3 pages or more.
_PAIR = "\x1f"


def pair_of(a: str, b: str) -> str:
    """The table key of folded line `a` followed by folded line `b`."""
    return f"{_PAIR}{zlib.crc32(f'{a}{_PAIR}{b}'.encode()):08x}"


def pair_key(first: str, second: str) -> str:
    """The table key of line `first` followed by line `second`."""
    return pair_of(line_key(first), line_key(second))


def folded_lines(lines: Iterable[str]) -> list[str]:
    """The lines' keys in order: blank lines (and lines that fold to nothing) left out, "" for a
    line too long to count, which breaks the pairs around it."""
    seq: list[str] = []
    for raw in lines:
        if not raw or raw.isspace():
            continue  # a blank line: its key is empty (half the lines of a page)
        if too_long_to_count(raw):
            seq.append("")  # a paragraph of prose: its key is too long, no need to fold it
            continue
        collapsed = " ".join(raw.split())
        if len(collapsed) > _MAX_COLLAPSED_CHARS:
            seq.append("")  # a paragraph of prose: its key is too long, no need to fold it
            continue
        key = _fold_collapsed(collapsed)
        if key:
            seq.append(key if len(key) <= MAX_KEY_CHARS else "")
    return seq


def block_keys(lines: Iterable[str]) -> set[str]:
    """`line_set(lines)` and the pairs of adjacent lines among them (blank lines skipped)."""
    seq = folded_lines(lines)
    keys = {key for key in seq if key}
    keys.update(pair_of(a, b) for a, b in pairwise(seq) if a and b)
    return keys


def page_fingerprint(keys: set[str]) -> str:
    """Identify near-identical pages so that syndicated copies of one article count once."""
    # Ties in length are broken by the text: a set's order changes with the interpreter's hash
    # seed, so ties broken by it gave each process (worker, Dask task) its own fingerprints.
    longest = sorted(keys, key=lambda k: (-len(k), k))[:5]
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
    # Lines under the group's count that are repeated within a cluster of its pages, with the
    # anchors (pair keys) of those clusters (set once the scan is done: `repeat_clusters`).
    promoted: dict[str, frozenset[str]] = field(default_factory=dict)

    def add_page(self, keys: set[str], counted: set[str] | None = None) -> None:
        """Count a page with folded lines `keys` (or count `counted` instead, for such a page)."""
        fp = page_fingerprint(keys)
        if fp in self.fingerprints:
            return
        self.fingerprints.add(fp)
        self._count(keys if counted is None else counted, 1, {})

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
        return needed_pages(self.pages)

    def anchors_of(self, lines: Iterable[str]) -> set[str]:
        """The page's pairs of adjacent lines that may anchor a cluster (see `is_repeated`)."""
        if not self.promoted:
            return set()
        return self.anchors_in(count_keys(list(lines)))

    def anchors_in(self, keys: Sequence[str | None]) -> set[str]:
        """`anchors_of` the lines whose `count_keys` are `keys` (no line folded again)."""
        if not self.promoted:
            return set()
        # The sequence `folded_lines` makes: a line too long to count breaks the pairs around
        # it, one that folds to nothing is left out (a key over MAX_KEY_CHARS is too long too).
        seq = ["" if key is None or len(key) > MAX_KEY_CHARS else key for key in keys if key != ""]
        counts = self.line_pages
        return {k for a, b in pairwise(seq) if a and b and (k := pair_of(a, b)) in counts}

    def is_repeated(self, line: str, before: str | None = None, after: str | None = None,
                    anchors: set[str] | None = None) -> bool:
        """On enough of the group's pages, or next to the same neighbour on MIN_REPEAT_PAGES
        of them (`before` / `after`: the lines around it, in the order the scan saw them), or
        on enough pages of a cluster whose anchor is among this page's `anchors`."""
        if too_long_to_count(line):
            return False  # never counted
        keys = [None if before is None else count_key(before), line_key(line),
                None if after is None else count_key(after)]
        return self.repeated_at(keys, 1, anchors)

    def repeated_at(self, keys: Sequence[str | None], i: int, anchors: set[str] | None = None) -> bool:
        """`is_repeated` of line i of a page whose lines' `count_keys` are `keys`, with lines
        i - 1 and i + 1 as its neighbours: each line of the page is folded once, not once for
        itself and again for each pair it is in."""
        key = keys[i]
        if key is None:
            return False  # never counted
        counts = self.line_pages
        count = counts.get(key, 0)
        if count < MIN_REPEAT_PAGES:
            return False
        if count >= self.min_pages():
            return True
        # Only on the cluster's own pages: a line that is furniture of one site's era (a
        # "Tweet" button on its pages) stays text on the run's other pages.
        if anchors and key in self.promoted and not self.promoted[key].isdisjoint(anchors):
            return True
        # A pair with a line too long to count was never counted either.
        before = keys[i - 1] if i else None
        after = keys[i + 1] if i + 1 < len(keys) else None
        return (before is not None and counts.get(pair_of(before, key), 0) >= MIN_REPEAT_PAGES) \
            or (after is not None and counts.get(pair_of(key, after), 0) >= MIN_REPEAT_PAGES)

    def prune(self) -> RepeatStats:
        """Keep only lines that can ever count as repeated (small to ship to workers)."""
        kept = Counter({k: v for k, v in self.line_pages.items() if v >= MIN_REPEAT_PAGES})
        return RepeatStats(self.pages, kept, promoted=self.promoted)
