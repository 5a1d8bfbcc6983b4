"""Node-per-line pages (BeautifulSoup `get_text("\\n", strip=True)`): sentences re-joined,
prose set apart; every other text untouched."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.extract_text import extract_text
from pipeline.renderings import page_text
from pipeline.text_nodes import MIN_LINES, is_node_per_line, join_text_nodes

MENU = ["Home", "News", "World", "Business", "Sport", "Culture", "Weather", "Video",
        "Sign in", "Subscribe"]
FOOTER = ["About us", "Contact", "Privacy", "Terms", "Careers", "Advertise"]
ARTICLE = [
    "Floods return to the northern valleys",
    "By",
    "Jane Doe",
    "The rivers rose for the third spring in a row, as the",
    "council's report",
    "warned in March. Hydrologists blame the snow pack that lingered into May.",
    "Farmers along the river said",
    "Tom Baker",
    "of the growers' union had asked for new levees two years ago.",
    "Tags:",
    "floods, weather",
    "The valley's",
    "Grand Canal",
    "(",
    "GC) was closed to boats for the whole week.",
    "The valley's mayor, who toured the damage on Sunday, promised money for repairs"
    " before the next spring.",
]
PAGE = "\n".join(MENU + ARTICLE + FOOTER) + "\n"


def test_a_node_per_line_page_is_recognised_and_a_paragraph_page_is_not() -> None:
    assert is_node_per_line(PAGE.split("\n"))
    paragraphs = "\n\n".join(MENU + ARTICLE + FOOTER)
    assert not is_node_per_line(paragraphs.split("\n"))
    assert not is_node_per_line(PAGE.split("\n")[: MIN_LINES - 2])  # too short to tell


def test_sentences_cut_by_links_are_joined_again() -> None:
    lines = join_text_nodes(PAGE).split("\n")
    assert ("The rivers rose for the third spring in a row, as the council's report warned in"
            " March. Hydrologists blame the snow pack that lingered into May.") in lines
    # a name between two parts of a sentence
    assert ("Farmers along the river said Tom Baker of the growers' union had asked for new"
            " levees two years ago.") in lines
    assert "By Jane Doe" in lines  # a byline's lead word and its name
    assert "Tags: floods, weather" in lines  # a label and its value
    assert "The valley's Grand Canal (GC) was closed to boats for the whole week." in lines


def test_menus_stay_one_entry_per_line_and_prose_is_set_apart() -> None:
    lines = join_text_nodes(PAGE).split("\n")
    for entry in MENU + FOOTER:
        assert entry in lines
    long_lines = [i for i, line in enumerate(lines) if len(line.split()) >= 8]
    assert long_lines
    for i in long_lines:
        assert lines[i - 1] == "" and (i + 1 == len(lines) or lines[i + 1] == "")


def test_the_text_path_finds_the_article_of_a_node_per_line_page() -> None:
    result = extract_text(page_text(PAGE, "text"), Config())
    body = "\n".join(result.body)
    assert any("Farmers along the river said Tom Baker of" in p for p in result.body)
    assert "Sign in" not in body and "Careers" not in body
    assert result.byline == "Jane Doe"



def test_a_byline_or_a_dated_name_is_not_glued_to_a_headline() -> None:
    page = [*MENU, "Floods return to the northern valleys", "Jane Doe", "2 hours ago",
            "The rivers rose for the third spring in a row, as the council warned.",
            "Storm warnings go up again in the east", "By Tom Baker",
            "Rain is expected all week.", *FOOTER]
    lines = join_text_nodes("\n".join(page)).split("\n")
    assert "Floods return to the northern valleys" in lines and "Jane Doe" in lines
    assert "By Tom Baker" in lines


def test_paragraphs_without_blank_lines_are_only_set_apart() -> None:
    from .test_extract_html import PARAS

    lines = ["Home", "News", *PARAS, "Share this"] * 3
    out = join_text_nodes("\n".join(lines)).split("\n")
    assert [line for line in out if line] == lines  # nothing joined: every paragraph ends
    assert out.count("") >= len(PARAS)


def test_other_text_is_returned_as_it_is() -> None:
    paragraphs = "\n\n".join(MENU + ARTICLE + FOOTER)
    assert join_text_nodes(paragraphs) is paragraphs
    assert join_text_nodes("one line") == "one line"


_NODE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@given(st.lists(_NODE, min_size=MIN_LINES, max_size=80))
def test_joining_keeps_every_character_in_order(nodes: list[str]) -> None:
    text = "\n".join(nodes)
    out = join_text_nodes(text)
    assert "".join(out.split()) == "".join(text.split())
