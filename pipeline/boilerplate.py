"""Decide which lines of a flattened page are boilerplate; record why each one went.

Order of precedence (first that applies wins):
1. user rules: `config.extra_drop_lines`, the site's `drop_lines` / `drop_patterns`;
2. cross-page repeats: a line seen on many pages of the same site/batch (`RepeatStats`);
3. stop markers: the user's (`extra_stop_markers`, the site's `stop_markers`) end the body
   wherever they stand; the built-in ones ("Read more", "Latest news", ...) end it only once
   the article's densest prose run is behind them, since "Related" can be an in-text heading;
4. the line model (`textmodel`): a line whose article probability is under the threshold.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.byline import name_then_date
from pipeline.config import Config
from pipeline.lexicon import (
    ABOUT_WORDS,
    CAPTION_LABELS,
    CAPTION_OPENERS,
    COMMENT_PAST_VERBS,
    COMMENT_VERBS,
    CONSENT_PHRASES,
    CREDIT_WORDS,
    DROP_LINES,
    INLINE_TEASER_MARKERS,
    PHOTO_AGENCIES,
    TEASER_HEADINGS,
)
from pipeline.repeats import RepeatStats, count_keys
from pipeline.schema import RemovedLine
from pipeline.segment import NUMBERED, Line
from pipeline.textmodel import (
    TextModel,
    densest_run,
    fold,
    is_drop_line,
    is_stop_marker,
    score_lines_stops,
    word_count,
)
from pipeline.user_rules import rules_for

STAGE = "boilerplate"
# Share of the page's prose (probability-weighted words) that must precede a built-in stop
# marker for it to end the body; past the middle, a "Read more" starts the trailing furniture.
STOP_MASS = 0.5
# An inline teaser marker ("Related", "Read more") is followed by more of the article when a
# line of real prose (this many words, scored as text) comes within TEASER_LOOKAHEAD lines:
# the teaser headline and an ad line or two sit between them on the pages looked at.
TEASER_PROSE_WORDS = 15
TEASER_LOOKAHEAD = 5
# The lines right under such a marker are its links: headlines (up to this many words, no
# closing sentence punctuation, at most TEASER_LINKS of them), which the model, or the rule
# that keeps list items inside the article's densest run, keeps as text when they are long.
TEASER_LINK_MAX_WORDS = 20
TEASER_LINKS = 3
# A reader-comment header: a short line "<name> [on <date>] says:". Two of them within
# THREAD_SPAN lines make a comment thread, which ends the article wherever it starts (the
# prose of comments scores as text, and a long thread can outweigh the article itself).
_COMMENT_HEAD = re.compile(
    r"^[^.!?]{1,80}?\s(?:" + "|".join(re.escape(v) for v in COMMENT_VERBS) + r")\s*:\s*$"
    r"|^[^.!?]{1,80}?\d[^.!?]*\s(?:" + "|".join(re.escape(v) for v in COMMENT_PAST_VERBS)
    + r")\s*:\s*$",
    re.IGNORECASE,
)
COMMENT_HEAD_MAX_WORDS = 14
THREAD_SPAN = 15
SIGNED_THREAD_HEADS = 3
COUNT_MAX_CHARS = 6
COPY_MIN_CHARS, COPY_SPAN = 20, 3
# A line printed this many times on one page is never the article's own sentence.
PAGE_COPIES = 3
# 15 words: a short cited paragraph or a table row of prose ("Magnetic 2015 Alice is stuck in
# a time loop ...") is a sentence too. In CV on dev, 12 and 15 scored alike and 10, 20 and 25
# lower, all within noise of each other.
PROSE_MIN_WORDS, PROSE_REACH = 15, 2
CORE_ITEM_WORDS = 4
# A sentence may end in reference marks: "... the same day.[31]", "[a][b]", w3m's "^[12]".
REFERENCE_MARKS = r"(?:\^?\[[^\[\]]{1,20}\])*"
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]*" + REFERENCE_MARKS + "$")
# w3m prints an image as its alt text in brackets ("[20180816_1009]", "[INS::INS]", "[  ]"); a
# bracketed line of one word or none is that, never a sentence of the article (also as an item
# of a numbered list: "2. [13AMAZON-t]").
_PLACEHOLDER = re.compile(r"^\[\s*\S{0,60}\s*\]$")
_DIGIT = re.compile(r"\d")
_CONSENT = re.compile("|".join(re.escape(p) for p in CONSENT_PHRASES))


_CREDIT_WORD = "(?:" + "|".join(re.escape(w) for w in CREDIT_WORDS) + ")"
_AGENCY = "(?:" + "|".join(re.escape(a) for a in PHOTO_AGENCIES) + ")"
# A credit at the end of a line: "(AP Photo/Alan Diaz)", "(Credit: iStock)", a credit glued to
# the caption ("... a rabbitCredit: Getty - Contributor"), "| Getty Images", "/ Reuters".
_CREDIT_END = re.compile(
    r"\((?:[^()]*\b)?" + _CREDIT_WORD + r"\b[^()]*\)\s*$"
    r"|credit:\s*[^.!?]{2,60}$"
    r"|(?:[|/]|\bvia)\s*(?:[^|/]*\s)?" + _AGENCY + r"\s*$")
_CAPTION_OPENER = re.compile("|".join(CAPTION_OPENERS))
# "About <one to three words>", whole line: the heading of an author or site box.
_ABOUT_HEADING = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in ABOUT_WORDS) + r")\s+\S+(?:\s+\S+){0,2}$")


def _is_end_heading(folded: str) -> bool:
    """A heading that ends the article but is no model feature: "You may like", "About us"."""
    return folded in TEASER_HEADINGS or _ABOUT_HEADING.match(folded) is not None


CAPTION_MAX_CHARS = 400


def is_caption(text: str) -> bool:
    """A photo caption or credit line (see lexicon.CAPTION_LABELS): not the article's text."""
    if len(text) > CAPTION_MAX_CHARS:
        return False
    folded = text.casefold()
    return folded.startswith(CAPTION_LABELS) \
        or (_may_end_in_credit(folded) and _CREDIT_END.search(folded) is not None) \
        or _CAPTION_OPENER.match(folded) is not None


def _may_end_in_credit(folded: str) -> bool:
    """What each branch of _CREDIT_END needs (a closing bracket at the end, "credit:", an agency
    at the end: "$" and "\\s*" allow only whitespace after them), checked before the search,
    which otherwise tries every position of every kept line."""
    tail = folded.rstrip()
    return tail.endswith(")") or "credit:" in folded or tail.endswith(PHOTO_AGENCIES)


@dataclass(slots=True)
class Verdict:
    """The outcome for one page: which lines are body, and the removals with their rules."""

    keep: list[bool]
    scores: list[float]
    core: tuple[int, int]  # densest prose run (start, end), inclusive; (0, -1) if none
    removed: list[RemovedLine] = field(default_factory=list)


def _is_comment_head(line: Line) -> bool:
    text = line.text
    if line.bullet:
        # Comments are an ordered list; w3m prints its numbers ("1. jane says:").
        text = text[len(m.group()):] if (m := NUMBERED.match(text)) else text
    return len(text) < 120 and text.endswith(":") and _COMMENT_HEAD.match(text) is not None


def comment_thread_start(lines: list[Line]) -> int | None:
    """Index of the first reader-comment header that another one follows closely, or None."""
    # A header ends in ":", and so does the line it is cut from (taking a list number off the
    # start keeps the end): the cheap test keeps the rest off almost every line.
    heads = [i for i, line in enumerate(lines) if line.text.endswith(":") and _is_comment_head(line)
             and word_count(line.text) <= COMMENT_HEAD_MAX_WORDS]
    for a, b in pairwise(heads):
        if b - a <= THREAD_SPAN:
            return a
    return None


def signed_thread_start(lines: list[Line], after: int) -> int | None:
    """Index of the first of SIGNED_THREAD_HEADS "name · date" lines after line `after`, each
    within THREAD_SPAN lines of the previous: comments signed like a byline ("Jane Doe ·
    March 10, 2017 at 11:55 AM"). Only below the start of the densest prose run, since a
    teaser rail above the article signs its links the same way."""
    # A name first and a date after it: the cheap tests keep the regex off most lines.
    heads = [i for i in range(max(after, 0) + 1, len(lines))
             if len(text := lines[i].text) <= 100 and text[:1].isupper() and _DIGIT.search(text)
             and name_then_date(text)]
    for k in range(len(heads) - SIGNED_THREAD_HEADS + 1):
        run = heads[k:k + SIGNED_THREAD_HEADS]
        if all(b - a <= THREAD_SPAN for a, b in pairwise(run)):
            return run[0]
    return None


FURNITURE_MAX_CHARS = 40


def is_furniture_line(text: str) -> bool:
    """A line that is furniture wherever it stands ("Advertisement", "Print", "Tweet"), dropped
    before the line model, so that an ad label between two paragraphs does not lower their
    neighbours' scores; except a stop marker ("Share"), which must reach the stop rule."""
    return len(text) < FURNITURE_MAX_CHARS and fold(text) in DROP_LINES and not is_stop_marker(text)


def _is_placeholder(line: Line) -> bool:
    text = line.text
    if line.bullet and text[:1].isdigit():
        text = NUMBERED.sub("", text)
    return _PLACEHOLDER.match(text) is not None


def _glued_twice(text: str) -> bool:
    """"Jam recipeJam recipe": an image's alt text and its title glued on one line."""
    half = len(text) // 2
    # Halves of equal length starting alike before the slices are compared (a long paragraph).
    return not len(text) % 2 and text[0] == text[half] and text[:half] == text[half:]


def _printed_twice(lines: list[Line], texts: list[str]) -> set[int]:
    """Lines that the next or the previous line repeats with no blank line between them: w3m
    prints the alt text for the <img> and again for its <noscript> copy on the next line (a
    caption would follow after a gap)."""
    return {j for i in range(1, len(texts)) if texts[i] == texts[i - 1] and not lines[i].gap_before
            for j in (i - 1, i)}


def _prose_follows(lines: list[Line], scores: list[float], words: list[float], i: int,
                   threshold: float) -> bool:
    """Whether article prose resumes right after line i (an inline teaser marker)."""
    for k in range(i + 1, min(len(lines), i + 1 + TEASER_LOOKAHEAD)):
        if scores[k] >= threshold and words[k] >= TEASER_PROSE_WORDS \
                and not is_stop_marker(lines[k].text):
            return True
    return False


def _drop_teaser_links(lines: list[Line], keep: list[bool], why: list[str | None]) -> None:
    """Drop the headlines under an inline teaser marker ("Related" / other stories' titles)."""
    for i in range(len(lines) - 1):
        if why[i] != "teaser_marker":
            continue
        for k in range(i + 1, min(len(lines), i + 1 + TEASER_LINKS)):
            text = lines[k].text
            if why[k] not in (None, "low_text_score") or word_count(text) > TEASER_LINK_MAX_WORDS \
                    or SENTENCE_END.search(text):
                break
            keep[k], why[k] = False, "teaser_link"


def _drop_kept_copies(lines: list[Line], keep: list[bool], why: list[str | None]) -> None:
    """Keep the first copy of a line printed twice: w3m prints an image's alt text and then its
    caption, both the same sentence, and teaser blocks repeat their headline. Only close copies
    (COPY_SPAN lines): an article may quote its own sentence again far below."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    last: dict[str, int] = {}
    for i, line in enumerate(lines):
        if keep[i] and counts[line.text] >= PAGE_COPIES and len(line.text) >= COPY_MIN_CHARS:
            # printed all over the page: an image's alt text, a recurring promo line
            keep[i], why[i] = False, "repeated_in_page"
            continue
        if keep[i] and len(line.text) >= COPY_MIN_CHARS:
            if i - last.get(line.text, -COPY_SPAN - 1) <= COPY_SPAN:
                keep[i], why[i] = False, "repeated_in_page"
            last[line.text] = i


def _keep_prose_next_to_body(lines: list[Line], keep: list[bool], why: list[str | None],
                             words: list[float], core: tuple[int, int] = (0, -1)) -> None:
    """Keep a paragraph of prose the model turned down when kept text stands within
    PROSE_REACH lines of it: the first paragraph above the densest run, or one between two
    ads, scores low on its context alone, but a paragraph of PROSE_MIN_WORDS words that ends
    a sentence, next to the article, is the article; inside the densest run (`core`), so is a
    line of CORE_ITEM_WORDS words that need not end a sentence (a list item)."""
    cands = [i for i, line in enumerate(lines) if not keep[i] and why[i] == "low_text_score"
             and ((words[i] >= PROSE_MIN_WORDS and SENTENCE_END.search(line.text))
                  or (core[0] <= i <= core[1] and words[i] >= CORE_ITEM_WORDS))
             and not is_drop_line(line.text[:200])]  # a cookie or copyright notice stays out
    # Two passes in both directions: a run of such paragraphs joins the article one by one.
    for order in (cands, cands[::-1]):
        for i in order:
            if any(keep[k] for k in range(max(0, i - PROSE_REACH), min(len(lines), i + PROSE_REACH + 1))):
                keep[i], why[i] = True, None


def classify(lines: list[Line], config: Config, model: TextModel, url: str | None = None,
             repeats: RepeatStats | None = None) -> Verdict:
    """Mark each line body or boilerplate (see the module docstring for the order of rules)."""
    rules = rules_for(config, url)  # the same user rules as the HTML path, compiled once per run
    has_rules = bool(rules)  # once per page, not per line
    keep = [True] * len(lines)
    why: list[str | None] = [None] * len(lines)
    use_repeats = repeats is not None and config.learn_repeats
    # The page's cluster anchors, for lines repeated only within a cluster (`repeat_clusters`).
    # Each line folded once for the repeat counts, for itself and the pairs around it.
    texts = [line.text for line in lines]
    keys = count_keys(texts) if use_repeats else []
    anchors = repeats.anchors_in(keys) if use_repeats and repeats else None
    twice = _printed_twice(lines, texts)  # one pass for the whole page, not a call per line
    for i, text in enumerate(texts):
        size = len(text)
        reason = rules.drop_rule(text) if has_rules else None
        # A placeholder ends in "]" (taking a list number off the start keeps the end), and an
        # alt-text copy is at least COPY_MIN_CHARS long: cheap tests before the calls.
        if reason is None and text.endswith(("]", "]\n")) and _is_placeholder(lines[i]):
            reason = "image_placeholder"
        if reason is None and size <= COUNT_MAX_CHARS \
                and not any(map(str.isalpha, text)):
            reason = "bare_number"  # a share, like or comment count ("158"), a list number
        # An image's text printed twice: w3m prints the alt text for the <img> and again for its
        # <noscript> copy, or the alt text and the title glued on one line.
        if reason is None and size >= COPY_MIN_CHARS and (
                i in twice or (not size % 2 and text[0] == text[size // 2] and _glued_twice(text))):
            reason = "image_alt_text"
        if reason is None and size < FURNITURE_MAX_CHARS and is_furniture_line(text):
            reason = "furniture_line"
        if reason is None and "ookie" in text and _CONSENT.search(text[:400].casefold()):
            reason = "consent_notice"
        if reason is None and use_repeats and repeats is not None \
                and repeats.repeated_at(keys, i, anchors):
            reason = "repeated_across_pages"
        if reason:
            keep[i], why[i] = False, reason

    # The model sees only what the hard rules left, so a user-dropped menu cannot lend its
    # shape to the neighbours' context features.
    all_words = [word_count(line.text) for line in lines]
    idx = [i for i in range(len(lines)) if keep[i]]
    sub = [lines[i] for i in idx]
    words = [all_words[i] for i in idx]
    sub_scores, sub_stops = score_lines_stops(sub, model, words)
    scores = [0.0] * len(lines)
    stops = [False] * len(lines)  # is_stop_marker of each line the model saw
    for i, s, st in zip(idx, sub_scores, sub_stops, strict=True):
        scores[i] = s
        stops[i] = st
    core_weights = [w ** 0.5 for w in words]
    core_sub = densest_run(sub_scores, core_weights)
    core = (idx[core_sub[0]], idx[core_sub[1]]) if core_sub[1] >= 0 else (0, -1)
    thread = comment_thread_start(lines)
    if thread is None and core[1] >= 0:
        thread = signed_thread_start(lines, core[0])
    if thread is not None and core[1] >= thread:
        # Readers' comments score as prose, and a long thread joins the article's densest run
        # or outweighs it: the core is measured above the thread, so that a stop marker between
        # article and comments ("Share this") still ends the body.
        cut = bisect_left(idx, thread)
        core_sub = densest_run(sub_scores[:cut], core_weights[:cut])
        core = (idx[core_sub[0]], idx[core_sub[1]]) if core_sub[1] >= 0 else (0, -1)

    # Built-in markers end the body once most of the prose is behind them: "Related" or
    # "Comments" half-way down is more often an in-text heading than the article's end, and
    # a marker inside the core run still counts when the core swallowed the teaser list.
    mass = [s * w for s, w in zip(scores, all_words, strict=True)]
    total = sum(mass) or 1.0
    seen = 0.0
    stopped: str | None = None
    for i, line in enumerate(lines):
        seen += mass[i]
        if i == thread and not stopped:
            stopped = "comment_thread"
        if stopped:
            if keep[i]:
                keep[i], why[i] = False, stopped
            continue
        if not keep[i]:
            # A stop marker that is site furniture ("Related stories" on every page) was dropped
            # as a repeat, but it still ends the body: in a batch of many sites, the teasers and
            # comments under it are the part that differs from page to page.
            if why[i] == "repeated_across_pages" and is_stop_marker(line.text) \
                    and fold(line.text) not in INLINE_TEASER_MARKERS \
                    and (i > core[1] >= 0 or seen >= STOP_MASS * total):
                stopped = "stop_marker"
            continue
        teaser = False
        user_stop = rules.stop_rule(line.text) if has_rules else None
        if user_stop:
            stopped = user_stop
        elif stops[i] or (len(line.text) < 40 and _is_end_heading(fold(line.text))):
            # a stop marker (kept by the hard rules, so the model saw it), a teaser heading or
            # an "About" box
            # An inline "Read more" is dropped itself, but the article goes on below it.
            teaser = fold(line.text) in INLINE_TEASER_MARKERS \
                and _prose_follows(lines, scores, all_words, i, model.threshold)
            if not teaser and (i > core[1] >= 0 or seen >= STOP_MASS * total):
                stopped = "stop_marker"
        if stopped:
            keep[i], why[i] = False, stopped
        elif teaser:
            keep[i], why[i] = False, "teaser_marker"
        elif scores[i] < model.threshold:
            keep[i], why[i] = False, "low_text_score"

    for i, line in enumerate(lines):
        if keep[i] and len(line.text) < 40 and fold(line.text) in DROP_LINES:
            keep[i], why[i] = False, "furniture_line"  # "Share", a stop marker the model saw
        elif keep[i] and is_caption(line.text):
            keep[i], why[i] = False, "caption"
    _drop_teaser_links(lines, keep, why)
    _drop_kept_copies(lines, keep, why)
    _keep_prose_next_to_body(lines, keep, why, all_words, core)
    removed = [RemovedLine(lines[i].text, STAGE, why[i] or "") for i in range(len(lines)) if not keep[i]]
    return Verdict(keep, scores, core, removed)
