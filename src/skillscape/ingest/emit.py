"""The one way adapters write triples: terms, statements and their exact provenance.

An adapter creates one :class:`Emitter` per document. Every statement it makes is tied to
a passage of that document (``passage``/``statement``), and the passage is verified on the
spot: the quoted text must be exactly ``document.text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from skillscape.ingest.document import Document
from skillscape.model import iri
from skillscape.model.namespaces import DCT, OA, PROV, RDF, RFC7111, SCHEMA, SKOS, SS, XSD

Value = str | int | float | Decimal | bool | dt.date | dt.datetime | ox.Literal


def literal(value: Value, datatype: ox.NamedNode | None = None, lang: str | None = None) -> ox.Literal:
    """A literal with the natural XSD datatype of ``value``.

    Strings stay plain (``xsd:string``); ints are ``xsd:integer``; floats and Decimals are
    ``xsd:decimal`` (never ``xsd:double``: figures in sources are decimal numbers).
    """
    if isinstance(value, ox.Literal):
        return value
    if datatype is not None:
        return ox.Literal(str(value), datatype=datatype)
    if lang is not None:
        return ox.Literal(str(value), language=lang)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=XSD.integer)
    if isinstance(value, float):
        return ox.Literal(_decimal_text(Decimal(repr(value))), datatype=XSD.decimal)
    if isinstance(value, Decimal):
        return ox.Literal(_decimal_text(value), datatype=XSD.decimal)
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=XSD.dateTime)
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=XSD.date)
    return ox.Literal(value)


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." in text else text + ".0"


@dataclass(frozen=True)
class Span:
    """A code-point span of a document, ``end`` exclusive."""

    start: int
    end: int


class Emitter:
    """Collects the quads one document yields into its source graph."""

    def __init__(
        self,
        document: Document,
        graph: ox.NamedNode,
        kind: str,
        read_at: dt.datetime | None = None,
        title: str | None = None,
        keep_content: bool = True,
    ) -> None:
        self.document = document
        self.graph = graph
        self.kind = kind
        self.quads: list[ox.Quad] = []
        self._passages: set[str] = set()
        self._cited: set[str] = set()
        self._concepts: set[str] = set()
        self.doc_node = iri.document(document.sha256)
        read_at = read_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.add(self.doc_node, RDF.type, SS.SourceDocument)
        self.add(self.doc_node, DCT.identifier, literal(document.name))
        self.add(self.doc_node, SS.sha256, literal(document.sha256))
        self.add(self.doc_node, DCT.format, literal(document.media_type))
        self.add(self.doc_node, SS.readAt, literal(read_at))
        self.add(self.doc_node, SS.documentKind, literal(kind))
        if title:
            self.add(self.doc_node, DCT.title, literal(title))
        if keep_content:
            self.add(self.doc_node, SS.content, literal(document.text))

    # ------------------------------------------------------------------ basics
    def add(
        self,
        subject: ox.NamedNode | ox.BlankNode,
        predicate: ox.NamedNode,
        obj: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> None:
        self.quads.append(ox.Quad(subject, predicate, obj, self.graph))

    def value(self, subject: ox.NamedNode, predicate: ox.NamedNode, value: Value | None) -> None:
        """Add a literal-valued triple; ``None`` adds nothing."""
        if value is not None:
            self.add(subject, predicate, literal(value))

    # ------------------------------------------------------------------ provenance
    def span_of(self, exact: str, start: int = 0, end: int | None = None) -> Span:
        """Find ``exact`` in the document at or after ``start``; raise a SourceError if absent."""
        position = self.document.text.find(exact, start, end)
        if position < 0:
            raise self.document.error(start, f"expected text not found: {exact[:60]!r}")
        return Span(position, position + len(exact))

    def passage(self, span: Span) -> ox.NamedNode:
        """The oa:SpecificResource for ``span``, with quote and position selectors."""
        start, end = span.start, span.end
        if not 0 <= start < end <= len(self.document.text):
            raise self.document.error(start, f"passage {start}-{end} is outside the document")
        node = iri.passage(self.document.sha256, start, end)
        if node.value in self._passages:
            return node
        self._passages.add(node.value)
        quote = ox.NamedNode(node.value + "#quote")
        position = ox.NamedNode(node.value + "#position")
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, self.doc_node)
        self.add(node, OA.hasSelector, quote)
        self.add(node, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, literal(self.document.text[start:end]))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, literal(start, XSD.nonNegativeInteger))
        self.add(position, OA.end, literal(end, XSD.nonNegativeInteger))
        return node

    def row_passage(self, row: int) -> ox.NamedNode:
        """A passage that selects one data row of a tabular document (RFC 7111 ``row=N``)."""
        node = iri.row_passage(self.document.sha256, row)
        selector = ox.NamedNode(node.value + "#row")
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, self.doc_node)
        self.add(node, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.FragmentSelector)
        self.add(selector, DCT.conformsTo, RFC7111)
        self.add(selector, RDF.value, literal(f"row={row}"))
        return node

    def quoted_row_passage(self, row: int, cells: str) -> ox.NamedNode:
        """:meth:`row_passage`, with the row's text as the document writes it (its cells) kept
        as the passage's quote."""
        node = self.row_passage(row)
        quote = ox.NamedNode(node.value + "#cells")
        self.add(node, OA.hasSelector, quote)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, literal(cells))
        return node

    def statement(
        self,
        cls: ox.NamedNode,
        local: str,
        span: Span | None = None,
        cites: Iterable[ox.NamedNode] = (),
        passage: ox.NamedNode | None = None,
    ) -> ox.NamedNode:
        """A new ss:Statement of class ``cls`` derived from ``span`` (or a ready ``passage``)."""
        if (span is None) == (passage is None):
            raise ValueError("a statement needs exactly one of span or passage")
        node = iri.statement(self.document.sha256, local)
        self.add(node, RDF.type, cls)
        self.add(node, PROV.wasDerivedFrom, passage if passage is not None else self.passage(span))  # type: ignore[arg-type]
        for source in cites:
            self.add(node, SS.citesSource, source)
        return node

    def statement_about(
        self,
        cls: ox.NamedNode,
        local: str,
        span: Span,
        occupations: Iterable[ox.NamedNode],
        cites: Iterable[ox.NamedNode] = (),
    ) -> ox.NamedNode:
        """:meth:`statement` about ``occupations`` (``ss:occupation`` each)."""
        node = self.statement(cls, local, span, cites=cites)
        for occupation in occupations:
            self.add(node, SS.occupation, occupation)
        return node

    def text_of(self, span: Span) -> str:
        """The document's text in ``span``."""
        return self.document.text[span.start : span.end]

    def ingest_issue(
        self,
        local: str,
        message: str,
        *,
        line: int | None = None,
        column: str | None = None,
        severity: str = "warning",
    ) -> ox.NamedNode:
        """An ``ss:IngestIssue``: something the document says that cannot be mapped faithfully."""
        node = iri.ingest_issue(self.document.sha256, local)
        self.add(node, RDF.type, SS.IngestIssue)
        self.value(node, SS.severity, severity)
        self.value(node, SS.message, message)
        self.add(node, SS.document, self.doc_node)
        self.value(node, SS.line, line)
        self.value(node, SS.column, column)
        return node

    def cited_source(
        self,
        title: str,
        *,
        label: str | None = None,
        publisher: str | None = None,
        version: str | None = None,
        license_statement: str | None = None,
        issued: str | None = None,
        url: str | None = None,
        citation: str | None = None,
    ) -> ox.NamedNode:
        """A source that the document itself cites (one node per title, shared across documents)."""
        node = iri.cited_source(title)
        if node.value not in self._cited:
            self._cited.add(node.value)
            self.add(node, RDF.type, SS.CitedSource)
            self.add(node, DCT.title, literal(title))
            self.add(node, DCT.source, self.doc_node)
            self.value(node, SKOS.prefLabel, label)
            self.value(node, DCT.publisher, publisher)
            self.value(node, SCHEMA.version, version)
            self.value(node, SS.licenseStatement, license_statement)
            self.value(node, DCT.issued, issued)
            self.value(node, SCHEMA.url, url)
            self.value(node, DCT.bibliographicCitation, citation)
        return node

    def concept(
        self,
        node: ox.NamedNode,
        cls: ox.NamedNode,
        label: str,
        *,
        notation: str | None = None,
        definition: str | None = None,
        scheme: ox.NamedNode | None = None,
    ) -> ox.NamedNode:
        """Declare a concept (occupation, skill, domain, level, product …) once per document."""
        if node.value in self._concepts:
            return node
        self._concepts.add(node.value)
        self.add(node, RDF.type, cls)
        self.add(node, SKOS.prefLabel, literal(label))
        self.add(node, DCT.source, self.doc_node)
        self.value(node, SKOS.notation, notation)
        self.value(node, SKOS.definition, definition)
        if scheme is not None:
            self.add(node, SKOS.inScheme, scheme)
        return node

    def occupation(self, code: str, title: str | None = None) -> ox.NamedNode:
        """The occupation node for an O*NET-SOC (or SOC) code, with its code as skos:notation."""
        normalized = iri.normalize_occupation_code(code)
        node = iri.occupation(normalized)
        if node.value not in self._concepts:
            self._concepts.add(node.value)
            self.add(node, RDF.type, SS.Occupation)
            self.add(node, SKOS.notation, literal(normalized))
            self.add(node, DCT.source, self.doc_node)
        if title:
            self.add(node, SKOS.prefLabel, literal(title))
        return node
