"""The ESCO classification (CSV download, one language) → one named graph under ESCO's own IRIs.

The source is a folder with the European Commission's CSV files of one ESCO release (each may
be gzipped; the document is the decompressed official file, so its name and sha256 are the
Commission's)::

    classification/occupations_en.csv       classification/skills_en.csv
    classification/ISCOGroups_en.csv        classification/skillGroups_en.csv
    classification/{transversal,digital,green,language}SkillsCollection_en.csv
    relations/occupationSkillRelations.csv
    relations/broaderRelationsOccPillar.csv relations/broaderRelationsSkillPillar.csv

What each file becomes (concepts keep their ESCO IRI, ``http://data.europa.eu/esco/…``):

* occupations — ``esco:Occupation`` (and ``skos:Concept``); skills — ``esco:Skill``; ISCO groups
  and skill groups — ``skos:Concept``. Each with ``skos:prefLabel`` / ``skos:altLabel`` /
  ``skos:hiddenLabel`` (``@en``; the files list labels one a line), ``dct:description``,
  ``skos:definition``, ``skos:scopeNote``, ``skos:notation`` (ESCO or ISCO code),
  ``skos:inScheme``, and for skills ``esco:skillType`` (``…/skill-type/skill`` or
  ``…/knowledge``) and ``esco:skillReuseLevel``. Every concept names its file
  (``dct:source``) and is derived from its row (``prov:wasDerivedFrom``, RFC 7111 ``row=N``).
* the broader-relations files — ``skos:broader`` (occupation → occupation or ISCO group, skill
  → skill or skill group): the two hierarchies.
* the four collections — ``skos:Collection`` nodes (``iri.esco_collection``) with a
  ``skos:member`` per row.
* occupationSkillRelations — per row, the triple ``occupation esco:relatedEssentialSkill`` (or
  ``esco:relatedOptionalSkill``) ``skill``, **and** an ``ss:OccupationSkillRelation`` statement
  (``ss:escoOccupation``, ``ss:escoSkill``, ``ss:relationType``) derived from that row.

Rows are numbered as RFC 7111 counts records (the header is row 1; a quoted label list spanning
several lines is one row). A row naming an occupation or skill the classification files do not
hold is still read, and an ``ss:IngestIssue`` (warning) names it; an unknown relation type is an
issue (error) instead of the row's statement; a malformed row (wrong number of fields, an IRI
that is not ESCO's) is a :class:`SourceError` naming file, line and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.aiexposure import Row, Table
from skillscape.ingest.base import Adapter
from skillscape.ingest.document import SourceError
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import DCT, ESCO, ESCO_DATA, PROV, RDF, SKOS, SS

KIND = "esco-classification"
_BATCH = 50_000

OCCUPATIONS = "classification/occupations_en.csv"
SKILLS = "classification/skills_en.csv"
ISCO_GROUPS = "classification/ISCOGroups_en.csv"
SKILL_GROUPS = "classification/skillGroups_en.csv"
RELATIONS = "relations/occupationSkillRelations.csv"
BROADER_FILES = ("relations/broaderRelationsOccPillar.csv", "relations/broaderRelationsSkillPillar.csv")
#: collection name → file
COLLECTIONS: dict[str, str] = {
    "transversal": "classification/transversalSkillsCollection_en.csv",
    "digital": "classification/digitalSkillsCollection_en.csv",
    "green": "classification/greenSkillsCollection_en.csv",
    "language": "classification/languageSkillsCollection_en.csv",
}
REQUIRED = (OCCUPATIONS, SKILLS, RELATIONS)

#: ESCO's relation types → ESCO's own property for the direct triple
RELATION_PROPERTIES: dict[str, ox.NamedNode] = {
    "essential": ESCO.relatedEssentialSkill,
    "optional": ESCO.relatedOptionalSkill,
}
#: the skills file's skill types → ESCO's skill-type concepts
SKILL_TYPES: dict[str, ox.NamedNode] = {
    "skill/competence": ox.NamedNode(ESCO_DATA + "skill-type/skill"),
    "knowledge": ox.NamedNode(ESCO_DATA + "skill-type/knowledge"),
}

_TYPE = RDF.type
_DERIVED = PROV.wasDerivedFrom


def esco_node(row: Row, column: str, kind: str | None = None) -> ox.NamedNode:
    """The ESCO IRI in ``column`` (``kind``: the path segment it must have, e.g. ``skill``)."""
    value = row[column].strip()
    prefix = ESCO_DATA + (f"{kind}/" if kind else "")
    if not value.startswith(prefix) or any(c in value for c in ' <>"{}|^`\\'):
        raise row.error(column, f"{value[:80]!r} is not an ESCO IRI ({prefix}…)")
    return ox.NamedNode(value)


def official(table: Table) -> Table:
    """The table with its document named as the official file (``x.csv``, not ``x.csv.gz``): the
    text, and so the sha256, are already the uncompressed file's."""
    document = table.document
    if document.path.name.endswith(".gz"):
        table.document = dataclasses.replace(document, path=document.path.with_name(document.path.name[:-3]))
    return table


def _labels(text: str) -> list[str]:
    """A label list cell: one label a line (some files separate them with `` | ``)."""
    parts = [p.strip() for line in text.splitlines() for p in line.split(" | ")]
    return list(dict.fromkeys(p for p in parts if p))


def _schemes(text: str) -> list[str]:
    return [s.strip() for s in text.replace("\n", ",").split(",") if s.strip()]


class _File:
    """One file of the folder: its table and the emitter of its document."""

    def __init__(self, folder: Path, name: str, graph: ox.NamedNode, read_at: dt.datetime, release: str):
        path = folder / name
        if not path.is_file():
            path = folder / f"{name}.gz"
        self.table = official(Table.open(path, (), ","))
        self.emit = Emitter(
            self.table.document,
            graph,
            KIND,
            read_at=read_at,
            title=f"ESCO {release}: {Path(name).name}",
            keep_content=False,
        )

    def drain(self) -> list[ox.Quad]:
        quads = self.emit.quads.copy()
        self.emit.quads.clear()
        return quads

    def require(self, *columns: str) -> None:
        missing = [c for c in columns if c not in self.table.header]
        if missing:
            raise SourceError(
                self.table.path,
                1,
                f"the header lacks {', '.join(map(repr, missing))}; found {self.table.header}",
            )

    def issue(self, row: Row, column: str | None, message: str, severity: str = "warning") -> None:
        emit = self.emit
        node = iri.ingest_issue(emit.document.sha256, f"esco/row-{row.number}/{iri.slug(column or 'row')}")
        emit.add(node, _TYPE, SS.IngestIssue)
        emit.value(node, SS.severity, severity)
        emit.value(node, SS.message, message)
        emit.add(node, SS.document, emit.doc_node)
        emit.value(node, SS.line, row.line)
        emit.value(node, SS.column, column)


class EscoClassificationAdapter(Adapter):
    """A folder with the CSV files of one ESCO release (see the module docstring)."""

    kind: ClassVar[str] = KIND
    version: ClassVar[str] = "2"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        folder = entry.path
        if not folder.is_dir():
            raise SourceError(folder, None, f"source {entry.id!r}: an ESCO release is a folder of CSV files")
        release = entry.release or "unknown"
        for name in REQUIRED:
            if not (folder / name).is_file() and not (folder / f"{name}.gz").is_file():
                raise SourceError(folder / name, None, "a required file of the ESCO release is missing")
        yield ox.Quad(graph, SS.release, literal(release), graph)
        yield ox.Quad(graph, SS.documentKind, literal(KIND), graph)
        reader = _Reader(folder, graph, read_at, release)
        for batch in reader.run():
            yield from batch


class _Reader:
    def __init__(self, folder: Path, graph: ox.NamedNode, read_at: dt.datetime, release: str) -> None:
        self.folder = folder
        self.graph = graph
        self.read_at = read_at
        self.release = release
        self.occupations: set[str] = set()
        self.skills: set[str] = set()

    def has(self, name: str) -> bool:
        return (self.folder / name).is_file() or (self.folder / f"{name}.gz").is_file()

    def open(self, name: str) -> _File:
        return _File(self.folder, name, self.graph, self.read_at, self.release)

    def run(self) -> Iterator[list[ox.Quad]]:
        if self.has(ISCO_GROUPS):
            yield from self._concepts(self.open(ISCO_GROUPS), None, "code")
        if self.has(SKILL_GROUPS):
            yield from self._concepts(self.open(SKILL_GROUPS), None, "code")
        yield from self._concepts(self.open(OCCUPATIONS), ESCO.Occupation, "code", self.occupations)
        yield from self._concepts(self.open(SKILLS), ESCO.Skill, None, self.skills)
        for name in BROADER_FILES:
            if self.has(name):
                yield from self._broader(self.open(name))
        for collection, name in COLLECTIONS.items():
            if self.has(name):
                yield from self._collection(self.open(name), collection)
        yield from self._relations(self.open(RELATIONS))

    # ------------------------------------------------------------------ concepts
    def _concepts(
        self, file: _File, cls: ox.NamedNode | None, code_column: str | None, seen: set[str] | None = None
    ) -> Iterator[list[ox.Quad]]:
        file.require("conceptUri", "preferredLabel")
        emit = file.emit
        header = file.table.header
        for row in file.table.rows():
            node = esco_node(row, "conceptUri")
            label = row["preferredLabel"].strip()
            if not label:
                raise row.error("preferredLabel", "the concept has no preferred label")
            emit.add(node, _TYPE, SKOS.Concept)
            if cls is not None:
                emit.add(node, _TYPE, cls)
            emit.add(node, SKOS.prefLabel, ox.Literal(label, language="en"))
            emit.add(node, DCT.source, emit.doc_node)
            emit.add(node, _DERIVED, emit.row_passage(row.number))
            for column, predicate in (("altLabels", SKOS.altLabel), ("hiddenLabels", SKOS.hiddenLabel)):
                if column in header:
                    for alt in _labels(row[column]):
                        emit.add(node, predicate, ox.Literal(alt, language="en"))
            for column, predicate in (
                ("description", DCT.description),
                ("definition", SKOS.definition),
                ("scopeNote", SKOS.scopeNote),
            ):
                text = row.values.get(column, "").strip()
                if text:
                    emit.add(node, predicate, ox.Literal(text, language="en"))
            if code_column and row.values.get(code_column, "").strip():
                emit.add(node, SKOS.notation, literal(row[code_column].strip()))
            for scheme in _schemes(row.values.get("inScheme", "")):
                emit.add(node, SKOS.inScheme, ox.NamedNode(scheme))
            skill_type = row.values.get("skillType", "").strip()
            if skill_type:
                if skill_type not in SKILL_TYPES:
                    file.issue(row, "skillType", f"unknown skill type {skill_type!r}")
                else:
                    emit.add(node, ESCO.skillType, SKILL_TYPES[skill_type])
            reuse = row.values.get("reuseLevel", "").strip()
            if reuse:
                emit.add(
                    node,
                    ESCO.skillReuseLevel,
                    ox.NamedNode(f"{ESCO_DATA}skill-reuse-level/{iri.slug(reuse)}"),
                )
            if seen is not None:
                seen.add(node.value)
            if len(emit.quads) >= _BATCH:
                yield file.drain()
        yield file.drain()

    def _broader(self, file: _File) -> Iterator[list[ox.Quad]]:
        file.require("conceptUri", "broaderUri")
        emit = file.emit
        for row in file.table.rows():
            emit.add(esco_node(row, "conceptUri"), SKOS.broader, esco_node(row, "broaderUri"))
            if len(emit.quads) >= _BATCH:
                yield file.drain()
        yield file.drain()

    def _collection(self, file: _File, name: str) -> Iterator[list[ox.Quad]]:
        file.require("conceptUri")
        emit = file.emit
        collection = iri.esco_collection(name)
        emit.add(collection, _TYPE, SKOS.Collection)
        emit.add(collection, SKOS.prefLabel, literal(f"ESCO {name} skills collection ({self.release})"))
        emit.add(collection, SKOS.notation, literal(name))
        emit.add(collection, DCT.source, emit.doc_node)
        for row in file.table.rows():
            skill = esco_node(row, "conceptUri", "skill")
            if skill.value not in self.skills:
                file.issue(row, "conceptUri", f"{skill.value} is not a skill of the skills file")
            emit.add(collection, SKOS.member, skill)
        yield file.drain()

    # ------------------------------------------------------------------ relations
    def _relations(self, file: _File) -> Iterator[list[ox.Quad]]:
        file.require("occupationUri", "relationType", "skillUri")
        emit = file.emit
        graph = emit.graph
        scope = f"esco-{self.release}"
        sha = emit.document.sha256
        statement_class, occupation_p, skill_p, type_p = (
            SS.OccupationSkillRelation,
            SS.escoOccupation,
            SS.escoSkill,
            SS.relationType,
        )
        type_literals = {name: literal(name) for name in RELATION_PROPERTIES}
        quads = emit.quads
        for row in file.table.rows():
            occupation = esco_node(row, "occupationUri", "occupation")
            skill = esco_node(row, "skillUri", "skill")
            relation = row["relationType"].strip()
            predicate = RELATION_PROPERTIES.get(relation)
            if predicate is None:
                file.issue(row, "relationType", f"unknown relation type {relation!r}", severity="error")
                continue
            if occupation.value not in self.occupations:
                file.issue(
                    row, "occupationUri", f"{occupation.value} is not an occupation of the occupations file"
                )
            if skill.value not in self.skills:
                file.issue(row, "skillUri", f"{skill.value} is not a skill of the skills file")
            node = iri.statement(sha, f"{scope}/row-{row.number}")
            passage = emit.row_passage(row.number)
            quads.extend(
                (
                    ox.Quad(occupation, predicate, skill, graph),
                    ox.Quad(node, _TYPE, statement_class, graph),
                    ox.Quad(node, _DERIVED, passage, graph),
                    ox.Quad(node, occupation_p, occupation, graph),
                    ox.Quad(node, skill_p, skill, graph),
                    ox.Quad(node, type_p, type_literals[relation], graph),
                )
            )
            if len(quads) >= _BATCH:
                yield file.drain()
        yield file.drain()
