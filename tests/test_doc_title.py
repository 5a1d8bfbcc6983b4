"""A text page that starts with its <title> gets its title from it, by the HTML path's rules."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.doc_title import document_title, looks_like_document_title
from pipeline.extract_text import extract_text
from pipeline.segment import segment

BODY = [
    "Home", "World", "Business", "Sport",
    "Museum siege ends after troops storm the building",
    "By Jane Doe",
    "Security forces stormed the country's most prominent museum on Wednesday, freeing the"
    " hostages and ending a siege that had lasted most of the day.",
    "The attack was the deadliest in the capital in more than a decade, officials said, and"
    " it came as the government tried to revive the tourist trade.",
    "Tourism accounts for about a tenth of the economy and had only begun to recover from"
    " the unrest of the last years, according to the ministry.",
    "About us", "Contact",
]


def test_document_title_shapes() -> None:
    assert looks_like_document_title("Attack stokes instability fears in North Africa - The Post")
    assert looks_like_document_title("How to Build a Terrarium | eHow")
    assert not looks_like_document_title("Home | News | Sport | World | Video")  # a menu
    assert not looks_like_document_title("Home > World")  # a breadcrumb: no headline in it
    assert not looks_like_document_title("Attack stokes instability fears in North Africa")
    assert not looks_like_document_title("It rained - and then it rained again, all week long.")


def test_a_page_that_starts_with_its_title_tag_is_titled_from_it() -> None:
    page = "\n\n".join(["Attack stokes instability fears in North Africa - The Post", *BODY])
    result = extract_text(page, Config())
    # the <title>'s site suffix is cut, as the HTML path cuts it (Readability's rule)
    assert result.title == "Attack stokes instability fears in North Africa"
    assert all("The Post" not in p for p in result.body)
    assert document_title(segment(page)) == result.title


def test_a_page_that_starts_with_a_menu_keeps_its_headline() -> None:
    page = "\n\n".join(BODY)
    result = extract_text(page, Config())
    assert document_title(segment(page)) is None
    assert result.title == "Museum siege ends after troops storm the building"
