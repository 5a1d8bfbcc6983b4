from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import EXIT_CONFIG, EXIT_OK, EXIT_USAGE, main

from .conftest import DATA, REPO


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "run" in out and "inspect" in out and "Exit codes" in out


def test_run_help_documents_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--help"]) == EXIT_OK
    out = capsys.readouterr().out
    for option in ("--input", "--output", "--workers", "--config", "--log-format"):
        assert option in out


def test_bad_usage_and_missing_input(tmp_path: Path) -> None:
    assert main(["run", "--no-such-flag"]) == EXIT_USAGE
    assert main(["run", "--input", str(tmp_path / "missing"), "--output", str(tmp_path / "o")]) == EXIT_CONFIG


def test_bad_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "p.toml"
    cfg.write_text("[pipeline]\nno_such_setting = 1\n")
    assert main(["run", "--config", str(cfg), "--input", str(tmp_path)]) == EXIT_CONFIG


def test_module_entry_point_runs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.html").write_bytes((DATA / "pages" / "simple_article.html").read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(raw), "--output", str(tmp_path / "out"),
         "--workers", "1", "--log-format", "json"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"event": "run_finished"' in proc.stderr
    assert (tmp_path / "out" / "articles").is_dir()


def test_inspect_prints_split(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(DATA / "pages" / "simple_article.html")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "title:" in out and "Harbour cranes" in out and "removed" in out
