"""title_shape: lines that must not become the title, and headlines that must stay titles."""

from __future__ import annotations

import pytest

from pipeline.segment import segment
from pipeline.split import find_head
from pipeline.title_shape import named_in_lead, shape_penalty

BODY = "The council voted on Tuesday to expand the bus network across the city."
WORDS = {"council", "bus", "network", "city"}
HEADLINE = "Council Expands the City Bus Network"


@pytest.mark.parametrize("line", [
    "SHOP NOW >", "Learn More", "Jetzt kaufen", "Work here!", "More stories ›",
    "Click on text in red for hypertext notes and questions",
    "Facebook Twitter LinkedIn", "Whatsapp Facebook Pint Baixar", "シェアする", "ツイート",
    "Submit to Stumbleupon (Opens in new window)", "Copy Link URLCopied!",
    "These are external links and will open in a new window",
    "Recibí por mail las noticias que impactan", "Your guide to buses delivered to your inbox daily",
    "Thank you for supporting City News",
    "CreditPhoto Illustration by Jane Doe for The City News", "Victor Doe Submitted photo",
    "Illustration for article titled The City Bus Network", "© 2002, 2003 Jane Doe",
    "Cow.prototype = { greets: function(target) {", "// cow.js", "emcc -O3 add.c -o add.wasm",
    "</mstyle> </mrow> <annotation encoding=\"application/x-tex\">",
    "Jane Doe, City News", "Bruce Y. Doe Senior Contributor", "Filed to: buses councils",
    "Related post: Council Buses Recipe", "キーワード： 検索",
])
def test_furniture_shapes_are_penalised(line: str) -> None:
    assert shape_penalty(line) < 0


@pytest.mark.parametrize("line", [
    HEADLINE, "Get your Frontend JavaScript Code Covered", "Depth of Content = Quality + Frequency",
    "Netflix subscribers grow in Europe", "Apocalypse Now", "Book Review: The Bus Network",
    "Facebook and Twitter ban political ads", "Mehr Geld für Busfahrer",
    "Outside the web: standalone WebAssembly binaries using Emscripten",
    "2020 Audi e-tron Sportback revealed as electric 4-door coupe",
    "Star Wars Jedi: Fallen Order review – shoots for the moon", "The Impeachment Clock",
    "How to Build a Terrarium", "Council Appoints a New Bus Editor", "宇航员在太空中喝酒会怎么样？后果很严重",
])
def test_headlines_are_not_penalised(line: str) -> None:
    assert shape_penalty(line) == 0


@pytest.mark.parametrize("line", [
    "SHOP THE CITY BUS NETWORK NOW >", "Get the council bus news by email in your inbox",
    "Facebook Twitter Email City Bus", "CreditPhoto Illustration by Jane Doe for City Bus News",
    "council -O3 bus.c -o network.wasm", "Jane Doe, City Bus News", "Filed to: city bus network",
])
def test_furniture_near_the_body_does_not_beat_the_headline(line: str) -> None:
    # The bad line is printed twice, right above the body, and shares the body's words:
    # without its shape penalty it beats the headline.
    lines = segment(f"{HEADLINE}\n\n{line}\n\n{line}\n\n" + BODY)
    assert find_head(lines, 3, WORDS).title == HEADLINE


def test_author_name_with_a_date_is_not_the_title() -> None:
    # The author block stands right above the body, the headline far up (a teaser rail).
    rail = "\n\n".join(f"{n} comments" for n in range(12))
    lines = segment(f"{HEADLINE}\n\n{rail}\n\nCity Bus\n\n9/11/13 10:00AM\n\n" + BODY)
    assert find_head(lines, len(lines) - 1, WORDS).title == HEADLINE


def test_author_name_over_a_job_line_is_not_the_title() -> None:
    # The name stands under a headline without the body's words, then the name with its job.
    headline = "A Quiet Revolution on Wheels"
    lines = segment(f"{headline}\n\nCity Bus\n\nCity Bus Senior Contributor\n\n" + BODY)
    assert find_head(lines, 3, WORDS).title == headline


def test_title_case_headline_over_its_byline_stays_the_title() -> None:
    lines = segment("WHITE HOUSE\n\nThe Impeachment Clock\n\nBy Jane Doe\n\n"
                    "November 19, 2019 6:30 AM\n\n"
                    "Time is not on the side of the committee chairman, the council said.")
    assert find_head(lines, 4, {"committee", "chairman", "time"}).title == "The Impeachment Clock"


def test_name_repeated_in_the_lead_beats_its_description() -> None:
    # An encyclopedia head: the article name, a tagline, a one-line description, then a lead
    # sentence that opens with the name. The longer description wins on shape alone.
    lead = ("The council bus routes are the lines the council has run across the city network "
            "since 1990.")
    lines = segment("Council bus routes\n\nFrom the free encyclopedia\n\n"
                    f"Routes run by the council across the city network\n\n{lead}")
    words = set(lead.casefold().rstrip(".").split())
    assert find_head(lines, 3, words).title == "Council bus routes"


def test_two_word_name_defined_in_the_lead_beats_its_description() -> None:
    lead = "In transport, bus lanes (or bus-only lanes) are parts of a road kept for buses."
    lines = segment("Bus lanes\n\nFrom the free encyclopedia\n\n"
                    f"Road space kept for public transport\n\n{lead}")
    words = set(lead.casefold().replace(",", "").replace("(", "").replace(")", "").split())
    assert find_head(lines, 3, words).title == "Bus lanes"


def test_two_word_tag_merely_mentioned_in_the_lead_is_not_its_subject() -> None:
    lines = segment(f"{HEADLINE}\n\nBus lanes\n\n"
                    "Bus lanes opened on Tuesday across the city as the council voted.")
    assert not named_in_lead(lines, 1, (2,))
    assert named_in_lead(segment("Bus lanes\n\nBus lanes are parts of a road kept for buses."), 0, (1,))


def test_table_of_contents_entry_is_not_the_title() -> None:
    para = ("The council voted on Tuesday to expand the bus network across the city, adding "
            "four routes that reach the suburbs and the airport.")
    toc = ["Where the City Buses Go Next", "How the Council Pays for Buses",
           "What Riders Think of the Network"]
    lines = segment("\n\n".join([
        HEADLINE, para, "On 6/13/2018 by @janedoe", *toc, para, para, toc[0], para, toc[1], para]))
    assert find_head(lines, 6, WORDS | {"buses", "riders"}).title == HEADLINE


def test_byline_joined_to_the_headline_is_split_off() -> None:
    # The byline line starts lower-case, so segment joins it to the headline above it.
    lines = segment(f"{HEADLINE}\nby Jane Doe — November 18, 2019\n\n" + BODY)
    assert lines[0].joined == 2
    head = find_head(lines, 1, WORDS)
    assert (head.title, head.byline) == (HEADLINE, "Jane Doe")


def test_a_headline_of_one_raw_line_keeps_its_by() -> None:
    headline = "Man Attacked by John Smith in Council Bus Row"
    head = find_head(segment(f"{headline}\n\n" + BODY), 1, WORDS)
    assert (head.title, head.byline) == (headline, None)
