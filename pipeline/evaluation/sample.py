"""The bundled evaluation sample: loading its cases and checking them against its manifest.

A sample directory holds `<case_id>/{source.html,text.soup.txt,text.w3m.txt,text.w3m80.txt,
text.html2text.txt,text.soupnodes.txt,truth.json}` and a
`manifest.json` with the sha256 of every file, so that a silently edited fixture is caught.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.score import Truth

# The renderings of a page, by form name: the file in the case folder and the
# extension the staged input gets, so that the pipeline sees an HTML page or a text file.
FORM_FILES: dict[str, tuple[str, str]] = {
    "html": ("source.html", ".html"),
    "soup": ("text.soup.txt", ".txt"),
    "w3m": ("text.w3m.txt", ".txt"),
    "w3m80": ("text.w3m80.txt", ".txt"),  # w3m at its default width: hard-wrapped paragraphs
    # Markdown from html2text (wrapped at 78 columns); staged as .txt, so the content decides
    "html2text": ("text.html2text.txt", ".txt"),
    # BeautifulSoup's get_text("\n", strip=True): a text node per line, no blank lines
    "soupnodes": ("text.soupnodes.txt", ".txt"),
}
FORMS = tuple(FORM_FILES)
MANIFEST = "manifest.json"
# The sample bundled with the project, at the repository root.
DEFAULT_SAMPLE = Path(__file__).resolve().parents[2] / "evalsample"


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled page of the sample."""

    truth: Truth
    folder: Path

    @property
    def id(self) -> str:
        return self.truth.id

    def raw(self, form: str) -> bytes:
        """The bytes of one rendering (a key of FORM_FILES)."""
        return (self.folder / FORM_FILES[form][0]).read_bytes()


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def load_truth(path: Path) -> Truth:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Truth(
        id=str(data.get("id") or path.parent.name),
        dataset=str(data.get("dataset", "")),
        body=str(data.get("body") or ""),
        title=_opt_str(data.get("title")),
        byline=_opt_str(data.get("byline")),
        url=_opt_str(data.get("url")),
    )


def load_sample(sample_dir: Path) -> list[Case]:
    """Every case of the sample, sorted by id. Raises FileNotFoundError if there is none."""
    cases = [Case(load_truth(p), p.parent) for p in sorted(sample_dir.glob("*/truth.json"))]
    if not cases:
        raise FileNotFoundError(f"no <case>/truth.json under {sample_dir}")
    return sorted(cases, key=lambda c: c.id)


def manifest_problems(sample_dir: Path) -> list[str]:
    """Differences between the sample on disk and its manifest; empty when they agree."""
    if not (sample_dir / MANIFEST).is_file():
        return [f"no {MANIFEST}"]
    manifest = json.loads((sample_dir / MANIFEST).read_text(encoding="utf-8"))
    problems: list[str] = []
    listed = {str(c["id"]): dict(c["files"]) for c in manifest["cases"]}
    on_disk = {p.parent.name for p in sample_dir.glob("*/truth.json")}
    problems += [f"{cid}: on disk, not in the manifest" for cid in sorted(on_disk - set(listed))]
    for cid, files in sorted(listed.items()):
        folder = sample_dir / cid
        present = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
        problems += [f"{cid}/{name}: not in the manifest" for name in sorted(present - set(files))]
        for name, digest in sorted(files.items()):
            path = folder / name
            if not path.is_file():
                problems.append(f"{cid}/{name}: missing")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                problems.append(f"{cid}/{name}: sha256 differs from the manifest")
    return problems
