"""Typed configuration, passed into every stage; nothing deeper reads globals or the environment.

Defaults live here and only here; the README's limits table documents them. A `pipeline.toml`
file and command-line flags override them (see `load_config`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

MIB = 1024 * 1024
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-page guards, so one pathological page cannot stall or exhaust a worker."""

    max_file_bytes: int = 64 * MIB  # a page file (read whole) larger than this is rejected
    max_page_bytes: int = 16 * MIB  # one page, after decompression, larger than this is rejected
    # A container's gzip stream is cut off (and the record rejected) past the larger of these:
    # crawl WARCs (~1 GiB, 4-8x) pass, a gzip bomb (1000x) stops early.
    max_decompressed_bytes: int = 256 * MIB
    max_inflate_ratio: int = 20  # decompressed bytes per compressed byte of the file
    page_timeout_s: float = 20.0  # wall time for extracting one page
    max_html_depth: int = 250  # deeper trees are flattened before parsing (lxml drops >255 levels)


@dataclass(frozen=True, slots=True)
class SiteRule:
    """User-supplied rules for one site (from `pipeline.toml`), never hard-coded in the package."""

    drop_lines: tuple[str, ...] = ()  # exact lines to drop (after whitespace folding)
    drop_patterns: tuple[str, ...] = ()  # regular expressions; a matching line is dropped
    stop_markers: tuple[str, ...] = ()  # a line equal to one of these ends the article body


HTML_MODES = ("accurate", "fast")


@dataclass(frozen=True, slots=True)
class Config:
    input_dir: Path = Path("raw")
    output_dir: Path = Path("cleaned")
    workers: int = 0  # 0 = one per core
    engine: str = "local"  # "local" (process pool) or "dask" (a dask.distributed cluster)
    scheduler: str | None = None  # Dask scheduler address, e.g. tcp://10.0.0.5:8786
    batch_size: int = 256  # pages per task (a batch may hold pages of several part files)
    # New inputs go to new part files of at most this many inputs and MiB of input (whole inputs:
    # one larger container is a part of its own). Bigger parts mean fewer files for readers; a
    # change to one input later rewrites its whole part, and a killed run redoes its open part.
    part_max_inputs: int = 2048
    part_max_mb: int = 256
    limits: Limits = field(default_factory=Limits)
    # Extra boilerplate markers: a line equal to one (case-insensitive) ends the body.
    extra_stop_markers: tuple[str, ...] = ()
    # Extra lines to drop wherever they appear.
    extra_drop_lines: tuple[str, ...] = ()
    site_rules: dict[str, SiteRule] = field(default_factory=dict)
    # Learn boilerplate from lines repeated across pages of the same site/batch.
    learn_repeats: bool = True
    language_detection: bool = True
    mark_duplicates: bool = True
    # HTML body: "accurate" = two trafilatura runs (precision, recall) that vote per paragraph;
    # "fast" = one balanced run: extraction ~25% cheaper (trafilatura retries a short balanced
    # extraction in recall mode itself), for a little less body accuracy.
    html_mode: str = "accurate"


def _build(cls: type[Any], data: dict[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown {cls.__name__} settings: {', '.join(sorted(unknown))}")
    return _checked(cls(**data))


def _checked(obj: T) -> T:
    """A value of the wrong type is a configuration error (exit 3), not a crash in the middle of a run.

    The expected type is the default's; an int is fine where a float is expected, a bool is not
    an int; tuples (lists in TOML) must hold strings; regular expressions must compile.
    """
    defaults = type(obj)()  # every settings class has all-default construction
    assert is_dataclass(obj)
    for f in fields(obj):
        value, default = getattr(obj, f.name), getattr(defaults, f.name)
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            continue
        if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, type(default)):
            raise ValueError(f"{f.name}: expected {type(default).__name__}, got {value!r}")
        if isinstance(value, tuple) and not all(isinstance(v, str) for v in value):
            raise ValueError(f"{f.name}: expected a list of strings, got {list(value)!r}")
    for pattern in getattr(obj, "drop_patterns", ()):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"drop_patterns: bad regular expression {pattern!r}: {exc}") from None
    return obj


def _strings(key: str, value: Any) -> tuple[str, ...]:
    # tuple("Advertisement") would silently become a tuple of letters
    if not isinstance(value, list):
        raise ValueError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def config_from_mapping(data: dict[str, Any], base: Config | None = None) -> Config:
    """Build a Config from a parsed TOML mapping (the `[pipeline]` table layout)."""
    base = base or Config()
    data = dict(data)
    changes: dict[str, Any] = {}
    if "limits" in data:
        changes["limits"] = _build(Limits, {**_asdict(base.limits), **data.pop("limits")})
    if "sites" in data:
        rules = {}
        for site, rule in data.pop("sites").items():
            rule = {k: _strings(k, v) for k, v in rule.items()}
            rules[site.lower()] = _build(SiteRule, rule)
        changes["site_rules"] = rules
    for key in ("input_dir", "output_dir"):
        if key in data:
            changes[key] = Path(data.pop(key))
    for key in ("extra_stop_markers", "extra_drop_lines"):
        if key in data:
            changes[key] = _strings(key, data.pop(key))
    known = {f.name for f in fields(Config)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown settings in config file: {', '.join(sorted(unknown))}")
    changes.update(data)
    config = _checked(replace(base, **changes))
    if config.part_max_inputs < 1 or config.part_max_mb < 1:
        raise ValueError("part_max_inputs and part_max_mb must be >= 1")
    if config.html_mode not in HTML_MODES:
        raise ValueError(f"html_mode: expected one of {', '.join(HTML_MODES)}, got {config.html_mode!r}")
    return config


def _asdict(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def load_config(path: Path | None) -> Config:
    """Read `pipeline.toml` (if given or present in the working folder); defaults otherwise."""
    if path is None:
        default = Path("pipeline.toml")
        if not default.exists():
            return Config()
        path = default
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return config_from_mapping(data.get("pipeline", data))
