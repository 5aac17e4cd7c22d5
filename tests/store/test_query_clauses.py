"""A query's own dataset clause is read as a SPARQL parser reads it, not by a text search."""

from __future__ import annotations

import pytest

from skillscape.store.query_clauses import column_order, declares_dataset, star_order


@pytest.mark.parametrize(
    ("query", "declared"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("select * from <http://example.org/g> where { ?s ?p ?o }", True),
        ("ASK FROM NAMED <http://example.org/g> { GRAPH ?g { ?s ?p ?o } }", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/g> WHERE { ?s ?p ?o }", True),
        ("DESCRIBE <http://example.org/a> FROM <http://example.org/g>", True),
        ("SELECT * WHERE { ?s ?p ?o } # FROM <http://example.org/g>", False),
        ('SELECT ("FROM <http://example.org/g>" AS ?a) WHERE { }', False),
        ("PREFIX from: <http://example.org/> SELECT * WHERE { from:a ?p ?o }", False),
        ("SELECT * WHERE { ?s ?p", False),  # not a query: nothing declared
    ],
)
def test_only_a_parsed_from_clause_declares_a_dataset(query: str, declared: bool) -> None:
    assert declares_dataset(query) is declared


@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", ("s", "p", "o")),
        (
            "SELECT * WHERE { ?z ?a ?b . OPTIONAL { ?b <urn:p> ?c } BIND(1 AS ?k) VALUES ?v { 1 } }",
            ("z", "a", "b", "c", "k", "v"),
        ),
        (
            "SELECT * WHERE { { SELECT ?y ?x WHERE { ?x ?q ?y } } ?x <http://example.org/p> ?w }",
            ("y", "x", "q", "w"),
        ),
        ("SELECT ?o ?s WHERE { ?s ?p ?o }", None),  # a projection keeps its own order
        ("ASK { ?s ?p ?o }", None),
    ],
)
def test_select_star_columns_follow_the_query(query: str, order: tuple[str, ...] | None) -> None:
    assert star_order(query) == order


def test_column_order_reorders_the_engines_columns_only_when_needed() -> None:
    query = "SELECT * WHERE { ?s ?p ?o }"
    assert column_order(query, ["o", "p", "s"]) == [2, 1, 0]
    assert column_order(query, ["s", "p", "o"]) is None
    assert column_order("SELECT ?o ?s WHERE { ?s ?p ?o }", ["o", "s"]) is None
