"""Publication date of a flattened text page, from a date line near the title or byline.

HTML pages get their date from metadata (the HTML extractor, htmldate); a text dump has only
what was visible, typically a short line such as "21 September 2020", "Published: Tue 3 March
2015 10:32 GMT" or "By Jane Doe | March 3, 2015". `find_date_line` looks for such a line close
to the title and returns an aware UTC datetime, or None.

Deliberately conservative, because a wrong date is worse than none:
- only lines close to the title (or the page's first lines when the title is not found);
- only short lines that are mostly the date (a caption "March 18, 2015 Police secure the area"
  or a sentence mentioning a date is not a date line), or a byline line;
- only complete dates (day, month and year: "March 18 at 3:57 PM" has no year and is skipped);
- a date without a time is midnight UTC; a time without a time zone is taken as UTC;
- "Updated ..." lines lose to any other date line.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.repeats import line_key

# Lines searched around the title: the date sits just below it (or above it, under a kicker).
LINES_AFTER_TITLE = 10
LINES_BEFORE_TITLE = 4
LINES_WITHOUT_TITLE = 60
MAX_LINE_CHARS = 120
# Words left on a line once the date is removed: "Published on Tuesday at" is still a date line,
# "Police secure the area after gunmen attacked" is a caption.
MAX_OTHER_WORDS = 5
MIN_YEAR = 1990

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan janvier janv januar jänner jan enero ene",
        "february feb febr février fevrier févr fevr februar feber febrero",
        "march mar mars märz maerz mrz marzo",
        "april apr avril avr abril abr",
        "may mai mayo",
        "june jun juin juni junio",
        "july jul juillet juil juli julio",
        "august aug août aout august agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct octobre oktober okt octubre",
        "november nov novembre noviembre",
        "december dec décembre decembre déc dezember dez diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = r"(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_PATTERNS = [
    # 2015-03-18, 2015-03-18T10:32:00Z
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)", re.I),
    # March 18, 2015 / Sept. 3 2015
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    # 18 March 2015 / 18. März 2015 / 3 de marzo de 2015 / 1er avril 2015
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH}\s+(?:de\s+|del\s+)?{_YEAR}\b", re.I),
    # 18.03.2015 (day first, as everywhere dots are used)
    re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
]
# Every date pattern has a four-digit year: a line without one is skipped before the patterns.
_YEAR_ANYWHERE = re.compile(r"(?:19|20)\d\d")
_TIME = re.compile(
    r"(?:\b|(?<=\dT))(?P<h>[0-2]?\d)[:h](?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\.?)?"
    r"(?:\s*(?P<tz>Z|[+-]\d\d:?\d\d|[A-Z]{2,4}\b))?",
    re.I,
)
_FIXED_ZONES = {
    "Z": 0, "UTC": 0, "GMT": 0, "BST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}
# US papers write "ET" or "PT" for whichever of standard or daylight time applies that day.
_REGION_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                 "PT": "America/Los_Angeles"}
_UPDATED = re.compile(r"\b(?:updated?|modified|mis à jour|aktualisiert|actualizado)\b", re.I)
_BYLINE = re.compile(r"^\s*(?:by|par|von|por)\s+\S", re.I)
_WORD = re.compile(r"[^\W\d_]+")


def find_date_line(text: str, title: str | None = None, now: datetime | None = None) -> datetime | None:
    """The publication date shown near the title of a text page, in UTC; None when there is none."""
    lines = [line for line in map(str.strip, text.splitlines()) if line]  # each line stripped once
    latest = (now or datetime.now(UTC)) + timedelta(days=1)
    best: tuple[int, datetime] | None = None
    parsed: dict[int, datetime | None] = {}  # by line index: the title's neighbours are also top lines
    for rank, index in _nearby(lines, title):
        line = lines[index]
        if index in parsed:
            found = parsed[index]
        else:
            found = parsed[index] = parse_date_line(line)
        if found is None or found > latest:
            continue
        # Rank by closeness to the title; an "Updated" line only when nothing else is there.
        score = rank + (1000 if _UPDATED.search(line) else 0)
        if best is None or score < best[0]:
            best = (score, found)
    return best[1] if best else None


def _nearby(lines: list[str], title: str | None) -> list[tuple[int, int]]:
    """(distance from the title, line index) for the lines worth looking at, in the order they
    are looked at; a line may come twice (near the title and among the top lines)."""
    top = min(len(lines), LINES_WITHOUT_TITLE)
    anchor = _find_title(lines, title)
    if anchor is None:
        return [(i, i) for i in range(top)]
    after = [(d, anchor + d) for d in range(1, LINES_AFTER_TITLE + 1) if anchor + d < len(lines)]
    before = [(d, anchor - d) for d in range(1, LINES_BEFORE_TITLE + 1) if anchor - d >= 0]
    # The top of the page comes after the title's neighbourhood (ranked behind it): the title we
    # were given may be a subheading, while the page's date line sits under its masthead.
    return after + before + [(100 + i, i) for i in range(top)]


def _find_title(lines: list[str], title: str | None) -> int | None:
    if not title or not title.strip():
        return None
    wanted = line_key(title)
    for i, line in enumerate(lines):
        if line_key(line) == wanted:
            return i
    return None


def parse_date_line(line: str) -> datetime | None:
    """The date of a line that is a date line (see the module docstring), else None."""
    if len(line) > MAX_LINE_CHARS or _YEAR_ANYWHERE.search(line) is None:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(line)
        if match is None:
            continue
        day = _date(match)
        if day is None:
            continue
        # The time usually follows the date ("March 3, 2015 10:32 ET"), sometimes precedes it.
        time_match = _TIME.search(line, match.end()) or _TIME.search(line, 0, match.start())
        rest = _blank(line, match.span())
        if time_match:
            rest = _blank(rest, time_match.span())
        if len(_WORD.findall(rest)) > MAX_OTHER_WORDS and not _BYLINE.match(line):
            return None
        return _with_time(day, time_match)
    return None


def _blank(text: str, span: tuple[int, int]) -> str:
    """`text` with `span` overwritten by spaces (so other spans keep their positions)."""
    start, end = span
    return text[:start] + " " * (end - start) + text[end:]


def _date(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else MONTHS.get(groups["month"].lower(), 0)
    try:
        day = datetime(int(groups["year"]), month, int(groups["day"]))
    except ValueError:  # 31 February, month 13 ...
        return None
    return day if day.year >= MIN_YEAR else None


def _with_time(day: datetime, match: re.Match[str] | None) -> datetime:
    if match is None:
        return day.replace(tzinfo=UTC)
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return day.replace(tzinfo=UTC)
    local = day.replace(hour=hour, minute=minute, second=second)
    return local.replace(tzinfo=_zone(match["tz"], local)).astimezone(UTC)


def _zone(name: str | None, local: datetime) -> timezone | ZoneInfo:
    if not name:
        return UTC
    key = name.upper()
    if key in _FIXED_ZONES:
        return timezone(timedelta(hours=_FIXED_ZONES[key]))
    if key in _REGION_ZONES:
        try:
            return ZoneInfo(_REGION_ZONES[key])
        except ZoneInfoNotFoundError:  # no tz database: standard time is off by an hour at most
            return timezone(timedelta(hours={"ET": -5, "CT": -6, "MT": -7, "PT": -8}[key]))
    offset = re.fullmatch(r"([+-])(\d\d):?(\d\d)", name)
    if offset:
        sign = -1 if offset[1] == "-" else 1
        return timezone(sign * timedelta(hours=int(offset[2]), minutes=int(offset[3])))
    return UTC  # an unknown word after the time ("AM Paris"): read as UTC, like no zone
