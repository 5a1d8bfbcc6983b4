"""What an analyst does with the output: DuckDB, polars and pandas read it, and the README's
examples run as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from pipeline.config import Config
from pipeline.runner import run

from .conftest import DATA, REPO

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `cleaned/`, the layout the README's examples assume."""
    root = tmp_path_factory.mktemp("analyst")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(DATA / "seed" / "000_a199637f2999b565.txt", raw / "seed.txt")
    shutil.copy(DATA / "pages" / "simple_article.html", raw / "simple.html")
    (raw / "sub").mkdir()
    shutil.copy(DATA / "pages" / "simple_article.html", raw / "sub" / "copy.html")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "nul.txt").write_bytes(b"\x00" * 64)
    # batch_size 1: one part file per page, so the globs must cross several files
    run(Config(input_dir=raw, output_dir=root / "cleaned", workers=1, batch_size=1))
    return root


@pytest.mark.parametrize("dataset", ["articles", "rejects"])
def test_duckdb_and_polars_count_what_pyarrow_counts(workdir: Path, dataset: str) -> None:
    folder = workdir / "cleaned" / dataset
    expected = ds.dataset(folder, format="parquet").count_rows()
    assert expected >= 2
    glob = f"{folder}/**/*.parquet"
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall() == [(expected,)]
    assert pl.scan_parquet(glob).select(pl.len()).collect().item() == expected


def test_duckdb_sees_the_documented_types(workdir: Path) -> None:
    glob = f"{workdir}/cleaned/articles/**/*.parquet"
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{glob}')").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["title"] == "VARCHAR" and types["word_count"] == "INTEGER"
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "VARCHAR[]"


def _readme_blocks(lang: str) -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## For analysts\n(.*?)(?=^## )", text, re.M | re.S)
    assert section, "README has no 'For analysts' section"
    return re.findall(rf"^```{lang}\n(.*?)^```", section.group(1), re.M | re.S)


def test_readme_sql_examples_run(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    queries = _readme_blocks("sql")
    assert len(queries) >= 2
    for query in queries:
        assert duckdb.sql(query).fetchall(), query


def test_readme_python_examples_run(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    blocks = _readme_blocks("python")
    assert {"pandas", "polars"} <= {m for b in blocks for m in re.findall(r"^import (\w+)", b, re.M)}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
