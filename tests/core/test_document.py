"""Reading documents: strict UTF-8, clear errors, code-point offsets and lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from skillscape.ingest.document import Document, SourceError


def test_non_utf8_bytes_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"first line\nsecond \xff line\n")
    with pytest.raises(SourceError) as info:
        Document.read(path)
    assert info.value.line == 2
    assert "bad.txt" in str(info.value) and "line 2" in str(info.value)
    assert "not UTF-8" in info.value.reason


@pytest.mark.parametrize("content", [b"", b"  \n\n\t"])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match="empty"):
        Document.read(path)


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        Document.read(tmp_path / "absent.txt")


def test_offsets_are_code_points_and_lines_are_counted(tmp_path: Path) -> None:
    text = "職業代碼: 25-4031\n薪資 $28,000\nlast"
    path = tmp_path / "mixed.txt"
    path.write_bytes(text.encode("utf-8"))
    document = Document.read(path)
    offset = document.text.index("$28,000")
    assert document.text[offset : offset + 7] == "$28,000"
    assert document.line_of(offset) == 2
    assert document.line_of(0) == 1
    assert document.line_of(len(text) - 1) == 3
    assert [line for _, _, line in document.lines()] == text.split("\n")
