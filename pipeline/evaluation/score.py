"""Scoring of title / byline / body predictions against labelled cases.

An own implementation of the metric described in the shared evaluation README, so that `make eval`
gives the numbers the judge would give on the same cases:

* body, scrapinghub article-extraction-benchmark method: case-sensitive `\\w+` tokens, multisets of
  word 4-grams, per-document TP/FP/FN scaled to sum 1, macro precision over documents with a
  non-empty prediction, macro recall over documents with a non-empty truth, F1 of the two macro
  averages, and accuracy = identical token lists;
* body, bag-of-words: NFKC + casefold `\\w+` tokens, per-document multiset P/R/F1, macro means;
* title: normalized exact match and token F1 over cases with a non-empty title label;
* byline: the same over cases with a non-empty byline label, plus the false byline rate over cases
  labelled "no byline" (`""`); `None` means "not labelled" and is left out.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# The scrapinghub benchmark compares word 4-grams ("shingles").
SHINGLE_SIZE = 4
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_LEADING_BY = re.compile(r"^by\b[\s:]*")

# Quote and dash folding for titles and bylines. The README lists curly, low-9 and prime quotes,
# guillemets, and the dashes ‐ ‑ ‒ – — ― − ﹘ ﹣ －; the judge's scorer also folds the backtick and
# the hyphen bullet ⁃, so we do too (fullwidth forms are already folded by NFKC).
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a`"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_FOLD = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
    }
)

ALL = "ALL"


@dataclass(frozen=True, slots=True)
class Truth:
    """The labels of one case. `title`/`byline` None = not labelled; byline "" = page has none."""

    id: str
    dataset: str
    body: str
    title: str | None = None
    byline: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system produced for one case; a missing case is an empty Prediction."""

    title: str = ""
    byline: str = ""
    body: str = ""


def as_text(value: object) -> str:
    """A cell value as a string: None/NaN -> "", a list (authors) joined with ", "."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy array from a list column
        value = value.tolist()
    if isinstance(value, list | tuple):
        return ", ".join(s for s in (as_text(v) for v in value) if s)
    return str(value)


def prediction_from_row(row: Mapping[str, object]) -> Prediction:
    return Prediction(as_text(row.get("title")), as_text(row.get("byline")), as_text(row.get("body")))


# --- body: scrapinghub shingles -------------------------------------------------------------------


def sh_tokens(text: str) -> list[str]:
    """Unicode `\\w+` tokens, case kept (the benchmark does not lowercase)."""
    return _WORD.findall(text)


def shingles(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than n gives one shorter shingle, an empty text none."""
    if len(tokens) <= size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def sh_counts(truth: str, pred: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of shingle multisets, scaled to sum to 1 so that every document weighs the same."""
    want, got = shingles(sh_tokens(truth)), shingles(sh_tokens(pred))
    tp = sum(min(n, got[s]) for s, n in want.items())
    fp = sum(got.values()) - tp
    fn = sum(want.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def sh_precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp > 0 else 0.0


def sh_recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn > 0 else 0.0


def sh_doc_f1(tp: float, fp: float, fn: float) -> float:
    """Per-document F1 (supplementary): an empty prediction or an empty truth scores 0, both empty 1."""
    if tp + fp == 0 or tp + fn == 0:
        return 1.0 if tp + fp + fn == 0 else 0.0
    p, r = sh_precision(tp, fp, fn), sh_recall(tp, fp, fn)
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def sh_macro(counts: Sequence[tuple[float, float, float]]) -> tuple[float | None, float | None, float | None]:
    """Macro (P, R, F1). P skips empty predictions, R skips empty truths; F1 = 2PR/(P+R).

    P or R is None when no document qualifies; F1 is then 0, or None when neither qualifies.
    """
    ps = [sh_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [sh_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else None
    r = sum(rs) / len(rs) if rs else None
    if p is None and r is None:
        return None, None, None
    if p is None or r is None or p + r == 0:
        return p, r, 0.0
    return p, r, 2 * p * r / (p + r)


# --- body: bag of words ---------------------------------------------------------------------------


def bow_tokens(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def token_prf(truth: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """Multiset token (P, R, F1): both empty -> 1, exactly one empty -> 0."""
    if not truth and not pred:
        return 1.0, 1.0, 1.0
    if not truth or not pred:
        return 0.0, 0.0, 0.0
    overlap = sum((Counter(truth) & Counter(pred)).values())
    if overlap == 0:
        return 0.0, 0.0, 0.0
    p, r = overlap / len(pred), overlap / len(truth)
    return p, r, 2 * p * r / (p + r)


# --- title and byline -----------------------------------------------------------------------------


def _is_edge(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def strip_punctuation(text: str) -> str:
    """Strip leading and trailing whitespace and Unicode punctuation (categories P*)."""
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def normalize_title(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return strip_punctuation(_SPACES.sub(" ", text))


def normalize_byline(text: str) -> str:
    return strip_punctuation(_LEADING_BY.sub("", normalize_title(text)))


def label_f1(truth_norm: str, pred_norm: str) -> float:
    return token_prf(_WORD.findall(truth_norm), _WORD.findall(pred_norm))[2]


# --- per case and per group -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseScore:
    """Every per-case number; label fields are None where the case has no such label."""

    id: str
    dataset: str
    empty_body: bool
    sh: tuple[float, float, float]
    sh_accuracy: float
    bow: tuple[float, float, float]
    title_em: float | None = None
    title_f1: float | None = None
    byline_em: float | None = None
    byline_f1: float | None = None
    false_byline: float | None = None


def score_case(truth: Truth, pred: Prediction | None) -> CaseScore:
    pred = pred or Prediction()
    true_tokens, pred_tokens = sh_tokens(truth.body), sh_tokens(pred.body)
    labels: dict[str, float] = {}
    if truth.title:
        want, got = normalize_title(truth.title), normalize_title(pred.title)
        labels.update(title_em=float(want == got), title_f1=label_f1(want, got))
    if truth.byline:
        want, got = normalize_byline(truth.byline), normalize_byline(pred.byline)
        labels.update(byline_em=float(want == got), byline_f1=label_f1(want, got))
    elif truth.byline == "":
        labels["false_byline"] = float(normalize_byline(pred.byline) != "")
    return CaseScore(
        id=truth.id,
        dataset=truth.dataset,
        empty_body=not pred_tokens,
        sh=sh_counts(truth.body, pred.body),
        sh_accuracy=float(true_tokens == pred_tokens),
        bow=token_prf(bow_tokens(truth.body), bow_tokens(pred.body)),
        **labels,
    )


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def _sample_std(values: Sequence[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    if len(kept) < 2:
        return 0.0 if kept else None
    m = sum(kept) / len(kept)
    return math.sqrt(sum((v - m) ** 2 for v in kept) / (len(kept) - 1))


@dataclass(slots=True)
class GroupScore:
    """The numbers of one dataset (or ALL). Means are None when no case qualifies."""

    n: int
    n_empty_body: int
    sh_precision: float | None
    sh_recall: float | None
    sh_f1: float | None
    sh_accuracy: float | None
    sh_n_precision: int
    sh_n_recall: int
    sh_f1_doc_mean: float | None
    bow_precision: float | None
    bow_recall: float | None
    bow_f1: float | None
    title_n: int
    title_em: float | None
    title_f1: float | None
    byline_n: int
    byline_em: float | None
    byline_f1: float | None
    no_byline_n: int
    false_byline: float | None
    std: dict[str, float | None] = field(default_factory=dict)  # bootstrap std, if asked for

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def aggregate(cases: Sequence[CaseScore]) -> GroupScore:
    p, r, f1 = sh_macro([c.sh for c in cases])
    return GroupScore(
        n=len(cases),
        n_empty_body=sum(c.empty_body for c in cases),
        sh_precision=p,
        sh_recall=r,
        sh_f1=f1,
        sh_accuracy=_mean(c.sh_accuracy for c in cases),
        sh_n_precision=sum(1 for c in cases if c.sh[0] + c.sh[1] > 0),
        sh_n_recall=sum(1 for c in cases if c.sh[0] + c.sh[2] > 0),
        sh_f1_doc_mean=_mean(sh_doc_f1(*c.sh) for c in cases),
        bow_precision=_mean(c.bow[0] for c in cases),
        bow_recall=_mean(c.bow[1] for c in cases),
        bow_f1=_mean(c.bow[2] for c in cases),
        title_n=sum(c.title_em is not None for c in cases),
        title_em=_mean(c.title_em for c in cases),
        title_f1=_mean(c.title_f1 for c in cases),
        byline_n=sum(c.byline_em is not None for c in cases),
        byline_em=_mean(c.byline_em for c in cases),
        byline_f1=_mean(c.byline_f1 for c in cases),
        no_byline_n=sum(c.false_byline is not None for c in cases),
        false_byline=_mean(c.false_byline for c in cases),
    )


def bootstrap_std(cases: Sequence[CaseScore], resamples: int, rng: random.Random) -> dict[str, float | None]:
    """Std over `resamples` resamplings (with replacement) of the cases, for the body metrics."""
    draws: dict[str, list[float | None]] = {k: [] for k in ("sh_precision", "sh_recall", "sh_f1")}
    draws.update(sh_accuracy=[], bow_f1=[])
    n = len(cases)
    for _ in range(resamples if n else 0):
        picked = [cases[rng.randrange(n)] for _ in range(n)]
        p, r, f1 = sh_macro([c.sh for c in picked])
        draws["sh_precision"].append(p)
        draws["sh_recall"].append(r)
        draws["sh_f1"].append(f1)
        draws["sh_accuracy"].append(_mean(c.sh_accuracy for c in picked))
        draws["bow_f1"].append(_mean(c.bow[2] for c in picked))
    return {k: _sample_std(v) for k, v in draws.items()} if n and resamples else {}


def score_all(
    truths: Mapping[str, Truth],
    preds: Mapping[str, Prediction],
    bootstrap: int = 0,
    seed: int = 0,
) -> dict[str, GroupScore]:
    """Score every truth case (a missing prediction is empty): one group per dataset, then ALL.

    Prediction ids that are not in `truths` are ignored. Bootstrap resamples draw from one
    seeded generator, datasets in sorted order and ALL last, so reruns give the same numbers.
    """
    cases = [score_case(truths[cid], preds.get(cid)) for cid in sorted(truths)]
    rng = random.Random(seed)
    groups: dict[str, GroupScore] = {}
    for name in [*sorted({c.dataset for c in cases}), ALL]:
        members = cases if name == ALL else [c for c in cases if c.dataset == name]
        groups[name] = aggregate(members)
        if bootstrap > 0:
            groups[name].std = bootstrap_std(members, bootstrap, rng)
    return groups
