"""User-supplied boilerplate rules (`pipeline.toml`), compiled once per Config, for every extractor.

Three kinds of rule, each from the config as a whole and from the page's site:
- drop lines: a line equal to one (after whitespace folding and casefolding) is removed;
- drop patterns (site only): a line a regular expression matches anywhere is removed;
- stop markers: a line equal to one ends the body; it and everything after it are removed.

The site is `pipeline.metadata.site_from_url(url)`; a rule for "example.com" also covers
"news.example.com" (the most specific rule wins, they are not merged). Rule names recorded in
`RemovedLine.rule` say where a rule came from: "config:..." or "site:...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config import Config, SiteRule
from pipeline.metadata import site_from_url
from pipeline.repeats import line_key
from pipeline.schema import RemovedLine

DROP_CONFIG = "config:extra_drop_lines"
DROP_SITE = "site:drop_lines"
DROP_PATTERN = "site:drop_patterns"  # the recorded rule is "site:drop_patterns:<pattern>"
STOP_CONFIG = "config:stop_marker"
STOP_SITE = "site:stop_marker"


@dataclass(frozen=True, slots=True)
class UserRules:
    """The rules that apply to one page (config-wide plus its site's), ready to match."""

    drop_lines: frozenset[str] = frozenset()
    site_drop_lines: frozenset[str] = frozenset()
    drop_patterns: tuple[re.Pattern[str], ...] = ()
    stop_markers: frozenset[str] = frozenset()
    site_stop_markers: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.drop_lines or self.site_drop_lines or self.drop_patterns
                    or self.stop_markers or self.site_stop_markers)

    def drop_rule(self, text: str) -> str | None:
        """The rule that drops this line, or None."""
        key = line_key(text)
        if key in self.drop_lines:
            return DROP_CONFIG
        if key in self.site_drop_lines:
            return DROP_SITE
        for pat in self.drop_patterns:
            if pat.search(text):
                return f"{DROP_PATTERN}:{pat.pattern}"
        return None

    def stop_rule(self, text: str) -> str | None:
        """The rule under which this line ends the body, or None."""
        if not (self.stop_markers or self.site_stop_markers):
            return None
        key = line_key(text)
        if key in self.stop_markers:
            return STOP_CONFIG
        if key in self.site_stop_markers:
            return STOP_SITE
        return None

    def apply(self, lines: list[str], stage: str) -> tuple[list[str], list[RemovedLine]]:
        """Drop rules first, then the first stop marker cuts the rest (recorded under its rule)."""
        kept: list[str] = []
        removed: list[RemovedLine] = []
        stopped: str | None = None
        for line in lines:
            rule = stopped or self.drop_rule(line) or self.stop_rule(line)
            if rule in (STOP_CONFIG, STOP_SITE):
                stopped = rule
            if rule:
                removed.append(RemovedLine(line, stage, rule))
            else:
                kept.append(line)
        return kept, removed


def _site_key(site: str) -> str:
    site = site.strip().lower().rstrip(".")
    return site.removeprefix("www.")


class RuleBook:
    """All of a Config's user rules, compiled once; `for_url` picks the page's site rule."""

    def __init__(self, config: Config) -> None:
        self._drops = frozenset(line_key(d) for d in config.extra_drop_lines if line_key(d))
        self._stops = frozenset(line_key(s) for s in config.extra_stop_markers if line_key(s))
        # Keys are normalised here too: a Config built in code may say "WWW.Example.com".
        self._sites: dict[str, SiteRule] = {_site_key(k): v for k, v in config.site_rules.items()}
        self._per_site: dict[str | None, UserRules] = {}

    def site_rule(self, site: str | None) -> SiteRule | None:
        """The rule for `site` or, failing that, for its closest parent domain."""
        while site:
            rule = self._sites.get(site)
            if rule is not None:
                return rule
            site = site.split(".", 1)[1] if "." in site else None
        return None

    def for_site(self, site: str | None) -> UserRules:
        cached = self._per_site.get(site)
        if cached is not None:
            return cached
        rule = self.site_rule(site)
        rules = UserRules(drop_lines=self._drops, stop_markers=self._stops)
        if rule is not None:
            rules = UserRules(
                drop_lines=self._drops,
                site_drop_lines=frozenset(line_key(d) for d in rule.drop_lines if line_key(d)),
                drop_patterns=tuple(re.compile(p) for p in rule.drop_patterns),
                stop_markers=self._stops,
                site_stop_markers=frozenset(line_key(s) for s in rule.stop_markers if line_key(s)),
            )
        self._per_site[site] = rules
        return rules

    def for_url(self, url: str | None) -> UserRules:
        return self.for_site(site_from_url(url))


# One RuleBook per Config object: a run passes the same Config to every page, so the patterns
# are compiled once per run (Config holds a dict, so it cannot key an lru_cache itself).
_BOOKS: dict[int, tuple[Config, RuleBook]] = {}
_MAX_BOOKS = 8


def rulebook(config: Config) -> RuleBook:
    entry = _BOOKS.get(id(config))
    if entry is not None and entry[0] is config:
        return entry[1]
    book = RuleBook(config)
    if len(_BOOKS) >= _MAX_BOOKS:
        _BOOKS.clear()
    _BOOKS[id(config)] = (config, book)
    return book


def rules_for(config: Config, url: str | None) -> UserRules:
    """The user rules for the page at `url` under `config` (compiled once per config and site)."""
    return rulebook(config).for_url(url)
