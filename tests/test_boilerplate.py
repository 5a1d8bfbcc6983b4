"""boilerplate: user rules, cross-page repeats, stop markers, the line model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.boilerplate import (
    _keep_prose_next_to_body,
    classify,
    is_caption,
    is_furniture_line,
    signed_thread_start,
)
from pipeline.config import Config, SiteRule
from pipeline.repeats import RepeatStats, page_line_keys
from pipeline.segment import segment
from pipeline.textmodel import is_drop_line, is_stop_marker, load_model
from pipeline.train_text import load_pages

PROSE = (
    "The council voted on Tuesday to expand the city's bus network, adding four routes that "
    "will connect the northern suburbs with the hospital and the university campus."
)


def _page(*middle: str) -> str:
    paras = [PROSE.replace("four", str(n)) for n in range(6)]
    return "\n\n".join(["Home", "News", "Sport", *paras[:3], *middle, *paras[3:], "Contact us"])


def _kept(text: str, config: Config | None = None, url: str | None = None,
          repeats: RepeatStats | None = None) -> tuple[list[str], dict[str, str]]:
    lines = segment(text)
    verdict = classify(lines, config or Config(), load_model(), url, repeats)
    kept = [line.text for line, k in zip(lines, verdict.keep, strict=True) if k]
    return kept, {r.text: r.rule for r in verdict.removed}


def test_prose_kept_menu_dropped_and_recorded() -> None:
    kept, removed = _kept(_page())
    assert len(kept) == 6
    assert {"Home", "News", "Sport", "Contact us"} <= set(removed)
    assert all(rule for rule in removed.values())


def test_stop_marker_ends_body_after_the_article() -> None:
    text = _page() + "\n\nRelated articles\n\n" + PROSE.replace("bus", "tram")
    kept, removed = _kept(text)
    assert not any("tram" in k for k in kept)
    assert removed["Related articles"] == "stop_marker"


def test_config_drop_lines_and_stop_markers() -> None:
    cfg = Config(extra_drop_lines=(PROSE.replace("four", "1"),), extra_stop_markers=("THE END",))
    kept, removed = _kept(_page("the end"), cfg)
    assert removed[PROSE.replace("four", "1")] == "config:extra_drop_lines"
    assert removed["the end"] == "config:stop_marker"
    assert len(kept) == 2  # paragraphs 0 and 2; 3-5 follow the stop marker


def test_site_rules_apply_by_host_without_www() -> None:
    rule = SiteRule(drop_patterns=(r"\b2 routes\b",), drop_lines=(PROSE.replace("four", "0"),),
                    stop_markers=("Fin",))
    cfg = Config(site_rules={"example.com": rule})
    kept, removed = _kept(_page("Fin"), cfg, url="https://www.example.com/a/b")
    assert removed[PROSE.replace("four", "2")].startswith("site:drop_patterns")
    assert removed[PROSE.replace("four", "0")] == "site:drop_lines"
    assert removed["Fin"] == "site:stop_marker"  # the site rule, named as on the HTML path
    assert len(kept) == 1
    # Another site is unaffected.
    other = _kept(_page("Fin"), cfg, url="https://other.org/")[0]
    assert sum("routes" in k for k in other) == 6


def test_repeated_lines_across_a_batch_are_dropped() -> None:
    nav = "Our award-winning journalism, delivered to your inbox every single morning of the week."
    stats = RepeatStats()
    for n in range(10):
        stats.add_page(page_line_keys(f"Story {n} headline words here\n\n{nav}\n\nUnique text {n}."))
    kept, removed = _kept(_page(nav), repeats=stats)
    assert nav not in kept
    assert removed[nav] == "repeated_across_pages"
    kept_without, _ = _kept(_page(nav), config=Config(learn_repeats=False), repeats=stats)
    assert nav in kept_without


def test_a_stop_marker_repeated_across_pages_still_ends_the_article() -> None:
    # "Related articles" is on every page of the batch, so it is dropped as a repeat; the teaser
    # below it differs from page to page and must still be cut with it.
    stats = RepeatStats()
    for n in range(10):
        page = f"Story {n} headline words here\n\nRelated articles\n\nUnique text {n}."
        stats.add_page(page_line_keys(page))
    text = _page() + "\n\nRelated articles\n\n" + PROSE.replace("bus", "tram")
    kept, removed = _kept(text, repeats=stats)
    assert removed["Related articles"] == "repeated_across_pages"
    assert not any("tram" in k for k in kept)


def test_inline_teaser_marker_does_not_end_the_article() -> None:
    # "Read more" above a link to another story, with the article going on below it.
    text = _page("Read more", "Council approves new parking rules downtown")
    kept, removed = _kept(text)
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6
    assert "Read more" in removed


@pytest.mark.parametrize("marker", ["Related", "Související"])
def test_headlines_under_an_inline_teaser_marker_are_dropped(marker: str) -> None:
    # Two long teaser headlines inside the article's densest run, where list items are kept.
    links = ["How the New Tram Line Will Change the Commute for Thousands of Riders Downtown",
             "Why Parking Prices Downtown Are Rising Faster Than Anywhere Else in the Region"]
    kept, removed = _kept(_page(marker, *links))
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6
    assert removed.get(marker) == "teaser_marker"
    assert all(removed.get(link) == "teaser_link" for link in links)


@pytest.mark.parametrize(
    ("header", "first"),
    [
        ("reader{n} says:", "reader0 says:"),
        # w3m prints the numbers of the comments' ordered list in front of each header.
        (" {m}. reader{n} says:", "1. reader0 says:"),
    ],
)
def test_comment_thread_ends_the_article(header: str, first: str) -> None:
    comments = "\n\n".join(
        header.format(n=n, m=n + 1) + f"\n\nNovember 19, 2019 at 6:{n}4 am\n\n" + PROSE.replace("bus", "tram")
        for n in range(4))
    kept, removed = _kept(_page() + "\n\n" + comments)
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6
    assert not any("tram" in k for k in kept)
    assert removed[first] == "comment_thread"


def test_stop_marker_above_a_long_comment_thread_ends_the_article() -> None:
    # The comments outweigh the article: measured over the whole page, the share block sits
    # before the middle of the prose and inside the densest run, so the marker was ignored.
    share = ["Share this:", "Click to share on Facebook (Opens in new window)",
             "Click to email this to a friend (Opens in new window)"]
    comments = "\n\n".join(
        f"reader{n} says:\n\nNovember 19, 2019 at 6:{n}4 am\n\n" + PROSE.replace("bus", "tram")
        for n in range(12))
    kept, removed = _kept(_page() + "\n\n" + "\n\n".join(share) + "\n\n" + comments)
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6
    assert all(removed.get(line) == "stop_marker" for line in share)
    assert not any("tram" in k for k in kept)


def test_a_line_printed_twice_in_a_row_is_kept_once() -> None:
    caption = "A staff member of the council holds a bus timetable at the depot in the north."
    kept, removed = _kept(_page(caption, caption))
    assert kept.count(caption) <= 1
    assert removed.get(caption) in (None, "repeated_in_page", "low_text_score")


def test_w3m_image_placeholders_are_dropped() -> None:
    _, removed = _kept(_page("[20180816_1009]", "[INS::INS]"))
    assert removed["[20180816_1009]"] == "image_placeholder"
    assert removed["[INS::INS]"] == "image_placeholder"
    _, removed = _kept(_page(" 2. [13AMAZON-t]"))
    assert removed["2. [13AMAZON-t]"] == "image_placeholder"


def test_prose_paragraph_next_to_the_article_is_kept_even_when_scored_low() -> None:
    lines = segment(_page())
    verdict = classify(lines, Config(), load_model())
    kept = [i for i, k in enumerate(verdict.keep) if k]
    # Turn the model's verdict on the first paragraph around, then let the rule decide.
    keep = list(verdict.keep)
    why: list[str | None] = [None if k else "low_text_score" for k in keep]
    keep[kept[0]], why[kept[0]] = False, "low_text_score"
    words = [float(len(line.text.split())) for line in lines]
    _keep_prose_next_to_body(lines, keep, why, words)
    assert keep[kept[0]]


@pytest.mark.parametrize("marks", ["[31]", "[12][13]", "^[4]", "[citation needed]"])
def test_prose_ending_in_reference_marks_is_kept_next_to_the_article(marks: str) -> None:
    # Wikipedia's footnote marks follow the full stop: the paragraph still ends a sentence.
    cited = PROSE.replace("four", "nine") + marks
    lines = segment(_page(cited))
    i = next(k for k, line in enumerate(lines) if line.text == cited)
    keep = [True] * len(lines)
    why: list[str | None] = [None] * len(lines)
    keep[i], why[i] = False, "low_text_score"
    _keep_prose_next_to_body(lines, keep, why, [float(len(line.text.split())) for line in lines])
    assert keep[i]


def test_image_alt_text_printed_twice_is_dropped() -> None:
    # w3m: an image's alt text for the <img>, then again for its <noscript> copy.
    alt = "The mayor speaks to reporters before the council meeting at city hall on Tuesday."
    kept, removed = _kept(_page(f"{alt}\n{alt}"))
    assert alt not in kept and removed[alt] == "image_alt_text"
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6


def test_cjk_brackets_around_a_stop_marker_are_stripped() -> None:
    assert is_stop_marker("【関連記事】") and is_stop_marker("「相关阅读」")


def test_long_cookie_notice_is_dropped() -> None:
    notice = ("This website uses cookies to improve your experience while you navigate through "
              "the website, and the cookies that are categorized as necessary are stored on your "
              "browser as they are essential for the working of basic functionalities of the site.")
    kept, removed = _kept(_page(notice))
    assert notice not in kept and removed[notice] == "consent_notice"


def test_image_alt_text_glued_to_its_title_is_dropped() -> None:
    alt = "Stairs leading upward to the council chamber at city hall"
    _, removed = _kept(_page(alt + alt))
    assert removed[alt + alt] == "image_alt_text"


def test_list_item_inside_the_core_is_kept_outside_it_not() -> None:
    lines = segment("Home\n\n" + PROSE + "\n\n  • Four new routes reach the suburbs\n\n" + PROSE
                    + "\n\n  • Sign up for our daily briefing")
    keep = [False, True, False, True, False]
    why: list[str | None] = [None if k else "low_text_score" for k in keep]
    words = [float(len(line.text.split())) for line in lines]
    _keep_prose_next_to_body(lines, keep, why, words, core=(1, 3))
    assert keep == [False, True, True, True, False]


def test_counted_comment_headings_are_stop_markers() -> None:
    for heading in ("13 responses", "There are 2 comments", "6 thoughts on “Buses”", "84 Comments"):
        assert is_stop_marker(heading), heading
    assert not is_stop_marker("2 comments on the plan were rejected")


def test_comments_signed_like_bylines_start_a_thread_below_the_core_only() -> None:
    signed = [f"Reader Number{'abc'[n]} · March 1{n}, 2017 at 11:55 AM\n\n{PROSE}\n\nReply"
              for n in range(3)]
    lines = segment(_page() + "\n\n" + "\n\n".join(signed))
    start = signed_thread_start(lines, 3)
    assert start is not None and lines[start].text.startswith("Reader Numbera")
    assert signed_thread_start(lines, start) is None  # only two signed lines below it


def test_bare_counts_are_dropped() -> None:
    kept, removed = _kept(_page("158", "52"))
    assert removed["158"] == removed["52"] == "bare_number"
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6


def test_furniture_line_inside_the_article_is_dropped() -> None:
    kept, removed = _kept(_page("Advertisement"))
    assert "Advertisement" not in kept
    assert removed["Advertisement"] in ("furniture_line", "low_text_score")


def test_furniture_lines_go_before_the_model_but_stop_markers_reach_the_stop_rule() -> None:
    lines = segment(_page("Advertisement", "Print"))
    verdict = classify(lines, Config(), load_model())
    for label in ("Advertisement", "Print"):
        i = next(k for k, line in enumerate(lines) if line.text == label)
        # unscored: the model never saw it, so its neighbours' context is the paragraphs'
        assert not verdict.keep[i] and verdict.scores[i] == 0.0
    assert {r.text: r.rule for r in verdict.removed}["Advertisement"] == "furniture_line"
    assert not is_furniture_line("Share")  # a stop marker as well
    assert not is_furniture_line("Advertisement feature: how the council chose its new buses")


def test_training_pages_leave_out_furniture_lines(tmp_path: Path) -> None:
    case = tmp_path / "c1"
    case.mkdir()
    (case / "truth.json").write_text(json.dumps({"id": "c1", "body": PROSE}), encoding="utf-8")
    (case / "text.soup.txt").write_text(f"Weather\n\n{PROSE}\n\nAdvertisement\n\n{PROSE}", encoding="utf-8")
    [(lines, labels)] = load_pages(tmp_path, "all")
    assert [line.text for line in lines] == ["Weather", PROSE, PROSE] and labels == [0, 1, 1]


def test_a_line_printed_all_over_the_page_is_dropped() -> None:
    alt = "Illustration for the article about the council and its buses"
    kept, removed = _kept(_page(alt, PROSE.replace("four", "nine"), alt, PROSE.replace("four", "ten"), alt))
    assert alt not in kept and removed[alt] == "repeated_in_page"


@pytest.mark.parametrize(("line", "furniture"), [
    ("Please enable JavaScript to view the comments powered by Disqus.", True),
    ("JavaScript is required to load the comments.", True),
    ("NYTimes.com no longer supports Internet Explorer 9 or earlier. Please upgrade your browser.", True),
    # An article about web development names JavaScript and the browser in its own sentences.
    ("So finally you're testing your frontend JavaScript code? Great! The more tests you write, "
     "the more confident you are.", False),
    ("See all the network requests your browser makes, how long each request takes.", False),
])
def test_browser_notices_are_furniture_but_not_sentences_about_javascript(line: str, furniture: bool) -> None:
    assert is_drop_line(line) is furniture


@pytest.mark.parametrize(("line", "caption"), [
    ("A worker loads door trims into his truck outside a store in Hialeah, Fla. (AP Photo/Alan Diaz)", True),
    ("The latest case was reported after a hunter killed and ate a rabbitCredit: Getty - Contributor", True),
    ("Image caption The singer's seventh album is the only one she owns the rights to", True),
    ("Photo: David Zalubowski, STF / Associated Press", True),
    ("Foto: Reuters", True),
    ("Protesters outside the party's headquarters in Seoul on Friday | Getty Images", True),
    ("The council chairman at the depot (Credit: iStock)", True),
    ("In this photo issued by ITV, the two leaders shake hands after the debate in Salford", True),
    ("In this Nov. 19, 2019, file photo, workers clear the road near the river", True),
    ("This photo provided by the city shows the flooded square on Monday", True),
    ("In this article we look at the photo archive of the city council.", False),
    ("He took a photo of the river before the flood reached the bridge.", False),
    ("The council (whose image suffered after the vote) met again on Tuesday.", False),
    ("Our photo editor picked the pictures for this story; see the gallery (photos) below.", False),
])
def test_photo_captions_and_credits(line: str, caption: bool) -> None:
    assert is_caption(line) is caption


def test_a_credited_caption_inside_the_article_is_dropped() -> None:
    credit = "The mayor speaks to reporters before the council meeting at city hall. (AP Photo/Jane Doe)"
    kept, removed = _kept(_page(credit))
    assert credit not in kept and removed[credit] == "caption"  # the model keeps it as prose
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6


def _after_the_article(heading: str, paragraph: str) -> tuple[list[str], dict[str, str]]:
    """The verdict on the test page followed by `heading` and `paragraph`; the article is whole."""
    kept, removed = _kept(_page() + f"\n\n{heading}\n\n{paragraph}")
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6
    return kept, removed


@pytest.mark.parametrize("heading", ["About Jane Doe", "Sobre o Blog", "Über uns"])
def test_an_about_box_after_the_article_ends_it(heading: str) -> None:
    bio = ("Jane Doe has written about the city's transport for twenty years and teaches "
           "journalism at the university, where she leads the data desk of the student paper.")
    kept, removed = _after_the_article(heading, bio)
    assert bio not in kept and removed[heading] == removed[bio] == "stop_marker"


def test_an_about_heading_early_in_the_article_does_not_end_it() -> None:
    kept, _ = _kept(_page().replace("Sport\n\n", "Sport\n\nAbout the study\n\n", 1))
    assert sum(1 for k in kept if k.startswith("The council voted")) == 6


@pytest.mark.parametrize("heading", ["You May Like", "Você pode gostar...", "Te puede gustar"])
def test_a_teaser_heading_after_the_article_ends_it(heading: str) -> None:
    teaser = ("The mayor of the neighbouring town announced on Monday that its own bus network "
              "will be rebuilt from scratch, with new depots and electric buses by the end of 2026.")
    kept, removed = _after_the_article(heading, teaser)
    assert teaser not in kept and removed[teaser] == "stop_marker"


def test_a_short_sentence_next_to_the_article_is_kept_but_not_a_fragment() -> None:
    sentence = ("The new routes will start running in the spring, the council's transport office "
                "said on Monday.")
    fragment = "Buses run every ten minutes."
    lines = segment(_page(sentence, fragment))
    keep = [True] * len(lines)
    why: list[str | None] = [None] * len(lines)
    idx = {line.text: k for k, line in enumerate(lines)}
    for text in (sentence, fragment):
        keep[idx[text]], why[idx[text]] = False, "low_text_score"
    _keep_prose_next_to_body(lines, keep, why, [float(len(line.text.split())) for line in lines])
    assert keep[idx[sentence]] and not keep[idx[fragment]]  # 15 words and more; 5 are not
