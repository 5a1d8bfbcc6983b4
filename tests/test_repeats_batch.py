"""Cross-page repeats in a mixed batch, through the real runner.

One folder (no URLs, so the folder is the repeat group) holds 32 pages of one site across four
redesigns (each era has its own prose-like furniture, shared lines span all eras), 12 pages of a
second site, and 150 single pages of other sites. The site's furniture must be gone from its
bodies, every article paragraph must survive, and singletons must keep their own text.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.config import Config
from pipeline.repeats import MIN_REPEAT_PAGES, RepeatStats, page_line_keys
from pipeline.runner import run

_WORDS = (
    "council", "budget", "river", "school", "harbour", "market", "winter", "railway", "hospital",
    "museum", "festival", "farmers", "library", "bridge", "election", "storm", "village",
    "engineers", "teachers", "water", "housing", "court", "program", "season", "report", "mayor",
    "factory", "forest", "island", "station", "tourists", "students",
)
_LINKS = ("the", "of", "and", "in", "to", "for", "with", "on", "after", "that")

# Prose-like furniture, the kind a line model alone keeps: it reads like a sentence.
SHARED = [
    "The Valley Courier is published every morning by Valley Media, an independent company.",
    "Subscribers get unlimited access to our reporting, the daily puzzle and the full archive.",
]
ERAS = [
    ["Our newsroom has covered the valley since 1901 and answers to its readers alone."],
    ["Sign up to our morning briefing and get the five stories you need before work."],
    ["We rely on readers like you to fund local journalism in the valley and beyond it."],
    ["Tell us what you think of our new design: the feedback form is open all week."],
]
OTHER_SITE = ["Harbour Weekly is printed on recycled paper and delivered on every Friday."]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) if i % 2 == 0 else rng.choice(_LINKS) for i in range(13)]
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, n: int = 5) -> list[str]:
    return [" ".join(_sentence(rng) for _ in range(4)) for _ in range(n)]


def _page(rng: random.Random, head: list[str], body: list[str], foot: list[str]) -> str:
    return "\n\n".join(["Home", "News", "Sport", *head, "A headline about the " +
                        rng.choice(_WORDS), *body, *foot]) + "\n"


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    rng = random.Random(7)
    raw = tmp_path_factory.mktemp("raw")
    bodies: dict[str, list[str]] = {}
    for i in range(32):
        era = ERAS[i // 8]
        body = _paragraphs(rng)
        bodies[f"site_a_{i:02d}.txt"] = body
        text = _page(rng, [SHARED[0], *era], body, [SHARED[1]])
        (raw / f"site_a_{i:02d}.txt").write_text(text, encoding="utf-8")
    for i in range(12):
        body = _paragraphs(rng)
        bodies[f"site_b_{i:02d}.txt"] = body
        (raw / f"site_b_{i:02d}.txt").write_text(_page(rng, [], body, OTHER_SITE), encoding="utf-8")
    for i in range(150):
        body = _paragraphs(rng, 3)
        bodies[f"single_{i:03d}.txt"] = body
        (raw / f"single_{i:03d}.txt").write_text(_page(rng, [], body, []), encoding="utf-8")
    return raw, bodies


@pytest.fixture(scope="module")
def articles(batch: tuple[Path, dict[str, list[str]]],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    raw, _ = batch
    out = tmp_path_factory.mktemp("out")
    run(Config(input_dir=raw, output_dir=out, workers=1))
    rows = ds.dataset(out / "articles", format="parquet").to_table().to_pylist()
    return {str(r["source_path"]): r for r in rows}


def test_every_page_is_written(batch: tuple[Path, dict[str, list[str]]],
                               articles: dict[str, dict[str, object]]) -> None:
    assert set(articles) == set(batch[1])


def test_site_furniture_is_removed(articles: dict[str, dict[str, object]]) -> None:
    furniture = SHARED + [line for era in ERAS for line in era] + OTHER_SITE
    for name, row in articles.items():
        body = str(row["body"])
        for line in furniture:
            assert line not in body, (name, line)


def test_article_paragraphs_survive(batch: tuple[Path, dict[str, list[str]]],
                                   articles: dict[str, dict[str, object]]) -> None:
    for name, paragraphs in batch[1].items():
        body = str(articles[name]["body"])
        for para in paragraphs:
            assert para in body, name


def test_a_redesign_era_counts_in_a_big_mixed_group() -> None:
    # 8 pages of 194 (4%): under any 5% share rule, but a site's own furniture all the same.
    stats = RepeatStats()
    rng = random.Random(1)
    for i in range(194):
        lines = [_sentence(rng) for _ in range(5)]
        if i < 8:
            lines.append(ERAS[0][0])
        stats.add_page(page_line_keys("\n".join(lines)))
    assert stats.pages == 194
    assert stats.is_repeated(ERAS[0][0])
    assert not stats.is_repeated(_sentence(rng))


@pytest.mark.parametrize(("pages", "needed"), [(10, 3), (81, 3), (500, 8), (2000, 15)])
def test_needed_pages_grow_slowly(pages: int, needed: int) -> None:
    stats = RepeatStats(pages=pages)
    assert stats.min_pages() == needed >= MIN_REPEAT_PAGES
