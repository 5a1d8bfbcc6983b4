from __future__ import annotations

from pathlib import Path

from pipeline.config import Config, Limits
from pipeline.read import FailedInput, discover, read_input
from pipeline.schema import RawDocument, RejectReason


def test_discover_sorted_relative_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a file; $(x) é.txt").write_text("a")
    (tmp_path / ".dot.txt").write_text("x")
    (tmp_path / ".hidden" / "h.txt").write_text("h")
    rels = [f.rel for f in discover(tmp_path)]
    assert rels == ["a file; $(x) é.txt", "b/z.txt"]


def test_read_plain_file_with_format_hint(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(b"<p>x</p>")
    [f] = discover(tmp_path)
    [doc] = list(read_input(f, Config()))
    assert isinstance(doc, RawDocument)
    assert doc.source_path == "p.html" and doc.data == b"<p>x</p>" and doc.format_hint == "html"


def test_oversized_file_is_rejected_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 2048)
    [f] = discover(tmp_path)
    [item] = list(read_input(f, Config(limits=Limits(max_file_bytes=1024))))
    assert isinstance(item, FailedInput)
    assert item.rejection.reason is RejectReason.TOO_LARGE
