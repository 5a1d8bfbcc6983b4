"""Unit tables and properties of the bundled scorer (pipeline.evaluation.score)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.evaluation.score import (
    Prediction,
    Truth,
    as_text,
    normalize_byline,
    normalize_title,
    score_all,
    score_case,
    sh_counts,
    sh_macro,
    shingles,
    token_prf,
)

# --- shingles and per-document counts ---------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([], {}),
        (["a"], {("a",): 1}),
        (["a", "b", "c"], {("a", "b", "c"): 1}),
        (["a", "b", "c", "d"], {("a", "b", "c", "d"): 1}),
        (["a", "b", "c", "d", "e"], {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}),
        (["x"] * 6, {("x",) * 4: 3}),
    ],
)
def test_shingles(tokens: list[str], expected: dict[tuple[str, ...], int]) -> None:
    assert dict(shingles(tokens)) == expected


@pytest.mark.parametrize(
    ("truth", "pred", "expected"),
    [
        ("", "", (0.0, 0.0, 0.0)),
        ("a b c d", "", (0.0, 0.0, 1.0)),
        ("", "a b c d", (0.0, 1.0, 0.0)),
        ("a b c d", "a, b. c! d?", (1.0, 0.0, 0.0)),  # punctuation does not matter
        ("a b c d", "A b c d", (0.0, 0.5, 0.5)),  # case does
        # truth 3 shingles, pred 5 shingles, 3 shared: TP 3, FP 2, FN 0 -> scaled by 5
        ("a b c d e f", "a b c d e f g h", (0.6, 0.4, 0.0)),
    ],
)
def test_sh_counts(truth: str, pred: str, expected: tuple[float, float, float]) -> None:
    assert sh_counts(truth, pred) == pytest.approx(expected)


def test_sh_macro_leaves_empty_predictions_out_of_precision() -> None:
    perfect, empty = sh_counts("a b c d e", "a b c d e"), sh_counts("a b c d e", "")
    p, r, f1 = sh_macro([perfect, empty])
    assert (p, r) == (1.0, 0.5)
    assert f1 == pytest.approx(2 * 0.5 / 1.5)  # F1 of the macro averages, not a mean of F1s


def test_sh_macro_edge_cases() -> None:
    assert sh_macro([]) == (None, None, None)
    assert sh_macro([sh_counts("a b", "")]) == (None, 0.0, 0.0)
    assert sh_macro([sh_counts("a b", "c d")]) == (0.0, 0.0, 0.0)


# --- bag of words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("truth", "pred", "expected"),
    [
        ([], [], (1.0, 1.0, 1.0)),
        (["a"], [], (0.0, 0.0, 0.0)),
        ([], ["a"], (0.0, 0.0, 0.0)),
        (["a", "b"], ["c"], (0.0, 0.0, 0.0)),
        (["a", "b", "b"], ["b", "b", "b", "c"], (0.5, 2 / 3, 4 / 7)),
    ],
)
def test_token_prf(truth: list[str], pred: list[str], expected: tuple[float, float, float]) -> None:
    assert token_prf(truth, pred) == pytest.approx(expected)


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hello,   World!  ", "hello, world"),
        ("\u201cQuoted\u201d \u2018title\u2019", "quoted\" 'title"),
        ("A \u2014 B \u2013 C \u2212 D", "a - b - c - d"),
        ("\u00abGuillemets\u00bb", "guillemets"),
        ("\uff21\uff22\uff23", "abc"),  # NFKC: fullwidth letters
        ("STRASSE", "strasse"),
        ("Stra\u00dfe", "strasse"),  # casefold, not lower
        ("...", ""),
        ("", ""),
    ],
)
def test_normalize_title(raw: str, expected: str) -> None:
    assert normalize_title(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe", "jane doe"),
        ("by: Jane Doe", "jane doe"),
        ("BY  :  Jane Doe.", "jane doe"),
        ("Byron Smith", "byron smith"),  # only a whole leading word "by"
        ("— by Jane", "jane"),  # punctuation stripped before "by" is removed
        ("Jane Doe, John Roe", "jane doe, john roe"),
        ("By", ""),
    ],
)
def test_normalize_byline(raw: str, expected: str) -> None:
    assert normalize_byline(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), (math.nan, ""), (["Ann", "", "Bob"], "Ann, Bob"), (("A",), "A"), ("x", "x"), (3, "3")],
)
def test_as_text(value: object, expected: str) -> None:
    assert as_text(value) == expected


# --- cases and groups -------------------------------------------------------------------------

MOZ = Truth("moz-a", "moz", "one two three four five", title="The Title", byline="Jane Doe")
MOZ_NONE = Truth("moz-b", "moz", "alpha beta gamma", title="Other", byline="")
SH = Truth("sh-a", "sh", "lorem ipsum dolor sit amet")


@pytest.mark.parametrize(
    ("truth", "pred", "field", "expected"),
    [
        (MOZ, Prediction("the title!", "by Jane Doe", ""), "title_em", 1.0),
        (MOZ, Prediction("The Title | Site", "", ""), "title_em", 0.0),
        (MOZ, Prediction("The Title | Site", "", ""), "title_f1", 0.8),
        (MOZ, Prediction("", "By: Jane Doe", ""), "byline_em", 1.0),
        (MOZ, Prediction("", "Jane", ""), "byline_f1", 2 / 3),
        (MOZ_NONE, Prediction("", "Staff", ""), "false_byline", 1.0),
        (MOZ_NONE, Prediction("", " by ", ""), "false_byline", 0.0),
        (SH, Prediction("x", "y", ""), "title_em", None),  # not labelled
        (SH, Prediction("x", "y", ""), "false_byline", None),
        (SH, Prediction("", "", "lorem, ipsum: dolor sit amet"), "sh_accuracy", 1.0),
        (SH, Prediction("", "", "Lorem ipsum dolor sit amet"), "sh_accuracy", 0.0),
    ],
)
def test_score_case(truth: Truth, pred: Prediction, field: str, expected: float | None) -> None:
    got = getattr(score_case(truth, pred), field)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_score_all_groups_and_missing_cases() -> None:
    truths = {t.id: t for t in (MOZ, MOZ_NONE, SH)}
    preds = {"moz-a": Prediction("The Title", "Jane Doe", MOZ.body), "unknown": Prediction(body="x")}
    groups = score_all(truths, preds)
    assert list(groups) == ["moz", "sh", "ALL"]
    allg, moz, sh = groups["ALL"], groups["moz"], groups["sh"]
    assert (allg.n, allg.n_empty_body, allg.sh_n_precision, allg.sh_n_recall) == (3, 2, 1, 3)
    assert allg.sh_precision == 1.0
    assert allg.sh_recall == pytest.approx(1 / 3)
    assert allg.sh_f1 == pytest.approx(0.5)
    assert (moz.title_n, moz.title_em, moz.byline_n, moz.byline_em) == (2, 0.5, 1, 1.0)
    assert (moz.no_byline_n, moz.false_byline) == (1, 0.0)
    assert (sh.sh_precision, sh.sh_recall, sh.sh_f1) == (None, 0.0, 0.0)
    assert (sh.title_em, sh.false_byline) == (None, None)


def test_bootstrap_is_seeded() -> None:
    truths = {t.id: t for t in (MOZ, MOZ_NONE, SH)}
    preds = {"moz-a": Prediction(body="one two three four"), "sh-a": Prediction(body=SH.body + " extra")}
    a = score_all(truths, preds, bootstrap=50, seed=3)["ALL"].std
    b = score_all(truths, preds, bootstrap=50, seed=3)["ALL"].std
    assert a == b
    assert set(a) == {"sh_precision", "sh_recall", "sh_f1", "sh_accuracy", "bow_f1"}


# --- properties -------------------------------------------------------------------------------

texts = st.text(max_size=200)
labels = st.one_of(st.none(), texts)


@settings(max_examples=200, deadline=None)
@given(body=texts, title=labels, byline=labels, p_title=texts, p_byline=texts, p_body=texts)
def test_scores_in_unit_interval(
    body: str, title: str | None, byline: str | None, p_title: str, p_byline: str, p_body: str
) -> None:
    truth = Truth("c", "moz", body, title, byline)
    for group in score_all({"c": truth}, {"c": Prediction(p_title, p_byline, p_body)}).values():
        for key, value in group.to_dict().items():
            if isinstance(value, float) and key not in ("n", "n_empty_body"):
                assert 0.0 <= value <= 1.0 + 1e-12, key


@settings(max_examples=200, deadline=None)
@given(body=texts.filter(lambda s: any(ch.isalnum() for ch in s)), title=labels, byline=labels)
def test_perfect_prediction_scores_one(body: str, title: str | None, byline: str | None) -> None:
    truth = Truth("c", "sh", body, title, byline)
    case = score_case(truth, Prediction(title or "", byline or "", body))
    group = score_all({"c": truth}, {"c": Prediction(title or "", byline or "", body)})["ALL"]
    assert case.sh_accuracy == 1.0 and case.bow == (1.0, 1.0, 1.0)
    if group.sh_f1 is not None:  # None only when the body has no \w token at all
        assert group.sh_f1 == pytest.approx(1.0)
    for value in (case.title_em, case.title_f1, case.byline_em, case.byline_f1):
        assert value in (None, 1.0)
    assert case.false_byline in (None, 0.0)


@settings(max_examples=200, deadline=None)
@given(a=texts, b=texts)
def test_normalizers_never_raise(a: str, b: str) -> None:
    # The title normalisation is idempotent; the byline one is not ("by by x" loses one "by" a time).
    assert normalize_title(normalize_title(a)) == normalize_title(a)
    normalize_byline(b)
    score_case(Truth("c", "moz", a, a, b), Prediction(b, a, b))
