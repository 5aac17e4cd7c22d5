"""The SPARQL 1.1 Protocol at /sparql, over real HTTP, on the embedded and the remote store."""

from __future__ import annotations

import csv
import io

import httpx
import pyoxigraph as ox
import pytest

from skillscape.store.base import GraphStore
from tests.conftest import seed_entries

PREFIX = (
    "PREFIX ss: <https://w3id.org/skillscape/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
)
CODES = PREFIX + "SELECT ?code WHERE { ?o a ss:Occupation ; skos:notation ?code } ORDER BY ?code"
TASKS = PREFIX + "SELECT ?s ?text WHERE { ?s a ss:Task ; ss:text ?text } ORDER BY ?s"
DOCUMENTS = PREFIX + "SELECT DISTINCT ?d WHERE { ?d a ss:SourceDocument }"
DESCRIBE_TASKS = PREFIX + "CONSTRUCT { ?s ss:text ?text } WHERE { ?s a ss:Task ; ss:text ?text }"


def parse_results(response: httpx.Response) -> list[dict[str, str]]:
    media = response.headers["content-type"].split(";")[0]
    parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(media))
    variables = [v.value for v in parsed.variables]
    return [{v: str(s[v]) for v in variables if s[v] is not None} for s in parsed]


def direct(store: GraphStore, query: str) -> list[dict[str, str]]:
    result = store.query(query)
    return [{k: str(v) for k, v in record.items() if v is not None} for record in result.records()]


def test_get_post_form_and_post_query_agree_with_the_store(client: httpx.Client, store: GraphStore) -> None:
    expected = direct(store, CODES)
    assert expected, "the seed graph has occupations"
    by_get = client.get("/sparql", params={"query": CODES})
    by_form = client.post("/sparql", data={"query": CODES})
    by_body = client.post("/sparql", content=CODES, headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/sparql-results+json"
        assert parse_results(response) == expected


def test_every_named_graph_is_queried_together_by_default(client: httpx.Client) -> None:
    rows = parse_results(client.get("/sparql", params={"query": DOCUMENTS}))
    assert len(rows) == len(seed_entries())  # each seed document lives in its own named graph


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_select_results_by_accept(client: httpx.Client, store: GraphStore, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": TASKS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if media == "text/csv":  # CSV carries values only: compare the lexical forms
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["text"] for r in rows] == [row[1].value for row in store.query(TASKS).rows]  # type: ignore[union-attr]
    else:
        assert parse_results(response) == direct(store, TASKS)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_results_by_accept(
    client: httpx.Client, store: GraphStore, accept: str, fmt: ox.RdfFormat
) -> None:
    response = client.get("/sparql", params={"query": DESCRIBE_TASKS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    triples = {quad.triple for quad in ox.parse(response.content, fmt)}
    assert triples == set(store.query(DESCRIBE_TASKS).triples)


def test_format_parameter_overrides_accept(client: httpx.Client) -> None:
    response = client.get(
        "/sparql",
        params={"query": CODES, "format": "tsv"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    graph = client.get("/sparql", params={"query": DESCRIBE_TASKS, "format": "nt"})
    assert graph.headers["content-type"].startswith("application/n-triples")


def test_ask_answers_true_and_false(client: httpx.Client) -> None:
    yes = client.get("/sparql", params={"query": PREFIX + "ASK { ?o a ss:Occupation }"})
    no = client.get("/sparql", params={"query": PREFIX + "ASK { ?o a ss:NoSuchClass }"})
    assert yes.json()["boolean"] is True
    assert no.json()["boolean"] is False


def test_default_and_named_graph_uris_restrict_the_dataset(client: httpx.Client, store: GraphStore) -> None:
    graphs = sorted(g.value for g in store.named_graphs())
    one = graphs[0]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = direct(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{one}> {{ ?s ?p ?o }} }}")
    response = client.get("/sparql", params={"query": count, "default-graph-uri": one})
    assert parse_results(response) == expected
    listed = client.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": graphs[:2]},
    )
    assert sorted(r["g"].strip("<>") for r in parse_results(listed)) == graphs[:2]


@pytest.mark.parametrize(
    "accept",
    ["application/sparql-results+json", "text/tab-separated-values", "application/sparql-results+xml"],
)
def test_select_star_answers_the_columns_in_the_querys_order(client: httpx.Client, accept: str) -> None:
    query = PREFIX + "SELECT * WHERE { ?task a ss:Task ; ss:text ?text ; ss:occupation ?occupation } LIMIT 3"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(accept))
    assert [v.value for v in parsed.variables] == ["task", "text", "occupation"]
    rows = list(parsed)
    assert rows and all(str(row["task"]).startswith("<") and str(row["text"]).startswith('"') for row in rows)
    as_csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert next(csv.reader(io.StringIO(as_csv.text))) == ["task", "text", "occupation"]


def test_from_and_from_named_in_the_query_define_the_dataset(client: httpx.Client, store: GraphStore) -> None:
    one, two = sorted(g.value for g in store.named_graphs())[:2]

    def count(graph: str) -> list[dict[str, str]]:
        return direct(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")

    def ask(query: str, **params: str) -> list[dict[str, str]]:
        response = client.get("/sparql", params={"query": query, **params})
        assert response.status_code == 200, response.text
        return parse_results(response)

    from_one = f"SELECT (COUNT(*) AS ?n) FROM <{one}> WHERE {{ ?s ?p ?o }}"
    assert ask(from_one) == count(one) != ask("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    listed = ask(
        f"SELECT DISTINCT ?g FROM NAMED <{one}> FROM NAMED <{two}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    assert sorted(r["g"].strip("<>") for r in listed) == [one, two]
    # a dataset of named graphs only has an empty default graph
    nothing = direct(store, "SELECT (COUNT(*) AS ?n) WHERE { FILTER(false) }")
    assert ask(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{one}> WHERE {{ ?s ?p ?o }}") == nothing


def test_the_protocols_graphs_take_precedence_over_the_querys_own(
    client: httpx.Client, store: GraphStore
) -> None:
    one, two = sorted(g.value for g in store.named_graphs())[:2]
    from_one = f"SELECT (COUNT(*) AS ?n) FROM <{one}> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql", params={"query": from_one, "default-graph-uri": two})
    assert response.status_code == 200, response.text
    assert parse_results(response) == direct(
        store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{two}> {{ ?s ?p ?o }} }}"
    )


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"query": CODES}, {"Accept": "image/png"}),
        ({"query": CODES}, {"Accept": "text/turtle"}),  # a SELECT cannot be Turtle
        ({"query": DESCRIBE_TASKS}, {"Accept": "text/csv"}),  # a CONSTRUCT cannot be CSV
        ({"query": CODES, "format": "docx"}, {}),
    ],
)
def test_unsupported_result_types_are_406(client: httpx.Client, params: dict, headers: dict) -> None:
    assert client.get("/sparql", params=params, headers=headers).status_code == 406


def test_malformed_query_is_400_with_the_parsers_message(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail and "1:" in detail  # the parser's message names the position


def test_requests_without_a_query_are_refused(client: httpx.Client) -> None:
    assert client.get("/sparql").status_code == 400
    assert client.post("/sparql", data={"format": "json"}).status_code == 400
    unsupported = client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert unsupported.status_code == 415


def test_paging_follows_link_headers_to_the_whole_result(client: httpx.Client, store: GraphStore) -> None:
    expected = direct(store, TASKS)
    page_size = max(1, len(expected) // 3)
    rows: list[dict[str, str]] = []
    url: str | None = str(client.base_url.join("/sparql"))
    params: dict | None = {"query": TASKS, "limit": page_size}
    pages = 0
    while url:
        response = client.get(url, params=params)
        page = parse_results(response)
        assert len(page) <= page_size
        rows += page
        pages += 1
        link = response.headers.get("link")
        url = link.split(">")[0].lstrip("<") if link else None
        params = None
        if url:
            assert int(response.headers["x-next-offset"]) == len(rows)
    assert rows == expected
    assert pages == -(-len(expected) // page_size)


def test_post_pages_with_the_next_offset_header(client: httpx.Client, store: GraphStore) -> None:
    expected = direct(store, CODES)
    first = client.post("/sparql", data={"query": CODES, "limit": "2"})
    assert parse_results(first) == expected[:2]
    following = client.post(
        "/sparql", data={"query": CODES, "limit": "2", "offset": first.headers["x-next-offset"]}
    )
    assert parse_results(following) == expected[2:4]
