"""The content of a row passage, read back from the source file the statement was derived from.

A statement from a tabular source points to its row with an RFC 7111 selector (``row=N``, the
header is row 1) of a document identified by file name and sha256. The graph does not repeat
the row's cells: O*NET alone has millions of rows, and the file itself is kept — in
``data/sources/`` (pinned by the manifest) and, for O*NET releases, copied into each store
version (``release-files/``). A trace finds the file by its name and checks its sha256 (of the
decompressed text, as the adapters compute it), then reads that one row with its column names.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from skillscape.errors import NotFound

_ROW = re.compile(r"^row=(\d+)$")


def row_number(selector: str) -> int | None:
    """``row=249`` → 249 (None for anything else)."""
    match = _ROW.match(selector.strip())
    return int(match.group(1)) if match else None


def _text(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


@lru_cache(maxsize=64)
def _digest(path: Path, mtime: float, size: int) -> str:
    return hashlib.sha256(_text(path)).hexdigest()


def find_source_file(identifier: str, sha256: str, roots: Iterable[Path]) -> Path | None:
    """The file named ``identifier`` (or ``identifier.gz``) under ``roots`` whose text has ``sha256``."""
    names = {identifier, identifier + ".gz"}
    for root in roots:
        if not root.exists():
            continue
        candidates = [root] if root.is_file() else [p for p in root.rglob("*") if p.name in names]
        for path in candidates:
            if path.name in names and path.is_file():
                stat = path.stat()
                if _digest(path, stat.st_mtime, stat.st_size) == sha256:
                    return path
    return None


@lru_cache(maxsize=8)
def _records(path: Path, mtime: float, size: int) -> list[list[str]]:
    """Every record of a file, header first (kept for the few files traces read most)."""
    name = path.name.removesuffix(".gz")
    text = _text(path).decode("utf-8")
    if name.endswith(".txt"):  # O*NET's text files: one record a line, tab-separated, no quoting
        return [line.removesuffix("\r").split("\t") for line in text.split("\n") if line]
    delimiter = "," if name.endswith(".csv") else "\t"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_row(path: Path, row: int) -> dict[str, str]:
    """The values of data row ``row`` (header = 1) of a CSV, TSV or O*NET text file, by column name."""
    stat = path.stat()
    records = _records(path, stat.st_mtime, stat.st_size)
    if not 2 <= row <= len(records):
        raise NotFound(f"{path.name} has no row {row}")
    return dict(zip(records[0], records[row - 1], strict=False))


def row_content(identifier: str, sha256: str, selector: str, roots: Iterable[Path]) -> dict[str, str] | None:
    """The cells of the row a ``row=N`` selector names, from the verified source file (None when
    the file is not at hand or the selector names no row)."""
    row = row_number(selector)
    if row is None:
        return None
    path = find_source_file(identifier, sha256, roots)
    if path is None:
        return None
    try:
        return read_row(path, row)
    except (LookupError, UnicodeDecodeError, csv.Error):
        return None


__all__ = ["find_source_file", "read_row", "row_content", "row_number"]
