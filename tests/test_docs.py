"""The README documents every command, option, reject reason and column: these tests fail if not."""

from __future__ import annotations

import argparse
import re

import pytest

from pipeline.cli import build_parser
from pipeline.schema import ARTICLE_SCHEMA, REJECT_SCHEMA, RejectReason

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The README text under a heading line equal to `title`, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", README, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def _table_keys(section: str) -> set[str]:
    """The `code` names in the first column of a Markdown table."""
    return set(re.findall(r"^\| `([^`]+)` \|", section, re.M))


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {"": parser, **subs.choices}


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    skip = (argparse._HelpAction, argparse._SubParsersAction)
    return [a for a in parser._actions if not isinstance(a, skip)]


def test_parser_walk_finds_the_commands() -> None:
    assert {"run", "inspect"} <= set(_commands())  # guards the walk itself


@pytest.mark.parametrize("command", sorted(c for c in _commands() if c))
def test_every_command_is_documented(command: str) -> None:
    assert f"pipeline {command}" in README
    assert f"| `{command}` |" in _section("Options"), f"{command} missing from the README options table"


@pytest.mark.parametrize(
    ("command", "option"),
    [(c, o) for c, p in _commands().items() for a in _options(p) for o in a.option_strings],
)
def test_every_option_is_documented(command: str, option: str) -> None:
    rows = [ln for ln in _section("Options").splitlines() if ln.startswith(f"| `{command or 'pipeline'}` |")]
    assert any(f"`{option}" in row or f" {option}`" in row for row in rows), (
        f"{command} {option} is not in the README options table"
    )


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_option_has_help(command: str) -> None:
    parser = _commands()[command]
    assert parser.description or not command, f"{command} has no description"
    for action in _options(parser):
        assert action.help and len(action.help) > 10, f"{command} {action.option_strings or action.dest}"


def test_every_reject_reason_is_documented() -> None:
    documented = _table_keys(_section("Reject reasons"))
    assert documented == {r.value for r in RejectReason}


def test_every_article_column_is_documented() -> None:
    assert _table_keys(_section("`articles` columns")) == set(ARTICLE_SCHEMA.names)


def test_every_reject_column_is_documented() -> None:
    assert _table_keys(_section("`rejects` columns")) == set(REJECT_SCHEMA.names)


def test_column_types_match_the_schema() -> None:
    for title, schema in (("`articles` columns", ARTICLE_SCHEMA), ("`rejects` columns", REJECT_SCHEMA)):
        for name, doc_type in re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", _section(title), re.M):
            actual = str(schema.field(name).type).replace("tz=UTC", "UTC").replace("list<item: ", "list<")
            documented = doc_type.strip().replace("\\", "")
            assert documented == actual, f"{name}: README says {documented}, schema says {actual}"
