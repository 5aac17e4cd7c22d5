"""The SPARQL tokenizer: binding parameters as VALUES blocks, and finding SERVICE calls."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from skillscape.store.sparql_text import SparqlTextError, bind_values, service_uses, tokenize

EX = "http://example.org/"
A, B = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")
P, Q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    data = ox.Store()
    for subject, predicate, value in [(A, P, "1"), (B, P, "2"), (A, Q, "3"), (B, Q, "4")]:
        data.add(ox.Quad(subject, predicate, ox.Literal(value)))
    return data


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in solution) for solution in store.query(query))  # type: ignore[union-attr]


def substituted(store: ox.Store, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[tuple[str, ...]]:
    """What Oxigraph's own SEP-0007 substitution gives: the reference for bind_values."""
    subs = {ox.Variable(k): v for k, v in bindings.items()}
    return sorted(tuple(str(v) for v in s) for s in store.query(query, substitutions=subs))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o }",
        "SELECT * WHERE { { ?s <http://example.org/p> ?o } UNION { ?s <http://example.org/q> ?o } }",
        "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
        "PREFIX e: <http://example.org/> "
        "SELECT ?s ?o WHERE { ?s ?p ?o OPTIONAL { ?s e:q ?x } FILTER NOT EXISTS { ?s e:r ?o } }",
        "SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s <http://example.org/q> ?o } } }",
        "PREFIX e: <http://example.org/> SELECT ?s ?o WHERE { { SELECT ?o WHERE { ?s e:q ?o } } ?s e:p ?x }",
        'SELECT ?s ?o WHERE { ?s ?p ?o FILTER(?o != "{ ?s }") } # { ?s }',
        'SELECT ?s ?o WHERE { VALUES ?o { "1" "3" } ?s ?p ?o }',
        "PREFIX ex: <http://example.org/> SELECT ?s ?o WHERE { ?s ex:p ?o }",
    ],
)
def test_bound_variables_give_what_engine_substitution_gives(store: ox.Store, query: str) -> None:
    bound = bind_values(query, {"s": A})
    assert rows(store, bound) == substituted(store, query, s=A)


def test_a_subquery_that_does_not_project_the_variable_is_left_alone() -> None:
    query = "SELECT ?s ?o WHERE { { SELECT ?o WHERE { ?s ?p ?o } } ?s ?q ?z }"
    bound = bind_values(query, {"s": A})
    inner = bound[bound.index("SELECT ?o") : bound.index("}")]
    assert "VALUES" not in inner
    assert bound.count("VALUES") == 1


def test_values_go_into_every_group_that_uses_the_variable() -> None:
    query = "SELECT ?s WHERE { { ?s ?p ?o } UNION { ?s ?q ?o } UNION { ?x ?y ?z } }"
    assert bind_values(query, {"s": A}).count("VALUES (?s)") == 3  # the outer group and two branches


def test_construct_templates_and_values_blocks_are_not_groups() -> None:
    query = "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?p { <http://example.org/p> } ?s ?p ?o }"
    bound = bind_values(query, {"s": A, "p": P})
    assert bound.startswith("CONSTRUCT { ?s ?p ?o } WHERE {")
    assert bound.count("VALUES") == 2


def test_literals_are_serialized_not_pasted(store: ox.Store) -> None:
    attack = ox.Literal('1" } ?s ?p ?o . { "')
    query = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    bound = bind_values(query, {"o": attack})
    assert rows(store, bound) == []
    assert '"1\\" } ?s ?p ?o . { \\""' in bound


@pytest.mark.parametrize(
    ("query", "bindings", "message"),
    [
        ("SELECT ?o WHERE { ?s ?p ?o }", {"s": A}, "project"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"missing": A}, "project"),
        ("ASK { ?s ?p ?o }", {"nothere": A}, "no group"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", {"s": A}, "short form"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"s": ox.BlankNode("b")}, "only IRIs and literals"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"not a name": A}, "not a variable"),
        ("INSERT DATA { <a> <b> <c> }", {"s": A}, "SELECT, CONSTRUCT"),
        ('SELECT ?s WHERE { ?s ?p "unterminated }', {"s": A}, "unterminated"),
    ],
)
def test_what_cannot_be_bound_is_an_error(query: str, bindings: dict, message: str) -> None:
    with pytest.raises(SparqlTextError, match=message):
        bind_values(query, bindings)


def test_tokens_inside_strings_iris_and_comments_are_not_syntax() -> None:
    tokens = tokenize('SELECT * { ?s <http://x/a#b> """a { b\n } c""" } # SERVICE { }')
    assert [t.text for t in tokens if t.text in "{}"] == ["{", "}"]
    assert [t.kind for t in tokens] == ["word", "punct", "punct", "var", "iri", "string", "punct"]


@pytest.mark.parametrize(
    ("query", "endpoints"),
    [
        ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
        ("SELECT * { SERVICE SILENT <http://a.example/sparql> { } }", ["http://a.example/sparql"]),
        ("SELECT * { service<http://a.example/sparql>{} }", ["http://a.example/sparql"]),
        ("SELECT * { SERVICE <\\u0068ttp://a.example/> { } }", ["http://a.example/"]),
        ("SELECT * { SERVICE <relative> { } }", [None]),
        ("SELECT * { SERVICE ?endpoint { } }", [None]),
        ("PREFIX e: <http://a.example/> SELECT * { SERVICE e:sparql { } }", [None]),
        ("PREFIX : <http://a.example/> SELECT * { SERVICE:sparql { } }", [None]),
        ("SELECT * { SERVICESILENT<http://a.example/> { } }", [None]),
        ('SELECT ?service { ?service ?p "SERVICE <http://a.example/> { }" } # SERVICE <x> {}', []),
        ("SELECT * { ?s <http://a.example/SERVICE> ?o . ?s ex:service ?o }", []),
    ],
)
def test_service_calls_are_found_before_evaluation(query: str, endpoints: list[str | None]) -> None:
    assert [use.endpoint for use in service_uses(query)] == endpoints
