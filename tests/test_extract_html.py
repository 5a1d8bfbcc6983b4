"""Tests of the HTML path: fields from a small article, hostile markup, cross-page repeats."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.config import Config
from pipeline.extract_html import extract_html
from pipeline.repeats import RepeatStats, page_line_keys
from pipeline.schema import Extraction

DATA = Path(__file__).parent / "data" / "html"
PARAS = [
    "The rivers of the northern valleys rose for the third spring in a row, flooding fields that "
    "farmers had only just drained after last year's long and costly recovery.",
    "Hydrologists say the snow pack was thicker than usual and melted within a few warm days, which "
    "sent far more water downstream than the old embankments were built to hold.",
    "Local councils have asked the national government for emergency funds to rebuild the "
    "embankments before the autumn rains arrive, and a decision is expected next month.",
    "Farmers, meanwhile, are counting the cost of a lost planting season and wondering whether the "
    "valley floor can still be farmed at all in the years to come.",
]


def _page(body: str, head: str = "<title>A page</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def _article(paras: list[str]) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article>"


@pytest.fixture(scope="module")
def basic() -> Extraction:
    return extract_html((DATA / "article_basic.html").read_text(), Config(), url="https://ex.test/a")


def test_basic_body(basic: Extraction) -> None:
    text = "\n".join(basic.body)
    for p in PARAS:
        assert p in text
    assert "All rights reserved" not in text
    assert "Home" not in basic.body


def test_basic_metadata(basic: Extraction) -> None:
    assert basic.title == "Rivers of the North Are Rising Again"
    assert basic.byline == "Jane Q. Public"
    assert basic.authors == ["Jane Q. Public"]  # the Organization author is not a person
    assert basic.published_at == datetime(2021, 3, 4, 9, 15, tzinfo=UTC)
    assert basic.language == "en"
    assert basic.section == "Environment"
    assert basic.site_name == "The Daily Example"
    assert basic.captions == ["Flooded fields near the old mill."]
    assert basic.url == "https://ex.test/a"
    assert basic.extractor == "html:ensemble"


@pytest.mark.parametrize(
    "markup",
    ["", "   ", "<", "<html>", "</html></body>", "\x00\x01binary", "<?xml version='1.0' encoding='latin-1'?>",
     "<p>" * 5000, "<div " * 1000, "<!-- unterminated", "<script>var x = '</html>'"],
)
def test_hostile_markup_never_raises(markup: str) -> None:
    ex = extract_html(markup, Config())
    assert isinstance(ex, Extraction)
    assert isinstance(ex.body, list)


def test_stray_closing_html_keeps_rest_of_page() -> None:
    # libxml2 drops everything after a stray </html>; the article continues after it here
    body = (f"<article><p>{PARAS[0]}</p><p>{PARAS[1]}</p></html></body>"
            f"<p>{PARAS[2]}</p><p>{PARAS[3]}</p></article>")
    ex = extract_html(_page(body), Config())
    text = "\n".join(ex.body)
    assert PARAS[3] in text


def test_deep_nesting_text_is_not_lost() -> None:
    # text nested deeper than 255 elements is silently dropped by lxml unless flattened
    deep = "<div>" * 400 + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>" * 400
    ex = extract_html(_page(deep), Config())
    text = "\n".join(ex.body)
    assert PARAS[0] in text and PARAS[3] in text


def test_paragraph_with_generated_id_like_a_boilerplate_name_is_kept() -> None:
    # every paragraph has a random id; one happens to contain "Nav", a trafilatura discard pattern
    ids = ["oFNvY2", "49aoQQ", "NavzzU", "jDDW9T", "x5htN5"]
    paras = [*PARAS, "A fifth paragraph closes the story with the council's promise to publish "
             "its flood plan for every valley before the end of the summer holidays."]
    body = "".join(f'<p id="{i}">{p}</p>' for i, p in zip(ids, paras, strict=True))
    ex = extract_html(_page(f"<article>{body}</article>"), Config())
    assert PARAS[2] in ex.body


def test_words_in_ids_are_left_alone() -> None:
    from pipeline.html_normalize import strip_generated_ids
    from pipeline.html_parse import parse_html

    tree = parse_html(_page("".join(f'<div id="{i}">x</div>' for i in
                                    ["siteNav", "menuBar", "subHead", "mainCol", "footBar"])), 255)
    assert tree is not None and strip_generated_ids(tree) == 0
    assert tree.xpath("//div[@id='siteNav']")


def test_paragraph_as_text_after_a_figure_block_is_kept() -> None:
    # the third paragraph is loose text after a figure wrapper, not in a <p> of its own
    figure = '<div class="frame"><figure><img src="a.jpg"></figure><p class="legend">Photo</p></div>'
    body = f"<p>{PARAS[0]}</p><p>{PARAS[1]}</p>{figure}{PARAS[2]}<p>{PARAS[3]}</p>"
    ex = extract_html(_page(f'<article><div class="body">{body}</div></article>'), Config())
    assert PARAS[2] in ex.body and PARAS[3] in ex.body


_FORMULA = ('<math xmlns="http://www.w3.org/1998/Math/MathML"><msup><mi>x</mi><mn>2</mn></msup>'
            "<mo>+</mo><mn>1</mn><annotation encoding=\"application/x-tex\">x^2+1</annotation></math>")


def test_visible_mathml_formula_keeps_its_tokens() -> None:
    # trafilatura discards <math>: the sentence would lose its formula
    para = f"The curve is given by {_FORMULA} for every point of the valley floor that was measured."
    ex = extract_html(_page(_article([PARAS[0], para, *PARAS[1:]])), Config())
    text = "\n".join(ex.body)
    assert "given by x 2 + 1 for every point" in text
    assert "x^2+1" not in text  # the TeX annotation is source, not text


def test_text_and_formulas_loose_in_the_body_are_kept() -> None:
    # a page written straight into <body>: sentences run through formulas between the blocks,
    # and a displayed equation stands alone under its heading
    def math(*tokens: str) -> str:
        inner = "\n".join(f"<mi>{t}</mi>" for t in tokens)  # as pages indent them
        return f'<mjx-container class="MathJax"><math display="block">{inner}</math></mjx-container>'

    sentence = (f"<p>When</p>{math('a', '≠', '0')}, there are two solutions to"
                f" {math('a', 'x', '+', 'c')} and they are {math('x', '=', 'c')}.")
    formula = "x = σ ( y − x ) y = ρ x − y − x z z = − β z + x y"
    lorenz = formula.split(" ")
    display = f"<h2>The Lorenz equations</h2>{math(*lorenz)}"
    body = f"<h1>Formulas</h1><p>{PARAS[0]}</p>{sentence}{display}<p>{PARAS[1]}</p><p>{PARAS[2]}</p>"
    ex = extract_html(_page(body), Config())
    text = "\n".join(ex.body)
    assert "there are two solutions to a x + c and they are x = c" in text
    assert " ".join(lorenz) in text
    assert PARAS[1] in ex.body


def test_only_prose_after_a_block_is_wrapped_in_a_paragraph() -> None:
    from lxml import html as lxml_html

    from pipeline.html_normalize import wrap_loose_text

    def wrapped(markup: str) -> list[str]:
        tree = lxml_html.fromstring(f"<html><body>{markup}</body></html>")
        wrap_loose_text(tree)
        return [" ".join(p.text_content().split()) for p in tree.iter("p")]

    prose = 'asked for <em>emergency</em> funds, and <a href="/m">the ministry</a> promised an answer soon'
    assert "The councils asked for emergency funds, and the ministry promised an answer soon" \
        in wrapped(f"<div><p>Floods</p>The councils {prose}</div>")
    links = " ".join(f'<a href="/{i}">Another story about the valley number {i}</a>' for i in range(4))
    assert wrapped(f"<div><p>More</p>{links}</div>") == ["More"]  # a list of links
    footer = "<footer>Contact us at the valley office for all questions about the paper</footer>"
    assert wrapped(f"<div><p>More</p>{footer}</div>") == ["More"]  # not inline: ends the run


def test_hidden_mathml_copy_is_left_out() -> None:
    # Wikipedia: an accessible MathML copy in a display:none span beside the image readers see
    hidden = f'<span class="math"><span style="display: none;">{_FORMULA}</span><img alt="x^2+1"></span>'
    para = f"The curve is given by {hidden} for every point of the valley floor that was measured."
    ex = extract_html(_page(_article([PARAS[0], para, *PARAS[1:]])), Config())
    text = "\n".join(ex.body)
    assert "The curve is given by" in text and "x 2 + 1" not in text


@pytest.mark.parametrize("wrapper", [
    '<div class="social-media-embed">{}</div>',
    '<figure class="wp-block-embed wp-block-embed-twitter"><div class="wp-block-embed__wrapper">{}'
    "</div></figure>",
])
def test_embedded_post_in_a_wrapper_named_embed_is_kept(wrapper: str) -> None:
    # the CMS wraps the tweet's blockquote in a div whose class a discard pattern matches
    tweet = ("The embankments held on the east bank for the first time in years, and the farmers "
             "there are already planting again this week")
    embed = wrapper.format(
        f'<blockquote class="twitter-tweet"><p>{tweet}</p>&mdash; A Farmer (@farmer) '
        '<a href="https://twitter.com/x/status/1">May 2, 2024</a></blockquote>')
    body = f"<p>{PARAS[0]}</p><p>{PARAS[1]}</p>{embed}<p>{PARAS[2]}</p><p>{PARAS[3]}</p>"
    ex = extract_html(_page(f"<article>{body}</article>"), Config())
    assert tweet in "\n".join(ex.body)
    assert PARAS[3] in ex.body


def test_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE")
    markup = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
              f"<html><body><article><p>&xxe; {PARAS[0]}</p><p>{PARAS[1]}</p></article></body></html>")
    ex = extract_html(markup, Config())
    assert "TOPSECRETVALUE" not in "\n".join(ex.body)


def test_repeated_paragraph_is_removed_with_reason() -> None:
    promo = "Subscribe to our newsletter for the best stories of the week in your inbox every Friday."
    stats = RepeatStats()
    for i in range(10):  # ten other pages of the site carry the same promo line
        stats.add_page(page_line_keys(f"unique story text number {i}\n{promo}"))
    ex = extract_html(_page(_article([PARAS[0], PARAS[1], promo, PARAS[2], PARAS[3]])), Config(),
                      repeats=stats)
    assert promo not in ex.body
    assert PARAS[2] in ex.body
    assert any(r.text == promo and r.rule == "repeated_across_site" for r in ex.removed)
    assert all(r.stage == "extract_html" for r in ex.removed)


def test_no_byline_when_page_has_none() -> None:
    ex = extract_html(_page(_article(PARAS)), Config())
    assert ex.byline is None and ex.authors == []
    assert ex.published_at is None  # never made up


def test_byline_rejects_non_names() -> None:
    body = '<div class="author">Follow us on Twitter</div>' + _article(PARAS)
    ex = extract_html(_page(body, '<title>T</title><meta name="author" content="https://ex.test/me">'),
                      Config())
    assert ex.byline is None


def test_byline_not_from_teaser_list_or_authority_box() -> None:
    teasers = ('<ol class="related-stories"><li><div class="item-author-name">Jane Other</div>'
               '<a href="/x">Another story</a></li></ol>')
    authority = '<div class="authority-control"><table><tr><th>Authority control</th></tr></table></div>'
    ex = extract_html(_page(_article(PARAS) + teasers + authority), Config())
    assert ex.byline is None


@pytest.mark.parametrize(
    "mark",
    ['class="Article-Byline"', 'id="postAuthor"', 'rel="author"', 'itemprop="author"',
     'class="meta-by"', 'class="story-contributor"'],
)
def test_dom_byline_found_by_its_mark(mark: str) -> None:
    ex = extract_html(_page(f"<div {mark}>By Jane Doe</div>" + _article(PARAS)), Config())
    assert ex.byline == "Jane Doe"


def test_personal_blog_author_named_like_the_site() -> None:
    ld = ('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Rivers", '
          '"author": {"@type": "Person", "name": "Jane Doe"}}</script>'
          '<meta property="og:site_name" content="Jane Doe"><title>Rivers</title>')
    ex = extract_html(_page(_article(PARAS), ld), Config())
    assert ex.byline == "Jane Doe"


def test_page_url_comes_from_the_canonical_link_unless_the_container_gives_one() -> None:
    html = ('<html><head><link rel="canonical" href="https://news.example/story-1">'
            '<meta property="og:url" content="https://news.example/og"></head><body><article>'
            + "<p>A sentence of the story that is long enough to be kept as article text.</p>" * 5
            + "</article></body></html>")
    assert extract_html(html, Config()).url == "https://news.example/story-1"
    assert extract_html(html, Config(), url="https://crawler.example/x").url == "https://crawler.example/x"
    assert extract_html(html.replace('rel="canonical"', 'rel="alternate"'), Config()).url == (
        "https://news.example/og")


def test_fast_mode_runs_one_pass_and_says_so(basic: Extraction) -> None:
    html = (DATA / "article_basic.html").read_text()
    fast = extract_html(html, Config(html_mode="fast"), url="https://ex.test/a")
    assert fast.extractor.startswith("html:fast") and basic.extractor.startswith("html:ensemble")
    assert fast.title == basic.title and fast.byline == basic.byline  # metadata does not change
    shared = set(fast.body) & set(basic.body)
    assert len(shared) >= 0.8 * len(basic.body)


def test_html_mode_is_part_of_the_settings_fingerprint() -> None:
    from pipeline.ledger import config_key

    # Switching modes changes records, so the ledger must redo the pages.
    assert config_key(Config(html_mode="fast")) != config_key(Config())
