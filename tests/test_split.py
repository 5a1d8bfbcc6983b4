"""split: title, section, byline, authors and captions of the page head."""

from __future__ import annotations

import pytest

from pipeline.segment import segment
from pipeline.split import find_head, is_name, parse_byline, split_authors, url_words


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("by Jane Doe and John Smith", "Jane Doe and John Smith"),
        ("By Jane Doe | Staff Writer", "Jane Doe"),
        ("By Jane Doe, Senior Editor", "Jane Doe"),
        ("By Jane Doe March 3, 2020 at 5:00 pm", "Jane Doe"),
        ("Written by Jane Doe", "Jane Doe"),
        # The outlet after "for" is not part of the name, whichever outlet it is.
        ("By Jane Doe for Example Wire", "Jane Doe"),
        ("By JANE DOE for XYZ", "JANE DOE"),
        ("By Jane Doe for the Daily Example", "Jane Doe"),
        ("By Jane Doe example.com Contributor", "Jane Doe"),
        ("By Jane Doe, a deputy editor and author of our newsletter. She has covered the city "
         "council for over a decade at two papers and writes about buses.", "Jane Doe"),
        ("Author: Jane Doe", "Jane Doe"),
        ("Von Hans Müller", "Hans Müller"),
        ("Par Jean Dupont", "Jean Dupont"),
        ("Por María García", "María García"),
        ("on March 10, 2015 by Jane Doe", "Jane Doe"),
        ("By the way, this is prose and not a byline at all.", None),
        ("By continuing you accept our cookies", None),
        ("BY TMZ STAFF", None),
        ("Jane Doe", None),
        ("2017-03-10 09:58:03来源：某某网作者：责任编辑：王小明", "王小明"),
        ("[责任编辑:王小明]", "王小明"),
        ("文：我们的国家很大", None),
    ],
)
def test_parse_byline(line: str, expected: str | None) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ("Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe, John Smith & Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("Hans Müller und Eva Schmid", ["Hans Müller", "Eva Schmid"]),
    ],
)
def test_split_authors(byline: str, authors: list[str]) -> None:
    assert split_authors(byline) == authors


@pytest.mark.parametrize(
    ("text", "ok"),
    [("Jane Doe", True), ("Ludwig van Beethoven", True), ("Older Article", False),
     ("Share on Facebook", False), ("March 2020", False), ("jane doe", False)],
)
def test_is_name(text: str, ok: bool) -> None:
    assert is_name(text) is ok


BODY = "The council voted on Tuesday to expand the bus network across the city."


def test_glued_breadcrumb_gives_section_and_title() -> None:
    lines = segment(
        "World NewsCity Council Expands Bus Network\n\nCity Council Expands Bus Network\n\n"
        "A bus at the depot\n\nBy Jane Doe\n\n" + BODY
    )
    head = find_head(lines, 4, {"council", "bus", "network"})
    assert head.title == "City Council Expands Bus Network"
    assert head.section == "World News"
    assert head.byline == "Jane Doe" and head.authors == ["Jane Doe"]
    assert head.captions == ["A bus at the depot"]


def test_headline_found_above_byline_and_date() -> None:
    lines = segment(
        "Home\nSports\nWeather\n\nCouncil expands the city bus network\n\nJane Doe\n"
        "March 3, 2020\n\n" + BODY
    )
    head = find_head(lines, 6, {"council", "bus", "network", "city"})
    assert head.title == "Council expands the city bus network"
    assert head.byline == "Jane Doe"
    assert head.captions == []


def test_pipe_section_prefix() -> None:
    lines = segment("DealBook|Council Expands the Bus Network\n\n" + BODY)
    head = find_head(lines, 1, {"council", "bus", "network"})
    assert (head.section, head.title) == ("DealBook", "Council Expands the Bus Network")


def test_no_head_no_byline() -> None:
    head = find_head(segment(BODY), 0, set())
    assert head.byline is None and head.authors == []


def test_headline_preferred_over_a_subheading_below_prose() -> None:
    # Date, tag, headline, subtitle, paragraphs, then a subheading inside the article: the
    # subheading sits under running prose, which a headline never does.
    para = BODY.split("\n")[0]
    lines = segment(
        "About\n\n21 September 2020\n\nSQL\n\nCouncil Expands the City Bus Network\n\n"
        "Four New Routes Reach the Suburbs\n\n" + para + "\n\nCan the city bus network cope?\n\n"
        + para
    )
    head = find_head(lines, 5, {"council", "bus", "network", "city"})
    assert head.title == "Council Expands the City Bus Network"


@pytest.mark.parametrize(
    "line",
    ["2 │ -0.757033 │ t │ f │ f", "WITH series AS ( SELECT council",
     "The council bus in Paris Benoit Tessier/Reuters", "Home > City News > Article",
     '^ "The City Bus Network (2006)"'],
)
def test_table_rows_code_and_photo_credits_are_not_titles(line: str) -> None:
    # The bad line sits closer to the body than the headline and is printed twice.
    lines = segment(f"Council Expands the City Bus Network\n\n{line}\n\n{line}\n\n" + BODY)
    head = find_head(lines, 3, {"council", "bus", "network", "city"})
    assert head.title == "Council Expands the City Bus Network"


@pytest.mark.parametrize(
    "meta", ["Jane Doe on Mar 2714 min", "Jane Doe před 2 hodinami", "Jane Doe 3 hours ago"],
)
def test_name_with_a_relative_or_short_date_is_the_byline(meta: str) -> None:
    lines = segment("Council Expands the City Bus Network\n\n" + meta + "\n\n" + BODY)
    head = find_head(lines, 2, {"council", "bus", "network", "city"})
    assert head.byline == "Jane Doe"


def test_several_authors_are_given_as_a_list() -> None:
    lines = segment("Council Expands the City Bus Network\n\nBy Jane Doe and John Smith\n\n" + BODY)
    head = find_head(lines, 2, {"council", "bus", "network", "city"})
    assert head.authors == ["Jane Doe", "John Smith"]
    assert head.byline == "Jane Doe, John Smith"


CITY_BUS = {"council", "bus", "network", "city"}
_TEASERS = "\n\n".join(f"Teaser headline number {n} about another story" for n in range(12))


@pytest.mark.parametrize(
    ("head_text", "body_start", "words", "byline"),
    [
        pytest.param("Council Expands the City Bus Network\n\nCity Desk\n\nBy JANE DOE JULY 29, 2016",
                     3, CITY_BUS, "JANE DOE", id="explicit byline beats a name-shaped column name"),
        pytest.param("Council Expands the City Bus Network\n\nJane Doe\n\n1:39 PM ET ",
                     2, CITY_BUS, "Jane Doe", id="bare name above a paragraph opening with the time"),
        pytest.param("Jane Doe Wins the City Council Seat\n\nJane Doe\n\nMarch 3, 2020\n\n",
                     3, {"council", "seat", "city"}, None,
                     id="a bare name from the headline is its subject, not the author"),
        pytest.param("Council Expands the City Bus Network\n\nJane Doe Jane Doe\n9/11/13 10:00AM\n\n",
                     3, CITY_BUS, "Jane Doe", id="a name printed twice on the byline line is given once"),
        pytest.param("Council Expands the City Bus Network\n\n" + _TEASERS
                     + "\n\nJane Doe\n9/11/13 10:00AM\nFiled to: buses\n\n158\n\n52\n\n",
                     18, CITY_BUS, "Jane Doe", id="counts between byline and body do not hide the byline"),
    ],
)
def test_byline_in_the_head(head_text: str, body_start: int, words: set[str], byline: str | None) -> None:
    lines = segment(head_text + ("" if head_text.endswith((" ", "\n")) else "\n\n") + BODY)
    assert find_head(lines, body_start, words).byline == byline


@pytest.mark.parametrize(
    ("url", "words"),
    [("https://example.com/2015/03/council-expands-bus-network/", {"council", "expands", "bus", "network"}),
     ("https://en.example.org/wiki/New_Zealand", {"new", "zealand"}),
     ("https://example.com/story/fb39f4f701bb-1284029577.html", set()),
     ("https://example.com/", set()), (None, set())],
)
def test_url_words(url: str | None, words: set[str]) -> None:
    assert url_words(url) == words


def test_url_slug_picks_the_headline_among_subheadings() -> None:
    # A table of contents of heading-shaped lines right above the body, the headline further up.
    lines = segment("Council Expands the City Bus Network\n\nThe Lead of the Story Is Here Now\n\n"
                    "Routes Reach the Suburbs\n\nNew Depots for Buses\n\n" + BODY)
    words = {"routes", "reach", "suburbs", "new", "depots", "buses"}
    assert find_head(lines, 4, words).title != "Council Expands the City Bus Network"
    head = find_head(lines, 4, words, url="https://example.com/news/council-expands-city-bus-network-123")
    assert head.title == "Council Expands the City Bus Network"


def test_name_and_date_right_above_the_body_far_below_the_headline() -> None:
    teasers = "\n\n".join(f"Teaser headline number {n} about another story" for n in range(12))
    lines = segment("Council Expands the City Bus Network\n\n" + teasers
                    + "\n\nJane Doe\n9/11/13 10:00AM\n\n" + BODY)
    head = find_head(lines, 15, {"council", "bus", "network", "city"})
    assert head.title == "Council Expands the City Bus Network"
    assert head.byline == "Jane Doe"


def test_name_under_about_the_author_is_the_byline() -> None:
    lines = segment("Council Expands the City Bus Network\n\n" + "\n\n".join([BODY] * 6)
                    + "\n\nAbout the Author\n\nJane Doe\n\nJane Doe writes about transport.")
    head = find_head(lines, 1, {"council", "bus", "network", "city"})
    assert head.byline == "Jane Doe"
    assert head.captions == []


def test_url_slug_finds_the_headline_far_above_the_body() -> None:
    # A video player's hundred lines of settings between the headline and the article.
    player = "\n".join(f"Player setting {n}" for n in range(100))
    lines = segment("Council Expands the City Bus Network\n\n" + player + "\n\nNow watching\n\n"
                    "Pizza Delivery Reaches the Suburbs Today\n\n" + BODY)
    url = "https://example.com/council-expands-city-bus-network-175203890.html"
    head = find_head(lines, len(lines) - 1, {"council", "bus", "network", "city"}, url=url)
    assert head.title == "Council Expands the City Bus Network"


def test_headline_with_a_kicker_beats_its_second_part_printed_alone() -> None:
    lines = segment("Home\n\nCouncil Plan: Better Bus Network\n\nShare on Twitter\n\n"
                    "Council Plan:\n\nBetter Bus Network\n\n" + BODY)
    head = find_head(lines, 5, {"council", "plan", "better", "bus", "network"})
    assert head.title == "Council Plan: Better Bus Network"


def test_a_formula_is_not_the_headline() -> None:
    lines = segment("Hermitian matrix\n\nFrom the free encyclopedia\n\nA Hermitian ⟺ a i j = a j i\n\n"
                    "In mathematics, a Hermitian matrix is a complex square matrix equal to its own "
                    "conjugate transpose.")
    head = find_head(lines, 3, {"hermitian", "matrix", "mathematics"})
    assert head.title == "Hermitian matrix"


def test_byline_far_above_the_body_brings_its_headline() -> None:
    # A video player's settings between the article head and the first paragraph, no URL.
    player = "\n".join(f"Player setting {n}" for n in range(60))
    lines = segment("Home\n\nCouncil Expands the City Bus Network\n\nBy Jane Doe March 3, 2020\n\n"
                    + player + "\n\nPizza Delivery Reaches the Suburbs Today\n\n" + BODY)
    head = find_head(lines, len(lines) - 1, {"council", "bus", "network", "city"})
    assert head.title == "Council Expands the City Bus Network"
    assert head.byline == "Jane Doe"


def test_outlet_printed_after_the_byline_is_not_the_headline() -> None:
    # The site's name above the headline and glued to the end of the byline line.
    lines = segment("Morning City Network\n\nCouncil Expands the Bus Lanes Downtown\n\n"
                    "By JANE DOE March 3, 2020 Morning City Network\n\n" + BODY)
    head = find_head(lines, 3, {"council", "bus", "network", "city"})
    assert head.title == "Council Expands the Bus Lanes Downtown"


@pytest.mark.parametrize("menu", ["City Bus Network ▾", "City Bus NetworkCity Bus Network"])
def test_menu_toggles_and_doubled_logos_are_not_titles(menu: str) -> None:
    lines = segment(f"{menu}\n\nCouncil to expand the buses\n\n" + BODY)
    head = find_head(lines, 2, {"council", "bus", "network", "city"})
    assert head.title == "Council to expand the buses"


def test_two_word_headline_printed_twice_beats_the_site_tagline() -> None:
    lines = segment("New Zealand\n\nFrom Example, the free encyclopedia\n\nJump to search\n\n"
                    + BODY + "\n\nCountry in Oceania\n\nNew Zealand\n\n" + BODY)
    head = find_head(lines, 3, {"new", "zealand", "free", "encyclopedia", "council", "city"})
    assert head.title == "New Zealand"


def test_author_block_above_the_headline() -> None:
    lines = segment("Sign in\n\nJane Doe\n\n14 min read\n\nNext story\n\n"
                    "Council Expands the City Bus Network\n\nShare on Twitter\n\n" + BODY)
    head = find_head(lines, 6, {"council", "bus", "network", "city"})
    assert head.title == "Council Expands the City Bus Network"
    assert head.byline == "Jane Doe"


def test_a_name_above_the_headline_without_a_date_is_no_byline() -> None:
    lines = segment("Sign in\n\nJane Doe\n\nNext story\n\n"
                    "Council Expands the City Bus Network\n\nShare on Twitter\n\n" + BODY)
    assert find_head(lines, 5, {"council", "bus", "network", "city"}).byline is None
