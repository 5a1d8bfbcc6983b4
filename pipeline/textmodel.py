"""Line features and the two-stage logistic model that scores lines as article text.

Stage 1 looks at one line alone (length, punctuation, stopword density, shape, lexicon hits).
Stage 2 adds its surroundings: the stage-1 scores of neighbouring lines, where the line sits
relative to the densest run of prose, and how much prose comes before and after it. Weights
are learned by `pipeline.train_text` and shipped in `pipeline/data/text_model.json`; inference
is plain Python (a dot product per line), which is faster than numpy on pages of ~100 lines.
"""

from __future__ import annotations

import json
import math
import operator
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.lexicon import CJK_PARTICLES, DROP_LINES, DROP_SUBSTRINGS, MONTHS, STOP_MARKERS, STOPWORDS
from pipeline.segment import Line

MODEL_PATH = Path(__file__).parent / "data" / "text_model.json"

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TERMINAL = re.compile(r"[.!?。！？:;][\"”’»)]*\s*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_URLISH = re.compile(r"https?://|www\.|\S@\S|^@\w|\.(?:com|org|net|html?)\b")
_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
# Punctuation stripped around a line before lexicon lookups (str.strip is ~50x faster than a
# regex anchored at the end, and these lookups run on every line).
_EDGE_CHARS = " \t.,;:!?-–—|/\\·•»«>()[]{}\"'“”‘’„*#_~…+=<【】「」『』〔〕［］（）：・"

LOCAL_FEATURES: tuple[str, ...] = (
    "log_words", "log_chars", "terminal", "ellipsis", "stopword_share", "capital_share",
    "digit_share", "bullet", "stop_marker", "drop_line", "urlish", "datey", "separators",
    "sentences", "commas", "all_caps", "block_size", "linkish", "joined", "cjk_share", "short",
    "repeated",
)
CONTEXT_FEATURES: tuple[str, ...] = (
    "p_self", "p_prev1", "p_next1", "p_prev3", "p_next3", "in_core", "core_distance",
    "mass_before", "mass_after", "after_stop", "rel_position",
)


def fold(text: str) -> str:
    """Casefold and strip surrounding punctuation, for lexicon lookups."""
    return text.casefold().strip(_EDGE_CHARS)


def has_cjk(text: str) -> bool:
    # isascii() is O(1) in CPython; otherwise look at the start only (a CJK line shows CJK
    # early), since a full scan of every long paragraph dominated the page time.
    return not text.isascii() and _CJK.search(text, 0, 300) is not None


@lru_cache(maxsize=8192)
def word_count(text: str) -> float:
    """Words of a line; a CJK character counts as half a word (about two per word)."""
    if not has_cjk(text):
        return float(len(text.split()))
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk / 2


def is_stop_marker(text: str) -> bool:
    if len(text) >= 60:
        return False
    return _folded_stop_marker(fold(text))


def _folded_stop_marker(folded: str) -> bool:
    """`is_stop_marker` of a line already folded (`fold`) and under 60 characters."""
    if folded in STOP_MARKERS:
        return True
    return (folded[:1].isdigit() or folded.startswith("there are")) \
        and _COUNTED_HEADING.match(folded) is not None


# The heading of a comment thread with its count ("13 responses", "There are 2 comments",
# "6 thoughts on “Title”"): a stop marker like "Comments"; the whole line, as a sentence can
# begin with "2 comments".
_COUNTED_HEADING = re.compile(
    r"^(?:there are\s+)?\d+\s+(?:comments?|responses?|replies|reactions|thoughts|kommentare|"
    r"commentaires|comentarios|commenti|comentários|reacties|komentářů|комментари\w*)"
    r"(?:\s+(?:on|to)\s+[\"“'«„].*)?$")


def is_drop_line(text: str) -> bool:
    if len(text) > 200:
        return False
    folded = text.casefold()
    return _folded_drop_line(folded, folded.strip(_EDGE_CHARS))


def _folded_drop_line(folded: str, stripped: str) -> bool:
    """`is_drop_line` of a line of at most 200 characters, given its casefold and `fold`."""
    return stripped in DROP_LINES or _DROP_SUBSTRING.search(folded) is not None


# One alternation instead of a Python loop over the substrings (a single C-level scan).
_DROP_SUBSTRING = re.compile("|".join(re.escape(s) for s in DROP_SUBSTRINGS))
_FIRST_CHAR = operator.itemgetter(0)
_IS_STOPWORD = STOPWORDS.__contains__
_SEPARATOR_CHARS = "|·»›>•/"  # the characters of _SEPARATORS, counted with str.count


# Byte tables for counting ASCII characters of a class with bytes.translate (one C pass instead
# of a str.count per character). In UTF-8 every byte of a multi-byte character is >= 0x80, so
# the ASCII bytes of a line's encoding are exactly its ASCII characters.
_ASCII_DIGITS = b"0123456789"
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_ALPHA = _ASCII_UPPER + bytes(range(ord("a"), ord("z") + 1))
_ASCII_SEPARATORS = "".join(c for c in _SEPARATOR_CHARS if c.isascii()).encode("ascii")
_OTHER_SEPARATORS = "".join(c for c in _SEPARATOR_CHARS if not c.isascii())
# Every alternative of _URLISH contains one of these (case as in the pattern, which has no
# re.I): lines without any skip the regex, whose `\S@\S` branch is tried at every position.
_URL_HINTS = ("http", "www.", "@", ".com", ".org", ".net", ".htm")


def _count_in(data: bytes, chars: bytes) -> int:
    return len(data) - len(data.translate(None, chars))


@lru_cache(maxsize=8192)
def _text_features(full: str, words: float) -> tuple[float, ...]:
    """The features that depend on the line's text only (all but bullet, block size, joined).

    Cached: navigation, footer and teaser lines recur on every page of a site, so a batch
    scores most of them once. Long lines are prose and hardly recur, and they skip the
    lexicon and URL checks below, which only ever fire on short lines. Computed in one pass
    per line (one casefold, one split, byte counts); tests/textmodel_reference.py holds the
    plain version that this one must equal exactly.
    """
    tail = full[-8:]
    # Share features are measured on the first 300 characters: a longer line is prose or a
    # table row either way, and scanning whole paragraphs cost more than everything else.
    text = full[:300]
    n_chars = len(text)
    ascii_text = text.isascii()
    tokens = text.split()
    n_tok = len(tokens)
    cjk = 0 if ascii_text or _CJK.search(text) is None else len(_CJK.findall(text))
    folded = text.casefold()
    ws: list[str] | None = None
    if cjk:
        stop_share = sum(1 for ch in text if ch in CJK_PARTICLES) / max(cjk, 1) * 3
    else:
        # Whitespace split, not a regex: a stopword is rarely glued to punctuation.
        ws = folded.split()
        stop_share = sum(map(_IS_STOPWORD, ws)) / max(len(ws), 1)
    firsts = "".join(map(_FIRST_CHAR, tokens))  # first letters of words
    if firsts.isascii():
        first_bytes = firsts.encode("ascii")
        n_alpha = _count_in(first_bytes, _ASCII_ALPHA)
        n_upper = _count_in(first_bytes, _ASCII_UPPER)
    else:
        n_alpha = sum(map(str.isalpha, firsts))
        n_upper = sum(map(str.isupper, firsts))
    capital = n_upper / max(n_alpha, 1)
    data = text.encode("ascii") if ascii_text else text.encode("utf-8", "surrogatepass")
    n_digits = _count_in(data, _ASCII_DIGITS)
    n_separators = _count_in(data, _ASCII_SEPARATORS)
    if not ascii_text:
        n_separators += sum(map(text.count, _OTHER_SEPARATORS))
    terminal = 1.0 if _TERMINAL.search(tail) else 0.0
    short_line = len(full) < 200
    stop_marker = drop_line = urlish = 0.0
    if short_line:
        # full == text here, so `folded` is the whole line's casefold.
        stripped = folded.strip(_EDGE_CHARS)
        if len(full) < 60 and _folded_stop_marker(stripped):
            stop_marker = 1.0
        if _folded_drop_line(folded, stripped):
            drop_line = 1.0
        # Only short lines: a link in a paragraph says nothing, and the scan is costly.
        if any(map(full.__contains__, _URL_HINTS)) and _URLISH.search(full):
            urlish = 1.0
    datey = 0.0
    # _DATE needs a decimal digit: an ASCII line without one cannot match it.
    if words <= 12 and (((n_digits or not ascii_text) and _DATE.search(text))
                        or any(w in MONTHS for w in (ws if ws is not None else folded.split())[:6])):
        datey = 1.0
    linkish = 1.0 if words <= 5 and not terminal and capital >= 0.99 else 0.0
    return (
        math.log1p(words),
        math.log1p(len(full)),
        terminal,
        1.0 if _ELLIPSIS.search(tail) else 0.0,
        min(stop_share, 1.0),
        capital,
        n_digits / max(n_chars, 1),
        stop_marker,
        drop_line,
        urlish,
        datey,
        min(n_separators, 5) / 5,
        math.log1p(text.count(". ") + (0 if ascii_text else text.count("。"))),
        text.count(",") / max(n_tok, 1),
        1.0 if n_tok > 1 and full.isupper() else 0.0,
        linkish,
        cjk / max(n_chars, 1),
        1.0 if words < 4 else 0.0,
    )


def text_feature_cache_clear() -> None:
    """Forget cached line features (for cold-cache speed measurements)."""
    _text_features.cache_clear()
    word_count.cache_clear()


def local_features(line: Line, block_sizes: dict[int, int], words: float,
                   repeated: bool = False) -> list[float]:
    """Stage-1 features of one line, in the order of LOCAL_FEATURES."""
    (log_words, log_chars, terminal, ellipsis, stop_share, capital, digits, stop_marker,
     drop_line, urlish, datey, separators, sentences, commas, all_caps, linkish, cjk_share,
     short) = _text_features(line.text, words)
    # line.index / n_lines is a context feature (stage 2) to keep stage 1 position-free
    return [
        log_words, log_chars, terminal, ellipsis, stop_share, capital, digits,
        1.0 if line.bullet else 0.0,
        stop_marker, drop_line, urlish, datey, separators, sentences, commas, all_caps,
        math.log1p(block_sizes.get(line.block, 1)),
        linkish,
        math.log1p(line.joined - 1),
        cjk_share, short,
        # Printed more than once on the page: menus (desktop and mobile), teaser headlines.
        1.0 if repeated else 0.0,
    ]


def densest_run(scores: list[float], weights: list[float]) -> tuple[int, int]:
    """The run of lines with the largest sum of (score - 0.5) * weight (max-subarray).

    This is the "core" of the article: the stretch where prose outweighs everything else.
    Returns (start, end) inclusive; (0, -1) when no line leans towards prose.
    """
    best, best_span = 0.0, (0, -1)
    run, start = 0.0, 0
    for i, (s, w) in enumerate(zip(scores, weights, strict=True)):
        gain = (s - 0.5) * w
        if run <= 0:
            run, start = gain, i
        else:
            run += gain
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def context_features(lines: list[Line], p1: list[float], words: list[float],
                     stop: list[bool] | None = None) -> list[list[float]]:
    """Stage-2 context features per line, in the order of CONTEXT_FEATURES.

    `stop`, if given, says which lines are stop markers (the local feature `stop_marker`, which
    equals `is_stop_marker` of the line), so they are not folded again.
    """
    n = len(lines)
    weights = [math.log1p(w) for w in words]
    core_start, core_end = densest_run(p1, weights)
    mass = [p * w for p, w in zip(p1, words, strict=True)]
    total = sum(mass) or 1.0
    if stop is None:
        stop = [i > core_end and is_stop_marker(line.text) for i, line in enumerate(lines)]
    rows: list[list[float]] = []
    before = 0.0
    stop_seen = 0.0
    last = max(n - 1, 1)
    for i in range(n):
        # The same sums, in the same order, as sum() over the slices p1[i-3:i] and p1[i+1:i+4].
        if i >= 3:
            prev3 = (p1[i - 3] + p1[i - 2] + p1[i - 1]) / 3
        elif i:
            prev3 = (p1[0] + p1[1]) / 2 if i == 2 else p1[0] / 1
        else:
            prev3 = 0.0
        ahead = n - 1 - i
        if ahead >= 3:
            next3 = (p1[i + 1] + p1[i + 2] + p1[i + 3]) / 3
        elif ahead:
            next3 = (p1[i + 1] + p1[i + 2]) / 2 if ahead == 2 else p1[i + 1] / 1
        else:
            next3 = 0.0
        if core_start <= i <= core_end:
            in_core, dist = 1.0, 0.0
        else:
            in_core = 0.0
            dist = math.log1p(core_start - i if i < core_start else i - core_end)
        if i > core_end and stop[i]:
            stop_seen = 1.0
        m = mass[i]
        rows.append([
            p1[i],
            p1[i - 1] if i > 0 else 0.0,
            p1[i + 1] if i + 1 < n else 0.0,
            prev3,
            next3,
            in_core,
            dist,
            before / total,
            (total - before - m) / total,
            stop_seen,
            i / last,
        ])
        before += m
    return rows


@dataclass(frozen=True, slots=True)
class LogReg:
    """A standardised logistic regression: sigmoid(w . (x - mean) / std + b)."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    std: tuple[float, ...]
    # The folded weights and bias, computed once: `prob` runs twice per line of every page.
    _w: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _b: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        w, b = self.folded()
        object.__setattr__(self, "_w", w)
        object.__setattr__(self, "_b", b)

    def folded(self) -> tuple[tuple[float, ...], float]:
        """Weights and bias with the standardisation folded in (one dot product per line)."""
        w = tuple(wi / si for wi, si in zip(self.weights, self.std, strict=True))
        return w, self.bias - sum(wi * mi for wi, mi in zip(w, self.mean, strict=True))

    def prob(self, x: list[float]) -> float:
        z = self._b + sum(map(operator.mul, x, self._w))
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, object]:
        return {"weights": list(self.weights), "bias": self.bias, "mean": list(self.mean),
                "std": list(self.std)}

    @staticmethod
    def from_json(data: dict[str, object]) -> LogReg:
        def floats(key: str) -> tuple[float, ...]:
            value = data[key]
            assert isinstance(value, list)
            return tuple(float(v) for v in value)

        bias = data["bias"]
        assert isinstance(bias, (int, float))
        return LogReg(floats("weights"), float(bias), floats("mean"), floats("std"))


@dataclass(frozen=True, slots=True)
class TextModel:
    stage1: LogReg
    stage2: LogReg
    threshold: float  # a line is kept when its stage-2 probability reaches this


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> TextModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return TextModel(LogReg.from_json(data["stage1"]), LogReg.from_json(data["stage2"]),
                     float(data["threshold"]))


def page_features(lines: list[Line], words: list[float]) -> list[list[float]]:
    """Stage-1 features of every line of a page (`local_features` of each, in one loop)."""
    block_sizes: dict[int, int] = {}
    seen: dict[str, int] = {}
    for line in lines:
        block_sizes[line.block] = block_sizes.get(line.block, 0) + 1
        seen[line.text] = seen.get(line.text, 0) + 1
    log_block = {block: math.log1p(size) for block, size in block_sizes.items()}
    rows: list[list[float]] = []
    for line, w in zip(lines, words, strict=True):
        (log_words, log_chars, terminal, ellipsis, stop_share, capital, digits, stop_marker,
         drop_line, urlish, datey, separators, sentences, commas, all_caps, linkish, cjk_share,
         short) = _text_features(line.text, w)
        rows.append([
            log_words, log_chars, terminal, ellipsis, stop_share, capital, digits,
            1.0 if line.bullet else 0.0,
            stop_marker, drop_line, urlish, datey, separators, sentences, commas, all_caps,
            log_block[line.block],
            linkish,
            math.log1p(line.joined - 1),
            cjk_share, short,
            1.0 if seen[line.text] > 1 else 0.0,
        ])
    return rows


def score_lines(lines: list[Line], model: TextModel, words: list[float]) -> list[float]:
    """Probability, per line, that it is article text (`words`: `word_count` of each line)."""
    return score_lines_stops(lines, model, words)[0]


def score_lines_stops(lines: list[Line], model: TextModel,
                      words: list[float]) -> tuple[list[float], list[bool]]:
    """`score_lines`, and which lines are stop markers (`is_stop_marker` of each, read off the
    local feature `stop_marker`, so callers need not fold every line again)."""
    if not lines:
        return [], []
    local = page_features(lines, words)
    p1 = list(map(model.stage1.prob, local))
    stops = [row[8] == 1.0 for row in local]
    ctx = context_features(lines, p1, words, stops)
    prob2 = model.stage2.prob
    return [prob2(a + b) for a, b in zip(local, ctx, strict=True)], stops
