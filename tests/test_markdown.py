"""Markdown pages: detection, rendering to text, and the run from a .md file or a JSON line to Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import Config
from pipeline.detect import detect_format
from pipeline.markdown import MARKDOWN_EXTRACTOR, looks_like_markdown, markdown_to_text
from pipeline.runner import run

from .test_extract_html import PARAS  # four paragraphs of one made-up article

SEED = Path(__file__).resolve().parents[1] / "raw" / "000_a199637f2999b565.txt"
PAGE = "\n".join([
    "  * [Home](https://valley.example.test/)",
    "  * [News](https://valley.example.test/news)",
    "  * [Weather](https://valley.example.test/weather)",
    "",
    "# Floods return to the northern valleys",
    "",
    "By [Jane Doe](/authors/jane-doe)",
    "",
    "![A flooded field](https://img.example.test/field.jpg)",
    "",
    *(p + "\n" for p in PARAS),
    "## Related",
    "",
    "  * [Dams under review](https://valley.example.test/dams)",
    "",
])


def test_a_markdown_page_is_detected_and_plain_text_is_not() -> None:
    assert looks_like_markdown(PAGE)
    assert detect_format(PAGE) == "markdown"
    assert detect_format(PAGE, "text") == "markdown"  # a .txt name does not hide the content
    assert not looks_like_markdown(SEED.read_text(encoding="utf-8"))
    quoting = "\n\n".join([*PARAS, "See [the report](https://example.test/r) for details.", "#floods"])
    assert detect_format(quoting) == "text"  # one link and a hashtag are not a Markdown page
    links = "[a](https://x.test) [b](https://y.test) [c](/z)"
    assert detect_format(f"<html><body><p>{links}</p></body></html>") == "html"


def test_rendering_keeps_what_a_reader_sees() -> None:
    text = markdown_to_text(PAGE)
    assert "](" not in text and "https://" not in text and "![" not in text
    lines = text.split("\n")
    assert lines[:3] == ["- Home", "- News", "- Weather"]  # items one per line, no blank between
    assert "Floods return to the northern valleys" in lines  # the heading without its marks
    assert "By Jane Doe" in lines
    assert "A flooded field" not in text  # image alt text is not shown
    assert all(p in lines for p in PARAS)  # one line per paragraph
    assert "\n\n\n" not in text


def test_wrapped_markdown_is_joined_and_its_broken_links_repaired() -> None:
    # html2text at its default 78 columns: paragraphs wrapped, a long URL broken at the margin
    wrapped = ("The council [published the plan](https://valley.example.test/2024/05/flood-\n"
               "plan-for-the-valleys) on Monday, and farmers\nwelcomed it _at last_.\n")
    assert markdown_to_text(wrapped) == ("The council published the plan on Monday, and farmers "
                                         "welcomed it at last.\n")


def test_escapes_tables_and_code() -> None:
    src = ("Price \\(before tax\\): 3\\*4\n\n| Town | Level |\n|---|---|\n| Ava | 3 m |\n\n"
           "```\nx = 1\ny = 2\n```\n")
    assert markdown_to_text(src).split("\n") == [
        "Price (before tax): 3*4", "", "Town\tLevel", "Ava\t3 m", "", "x = 1", "y = 2", ""]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=40),
    st.builds(lambda t, u: f"[{t}](https://x.test/{u})", st.text("abc xyz", min_size=1, max_size=10),
              st.text("abc/-", max_size=10)),
    st.sampled_from(["# ", "* ", "- ", "> ", "```", "|", "\n", "\n\n", "  ", "\\", "![", "]("]),
), max_size=30))
def test_rendering_never_fails_and_gives_clean_lines(parts: list[str]) -> None:
    src = "".join(parts)
    out = markdown_to_text(src)
    assert "\n\n\n" not in out and not out.startswith("\n")
    assert all(line == line.strip() for line in out.split("\n"))


def test_blocks_breaks_and_images_inside_links() -> None:
    src = ("## Weather\n\nRain at noon,  \nsun by four.\n\n> A quoted line\n\n---\n\n"
           "[![Logo *of* the site](https://img.example.test/l.png)](https://example.test/) Home\n\n"
           "1. first\n2. second\n   - nested\n\n<div>raw html block</div>\n\nend <b>bold</b>\n")
    assert markdown_to_text(src).split("\n") == [
        "Weather", "", "Rain at noon,", "sun by four.", "", "A quoted line", "",
        "Home", "", "- first", "- second", "- nested", "", "end bold", ""]


def test_links_to_script_and_data_urls_show_their_text() -> None:
    # A browser shows the text of a javascript: link; markdown-it-py refused such links (its
    # rule against unsafe URLs in HTML) and left "[Share](javascript:;)" in the text.
    src = ("- [Share](javascript:;)\n- [ Print ](javascript:void(0);)\n\n"
           "Read ![icon](data:image/svg+xml,%3Csvg%3E) [the report](file:///C|/r.html) now.\n")
    assert markdown_to_text(src) == "- Share\n- Print\n\nRead the report now.\n"


def test_lists_follow_commonmark() -> None:
    # An empty item and blank lines do not end a list (CommonMark; cmark and pulldown-cmark
    # agree), so the items stay together with no blank line between them.
    src = "  * More\n  * \n\n\n  * [LinkedIn](https://example.test/li)\n"
    assert markdown_to_text(src) == "- More\n- LinkedIn\n"


_SCHEMES = st.sampled_from(["https://x.test/", "http://x.test/a?b=1&c=2", "/rel/", "#top",
                            "javascript:void(0);", "mailto:a@x.test", "data:image/png;base64,AA"])
_WORDS = st.text("abc xyz.,!", min_size=1, max_size=12).filter(lambda t: t.strip() != "")
_SEPARATORS = st.sampled_from([" ", "\n", "\n\n", "\n- "])  # same line, wrapped, new paragraph, item


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_WORDS, st.booleans(), _WORDS, _SCHEMES, _SEPARATORS), min_size=1, max_size=12))
def test_well_formed_links_leave_no_link_syntax(parts: list[tuple[str, bool, str, str, str]]) -> None:
    # text, then a link or an image, then a separator; images vanish, links leave their text
    src = "".join(f"{before} {'!' if image else ''}[{label}]({url}){sep}"
                  for before, image, label, url, sep in parts)
    out = markdown_to_text(src)
    assert "](" not in out and "x.test" not in out
    labels = [label.strip() for _, image, label, _, _ in parts if not image]
    flat = " ".join(out.split())
    assert all(" ".join(label.split()) in flat for label in labels)  # link text is kept


def test_markdown_file_and_json_line_run_to_parquet(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "floods.md").write_text(PAGE, encoding="utf-8")
    line = {"url": "https://valley.example.test/floods", "markdown": PAGE, "text": "ignored"}
    (raw / "crawl.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    run(Config(input_dir=raw, output_dir=tmp_path / "out", workers=1))
    rows = ds.dataset(tmp_path / "out" / "articles", format="parquet").to_table().to_pylist()
    assert len(rows) == 2
    for row in rows:
        assert row["source_format"] == "markdown" and row["extractor"] == MARKDOWN_EXTRACTOR
        assert "https://" not in row["body"] and PARAS[2] in row["body"]
        assert "Home" not in row["body"].split("\n")
