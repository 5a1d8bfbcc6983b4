"""Incremental runs: which inputs need work, and how one part file's new version is committed.

`plan_parts` compares the input folder with the ledger (see `pipeline.ledger` for the part files
and the pending mark); `PartCommit` rebuilds one part in staging and commits it in the order that
makes a kill at any moment repairable by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ledger import Entry, Ledger, file_sha256, part_for
from pipeline.read import InputFile
from pipeline.schema import ARTICLE_SCHEMA, PIPELINE_VERSION, REJECT_SCHEMA, Article, Reject
from pipeline.write import ARTICLES, PART_SUFFIX, REJECTS, PartRewriter, utf8_safe

# Recorded instead of a hash for an input that could not be read: never equal to a real hash,
# so the input is tried again by the next run.
UNREADABLE = "unreadable"


# --- planning: which inputs need work ----------------------------------------------------------


@dataclass
class PartPlan:
    """The work on one part file: inputs to extract, inputs whose rows stay, inputs gone."""

    part: str
    todo: list[tuple[InputFile, str, str]] = field(default_factory=list)  # (file, key, sha256)
    keep: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    def known(self) -> set[str]:
        return self.keep | self.removed | {key for _, key, _ in self.todo}


def input_of(source_path: str, known: set[str]) -> str | None:
    """The input key a row came from: the path itself, or `FILE` for a container record `FILE#N`."""
    path = utf8_safe(source_path)
    if path in known:
        return path
    head, sep, tail = path.rpartition("#")
    if sep and tail.isdigit() and head in known:
        return head
    return None


def plan_parts(files: list[InputFile], ledger: Ledger, ckey: str, full: bool) -> list[PartPlan]:
    by_part: dict[str, list[InputFile]] = {}
    for f in files:
        by_part.setdefault(part_for(f.rel), []).append(f)
    pending = ledger.pending()
    plans: list[PartPlan] = []
    for part in sorted(set(by_part) | ledger.parts() | pending):
        old = ledger.entries(part)
        plan = PartPlan(part)
        for f in by_part.get(part, []):
            key = f.rel
            sha = file_sha256(f.path) or UNREADABLE
            e = old.get(key)
            if (not full and e is not None and e.raw_sha256 == sha
                    and e.pipeline_version == PIPELINE_VERSION and e.config_key == ckey):
                plan.keep.add(key)
            else:
                plan.todo.append((f, key, sha))
        plan.removed = set(old) - plan.keep - {key for _, key, _ in plan.todo}
        plans.append(plan)
    return plans


# --- committing one part -----------------------------------------------------------------------


class PartCommit:
    """Collects one part's new rows in staging, then installs the files and records the ledger."""

    def __init__(self, plan: PartPlan, out: Path, staging: Path, run_id: str, ckey: str) -> None:
        self.plan = plan
        self.run_id = run_id
        self.ckey = ckey
        self.known = plan.known()
        keep = plan.keep

        def keeps(source_path: str) -> bool:
            return input_of(source_path, self.known) in keep

        name = plan.part + PART_SUFFIX
        self.articles = PartRewriter(out / ARTICLES / name, staging, ARTICLE_SCHEMA, keeps)
        self.rejects = PartRewriter(out / REJECTS / name, staging, REJECT_SCHEMA, keeps)
        self.counts: dict[str, list[int]] = {key: [0, 0] for _, key, _ in plan.todo}  # written, rejected

    def add(self, articles: list[Article], rejects: list[Reject]) -> None:
        self.articles.add(articles)
        self.rejects.add(rejects)
        rows: list[Article] | list[Reject]
        for rows, col in ((articles, 0), (rejects, 1)):
            for row in rows:
                key = input_of(row.source_path, self.known)
                if key is None or key not in self.counts:
                    raise RuntimeError(f"row {row.source_path!r} does not belong to part {self.plan.part}")
                self.counts[key][col] += 1

    def commit(self, ledger: Ledger) -> None:
        built_articles = self.articles.finish()
        built_rejects = self.rejects.finish()
        # Order matters: pending first, so a crash between the renames and the ledger update
        # makes the next run rebuild this part rather than trust its files.
        ledger.mark_pending(self.plan.part)
        self.articles.install(built_articles)
        self.rejects.install(built_rejects)
        done = [
            Entry(key, sha, PIPELINE_VERSION, self.ckey, self.plan.part, sum(self.counts[key]),
                  self.counts[key][0], self.counts[key][1], self.run_id)
            for _, key, sha in self.plan.todo
        ]
        ledger.commit_part(self.plan.part, done, self.plan.removed)

    def abort(self) -> None:
        self.articles.abort()
        self.rejects.abort()
