"""The text the text path reads: terminal dumps' numbered link lists cut, other text untouched."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.renderings import page_text, split_run_on_lines, strip_link_references

LYNX = """   [1]Skip to main content
     * [2]News
     * [3]Weather
     * (BUTTON) Menu

Floods return to the northern valleys

   By [4]Jane Doe
   The rivers rose for the third spring in a row, as the [5]council's report
   warned. Hydrologists blame the snow pack [6].
   Wikipedia-style citations survive as a reader sees them.[[7]1]

References

   Visible links:
   1. file:///#main
   2. https://valley.example.test/news
   3. https://valley.example.test/weather
   4. https://valley.example.test/authors/jane-doe
   5. https://valley.example.test/report.pdf
   7. https://valley.example.test/#cite-1

   Hidden links:
   8. https://valley.example.test/
"""


def test_lynx_dump_loses_its_link_list_and_markers() -> None:
    out = strip_link_references(LYNX)
    assert "References" not in out and "https://" not in out and "Visible links" not in out
    assert "By Jane Doe" in out and "* News" in out and "* Menu" in out
    assert "as the council's report" in out
    assert "snow pack [6]." in out  # a footnote that is not before a link text stays
    assert "survive as a reader sees them.[1]" in out
    assert page_text(LYNX, "text") == out


def test_text_that_only_ends_in_a_numbered_list_is_untouched() -> None:
    recipe = "How to make tea\n\nSteps:\n 1. Boil water.\n 2. Pour it.\n 3. Wait."
    assert strip_link_references(recipe) == recipe
    cited = "Body text [1]here.\n\nReferences\n\nSee the appendix for sources and more reading."
    assert strip_link_references(cited) == cited  # a References section, but no numbered URLs at the end


@given(st.text(max_size=300))
def test_text_without_a_references_heading_is_untouched(text: str) -> None:
    text = text.replace("References", "")
    assert strip_link_references(text) == text


def test_a_run_on_page_is_cut_into_sentences() -> None:
    from .test_extract_html import PARAS

    page = " ".join(["Home News Weather Sport", *PARAS, *PARAS, "Copyright 2024 The Valley Herald"])
    out = split_run_on_lines(page).split("\n")
    assert out[0].startswith("Home News Weather Sport The rivers")  # a menu has no sentence end
    assert PARAS[1] in out and PARAS[2] in out
    assert out[-1] == "Copyright 2024 The Valley Herald"
    assert split_run_on_lines("。".join(["第一句话很长" * 30] * 8)).count("\n") == 7


def test_a_paragraph_per_line_page_is_not_cut() -> None:
    from .test_extract_html import PARAS

    page = "\n".join(["Home", "News", *PARAS, "Share this"] * 3)
    assert split_run_on_lines(page) == page
    spaced = "\n\n".join(["Home", "News", *PARAS, "Share this"] * 3)
    assert page_text(spaced, "text") == spaced  # (without blank lines, see test_text_nodes)


@given(st.text(alphabet=st.sampled_from("ab .!?\"A1。\n"), max_size=3000))
def test_cutting_loses_no_characters(text: str) -> None:
    assert "".join(split_run_on_lines(text).split()) == "".join(text.split())


def test_stage_clock_times_rendering_and_date_line_of_text_pages_only() -> None:
    """The manifest's stage seconds include a text page's rendering and its date-line search
    (both run outside extraction); an HTML page is read as it is and has no render stage."""
    from pipeline.config import Config
    from pipeline.schema import RawDocument
    from pipeline.stages import StageClock, process_document

    text_clock, html_clock = StageClock(), StageClock()
    process_document(RawDocument("a.txt", LYNX.encode(), format_hint="text"), Config(), clock=text_clock)
    html = b"<html><body><h1>Floods return</h1><p>" + b"The rivers rose again. " * 20 + b"</p></body></html>"
    process_document(RawDocument("a.html", html, format_hint="html"), Config(), clock=html_clock)
    assert {"decode", "render", "extract_text", "date_line", "normalize"} <= set(text_clock.seconds)
    assert "render" not in html_clock.seconds and "extract_html" in html_clock.seconds
