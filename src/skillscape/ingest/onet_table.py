"""The tab-delimited files of an O*NET release: exact layouts, typed columns, line numbers.

Each file must have one of the header rows its layout allows, every data row exactly as
many columns as the header, and every typed column a value of its type. Anything else —
a file cut off in the middle of a line, a row with a column too few or too many, a shifted
column that puts a title where a number belongs — is a :class:`SourceError` naming the
file, the line (the header is line 1) and the column. Whether a value *means* something
(a known occupation code, element or scale) is for the adapter to decide, not this module.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skillscape.ingest.document import Document, SourceError

MEDIA_TYPE = "text/tab-separated-values"

#: column types: a regular expression for the value, and how to say what was expected
_TYPES: dict[str, tuple[str, str]] = {
    "text": (r"[^\t\r\n]+", "a non-empty text"),
    "int": (r"-?[0-9]+", "an integer"),
    "int?": (r"-?[0-9]+|n/a", "an integer or n/a"),
    "dec": (r"-?[0-9]+(?:\.[0-9]+)?", "a decimal number"),
    "dec?": (r"-?[0-9]+(?:\.[0-9]+)?|n/a", "a decimal number or n/a"),
    "flag": (r"[YN]", "Y or N"),
    "flag?": (r"[YN]|n/a", "Y, N or n/a"),
    "date": (r"(?:0[1-9]|1[0-2])/[0-9]{4}", "a date MM/YYYY"),
    "element": (r"[0-9]+(?:\.[0-9A-Za-z]+)*", "an O*NET element ID (e.g. 2.A.1.a)"),
}


@dataclass(frozen=True)
class Layout:
    """The columns of one file, in order, each with its type (see ``_TYPES``)."""

    columns: tuple[tuple[str, str], ...]
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, kind in self.columns:
            if kind not in _TYPES:
                raise ValueError(f"column {name!r}: unknown type {kind!r}")
        body = "\t".join(f"({_TYPES[kind][0]})" for _, kind in self.columns)
        object.__setattr__(self, "_pattern", re.compile(body + "\r?"))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def index(self, name: str) -> int | None:
        """Position of column ``name``, or None when this layout lacks it."""
        try:
            return self.names.index(name)
        except ValueError:
            return None


def layout(*columns: tuple[str, str]) -> Layout:
    return Layout(tuple(columns))


@dataclass
class Table:
    """One file of a release, read and header-checked; iterate :meth:`rows` for the data."""

    path: Path
    document: Document
    layout: Layout

    def error(self, line: int | None, reason: str, column: str | None = None) -> SourceError:
        return SourceError(self.path, line, reason, column=column)

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """``(line number, values)`` for every data row; the header is line 1."""
        lines = self.document.text.split("\n")
        last = lines.pop()
        if last:
            # the file does not end with a line end: its last row is cut off
            self._check_row(len(lines) + 1, last)
            raise self.error(len(lines) + 1, "the last line has no line end: the file is cut off")
        match = self.layout._pattern.fullmatch
        for index in range(1, len(lines)):
            found = match(lines[index])
            if found is None:
                self._check_row(index + 1, lines[index])
                raise self.error(index + 1, "the row does not match the layout")  # pragma: no cover
            yield index + 1, found.groups()

    def _check_row(self, number: int, line: str) -> None:
        """Raise the precise error for a row that does not match the layout."""
        values = line.removesuffix("\r").split("\t")
        columns = self.layout.columns
        if len(values) != len(columns):
            missing = columns[len(values)][0] if len(values) < len(columns) else None
            raise self.error(
                number,
                f"expected {len(columns)} tab-separated columns, found {len(values)} "
                "(a cut-off or shifted row)",
                column=missing,
            )
        for (name, kind), value in zip(columns, values, strict=True):
            pattern, expected = _TYPES[kind]
            if not re.fullmatch(pattern, value):
                raise self.error(number, f"{value[:60]!r} is not {expected}", column=name)


def read_bytes(path: Path) -> bytes:
    """The bytes of a release file; ``.gz`` files are decompressed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, None, f"cannot read file: {exc.strerror or exc}") from exc
    if path.suffix != ".gz":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise SourceError(path, None, f"not a complete gzip file: {exc}") from exc


def official_name(path: Path) -> str:
    """The file's name in the official release (``Skills.txt`` for ``Skills.txt.gz``)."""
    return path.name.removesuffix(".gz")


def read_table(path: Path, layouts: Sequence[Layout]) -> Table:
    """Read ``path`` and match its header against the allowed ``layouts``."""
    data = read_bytes(path)
    # The document is the official, uncompressed file: its name and sha256 are those of the release.
    document = Document.from_bytes(path.with_name(official_name(path)), data, MEDIA_TYPE)
    end = document.text.find("\n")
    header = (document.text if end < 0 else document.text[:end]).removesuffix("\r").split("\t")
    for candidate in layouts:
        if tuple(header) == candidate.names:
            return Table(path, document, candidate)
    expected = layouts[0].names
    for position, name in enumerate(expected):
        found = header[position] if position < len(header) else None
        if found != name:
            shown = "nothing" if found is None else repr(found)
            raise SourceError(
                path,
                1,
                f"header differs from the expected layout: column {position + 1} is {shown}, "
                f"expected {name!r} (expected columns: {', '.join(expected)})",
                column=name,
            )
    raise SourceError(
        path,
        1,
        f"header has {len(header)} columns, the layout {len(expected)}: extra "
        f"{', '.join(repr(h) for h in header[len(expected) :])}",
        column=header[len(expected)],
    )
