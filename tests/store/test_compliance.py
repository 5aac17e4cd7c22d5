"""One suite, every store: embedded Oxigraph on disk and in memory, rdflib in memory, and SPARQL
servers (Oxigraph's, Virtuoso) through the remote store."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.errors import BadInput
from skillscape.ingest.manifest import file_sha256
from skillscape.model import iri
from skillscape.query import named
from skillscape.settings import Settings
from skillscape.store.base import GraphStore, QuerySyntaxError
from skillscape.store.factory import open_store
from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore
from skillscape.store.remote import RemoteStore
from tests.conftest import seed_entries
from tests.servers import OxigraphServer, oxigraph_server, remote_copy, require_virtuoso, virtuoso_server

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
G1, G2 = ox.NamedNode(EX + "graph/one"), ox.NamedNode(EX + "graph/two")
ALICE, BOB = ox.NamedNode(EX + "alice"), ox.NamedNode(EX + "bob")
NAME, KNOWS, AGE, LABEL = (ox.NamedNode(EX + p) for p in ("name", "knows", "age", "label"))
TRICKY = 'Bob "the builder" } ?s ?p ?o . { # <x>\nsecond line \\ end'
QUADS = [
    ox.Quad(ALICE, NAME, ox.Literal("Alice"), G1),
    ox.Quad(ALICE, KNOWS, BOB, G1),
    ox.Quad(BOB, NAME, ox.Literal(TRICKY), G2),
    ox.Quad(BOB, AGE, ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), G2),
    ox.Quad(BOB, LABEL, ox.Literal("Robert", language="en"), G2),
    ox.Quad(ALICE, LABEL, ox.Literal("Alicia", language="es"), G2),
]
WHO = "SELECT ?person ?name WHERE { ?person <http://example.org/name> ?name } ORDER BY ?person"
PEOPLE_BY = "SELECT ?person ?value WHERE { ?person ?p ?value }"


@pytest.fixture
def store(empty_store: GraphStore) -> GraphStore:
    assert empty_store.load(QUADS) == len(QUADS)
    return empty_store


def people(store: GraphStore, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[ox.NamedNode]:
    return [record["person"] for record in store.query(query, bindings).records()]  # type: ignore[misc]


def test_load_counts_and_graphs(store: GraphStore) -> None:
    assert store.quad_count() == len(QUADS)
    assert set(store.named_graphs()) == {G1, G2}


def test_the_default_graph_is_the_union_of_named_graphs(store: GraphStore) -> None:
    result = store.query(WHO)
    assert result.variables == ["person", "name"]
    assert result.rows == [(ALICE, ox.Literal("Alice")), (BOB, ox.Literal(TRICKY))]


def test_named_graphs_are_visible_to_graph_patterns(store: GraphStore) -> None:
    result = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert {row[0] for row in result.rows} == {G1, G2}


def test_quads_stream_every_quad_or_one_graphs(store: GraphStore) -> None:
    assert set(store.quads()) == set(QUADS)
    assert set(store.quads(G1)) == {q for q in QUADS if q.graph_name == G1}


def test_a_streamed_query_reads_the_protocols_dataset(store: GraphStore) -> None:
    every = store.stream(WHO)
    assert every.kind == "select" and every.variables == ["person", "name"]
    assert sorted(every.rows, key=str) == sorted(
        [(ALICE, ox.Literal("Alice")), (BOB, ox.Literal(TRICKY))], key=str
    )  # type: ignore[arg-type]
    only_one = store.stream(WHO, default_graphs=[G1])
    assert list(only_one.rows) == [(ALICE, ox.Literal("Alice"))]  # type: ignore[arg-type]
    assert store.stream("ASK { ?s <http://example.org/age> ?o }").rows is True
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    if isinstance(store, MemoryStore):  # rdflib's dataset: the protocol's named graphs are refused
        with pytest.raises(BadInput):
            store.stream(graphs, named_graphs=[G2])
        return
    assert [row[0] for row in store.stream(graphs, named_graphs=[G2]).rows] == [G2]  # type: ignore[union-attr]


def test_only_a_store_on_this_machine_has_a_version_path(store: GraphStore, tmp_path: Path) -> None:
    on_disk = isinstance(store, OxigraphStore) and store.path is not None
    assert (store.version_path is not None) == on_disk


def test_graphs_restrict_the_default_graph(store: GraphStore) -> None:
    assert store.query(WHO, graphs=[G1]).rows == [(ALICE, ox.Literal("Alice"))]
    assert store.query(WHO, graphs=[G2]).rows == [(BOB, ox.Literal(TRICKY))]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (ox.Literal(TRICKY), [BOB]),  # quotes, braces, '#', a newline and a backslash: matched exactly
        (ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), [BOB]),
        (ox.Literal("42"), []),  # a string is not the integer
        (ox.Literal("Robert", language="en"), [BOB]),
        (ox.Literal("Robert"), []),  # nor is a plain string the language-tagged one
        (ox.Literal('"} . ?person ?p ?value } #'), []),  # an injection attempt is just a string
        (ox.Literal('x" ) } UNION { ?person ?p ?value } #'), []),
        (BOB, [ALICE]),  # an IRI value: alice knows bob
    ],
)
def test_bound_values_are_terms_never_query_text(
    store: GraphStore, value: ox.Literal | ox.NamedNode, expected: list[ox.NamedNode]
) -> None:
    assert people(store, PEOPLE_BY, value=value) == expected


def test_bound_iris(store: GraphStore) -> None:
    assert people(store, WHO, person=BOB) == [BOB]
    assert people(store, WHO, person=ox.NamedNode(EX + "nobody")) == []


def test_ask_and_construct(store: GraphStore) -> None:
    yes = store.query("ASK { ?s <http://example.org/knows> ?o }")
    no = store.query("ASK { ?s <http://example.org/knows> <http://example.org/alice> }")
    assert (yes.kind, yes.boolean, no.boolean) == ("ask", True, False)
    graph = store.query(
        "CONSTRUCT { ?o <http://example.org/knownBy> ?s } WHERE { ?s <http://example.org/knows> ?o }"
    )
    assert graph.kind == "graph"
    assert set(graph.triples) == {ox.Triple(BOB, ox.NamedNode(EX + "knownBy"), ALICE)}


def test_malformed_queries_raise_query_syntax_error(store: GraphStore) -> None:
    with pytest.raises(QuerySyntaxError):
        store.query("SELECT ?s WHERE { ?s ?p }")


def test_drop_graph(store: GraphStore) -> None:
    store.drop_graph(G2)
    store.drop_graph(ox.NamedNode(EX + "graph/absent"))  # no error
    assert store.named_graphs() == [G1]
    assert store.quad_count() == 2
    assert store.query(WHO).rows == [(ALICE, ox.Literal("Alice"))]


def test_dump_round_trips(store: GraphStore) -> None:
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == set(QUADS)
    one = io.BytesIO()
    store.dump(one, ox.RdfFormat.TURTLE, graph=G1)
    assert {q.triple for q in ox.parse(one.getvalue(), ox.RdfFormat.TURTLE)} == {
        q.triple for q in QUADS if q.graph_name == G1
    }


def test_load_file_into_a_graph_and_as_a_dataset(empty_store: GraphStore, tmp_path: Path) -> None:
    turtle = tmp_path / "one.ttl"
    turtle.write_bytes(
        ox.serialize([q.triple for q in QUADS if q.graph_name == G1], None, ox.RdfFormat.TURTLE)
    )
    empty_store.load_file(str(turtle), ox.RdfFormat.TURTLE, G1)
    nquads = tmp_path / "two.nq"
    nquads.write_bytes(ox.serialize([q for q in QUADS if q.graph_name == G2], None, ox.RdfFormat.N_QUADS))
    empty_store.load_file(str(nquads), ox.RdfFormat.N_QUADS)
    assert empty_store.quad_count() == len(QUADS)
    assert set(empty_store.named_graphs()) == {G1, G2}


# ---------------------------------------------------------------- the named queries on the seed graph

PARAMETERS = {
    "occupation": "25-4031.00",
    "q": "library",
    "esco": "http://data.europa.eu/esco/occupation/37b15470-3b2d-4ae0-816c-c7c06ed15c99",
}


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def seed_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OxigraphServer]:
    """The seed graph's server: Oxigraph's, and Virtuoso Open Source 7."""
    if request.param == "virtuoso":
        require_virtuoso()
        with virtuoso_server(Path(tmp_path_factory.mktemp("virtuoso-seed"))) as virtuoso:
            yield virtuoso
        return
    with oxigraph_server(Path(tmp_path_factory.mktemp("oxigraph-seed"))) as server:
        yield server


@pytest.fixture(scope="module")
def seed_stores(
    seed_settings: Settings, seed_server: OxigraphServer
) -> Iterator[tuple[GraphStore, GraphStore]]:
    remote = remote_copy(seed_server, seed_settings)
    with open_store(seed_settings) as embedded, open_store(remote) as on_server:
        assert isinstance(on_server, RemoteStore)
        yield embedded, on_server


def normalized(
    store: GraphStore, name: str, values: dict[str, str]
) -> list[tuple[str, ...]] | set[ox.Triple] | bool:
    result = named.load(name).run(store, values)
    if result.kind == "graph":
        return set(result.triples)
    if result.kind == "ask":
        return bool(result.boolean)
    # GROUP_CONCAT lists have no defined order: compare their parts sorted
    return sorted(tuple(_text(v) for v in row) for row in result.rows)


def _text(term: object) -> str:
    if term is None:
        return ""
    text = term.value if isinstance(term, ox.Literal) else str(term)
    return " | ".join(sorted(text.split(" | ")))


def statement_of(store: GraphStore) -> str:
    rows = named.load("ai-use").run(store, {"occupation": "25-4031.00"}).records()
    return str(next(rows)["statement"].value)  # type: ignore[union-attr]


def iri_parameters() -> dict[str, str]:
    """Real values for the IRI parameters: the O*NET profile seed, its document and its graph."""
    profile = next(e for e in seed_entries() if e.kind == "occupation-profile")
    return {
        "document": iri.document(file_sha256(profile.path)).value,
        "graph": iri.source_graph(profile.id).value,
    }


@pytest.mark.parametrize("name", named.known_queries())
def test_every_named_query_answers_the_same_on_the_embedded_and_the_remote_store(
    seed_stores: tuple[GraphStore, GraphStore], name: str
) -> None:
    embedded, remote = seed_stores
    query = named.load(name)
    values = {
        p.name: PARAMETERS.get(p.name, "") for p in query.parameters if p.required or p.name in PARAMETERS
    }
    if "statement" in values:
        values["statement"] = statement_of(embedded)
    values.update({name: value for name, value in iri_parameters().items() if name in values})
    assert normalized(remote, name, values) == normalized(embedded, name, values)
