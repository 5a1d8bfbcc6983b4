"""The README documents what the batch job promises: exit codes, reject reasons, limits and defaults."""

from __future__ import annotations

from dataclasses import fields

import pytest

from pipeline.cli import EXIT_LOCKED, main
from pipeline.config import MIB, Limits
from pipeline.schema import RejectReason

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
RELIABILITY = README[README.index("## Reliability"):README.index("## Configuration")]


def test_exit_code_for_a_held_lock_is_documented() -> None:
    assert EXIT_LOCKED == 4
    assert "| 4 | another run holds the output folder" in README


@pytest.mark.parametrize("reason", list(RejectReason))
def test_every_reject_reason_is_documented(reason: RejectReason) -> None:
    assert f"| `{reason.value}` |" in README


@pytest.mark.parametrize("limit", [f.name for f in fields(Limits)])
def test_every_limit_is_documented_with_its_default(limit: str) -> None:
    default = getattr(Limits(), limit)
    if limit.endswith("_bytes"):
        shown = f"{default // MIB} MiB"
    elif limit.endswith("_s"):
        shown = f"{default:g} s"
    else:
        shown = str(default)
    assert f"| `{limit}` | {shown} |" in RELIABILITY


def test_run_options_are_documented(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--full", "--lock-timeout"):
        assert option in out and f"`{option}" in RELIABILITY
