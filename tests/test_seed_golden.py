"""The user's example page, through the whole pipeline, must come out as its truth file says."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds

from pipeline.config import Config
from pipeline.runner import run

from .conftest import DATA

SEED = DATA / "seed" / "000_a199637f2999b565.txt"
TRUTH = json.loads((DATA / "seed" / "000_a199637f2999b565.truth.json").read_text(encoding="utf-8"))


def test_seed_page_end_to_end(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    run(Config(input_dir=raw, output_dir=tmp_path / "out", workers=1))
    [row] = ds.dataset(tmp_path / "out" / "articles").to_table().to_pylist()
    assert row["title"] == TRUTH["title"]
    assert row["byline"] == TRUTH["byline"]
    assert row["authors"] == TRUTH["authors"]
    assert row["section"] == TRUTH["section"]
    assert row["captions"] == TRUTH["captions"]
    assert row["body"] == TRUTH["body"]
    assert row["body"].count("\n\n") == 14  # 15 paragraphs
    for boilerplate in ("Read More", "Latest news", "Must read", "You might also like", "Recommended to you"):
        assert boilerplate not in row["body"]
    assert row["language"] == "en"
    assert row["source_format"] == "text"
