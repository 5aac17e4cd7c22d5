"""Shared reading for the tabular AI-exposure and wage datasets.

The datasets are CSV/TSV files (optionally gzip-compressed; the decompressed text is the
document, so its ``ss:sha256`` is the upstream file's). Every statement is derived from one
data row, selected as RFC 7111 ``row=N`` where N counts the header as row 1, so N is also
the file's line number.

The datasets key their rows by O*NET-SOC or SOC codes of other releases. Whether a code or
a task exists in the O*NET release the graph is built on is read from that release's
``Occupation Data`` and ``Task Statements`` files, named in the manifest entry::

    options:
      onet:
        release: "30.1"
        folder: ../../onet/30.1          # relative to the source's folder
        occupation_data_sha256: …        # sha256 of the text (the file may be gzipped)
        task_statements_sha256: …

The pinned digests make the reference part of the source's fingerprint: a changed O*NET
file fails the build instead of silently changing the matches.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from skillscape.ingest.base import Adapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import SKOS, SS

MEDIA_TYPES = {".csv": "text/csv", ".tsv": "text/tab-separated-values", ".txt": "text/tab-separated-values"}
OCCUPATION_DATA = "Occupation Data.txt"
TASK_STATEMENTS = "Task Statements.txt"
IWA_REFERENCE = "IWA Reference.txt"
ONET_CODE = "O*NET-SOC Code"
DECIMAL_PLACES = 18
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)

# terms every assessment repeats, looked up once
_SCORE, _SCALE, _METHOD, _MEASURE = SS.score, SS.scale, SS.method, SS.measure
_OCCUPATION, _ASSESSED_TASK, _ASSESSMENT = SS.occupation, SS.assessedTask, SS.AIExposureAssessment


# ---------------------------------------------------------------------- tables


def read_table(path: Path) -> Document:
    """A CSV/TSV file as a document; a ``.gz`` file is decompressed first."""
    name = path.name.removesuffix(".gz")
    media_type = MEDIA_TYPES.get(Path(name).suffix.lower(), "text/plain")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, None, f"cannot read file: {exc.strerror or exc}") from exc
    if path.name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceError(path, None, f"not a valid gzip file: {exc}") from exc
    return Document.from_bytes(path, data, media_type)


@dataclass(frozen=True)
class Row:
    """One data row: its RFC 7111 row number (header = 1), its line, its values by column."""

    path: Path
    number: int
    line: int
    values: Mapping[str, str]
    text_lines: int = 1  # how many lines of the file the row spans (a quoted field may break lines)

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, column: str | None, reason: str) -> SourceError:
        return SourceError(self.path, self.line, reason, column)

    def decimal(self, column: str, low: Decimal, high: Decimal) -> Decimal:
        """The column's number, which must lie in ``low``–``high``.

        The store's xsd:decimal holds at most 18 fractional digits; a number written with more
        (a float printed with 17 significant digits, e.g. ``0.0016433246100185286``) is rounded
        half-even to 18, a change below the float's own precision.
        """
        text = self.values[column].strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise self.error(column, f"expected a number, found {text!r}") from None
        if not value.is_finite() or not low <= value <= high:
            raise self.error(column, f"{text} lies outside {low}–{high}")
        if value.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
            value = value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)
        return value

    def occupation_code(self, column: str) -> str:
        """The column's O*NET-SOC code (``NN-NNNN.NN``)."""
        code = self.values[column].strip()
        if not iri.ONET_SOC_CODE.match(code):
            raise self.error(column, f"{code!r} is not an O*NET-SOC code (NN-NNNN.NN)")
        return code


@dataclass
class Table:
    """A delimited file with a header row; :meth:`rows` streams its data rows."""

    document: Document
    header: list[str]
    delimiter: str
    _lines: list[str] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path, required: Sequence[str], delimiter: str | None = None) -> Table:
        document = read_table(path)
        if delimiter is None:
            delimiter = "," if document.media_type == "text/csv" else "\t"
        first = document.text.split("\n", 1)[0].rstrip("\r")
        header = next(csv.reader([first], delimiter=delimiter))
        missing = [column for column in required if column not in header]
        if missing:
            raise SourceError(
                path, 1, f"the header lacks the column(s) {', '.join(map(repr, missing))}; found {header}"
            )
        if len(set(header)) != len(header):
            raise SourceError(path, 1, f"the header repeats a column name: {header}")
        return cls(document, header, delimiter)

    @property
    def path(self) -> Path:
        return self.document.path

    def cells(self, row: Row) -> str:
        """The row's text as the file writes it (its lines, without the line break)."""
        lines = self._lines
        if lines is None:
            lines = self._lines = self.document.text.split("\n")
        first = row.line - row.text_lines
        return "\n".join(line.rstrip("\r") for line in lines[first : row.line])

    def rows(self) -> Iterator[Row]:
        reader = csv.reader(io.StringIO(self.document.text, newline=""), delimiter=self.delimiter)
        next(reader)
        width = len(self.header)
        last = reader.line_num
        for number, fields in enumerate(reader, start=2):
            if len(fields) != width:
                raise SourceError(self.path, reader.line_num, f"expected {width} fields, found {len(fields)}")
            values = dict(zip(self.header, fields, strict=True))
            yield Row(self.path, number, reader.line_num, values, reader.line_num - last)
            last = reader.line_num


# ---------------------------------------------------------------------- O*NET reference


@dataclass(frozen=True)
class OnetReference:
    """The occupations (and tasks) of the O*NET release the graph is built on."""

    release: str
    titles: Mapping[str, str]
    tasks: frozenset[tuple[str, int]] = frozenset()
    _by_soc: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, release: str, titles: Mapping[str, str], tasks: frozenset[tuple[str, int]]) -> OnetReference:
        by_soc: dict[str, list[str]] = defaultdict(list)
        for code in sorted(titles):
            by_soc[code[:7]].append(code)
        return cls(release, dict(titles), tasks, {soc: tuple(codes) for soc, codes in by_soc.items()})

    def has_occupation(self, code: str) -> bool:
        return code in self.titles

    def has_task(self, code: str, task_id: int) -> bool:
        return (code, task_id) in self.tasks

    def codes_under(self, soc_code: str) -> tuple[str, ...]:
        """Every O*NET-SOC code of the release that starts with the 6-digit SOC code."""
        return self._by_soc.get(soc_code, ())


def onet_reference(entry: SourceEntry, *, tasks: bool = False) -> OnetReference:
    """The O*NET release named by the entry's ``options.onet`` (see the module docstring)."""
    options = entry.options.get("onet")
    if not isinstance(options, dict) or not options.get("release") or not options.get("folder"):
        raise SourceError(
            entry.path,
            None,
            f"source {entry.id!r}: options.onet must give the O*NET release and folder "
            "(release, folder, occupation_data_sha256, task_statements_sha256)",
        )
    folder = _release_folder(entry, options)
    occupations = _pinned(entry, folder, OCCUPATION_DATA, options.get("occupation_data_sha256"))
    statements = (
        _pinned(entry, folder, TASK_STATEMENTS, options.get("task_statements_sha256")) if tasks else None
    )
    return _load_reference(str(options["release"]), occupations, statements)


def onet_reference_files(entry: SourceEntry) -> list[Path] | None:
    """The files of the O*NET release an entry's ``options.onet`` pins (None without them): the
    build fingerprints such a source by these files, not by every file of the release."""
    options = entry.options.get("onet")
    if not isinstance(options, dict) or not options.get("folder"):
        return None
    folder = _release_folder(entry, options)
    files: list[Path] = []
    pins = (
        (OCCUPATION_DATA, "occupation_data_sha256"),
        (TASK_STATEMENTS, "task_statements_sha256"),
        (IWA_REFERENCE, "iwa_reference_sha256"),
    )
    for name, key in pins:
        if not options.get(key):
            continue
        found = [c for c in (folder / name, folder / f"{name}.gz") if c.is_file()]
        if not found:
            return None  # the adapter says what is missing when it reads the source
        files.append(found[0])
    return files


class OnetPinningAdapter(Adapter):
    """An adapter for sources read against files of an O*NET release that their ``options.onet``
    pins: the build fingerprints such a source by those files (:func:`onet_reference_files`)."""

    def pinned_files(self, entry: SourceEntry) -> list[Path] | None:
        return onet_reference_files(entry)


def iwa_titles(entry: SourceEntry) -> dict[str, str]:
    """IWA ID → title, from the ``IWA Reference`` of the release in ``options.onet``
    (pinned by ``iwa_reference_sha256``)."""
    options = entry.options.get("onet")
    if not isinstance(options, dict) or not options.get("folder"):
        raise SourceError(entry.path, None, f"source {entry.id!r}: options.onet must give the release folder")
    folder = _release_folder(entry, options)
    path, sha256 = _pinned(entry, folder, IWA_REFERENCE, options.get("iwa_reference_sha256"))
    table = _verified_table(path, sha256, ("IWA ID", "IWA Title"))
    return {row["IWA ID"].strip(): row["IWA Title"].strip() for row in table.rows()}


def _release_folder(entry: SourceEntry, options: dict[str, object]) -> Path:
    base = entry.path if entry.path.is_dir() else entry.path.parent
    return (base / str(options["folder"])).resolve()


def _pinned(entry: SourceEntry, folder: Path, name: str, sha256: object) -> tuple[str, str]:
    if not sha256:
        raise SourceError(entry.path, None, f"source {entry.id!r}: options.onet gives no sha256 for {name!r}")
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return str(candidate), str(sha256)
    raise SourceError(folder / name, None, f"source {entry.id!r}: O*NET reference file not found (nor .gz)")


@cache
def _load_reference(
    release: str, occupations: tuple[str, str], statements: tuple[str, str] | None
) -> OnetReference:
    titles = {
        row.occupation_code(ONET_CODE): row["Title"]
        for row in _verified_table(*occupations, (ONET_CODE, "Title")).rows()
    }
    tasks: set[tuple[str, int]] = set()
    if statements is not None:
        for row in _verified_table(*statements, (ONET_CODE, "Task ID")).rows():
            tasks.add((row.occupation_code(ONET_CODE), task_id(row, "Task ID")))
    return OnetReference.of(release, titles, frozenset(tasks))


def _verified_table(path: str, sha256: str, required: Sequence[str]) -> Table:
    table = Table.open(Path(path), required, "\t")
    if table.document.sha256 != sha256:
        raise SourceError(
            path, None, f"sha256 of the text is {table.document.sha256}, the manifest says {sha256}"
        )
    return table


def task_id(row: Row, column: str) -> int:
    """An O*NET Task ID, written as an integer or as an integral float (``8823.0``)."""
    text = row[column].strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise row.error(column, f"expected a Task ID, found {text!r}") from None
    if not value.is_finite() or value != value.to_integral_value() or value <= 0:
        raise row.error(column, f"expected a positive whole Task ID, found {text!r}")
    return int(value)


# ---------------------------------------------------------------------- emitting


@dataclass(frozen=True)
class Measure:
    """What one column (or a derived figure) measures, on which scale, by which method."""

    name: str
    scale: ox.NamedNode
    low: Decimal
    high: Decimal
    method: ox.Literal
    label: ox.Literal

    @classmethod
    def make(cls, name: str, scale: ox.NamedNode, low: Decimal, high: Decimal, method: str) -> Measure:
        return cls(name, scale, low, high, literal(method), literal(name))


def measurement_scale(emit: Emitter, name: str, label: str, low: Decimal, high: Decimal) -> ox.NamedNode:
    """An ss:MeasurementScale with its bounds; ``label`` names the measure. Call once per document."""
    node = emit.concept(iri.measurement_scale(name), SS.MeasurementScale, label)
    emit.value(node, SS.minValue, low)
    emit.value(node, SS.maxValue, high)
    return node


def assessment(
    emit: Emitter,
    local: str,
    passage: ox.NamedNode,
    measure: Measure,
    score: Decimal | ox.Literal,
    occupation: ox.NamedNode,
    task: ox.NamedNode | None = None,
) -> ox.NamedNode:
    """An ss:AIExposureAssessment of an occupation (or of one of its tasks) with its score."""
    node = emit.statement(_ASSESSMENT, local, passage=passage)
    add = emit.add
    add(node, _SCORE, score if isinstance(score, ox.Literal) else literal(score))
    add(node, _SCALE, measure.scale)
    add(node, _METHOD, measure.method)
    add(node, _MEASURE, measure.label)
    add(node, _OCCUPATION, occupation)
    if task is not None:
        add(node, _ASSESSED_TASK, task)
    return node


def ingest_issue(
    emit: Emitter,
    local: str,
    row: Row,
    message: str,
    *,
    severity: str = "warning",
    column: str | None = None,
) -> ox.NamedNode:
    """An ss:IngestIssue: a row the adapter read but could not attach to the graph's occupations."""
    return emit.ingest_issue(local, message, line=row.line, column=column, severity=severity)


class Occupations:
    """Occupation nodes of one document, declared once each (with an altLabel when the
    dataset's title differs from the release's)."""

    def __init__(self, emit: Emitter, reference: OnetReference) -> None:
        self._emit = emit
        self._reference = reference
        self._nodes: dict[str, ox.NamedNode] = {}

    def __call__(self, code: str, title: str | None = None) -> ox.NamedNode:
        node = self._nodes.get(code)
        if node is None:
            node = self._nodes[code] = self._emit.occupation(code)
            known = self._reference.titles.get(code)
            if title and known is not None and title.strip() != known:
                self._emit.value(node, SKOS.altLabel, title.strip())
        return node


def percent(share: Decimal) -> str:
    """A share 0–1 as a percentage for people (``0.3812`` → ``38%``; below 1 %, one decimal)."""
    value = share * 100
    if value != 0 and value < 1:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


def drain(emit: Emitter) -> list[ox.Quad]:
    """The quads the emitter holds, handing them over (so a large file streams)."""
    quads, emit.quads = emit.quads, []
    return quads
