"""Cross-page repeats in a mixed batch, through the real runner.

A batch holds 32 pages of one site across four redesigns (each era has its own prose-like
furniture, shared lines span all eras), 12 pages of a second site, and 150 single pages of other
sites, laid out three ways: one folder, one folder per page (both without URLs: the pages form
the run's one group) and JSON Lines with the site pages' URLs (a group per site). In every layout
the site's furniture must be gone from its bodies, every article paragraph must survive, and
singletons must keep their own text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.config import Config
from pipeline.repeats import MIN_REPEAT_PAGES, RepeatStats, block_keys, page_line_keys
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


# Pages are {name: (site or None, text)}; bodies {name: paragraphs}.
Pages = dict[str, tuple[str | None, str]]


@pytest.fixture(scope="module")
def pages() -> tuple[Pages, dict[str, list[str]]]:
    rng = random.Random(7)
    out: Pages = {}
    bodies: dict[str, list[str]] = {}
    for i in range(32):
        era = ERAS[i // 8]
        bodies[f"site_a_{i:02d}"] = body = _paragraphs(rng)
        out[f"site_a_{i:02d}"] = ("a.example", _page(rng, [SHARED[0], *era], body, [SHARED[1]]))
    for i in range(12):
        bodies[f"site_b_{i:02d}"] = body = _paragraphs(rng)
        out[f"site_b_{i:02d}"] = ("b.example", _page(rng, [], body, OTHER_SITE))
    for i in range(150):
        bodies[f"single_{i:03d}"] = body = _paragraphs(rng, 3)
        out[f"single_{i:03d}"] = (None, _page(rng, [], body, []))
    return out, bodies


def lay_out(pages: Pages, layout: str, raw: Path) -> None:
    """The same pages as one folder, one folder per page, or JSON Lines with the site's URLs."""
    if layout == "jsonl":
        with (raw / "batch.jsonl").open("w", encoding="utf-8") as f:
            for name, (site, text) in pages.items():
                url = f"https://{site}/{name}" if site else None
                f.write(json.dumps({"url": url, "text": text, "id": name}) + "\n")
        return
    for name, (_, text) in pages.items():
        path = raw / name / "page.txt" if layout == "per_page" else raw / f"{name}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")


def page_name(source_path: str, names: list[str]) -> str:
    """The page a row came from, in any layout (`batch.jsonl#3` is the third page)."""
    if "#" in source_path:
        return names[int(source_path.rpartition("#")[2]) - 1]
    return source_path.removesuffix("/page.txt").removesuffix(".txt")


def run_layout(pages: Pages, layout: str, tmp: Path) -> dict[str, dict[str, object]]:
    raw, out = tmp / "raw", tmp / "out"
    raw.mkdir()
    lay_out(pages, layout, raw)
    run(Config(input_dir=raw, output_dir=out, workers=1))
    rows = ds.dataset(out / "articles", format="parquet").to_table().to_pylist()
    return {page_name(str(r["source_path"]), list(pages)): r for r in rows}


@pytest.fixture(scope="module", params=["one_folder", "per_page", "jsonl"])
def articles(request: pytest.FixtureRequest, pages: tuple[Pages, dict[str, list[str]]],
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    return run_layout(pages[0], str(request.param), tmp_path_factory.mktemp(str(request.param)))


def test_every_page_is_written(pages: tuple[Pages, dict[str, list[str]]],
                               articles: dict[str, dict[str, object]]) -> None:
    assert set(articles) == set(pages[1])


def test_site_furniture_is_removed(articles: dict[str, dict[str, object]]) -> None:
    furniture = SHARED + [line for era in ERAS for line in era] + OTHER_SITE
    for name, row in articles.items():
        body = str(row["body"])
        for line in furniture:
            assert line not in body, (name, line)


def test_article_paragraphs_survive(pages: tuple[Pages, dict[str, list[str]]],
                                   articles: dict[str, dict[str, object]]) -> None:
    for name, paragraphs in pages[1].items():
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


def test_a_menu_block_counts_in_a_huge_group_a_chance_heading_does_not() -> None:
    # 2,000 pages without URLs need 15 pages for a lone line; a redesign's menu on 12 pages of
    # one site still counts, as its lines stand next to each other on every one of them, while
    # a heading that 12 unrelated articles share has other neighbours each time.
    rng = random.Random(3)
    menu = ["Home", "Local news", "Weather", "Puzzles"]
    stats = RepeatStats()
    for i in range(2000):
        lines = [_sentence(rng) for _ in range(4)]
        if i % 150 == 0:
            lines = menu + lines
        if i % 150 == 75:
            lines.insert(2, "Background")
        stats.add_page(block_keys(lines))
    assert stats.min_pages() == 15
    assert 12 <= stats.line_pages["background"] <= stats.line_pages["home"] < stats.min_pages()
    assert all(stats.is_repeated(line, before, after) for before, line, after
               in zip([None, *menu], menu, [*menu[1:], None], strict=False))
    assert not stats.is_repeated("Background", _sentence(rng), _sentence(rng))
    assert not stats.is_repeated("Home")  # without its neighbours: a lone line
