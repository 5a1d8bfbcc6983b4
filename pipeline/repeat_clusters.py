"""Pseudo-sites in a big group: lines repeated within the pages that share a block of furniture.

Pages that name no site form one group for the run (`stages.group_key`), where a lone line must
be on sqrt(pages) / 3 pages to count (14 of 1,500). A promo that one redesign of one site puts
under its articles recurs on that era's pages only (10 of them, say), and its neighbours are
article text, so neither that count nor the pair rule learns it. But those pages share other
furniture: a block of two adjacent lines (the era's footer) on CLUSTER_MIN_PAGES pages or more
marks them as one site's pages, a cluster. On the pages of a cluster (those carrying its anchor
pair), a line counts as repeated if it is on needed_pages(cluster pages) of them: the count the
site's own group would ask of it, had the pages URLs. Only there: a "Tweet" line on 3 of one
era's 10 pages is that site's furniture, not the text of the run's other pages. A line spread at
random over a big cluster is not learnt (a cluster of a quarter of the group sees a quarter of its
pages but needs half the group's count). A lone line is no anchor: a menu word ("Food") is on
pages of many sites, which share nothing else; and HTML pages, counted without pairs, get none.

A second map-reduce over the pages, after the line counts are known (the first one's pruned
result is each worker's state): the map lists, per page, (anchor, line) for the page's candidate
lines (on at least MIN_REPEAT_PAGES but under the group's count) and its ANCHORS_PER_PAGE most
specific anchors (the fewest pages first: one era's footer before the menu of every era); the
reduce counts them like lines (`RepeatStats`: lossy counting, syndicated copies once per batch);
the finalize keeps, per line, the anchors it is repeated with (`RepeatStats.promoted`). It runs
only for groups over 81 pages (before that a lone line needs MIN_REPEAT_PAGES anyway), so small
runs read their pages no more often than before.
"""

from __future__ import annotations

import heapq
from itertools import pairwise

from pipeline.config import Config
from pipeline.engine import WORKER_STATE
from pipeline.read import FailedInput
from pipeline.repeat_scan import page_lines
from pipeline.repeats import MIN_REPEAT_PAGES, RepeatStats, folded_lines, needed_pages, pair_of
from pipeline.schema import RawDocument
from pipeline.stages import group_key

# An anchor is on at least this many pages: three near-identical copies of one article that the
# fingerprint did not merge share their own lines, and must not make a cluster that takes their
# text for furniture. A redesign era of a site with URLs is learnt from 3 pages; here from 8.
CLUSTER_MIN_PAGES = 8
# The most specific anchors of a page that count, which bounds the pairs counted per page.
ANCHORS_PER_PAGE = 4
# Between the anchor's key and the line's in a counted key ("\x1e" is whitespace to str.split,
# so no folded line holds one; a pair's key starts with "\x1f").
_CO = "\x1e"


def clustered(stats: RepeatStats) -> bool:
    """Whether the group is big enough for a lone line to need more than MIN_REPEAT_PAGES."""
    return stats.min_pages() > MIN_REPEAT_PAGES


def cluster_keys(seq: list[str], pairs: bool, stats: RepeatStats) -> set[str]:
    """(anchor, candidate line) keys of one page (its `folded_lines`), given its group's counts."""
    counts, need = stats.line_pages, stats.min_pages()
    cands = {k for k in seq if k and MIN_REPEAT_PAGES <= counts.get(k, 0) < need}
    if not cands:
        return set()
    anchors: set[tuple[int, str, tuple[str, ...]]] = set()
    if pairs:
        for a, b in pairwise(seq):
            if a and b:
                pair = pair_of(a, b)
                n = counts.get(pair, 0)
                if n >= CLUSTER_MIN_PAGES:
                    anchors.add((n, pair, (a, b)))
    # Sorted by count, then key: the same choice in any process, whatever the hash seed.
    chosen = heapq.nsmallest(ANCHORS_PER_PAGE, anchors)
    return {f"{anchor}{_CO}{line}" for _, anchor, members in chosen
            for line in cands if line not in members}


def cluster_batch(batch: list[RawDocument | FailedInput]) -> dict[str, RepeatStats]:
    """Map: count (anchor, line) keys per group, against the first scan's counts (the state).

    Only pages with a candidate line are counted (the others add nothing), and near-identical
    copies once per batch by the fingerprint of their lines, as in the first scan."""
    config: Config = WORKER_STATE["config"]
    repeats: dict[str, RepeatStats] = WORKER_STATE["repeats"]
    out: dict[str, RepeatStats] = {}
    for item in batch:
        if not isinstance(item, RawDocument) or len(item.data) > config.limits.max_page_bytes:
            continue
        group = group_key(item)
        stats = repeats.get(group)
        if stats is None or not clustered(stats):
            continue
        lines, pairs = page_lines(item)
        seq = folded_lines(lines)
        counted = cluster_keys(seq, pairs, stats)
        if counted:
            out.setdefault(group, RepeatStats()).add_page({k for k in seq if k}, counted)
    return out


def promote(stats: dict[str, RepeatStats], co: dict[str, RepeatStats]) -> dict[str, RepeatStats]:
    """Finalize: each group's stats with the lines repeated within one of its clusters."""
    out = dict(stats)
    for group, counted in co.items():
        mine = stats.get(group)
        if mine is None:
            continue
        promoted: dict[str, set[str]] = {}
        for key, together in counted.line_pages.items():
            anchor, _, line = key.partition(_CO)
            if together >= needed_pages(mine.line_pages.get(anchor, 0)):
                promoted.setdefault(line, set()).add(anchor)
        out[group] = RepeatStats(mine.pages, mine.line_pages, promoted={
            line: frozenset(anchors) for line, anchors in promoted.items()})
    return out
