"""Hard-wrapped page text -> one line per paragraph.

Terminal renderers (w3m and lynx at their default width, links, elinks, html2text) and many text
dumps wrap paragraphs at a fixed column, so one paragraph becomes several lines of about the
same width. The line model judges a line by what it looks like (length, end punctuation), and a
wrapped paragraph's lines look like menu entries: each is short and most do not end a sentence.
`unwrap` finds the wrap column and re-joins the lines that were broken at it, so the rest of the
text path sees the text as an unwrapped rendering (BeautifulSoup, a browser's innerText) gives it.

The evidence is the one a reader uses: a wrapped page has a hard right margin (many lines end
within a few columns of it, almost none go past it), and a line was broken there, not ended,
when the next line's first word would not have fitted on it.
"""

from __future__ import annotations

import bisect
import re

from pipeline.lexicon import LIST_MARKER

# Characters a terminal draws two columns wide (CJK, Hangul, fullwidth forms): a wrapping
# renderer counts columns, not characters.
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)

MIN_LINES = 6  # lines of MIN_WIDTH or more a page needs before its margin can be measured
MIN_WIDTH = 30  # shorter lines (menu entries, headings) say nothing about the margin
MARGIN_WINDOW = 15  # a wrapped line ends at most about one long word short of the margin
MARGIN_SHARE = 0.15  # share of the measured lines that must end near the margin
OVERFLOW_SHARE = 0.05  # share that may go past it (unbreakable URLs, table rows)
WIDTH_RANGE = (40, 200)  # wrap columns renderers use; wider "margins" are long paragraphs
MIN_FILL = 0.6  # a broken line fills at least this share of the margin
WIDE_SAMPLE = 1000  # characters looked at, at the start and in the middle, for a wide script


def unwrap(text: str) -> str:
    """`text` with its wrapped paragraphs re-joined; unchanged when it has no hard margin."""
    return "\n".join(unwrap_lines(text.splitlines(), text))


def unwrap_lines(lines: list[str], text: str) -> list[str]:
    """`unwrap` on the `lines` of `text` (split already): the same list when it has no margin."""
    wide = _has_wide(text)
    stripped = map(str.rstrip, lines)
    widths = [_width(line, True) for line in stripped] if wide else list(map(len, stripped))
    margin = wrap_margin(lines, widths, wide)
    if margin is None:
        return lines
    out: list[str] = []
    prev_width = 0  # width of the last physical line appended to out[-1]
    for line, w in zip(lines, widths, strict=True):
        body = line.strip()
        if out and body and prev_width and _broken(prev_width, body, margin, wide):
            last = out[-1].rstrip()
            joint = "" if wide and _is_wide(last[-1]) and _is_wide(body[0]) else " "
            out[-1] = last + joint + body
        else:
            out.append(line)
        prev_width = w if body else 0
    return out


def wrap_margin(lines: list[str], widths: list[int], wide: bool) -> int | None:
    """The column the page is wrapped at, or None when it has no hard right margin.

    The margin is the widest column that MARGIN_SHARE of the measured lines end close to
    (within MARGIN_WINDOW); it is a margin when at most OVERFLOW_SHARE of them go past it.
    """
    # Most pages have paragraphs longer than any margin: counted first (from the widths; only
    # those few lines are read), so that such a page is turned down before every line is.
    by_width = sorted(widths)
    candidates = len(by_width) - bisect.bisect_left(by_width, MIN_WIDTH)
    too_wide = len(by_width) - bisect.bisect_right(by_width, WIDTH_RANGE[1])
    if too_wide > max(1.0, OVERFLOW_SHARE * candidates) and sum(
            _has_breaks(line.strip(), wide) for line, w in zip(lines, widths, strict=True)
            if w > WIDTH_RANGE[1]) > max(1.0, OVERFLOW_SHARE * candidates):
        return None
    measured = sorted(w for i, w in enumerate(widths)
                      if w >= MIN_WIDTH and _has_breaks(lines[i].strip(), wide))
    n = len(measured)
    if n < MIN_LINES:
        return None
    need = max(5.0, MARGIN_SHARE * n)
    for i in range(n - 1, -1, -1):
        column = measured[i]
        if i + 1 - bisect.bisect_left(measured, column - MARGIN_WINDOW) >= need:
            over = n - 1 - i
            fits = WIDTH_RANGE[0] <= column <= WIDTH_RANGE[1]
            return column if fits and over <= max(1.0, OVERFLOW_SHARE * n) else None
    return None


def _broken(prev_width: int, body: str, margin: int, wide: bool) -> bool:
    """Whether a line of `prev_width` columns followed by `body` was broken at the margin."""
    if prev_width < MIN_FILL * margin or LIST_MARKER.match(body):  # a new item, never a rest
        return False
    first = body[0]
    word = 2 if wide and _is_wide(first) else _width(body.split(None, 1)[0], wide)
    return prev_width + 1 + word > margin


def _has_breaks(line: str, wide: bool) -> bool:
    """Whether a renderer could have broken `line` anywhere but at its end."""
    return " " in line or (wide and _WIDE.search(line) is not None)


def _has_wide(text: str) -> bool:
    """Whether `text` is in a script drawn two columns wide. A sample decides: such a page has
    wide characters all over, and a scan of the whole text would cost more than the rest here."""
    if text.isascii():
        return False
    mid = len(text) // 2
    return any(_WIDE.search(text, start, start + WIDE_SAMPLE) is not None for start in (0, mid))


def _is_wide(char: str) -> bool:
    return _WIDE.match(char) is not None


def _width(line: str, wide: bool) -> int:
    return len(line) + (len(_WIDE.findall(line)) if wide else 0)
