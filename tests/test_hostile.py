"""Each hostile input on its own, through the real runner: a clear reason, nothing good lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Config, Limits
from pipeline.runner import run

from .hostile_corpus import CASES, Case, page, source_path, write_case
from .reliability_util import dataset_rows

GOOD = page("A good page next to a bad one", "It must come out whatever its neighbour does.")


def check_case(case: Case, articles: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> None:
    """The expectations of one case against the rows of a run (shared with the whole-corpus test)."""
    path = source_path(case)
    mine_a = [r for r in articles if r["source_path"] == path]
    mine_r = [r for r in rejects if r["source_path"] == path]
    assert len(mine_a) + len(mine_r) == 1, f"{case.name}: {len(mine_a)} articles, {len(mine_r)} rejects"
    for row in articles + rejects:
        text = repr(row)
        for bad in case.absent:
            assert bad not in text, f"{case.name}: {bad!r} found in a record"
    if mine_r and (case.kind == "reject" or case.either):
        reject = mine_r[0]
        if case.kind == "reject":
            assert reject["reason"] in case.reasons, f"{case.name}: {reject}"
        assert reject["reason"] and reject["detail"] and reject["stage"], f"{case.name}: {reject}"
        return
    assert case.kind == "article" and mine_a, f"{case.name}: expected an article, got {mine_r}"
    art = mine_a[0]
    full = (art["title"] or "") + "\n" + art["body"]
    for snippet in case.contains:
        assert snippet in full, f"{case.name}: {snippet!r} missing from {full[:300]!r}"
    if case.title is not None:
        assert art["title"] == case.title


def _params() -> list[Any]:
    params = []
    for c in CASES:
        marks: list[Any] = [pytest.mark.slow] if c.slow else []
        if c.xfail:
            marks.append(pytest.mark.xfail(strict=True, reason=c.xfail))
        params.append(pytest.param(c, id=c.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_case(case, raw, tmp_path / "ext")
    (raw / "zz good.txt").write_text(GOOD, encoding="utf-8")
    # 5 s instead of 20: the pathological cases end as a timeout sooner, the others never near it.
    s = run(Config(input_dir=raw, output_dir=out, workers=1, batch_size=8, limits=Limits(page_timeout_s=5)))
    assert s.read == 2 and s.read == s.written + s.rejected
    articles, rejects = dataset_rows(out / "articles"), dataset_rows(out / "rejects")
    check_case(case, articles, rejects)
    good = [r for r in articles if r["source_path"] == "zz good.txt"]
    assert len(good) == 1 and "whatever its neighbour does" in good[0]["body"]


def test_page_timeout_survives_extractors_that_catch_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Libraries wrap work in `except Exception`; the page timeout must get through anyway."""
    import time

    import pipeline.stages as stages

    def stubborn(*args: object, **kw: object) -> object:
        deadline = time.monotonic() + 10  # without a working timeout: gives up after 10 s
        while time.monotonic() < deadline:
            try:  # noqa: SIM105 (the very pattern extractors use: keep it spelled out)
                time.sleep(0.01)
            except Exception:
                pass
        raise AssertionError("the page timeout did not interrupt the extractor")

    monkeypatch.setattr(stages, "extract", stubborn)
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "slow.txt").write_text(GOOD, encoding="utf-8")
    run(Config(input_dir=raw, output_dir=tmp_path / "out", workers=1, limits=Limits(page_timeout_s=0.5)))
    [reject] = dataset_rows(tmp_path / "out" / "rejects")
    assert (reject["reason"], reject["stage"]) == ("timeout", "extract")


@pytest.mark.slow
def test_page_timeout_bounds_a_pathological_page(tmp_path: Path) -> None:
    """500,000 sibling elements take the extractor well over 20 s; a 1 s limit cuts that short.

    The bound is generous on purpose: the alarm waits for the C call in progress (an lxml parse of
    the whole page), whose length `max_page_bytes` bounds.
    """
    case = next(c for c in CASES if c.name == "siblings_500k")
    raw = tmp_path / "raw"
    write_case(case, raw, tmp_path / "ext")
    s = run(Config(input_dir=raw, output_dir=tmp_path / "out", workers=1,
                   limits=Limits(page_timeout_s=1.0)))
    [reject] = dataset_rows(tmp_path / "out" / "rejects")
    assert reject["reason"] == "timeout"
    assert s.stage_seconds["extract_html"] < 15
