"""The emitter: literals, verified passages, statements with their provenance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, Span, literal
from skillscape.model import iri
from skillscape.model.namespaces import OA, PROV, SS, XSD


@pytest.fixture
def emitter(tmp_path: Path) -> Emitter:
    path = tmp_path / "doc.txt"
    path.write_text("Heading\n  1. Shelving — arrange returned books.\n", encoding="utf-8")
    return Emitter(
        Document.read(path), iri.source_graph("test"), "test-kind", read_at=dt.datetime(2026, 1, 1)
    )


def objects(quads: list[ox.Quad], subject: ox.NamedNode, predicate: ox.NamedNode) -> list[ox.Term]:
    return [q.object for q in quads if q.subject == subject and q.predicate == predicate]


def test_literals_have_natural_datatypes() -> None:
    assert literal(3).datatype == XSD.integer
    assert literal(13.8).value == "13.8" and literal(13.8).datatype == XSD.decimal
    assert literal(Decimal("39310")).value == "39310.0"
    assert literal(True).value == "true"
    assert literal("plain").datatype.value.endswith("#string")


def test_statement_is_derived_from_an_exact_verified_passage(emitter: Emitter) -> None:
    span = emitter.span_of("Shelving — arrange returned books.")
    node = emitter.statement(SS.CompetencyStatement, "c-1", span)
    (passage,) = objects(emitter.quads, node, PROV.wasDerivedFrom)
    assert objects(emitter.quads, passage, OA.hasSource) == [emitter.doc_node]
    selectors = objects(emitter.quads, passage, OA.hasSelector)
    exact = [o for s in selectors for o in objects(emitter.quads, s, OA.exact)]
    start = [o for s in selectors for o in objects(emitter.quads, s, OA.start)]
    end = [o for s in selectors for o in objects(emitter.quads, s, OA.end)]
    assert len(exact) == len(start) == len(end) == 1
    text = emitter.document.text
    assert text[int(start[0].value) : int(end[0].value)] == exact[0].value


def test_text_not_in_the_document_is_a_source_error_with_a_line(emitter: Emitter) -> None:
    with pytest.raises(SourceError, match="not found"):
        emitter.span_of("Cataloguing")


def test_span_outside_the_document_is_refused(emitter: Emitter) -> None:
    with pytest.raises(SourceError, match="outside"):
        emitter.passage(Span(10, 10_000))


def test_cited_source_is_shared_across_statements(emitter: Emitter) -> None:
    first = emitter.cited_source("O*NET Resource Center", version="v30.2")
    second = emitter.cited_source("O*NET Resource Center", version="v30.2")
    assert first == second
    assert len([q for q in emitter.quads if q.subject == first and q.predicate.value.endswith("title")]) == 1


def test_occupation_from_a_plain_soc_code(emitter: Emitter) -> None:
    node = emitter.occupation("25-4031")
    assert node == iri.occupation("25-4031.00")
    assert node.value.endswith("/occupation/25-4031.00")
