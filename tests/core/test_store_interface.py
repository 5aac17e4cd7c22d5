"""One suite for every embedded store: Oxigraph on disk, Oxigraph in memory, rdflib in memory."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.model import iri
from skillscape.store.base import GraphStore, QuerySyntaxError
from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore

LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
A, B = iri.occupation("25-4031.00"), iri.occupation("43-4121.00")
G1, G2 = iri.source_graph("one"), iri.source_graph("two")
QUERY = "SELECT ?thing ?label WHERE { ?thing <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"


@pytest.fixture(params=["oxigraph-disk", "oxigraph-memory", "rdflib-memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    made: GraphStore = {
        "oxigraph-disk": lambda: OxigraphStore(tmp_path / "store"),
        "oxigraph-memory": lambda: OxigraphStore(),
        "rdflib-memory": MemoryStore,
    }[request.param]()
    made.load(
        [
            ox.Quad(A, LABEL, ox.Literal("Library Technicians"), G1),
            ox.Quad(B, LABEL, ox.Literal("Library Assistants, Clerical"), G2),
            ox.Quad(B, LABEL, ox.Literal("Library Assistants, Clerical"), G1),
        ]
    )
    return made


def test_named_graphs_and_counts(store: GraphStore) -> None:
    assert {g.value for g in store.named_graphs()} == {G1.value, G2.value}
    assert store.quad_count() == 3


def test_default_graph_is_the_union_and_graphs_restrict_it(store: GraphStore) -> None:
    union = store.query(QUERY)
    assert {row[0] for row in union.rows} == {A, B}
    only_two = store.query(QUERY, graphs=[G2])
    assert {row[0] for row in only_two.rows} == {B}


def test_bindings_are_substituted_by_the_engine(store: GraphStore) -> None:
    result = store.query(QUERY, {"label": ox.Literal("Library Technicians")})
    assert [row[0] for row in result.rows] == [A]
    assert store.query(QUERY, {"label": ox.Literal('x" } UNION { ?thing ?p ?label } #')}).rows == []


def test_drop_graph_removes_only_that_graph(store: GraphStore) -> None:
    store.drop_graph(G1)
    assert {g.value for g in store.named_graphs()} == {G2.value}
    assert {row[0] for row in store.query(QUERY).rows} == {B}
    store.drop_graph(iri.source_graph("absent"))  # no error


def test_ask_and_syntax_errors(store: GraphStore) -> None:
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    with pytest.raises(QuerySyntaxError):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_dump_round_trips_as_n_quads(store: GraphStore) -> None:
    buffer = io.BytesIO()
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    quads = set(ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS))
    assert len(quads) == 3
    assert {q.graph_name.value for q in quads} == {G1.value, G2.value}
