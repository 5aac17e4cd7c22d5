"""Writing the statements of an O*NET release: one emitter per file, with per-row passages.

A release has millions of rows, so :class:`TableEmitter` binds the terms every row repeats
once, and :class:`ReleaseContext` shares the literals and the nodes that the reference files
define with the files that refer to them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyoxigraph as ox

from skillscape.ingest.document import Document
from skillscape.ingest.emit import Emitter
from skillscape.ingest.onet_table import Table
from skillscape.model import iri
from skillscape.model.namespaces import DCT, OA, PROV, RDF, RFC7111, XSD

KIND = "onet-release"

_TYPE = RDF.type
_VALUE = RDF.value
_DERIVED = PROV.wasDerivedFrom
_HAS_SOURCE = OA.hasSource
_HAS_SELECTOR = OA.hasSelector
_SPECIFIC = OA.SpecificResource
_FRAGMENT = OA.FragmentSelector
_CONFORMS = DCT.conformsTo


@dataclass(frozen=True)
class Element:
    """A content-model element as the release names it, and the node that stands for it."""

    element_id: str
    name: str
    node: ox.NamedNode
    cls: ox.NamedNode


@dataclass
class ReleaseContext:
    """What the reference files of one release say, for the files that refer to them."""

    release: str
    scales: dict[str, ox.NamedNode] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)
    occupations: dict[str, ox.NamedNode] = field(default_factory=dict)
    #: (Element ID, Scale ID, category) → (label, rank, education level for RL)
    categories: dict[tuple[str, str, str], tuple[ox.Literal, ox.Literal, ox.NamedNode | None]] = field(
        default_factory=dict
    )
    iwas: dict[str, ox.NamedNode] = field(default_factory=dict)
    dwas: dict[str, ox.NamedNode] = field(default_factory=dict)
    commodities: dict[str, tuple[str, ox.NamedNode]] = field(default_factory=dict)
    tasks: dict[str, str] = field(default_factory=dict)  # Task ID → O*NET-SOC code
    _literals: dict[tuple[str, str], ox.Literal] = field(default_factory=dict)

    def lit(self, value: str, datatype: ox.NamedNode | None = None) -> ox.Literal:
        """A literal, shared by every row that has the same value (the files repeat a lot)."""
        key = (value, datatype.value if datatype is not None else "")
        found = self._literals.get(key)
        if found is None:
            found = ox.Literal(value) if datatype is None else ox.Literal(value, datatype=datatype)
            self._literals[key] = found
        return found

    def month(self, value: str) -> ox.Literal:
        """``MM/YYYY`` → ``YYYY-MM``^^xsd:gYearMonth."""
        key = (value, "month")
        found = self._literals.get(key)
        if found is None:
            found = ox.Literal(f"{value[3:]}-{value[:2]}", datatype=XSD.gYearMonth)
            self._literals[key] = found
        return found


class TableEmitter(Emitter):
    """The Emitter for one file of a release, with the per-row paths a large table needs."""

    def __init__(
        self,
        document: Document,
        graph: ox.NamedNode,
        read_at: dt.datetime,
        release: str,
        table: Table | None = None,
    ) -> None:
        super().__init__(
            document,
            graph,
            KIND,
            read_at=read_at,
            title=f"O*NET {release}: {document.name}",
            keep_content=False,
        )
        self._table = table
        self._sha = document.sha256
        # statements are per release, even where two releases ship the very same file
        self._scope = f"onet-{release}"
        self._issue_keys: set[str] = set()

    @property
    def table(self) -> Table:
        if self._table is None:
            raise ValueError("this emitter has no table")
        return self._table

    def drain(self) -> list[ox.Quad]:
        """The quads so far; the list itself is kept (and emptied), so a bound ``append`` stays valid."""
        quads = self.quads.copy()
        self.quads.clear()
        return quads

    def row_passage(self, row: int) -> ox.NamedNode:
        """As :meth:`Emitter.row_passage`, with the terms bound once (it runs for every row)."""
        node = iri.row_passage(self._sha, row)
        selector = ox.NamedNode(node.value + "#row")
        graph = self.graph
        doc = self.doc_node
        self.quads.extend(
            (
                ox.Quad(node, _TYPE, _SPECIFIC, graph),
                ox.Quad(node, _HAS_SOURCE, doc, graph),
                ox.Quad(node, _HAS_SELECTOR, selector, graph),
                ox.Quad(selector, _TYPE, _FRAGMENT, graph),
                ox.Quad(selector, _CONFORMS, RFC7111, graph),
                ox.Quad(selector, _VALUE, ox.Literal(f"row={row}"), graph),
            )
        )
        return node

    def row_statement(self, cls: ox.NamedNode, line: int) -> ox.NamedNode:
        """A statement of class ``cls`` derived from row ``line``."""
        return self.statement(cls, f"{self._scope}/row-{line}", passage=self.row_passage(line))

    def row_statement_at(self, node: ox.NamedNode, cls: ox.NamedNode, line: int) -> ox.NamedNode:
        """A statement with an IRI of its own (e.g. a task by Task ID) derived from row ``line``."""
        graph = self.graph
        self.quads.append(ox.Quad(node, _TYPE, cls, graph))
        self.quads.append(ox.Quad(node, _DERIVED, self.row_passage(line), graph))
        return node

    def issue(self, line: int | None, column: str | None, message: str, severity: str = "error") -> None:
        """An ``ss:IngestIssue``: what this row (or file) says that could not be mapped."""
        local = self._scope + ("/file" if line is None else f"/row-{line}")
        if column:
            local += "/" + iri.slug(column)
        key, suffix = local, 1
        while key in self._issue_keys:
            suffix += 1
            key = f"{local}-{suffix}"
        self._issue_keys.add(key)
        self.ingest_issue(key, message, line=line, column=column or None, severity=severity)
