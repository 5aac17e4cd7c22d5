"""SSSOM mapping files (``data/mappings/*.sssom.tsv``) → mapping statements.

A file is the SSSOM/TSV layout: a metadata block of ``#``-prefixed YAML lines (``curie_map``,
``mapping_set_id``, ``license`` …), then a tab-separated table whose header names at least the
columns of :data:`COLUMNS`. Each data row becomes an ``ss:MappingStatement`` derived from that
row (RFC 7111 ``row=N`` with N the file's line number, the row's text as the passage's quote)::

    <statement/…/ONET-1.D.2.d/collaboration> a ss:MappingStatement ;
        ss:mappedSubject "ONET:1.D.2.d" ; dct:title "Cooperation" ;
        ss:mappingPredicate skos:closeMatch ; ss:domain <domain/collaboration> ;
        ss:mappingJustification semapv:ManualMappingCuration ; ss:text "…" .

The objects are durable-skill domains: the CURIE's expansion must be a domain node
(``iri.skill_domain``), declared here as an ``ss:SkillDomain`` with the row's object label.
Several files may be read, each its own source; :func:`read_mapping_sets` reads many at once.

Anything malformed is a :class:`SourceError` naming the file, the line and the problem: a
metadata block that is not YAML or lacks a ``curie_map``, a missing column, a row with the
wrong number of fields, an empty cell, a CURIE whose prefix the ``curie_map`` lacks, a predicate
other than the SKOS mapping relations, a justification that is not a ``semapv`` term, a row
that repeats an earlier (subject, predicate, object).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import yaml

from skillscape.ingest.base import Adapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import DCT, SS

COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "comment",
)
SKOS_IRI = "http://www.w3.org/2004/02/skos/core#"
SEMAPV_IRI = "https://w3id.org/semapv/vocab/"
#: the SKOS mapping relations a row may assert
PREDICATES = frozenset(
    f"skos:{name}" for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
#: prefixes every file may use without declaring them
BUILTIN_PREFIXES = {"skos": SKOS_IRI, "semapv": SEMAPV_IRI}


@dataclass(frozen=True)
class MappingRow:
    """One data row of a mapping file, with the line it is on."""

    line: int
    text: str
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    comment: str

    @property
    def subject_local(self) -> str:
        """The subject CURIE's local part (for ``ONET:1.D.2.d``, the O*NET element ID)."""
        return self.subject_id.partition(":")[2]


@dataclass(frozen=True)
class MappingSet:
    """A parsed SSSOM file: its metadata, prefixes and rows."""

    document: Document
    metadata: dict[str, object]
    curie_map: dict[str, str]
    rows: tuple[MappingRow, ...]

    @property
    def path(self) -> Path:
        return self.document.path

    def expand(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return self.curie_map[prefix] + local


def read_mapping_set(path: Path) -> MappingSet:
    """Parse one SSSOM/TSV file; raise :class:`SourceError` (file, line, problem) if malformed."""
    return parse_mapping_set(Document.read(path))


def read_mapping_sets(paths: Iterable[Path]) -> list[MappingSet]:
    """Parse several SSSOM/TSV files (e.g. every ``*.sssom.tsv`` of ``data/mappings``)."""
    return [read_mapping_set(path) for path in paths]


def parse_mapping_set(document: Document) -> MappingSet:
    path = document.path
    lines = document.text.split("\n")
    block: list[str] = []
    at = 0
    while at < len(lines) and lines[at].startswith("#"):
        block.append(lines[at][1:])
        at += 1
    try:
        metadata = yaml.safe_load("\n".join(block)) if block else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise SourceError(path, line, f"the SSSOM metadata block is not valid YAML: {exc}") from None
    if not isinstance(metadata, dict) or not isinstance(metadata.get("curie_map"), dict):
        raise SourceError(path, 1, "the SSSOM metadata block must give a curie_map (prefix: IRI)")
    curie_map = {**BUILTIN_PREFIXES, **{str(k): str(v) for k, v in metadata["curie_map"].items()}}
    if at >= len(lines) or not lines[at].strip():
        raise SourceError(path, at + 1, "expected the header row of the mapping table after the metadata")
    header = lines[at].rstrip("\r").split("\t")
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise SourceError(path, at + 1, f"the header lacks the column(s) {', '.join(missing)}")
    position = {column: header.index(column) for column in COLUMNS}
    rows: list[MappingRow] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number in range(at + 1, len(lines)):
        text = lines[number].rstrip("\r")
        line = number + 1
        if not text.strip():
            continue
        fields = text.split("\t")
        if len(fields) != len(header):
            raise SourceError(path, line, f"expected {len(header)} tab-separated fields, found {len(fields)}")
        values = {column: fields[position[column]].strip() for column in COLUMNS}
        row = MappingRow(line, text, **values)
        _check(path, row, curie_map)
        key = (row.subject_id, row.predicate_id, row.object_id)
        if key in seen:
            raise SourceError(path, line, f"the mapping {' '.join(key)} repeats line {seen[key]}")
        seen[key] = line
        rows.append(row)
    if not rows:
        raise SourceError(path, at + 1, "the mapping table has no rows")
    return MappingSet(document, metadata, curie_map, tuple(rows))


def _check(path: Path, row: MappingRow, curie_map: dict[str, str]) -> None:
    for column in COLUMNS:
        if not getattr(row, column):
            raise SourceError(path, row.line, "the cell is empty", column)
    for column in ("subject_id", "object_id", "predicate_id", "mapping_justification"):
        value = getattr(row, column)
        prefix, colon, local = value.partition(":")
        if not colon or not local:
            raise SourceError(path, row.line, f"{value!r} is not a CURIE (prefix:local)", column)
        if prefix not in curie_map:
            raise SourceError(path, row.line, f"the prefix {prefix!r} is not in the curie_map", column)
    if row.predicate_id not in PREDICATES:
        raise SourceError(
            path,
            row.line,
            f"{row.predicate_id!r} is not a SKOS mapping predicate ({', '.join(sorted(PREDICATES))})",
            "predicate_id",
        )
    if not row.mapping_justification.startswith("semapv:"):
        reason = f"{row.mapping_justification!r} is not a semapv justification"
        raise SourceError(path, row.line, reason, "mapping_justification")


class SssomMappingAdapter(Adapter):
    """An SSSOM/TSV file whose objects are durable-skill domains → ``ss:MappingStatement``s."""

    kind: ClassVar[str] = "sssom-mapping"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        mapping = read_mapping_set(entry.path)
        emit = Emitter(mapping.document, graph, self.kind, read_at=read_at, title=entry.title or None)
        domain_base = iri.skill_domain("x").value[: -len("x")]
        for row in mapping.rows:
            domain = mapping.expand(row.object_id)
            if not domain.startswith(domain_base) or domain == domain_base:
                raise SourceError(
                    mapping.path,
                    row.line,
                    f"{row.object_id!r} expands to {domain}, not a durable-skill domain ({domain_base}…)",
                    "object_id",
                )
            node = emit.concept(ox.NamedNode(domain), SS.SkillDomain, row.object_label)
            local = f"{iri.slug(row.subject_id)}/{iri.slug(row.predicate_id)}/{iri.slug(row.object_id)}"
            passage = emit.quoted_row_passage(row.line, row.text)
            statement = emit.statement(SS.MappingStatement, local, passage=passage)
            emit.value(statement, SS.mappedSubject, row.subject_id)
            emit.value(statement, DCT.title, row.subject_label)
            emit.add(statement, SS.mappingPredicate, ox.NamedNode(mapping.expand(row.predicate_id)))
            emit.add(statement, SS.domain, node)
            justification = ox.NamedNode(mapping.expand(row.mapping_justification))
            emit.add(statement, SS.mappingJustification, justification)
            emit.value(statement, SS.text, row.comment)
        yield from emit.quads


def mapping_files(folder: Path) -> Sequence[Path]:
    """The SSSOM files of a folder (``*.sssom.tsv``), sorted by name."""
    return sorted(folder.glob("*.sssom.tsv"))
