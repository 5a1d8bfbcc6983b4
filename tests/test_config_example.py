"""pipeline.toml.example documents every setting with its default: it cannot drift from Config."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from pipeline.config import Config, Limits, SiteRule, config_from_mapping, load_config

from .conftest import REPO

EXAMPLE = REPO / "pipeline.toml.example"


def _example() -> dict[str, object]:
    data = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["pipeline"]
    assert isinstance(data, dict)
    return data


def test_example_values_are_the_defaults() -> None:
    assert load_config(EXAMPLE) == Config()


def test_example_lists_every_setting() -> None:
    data = _example()
    defaults = Config()
    # TOML has no null: a setting without a default is shown commented out instead.
    no_default = {f.name for f in fields(Config) if getattr(defaults, f.name) is None}
    expected = {f.name for f in fields(Config)} - {"site_rules"} - no_default
    assert set(data) == expected, "pipeline.toml.example and Config disagree on the settings"
    text = EXAMPLE.read_text(encoding="utf-8")
    for name in no_default:
        assert f"# {name} = " in text, f"{name} (no default) is not shown in pipeline.toml.example"
    limits = data["limits"]
    assert isinstance(limits, dict)
    assert set(limits) == {f.name for f in fields(Limits)}


def test_example_site_rule_parses() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith('# [pipeline.sites."'))
    block = "\n".join(ln[2:] for ln in lines[start:] if ln.startswith("# "))
    data = tomllib.loads(block)["pipeline"]
    config = config_from_mapping(data)
    rule = config.site_rules["example.com"]
    assert set(data["sites"]["example.com"]) == {f.name for f in fields(SiteRule)}
    assert rule.drop_lines == ("Sponsored content",) and rule.stop_markers == ("Read the full story",)


@pytest.mark.parametrize(
    "text",
    [
        '[pipeline]\nworkers = "four"\n',
        "[pipeline]\nlearn_repeats = 1\n",
        "[pipeline.limits]\npage_timeout_s = \"20\"\n",
        '[pipeline]\nextra_drop_lines = "Advertisement"\n',
        '[pipeline.sites."a.com"]\ndrop_patterns = ["(unclosed"]\n',
        '[pipeline.sites."a.com"]\ndrop_lines = [1]\n',
        '[pipeline]\nhtml_mode = "quick"\n',
    ],
)
def test_bad_values_are_configuration_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(ValueError):
        load_config(path)


def test_int_is_accepted_for_a_float_setting(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[pipeline.limits]\npage_timeout_s = 5\n")
    assert load_config(path).limits.page_timeout_s == 5
