"""User rules (pipeline.toml): site lookup, drop and stop checks, and their use on the HTML path."""

from __future__ import annotations

import pytest

from pipeline.config import Config, SiteRule
from pipeline.extract_html import extract_html
from pipeline.user_rules import RuleBook, UserRules, rulebook, rules_for

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
PROMO = "Support our journalism: become a member today and get the weekly digest."
STOP = "More from the valley desk"
TEASER = "Earlier: the embankment report that nobody read, and what it said about the floods."


def _config() -> Config:
    return Config(
        extra_drop_lines=("  SUPPORT our journalism: become a member today and get the weekly digest. ",),
        extra_stop_markers=(),
        site_rules={
            "example.com": SiteRule(drop_patterns=(r"^Photo: ",), stop_markers=(STOP,)),
            "WWW.Other.Test": SiteRule(drop_lines=("Advertisement",)),
        },
    )


@pytest.mark.parametrize(
    ("url", "has_rule"),
    [
        ("https://example.com/a", True),
        ("https://www.example.com/a", True),
        ("https://news.example.com/a", True),  # a parent domain's rule covers sub-domains
        ("https://EXAMPLE.COM./a", True),
        ("https://notexample.com/a", False),  # a suffix that is not a domain boundary
        ("https://example.org/a", False),
        ("https://other.test/x", True),  # keys are normalised like hosts
        (None, False),
        ("not a url", False),
    ],
)
def test_site_rule_lookup(url: str | None, has_rule: bool) -> None:
    rules = rules_for(_config(), url)
    assert bool(rules.drop_patterns or rules.site_drop_lines) is has_rule


def test_most_specific_site_rule_wins() -> None:
    cfg = Config(site_rules={"example.com": SiteRule(drop_lines=("a",)),
                             "news.example.com": SiteRule(drop_lines=("b",))})
    book = RuleBook(cfg)
    assert book.for_site("news.example.com").drop_rule("B") == "site:drop_lines"
    assert book.for_site("news.example.com").drop_rule("a") is None
    assert book.for_site("sport.example.com").drop_rule("a") == "site:drop_lines"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (PROMO, "config:extra_drop_lines"),
        ("support our   journalism: become a member today and get the weekly digest.",
         "config:extra_drop_lines"),
        ("Photo: Jane Doe", "site:drop_patterns:^Photo: "),
        ("A caption that says Photo: inside", None),
        (PARAS[0], None),
    ],
)
def test_drop_rule(text: str, rule: str | None) -> None:
    assert rules_for(_config(), "https://example.com/x").drop_rule(text) == rule


def test_stop_rule_sources() -> None:
    cfg = Config(extra_stop_markers=("Related stories",),
                 site_rules={"example.com": SiteRule(stop_markers=(STOP,))})
    rules = rules_for(cfg, "https://example.com/x")
    assert rules.stop_rule(" related  STORIES ") == "config:stop_marker"
    assert rules.stop_rule(STOP) == "site:stop_marker"
    assert rules.stop_rule(STOP + " and more") is None
    assert rules_for(cfg, "https://elsewhere.test/").stop_rule(STOP) is None


def test_apply_drops_then_stops() -> None:
    rules = rules_for(_config(), "https://example.com/x")
    kept, removed = rules.apply([PARAS[0], PROMO, PARAS[1], STOP, TEASER], "s")
    assert kept == [PARAS[0], PARAS[1]]
    assert [(r.text, r.rule) for r in removed] == [
        (PROMO, "config:extra_drop_lines"), (STOP, "site:stop_marker"), (TEASER, "site:stop_marker")]
    assert all(r.stage == "s" for r in removed)


def test_empty_rules_are_falsy_and_compiled_once() -> None:
    assert not UserRules()
    assert not rules_for(Config(), "https://example.com/")
    cfg = _config()
    assert rulebook(cfg) is rulebook(cfg)
    assert rules_for(cfg, "https://a.example.com/1") is rules_for(cfg, "https://a.example.com/2")


def test_html_path_applies_user_rules() -> None:
    body = "<article>" + "".join(f"<p>{p}</p>" for p in
                                 [PARAS[0], PROMO, PARAS[1], PARAS[2], STOP, PARAS[3]]) + "</article>"
    html = f"<html><head><title>T</title></head><body>{body}</body></html>"
    ex = extract_html(html, _config(), url="https://www.example.com/story")
    assert ex.body[:3] == PARAS[:3]
    assert PROMO not in ex.body and STOP not in ex.body and PARAS[3] not in ex.body
    rules = {(r.text, r.rule) for r in ex.removed if r.stage == "extract_html"}
    assert (PROMO, "config:extra_drop_lines") in rules
    assert (STOP, "site:stop_marker") in rules
    assert (PARAS[3], "site:stop_marker") in rules
    # the same page from another site keeps everything but the config-wide drop line
    other = extract_html(html, _config(), url="https://elsewhere.test/story")
    assert STOP in other.body and PARAS[3] in other.body and PROMO not in other.body
