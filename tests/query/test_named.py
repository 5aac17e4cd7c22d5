"""Named queries: headers, catalogue, parameters bound by the engine (never pasted)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.model import iri
from skillscape.query import named
from skillscape.store.oxigraph import OxigraphStore

CONTRACT_QUERIES = [
    "progression",
    "ai-use",
    "provenance",
    "statements-without-source",
    "conflicting-claims",
]


@pytest.mark.parametrize("name", named.known_queries())
def test_every_query_has_a_header_and_parses(name: str) -> None:
    query = named.load(name)
    assert query.purpose
    store = OxigraphStore()  # parsing happens on execution; an empty store answers instantly
    values = {p.name: _sample(p.type) for p in query.parameters}
    result = query.run(store, values)
    if result.kind == "select":
        assert query.columns, f"{name}: the header must list the result columns"
        assert result.variables == list(query.columns), f"{name}: header columns differ from the SELECT"


def _sample(kind: str) -> str:
    return {"occupation": "25-4031.00", "iri": "https://example.org/x", "integer": "3", "decimal": "0.5"}.get(
        kind, "text"
    )


def test_contract_queries_exist() -> None:
    assert set(CONTRACT_QUERIES) <= set(named.known_queries())


def test_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(named.UnknownQuery) as info:
        named.load("progresion")
    assert "progression" in str(info.value)


def test_occupation_parameter_resolves_a_soc_code() -> None:
    bindings = named.load("progression").bind({"occupation": "25-4031"})
    assert bindings["occupation"] == iri.occupation("25-4031.00")


def test_missing_unknown_and_malformed_parameters() -> None:
    query = named.load("progression")
    with pytest.raises(named.ParameterError, match="needs"):
        query.bind({})
    with pytest.raises(named.ParameterError, match="no parameter"):
        query.bind({"occupation": "25-4031.00", "limit": "3"})
    with pytest.raises(named.ParameterError):
        query.bind({"occupation": "library"})


def test_string_parameters_cannot_inject_sparql(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    graph = iri.source_graph("t")
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    store.load([ox.Quad(a, label, ox.Literal("Alpha"), graph), ox.Quad(b, label, ox.Literal("Beta"), graph)])
    query_file = tmp_path / "by-label.rq"
    query_file.write_text(
        "# Purpose: things with a label.\n# Parameters:\n#   label (string): the label\n# Columns: thing\n"
        "SELECT ?thing ?label WHERE { VALUES ?label { UNDEF }\n"
        "  ?thing <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }\n",
        encoding="utf-8",
    )
    query = named.load_file(query_file)
    assert [r[0] for r in query.run(store, {"label": "Alpha"}).rows] == [a]
    hostile = 'Alpha" } UNION { ?thing ?p ?o } #'
    assert query.run(store, {"label": hostile}).rows == []
    assert query.run(store, {"label": 'Alpha"@en . ?x ?y ?z'}).rows == []


def test_a_parameter_without_a_slot_is_a_load_error(tmp_path: Path) -> None:
    query_file = tmp_path / "unslotted.rq"
    query_file.write_text(
        "# Purpose: things with a label.\n# Parameters:\n#   label (string): the label\n"
        "SELECT ?thing WHERE { ?thing ?p ?label }\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="enter the query nowhere"):
        named.load_file(query_file)


def test_every_catalog_parameter_has_a_slot() -> None:
    for name in named.known_queries():
        query = named.load(name)  # loading checks the slots
        assert {p.name for p in query.parameters} <= query.slots, name
