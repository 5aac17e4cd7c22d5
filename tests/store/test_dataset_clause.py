"""A query's own dataset clause is read as a SPARQL parser reads it, not by a text search."""

from __future__ import annotations

import pytest

from skillscape.store.dataset_clause import declares_dataset


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
