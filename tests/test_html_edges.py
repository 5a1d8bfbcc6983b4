"""Edge trimming of the HTML body: a repeated headline on top, furniture lines at the end."""

from __future__ import annotations

import pytest

from pipeline.html_edges import drop_headline, drop_tail_furniture

PROSE = "The council voted on Tuesday to close the old bridge after engineers found deep cracks."


@pytest.mark.parametrize(
    ("body", "titles", "expected"),
    [
        (["Bridge to close after cracks found", PROSE], ["Bridge to close after cracks found | City News"],
         [PROSE]),
        (["Politics", "Bridge to close after cracks found", PROSE], ["Bridge to close after cracks found"],
         ["Politics", PROSE]),  # a kicker line before the headline stays (not a title)
        ([PROSE, "Bridge to close after cracks found"], ["Bridge to close after cracks found"],
         [PROSE, "Bridge to close after cracks found"]),  # after the first prose it is a subheading
        (["Engineers found cracks", PROSE], ["Bridge to close after cracks found in its old piers"],
         ["Engineers found cracks", PROSE]),  # shares words, but covers too little of the title
        ([PROSE], [PROSE], [PROSE]),  # a body that is only the headline is kept
        (["Bridge", PROSE], ["Bridge"], ["Bridge", PROSE]),  # one word is no headline
    ],
)
def test_drop_headline(body: list[str], titles: list[str], expected: list[str]) -> None:
    assert drop_headline(body, titles)[0] == expected


@pytest.mark.parametrize(
    ("tail", "dropped"),
    [
        (["Comments", "comments"], 2),
        (["Read more:"], 1),
        (["You may also like..."], 1),
        (["All..."], 1),
        (["jane.doe@example.com", "twitter.com/janedoe"], 2),
        (["Get the latest updates right in your inbox. Subscribe to our newsletters."], 1),
        (["Copyright © 2015, Example Inc. All rights reserved."], 1),
        (["copyright Example 2019 - ISSN: 1234-5678"], 1),
        (["© 2019 The Daily Example"], 1),
        (["Bridge views, photos © Example Agency, 2018"], 0),  # a photo credit, not a notice
        (["Week 12 | The bridge reopens", "Week 11 | Repairs begin on the east side",
          "Week 10 | Divers inspect the piers"], 3),  # links to other articles of a series
        (["Reopening | 9 am", "Repairs | east side"], 0),  # two are not yet a run of links
        (["Tip: spans | are in metres.", "Piers | 12", "Deck | steel"], 0),  # a sentence ends it
        (["- Sign up for the bundle using the same email as your account"], 0),  # a list item
        (["Only the brave remain…"], 0),  # a longer line ending in dots: the article's last words
        (["He said the bridge would reopen in the spring, if the repairs go to plan."], 0),
    ],
)
def test_drop_tail_furniture(tail: list[str], dropped: int) -> None:
    body, removed = drop_tail_furniture([PROSE, *tail])
    assert len(removed) == dropped
    assert body == [PROSE, *tail][: len(tail) + 1 - dropped]
    assert {r.rule for r in removed} <= {"furniture_at_end"}


def test_tail_trim_never_empties_the_body() -> None:
    assert drop_tail_furniture(["Comments"]) == (["Comments"], [])
