"""Lines repeated within a cluster of a big group's pages (pipeline.repeat_clusters)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from pipeline.repeat_clusters import cluster_keys, clustered, promote
from pipeline.repeats import RepeatStats, block_keys, folded_lines

_WORDS = ("council", "budget", "river", "school", "harbour", "market", "winter", "railway",
          "museum", "festival", "library", "bridge", "storm", "village", "court", "season")

FOOTER = ["© 2019 The Example Post. All rights reserved.", "About the Example Post", "Contact our desk"]
PROMO = "Support the Example Post: readers fund our reporting on the valley, so please subscribe."
BROAD = ["Share this article", "Email"]  # generic furniture of many sites: a 300-page cluster
CHANCE = "Background"
CHANCE_PAGES = {4, 104, 204, 9, 109, 209, 309, 409, 509, 609, 709}  # 3 of 11 with BROAD, as chance gives
COPY = ["What happened", "Who was there", "What comes next", "How we reported this"]


def _para(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(12)).capitalize() + "."


def corpus() -> list[list[str]]:
    """1,213 pages of one group (a lone line needs 12): a site's era of 10 pages with a footer
    block and a promo between paragraphs, a chance heading on 10 pages, 3 copies of one article."""
    rng = random.Random(5)
    pages = []
    for n in range(1200):
        lines = [f"Headline {n} {rng.random():.9f}", _para(rng), _para(rng), _para(rng)]
        if n % 4 == 0:
            lines.extend(BROAD)
        if n in CHANCE_PAGES:
            lines.insert(2, CHANCE)
        pages.append(lines)
    for n in range(10):
        pages.append([f"Site story {n} {rng.random():.9f}", _para(rng), PROMO, _para(rng), *FOOTER])
    for n in range(3):  # not merged by the fingerprint: each copy has its own long lines
        own = [f"{_para(rng)} {_para(rng)} copy {n}" for _ in range(5)]
        pages.append([own[0], COPY[0], own[1], COPY[1], own[2], *COPY[2:], *own[3:], *BROAD])
    return pages


def scan(pages: list[list[str]], batch: int, reverse: bool = False) -> dict[str, RepeatStats]:
    """Both passes as the runner does them, folding batch partials (optionally last first)."""
    def fold(parts: list[RepeatStats]) -> RepeatStats:
        acc = RepeatStats()
        for part in reversed(parts) if reverse else parts:
            acc.absorb(part)
        return acc

    def parts(counted: RepeatStats | None) -> list[RepeatStats]:
        out = []
        for start in range(0, len(pages), batch):
            part = RepeatStats()
            for lines in pages[start:start + batch]:
                if counted is None:
                    part.add_page(block_keys(lines))
                elif keys := cluster_keys(folded_lines(lines), True, counted):
                    part.add_page(set(folded_lines(lines)), keys)
            out.append(part)
        return out

    first = fold(parts(None)).prune()
    return promote({"g": first}, {"g": fold(parts(first))})


def test_a_promo_of_one_era_is_learnt_a_chance_heading_and_copies_are_not() -> None:
    pages = corpus()
    stats = scan(pages, 100)["g"]
    assert clustered(stats) and stats.min_pages() == 12
    assert stats.line_pages[PROMO.casefold()] == 10 and stats.line_pages[CHANCE.casefold()] == 11
    assert not stats.is_repeated(PROMO)  # 10 pages of the group's 12, and other neighbours
    site, broad, copy = (stats.anchors_of(pages[i]) for i in (1200, 4, 1212))
    assert broad and broad <= copy  # page 4: BROAD and CHANCE; the copies: BROAD, their own
    # Among its era's 10 pages (needed: 3), on the pages that carry the era's footer.
    assert stats.is_repeated(PROMO, anchors=site)
    assert not stats.is_repeated(PROMO, anchors=broad)  # a page of another cluster keeps it
    assert not stats.is_repeated(CHANCE, anchors=broad)  # 3 of the 300 BROAD pages: needs 6
    assert all(stats.line_pages[c.casefold()] == 3 and not stats.is_repeated(c, anchors=copy)
               for c in COPY)


def test_promotion_does_not_depend_on_batches_or_their_order() -> None:
    pages = corpus()
    want = scan(pages, 100)["g"].promoted
    assert PROMO.casefold() in want
    assert scan(pages, 7)["g"].promoted == want
    assert scan(pages, 250, reverse=True)["g"].promoted == want


def test_small_groups_skip_the_second_pass() -> None:
    assert not clustered(RepeatStats(pages=81)) and clustered(RepeatStats(pages=82))


def test_promotion_does_not_depend_on_the_hash_seed() -> None:
    code = ("import sys; sys.path.insert(0, 'tests'); from test_repeat_clusters import corpus, scan;"
            "print(sorted(scan(corpus(), 100)['g'].promoted))")
    root = Path(__file__).resolve().parent.parent
    outs = {subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
                           cwd=root, capture_output=True, text=True, check=True).stdout
            for seed in ("1", "2")}
    assert len(outs) == 1
