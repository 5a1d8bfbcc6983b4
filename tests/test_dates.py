"""Date lines in text pages: which lines count, how they are read, and in which time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.dates import find_date_line, parse_date_line

from .formats_fixtures import sample_text

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HAKI = "hakibenita-sql-anomaly-detection.txt"


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("21 September 2020", _utc(2020, 9, 21)),
        ("March 3, 2015", _utc(2015, 3, 3)),
        ("Sept. 3 2015", _utc(2015, 9, 3)),
        ("Published: Tuesday, 3 March 2015, 10:32 AM GMT", _utc(2015, 3, 3, 10, 32)),
        ("March 18, 2015 at 3:57 p.m. ET", _utc(2015, 3, 18, 19, 57)),  # EDT that day: UTC-4
        ("January 18, 2015 at 3:57 p.m. ET", _utc(2015, 1, 18, 20, 57)),  # EST: UTC-5
        ("Updated 2015-03-18T10:32:00Z", _utc(2015, 3, 18, 10, 32)),
        ("2015-03-18T10:32:00+01:00", _utc(2015, 3, 18, 9, 32)),
        ("Posted 2015-03-18 10:32", _utc(2015, 3, 18, 10, 32)),  # no zone: read as UTC
        ("10:32 GMT, 3 March 2015", _utc(2015, 3, 3, 10, 32)),
        ("12:05 am, March 3, 2015", _utc(2015, 3, 3, 0, 5)),
        ("By Jane Doe, Staff Writer | March 3, 2015", _utc(2015, 3, 3)),
        ("Le 4 mai 2015 à 16h52", _utc(2015, 5, 4, 16, 52)),
        ("1er avril 2015", _utc(2015, 4, 1)),
        ("18. März 2015, 14:05 MEZ", _utc(2015, 3, 18, 13, 5)),
        ("3 de marzo de 2015", _utc(2015, 3, 3)),
        ("18.03.2015", _utc(2015, 3, 18)),
        # Not date lines:
        ("March 18, 2015 Tunisian security forces secure the area after gunmen attacked", None),
        ("By Erin Cunningham March 18 at 3:57 PM  Follow @erinmcunningham", None),  # no year
        ("Iran november 2019 protests", None),  # no day
        ("31.02.2015", None),
        ("March 3, 1850", None),
        ("The council met on March 3, 2015 and again on April 9 to vote on the plan.", None),
        ("", None),
    ],
)
def test_parse_date_line(line: str, expected: datetime | None) -> None:
    assert parse_date_line(line) == expected


def test_date_line_below_the_title() -> None:
    text = "Menu\nHome\nNews\nCity approves plan\nBy Jane Doe\nMarch 3, 2015\n\nThe council approved it."
    assert find_date_line(text, "City approves plan", NOW) == _utc(2015, 3, 3)


def test_nearest_to_the_title_wins_and_updated_loses() -> None:
    text = "\n".join(
        ["1 January 2014", "x", "x", "x", "x", "x", "Title here", "Updated: 5 March 2015",
         "Published: 4 March 2015", "Body text that goes on.", "More text.", "x", "x", "x", "x", "x", "x",
         "2 February 2016"]
    )
    # 1 January 2014 is 6 lines above the title: outside the window; 2016 is 11 lines below.
    assert find_date_line(text, "Title here", NOW) == _utc(2015, 3, 4)


def test_future_dates_are_ignored() -> None:
    assert find_date_line("Title\n1 March 2031\nBody.", "Title", NOW) is None


def test_title_not_found_searches_the_first_lines() -> None:
    text = "Site name\n" + "nav\n" * 20 + "Headline\n7 July 2019\nBody."
    assert find_date_line(text, None, NOW) == _utc(2019, 7, 7)
    assert find_date_line("nav\n" * 70 + "7 July 2019\n", None, NOW) is None


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        (HAKI, "Simple Anomaly Detection Using Plain SQL", _utc(2020, 9, 21)),
        (HAKI, None, _utc(2020, 9, 21)),
        # The byline says "March 18 at 3:57 PM" (no year); the captions' dates are not date lines.
        ("wapo-tunisia-museum.txt", None, None),
        ("000_a199637f2999b565.txt", "Iran: MEK’s Role in Uprisings and Remarks of Khamenei", None),
    ],
)
def test_sample_pages(name: str, title: str | None, expected: datetime | None) -> None:
    assert find_date_line(sample_text(name), title, NOW) == expected
