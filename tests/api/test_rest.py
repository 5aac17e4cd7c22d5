"""REST resources over real HTTP, checked against the store and the seed documents themselves."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from skillscape.model import iri
from skillscape.query import named
from skillscape.query.materialised import read_answer
from skillscape.query.results import to_records
from skillscape.store.base import GraphStore
from skillscape.store.location import StoreLocation
from tests import seed_documents as docs
from tests.conftest import SEED_DIR
from tests.servers import LiveApi

SS = "https://w3id.org/skillscape/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def run(store: GraphStore, name: str, **params: str) -> list[dict[str, Any]]:
    return to_records(named.load(name).run(store, params))


def occupations(store: GraphStore) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in run(store, "occupation-search", q="")}


def test_search_finds_each_occupation_by_code_and_by_title(client: httpx.Client, store: GraphStore) -> None:
    known = occupations(store)
    assert known
    for code, record in known.items():
        by_code = client.get("/occupations", params={"q": code}).json()
        assert by_code["items"][0]["code"] == code
        word = str(record["title"]).split()[0].lower()
        by_title = client.get("/occupations", params={"q": word, "limit": 100}).json()
        assert code in [item["code"] for item in by_title["items"]]


def test_search_pages_through_every_occupation(client: httpx.Client, store: GraphStore) -> None:
    everything = client.get("/occupations", params={"limit": 3})
    page = everything.json()
    assert page["total"] == len(occupations(store))
    codes = [item["code"] for item in page["items"]]
    next_url = page["next"]
    while next_url:
        assert everything.headers["link"] == f'<{next_url}>; rel="next"'
        everything = client.get(next_url)
        page = everything.json()
        codes += [item["code"] for item in page["items"]]
        next_url = page["next"]
    assert sorted(codes) == sorted(occupations(store))


def test_profile_shows_titles_documents_counts_and_working_links(
    client: httpx.Client, store: GraphStore
) -> None:
    profile = client.get("/occupations/25-4031")  # a SOC code resolves to .00
    assert profile.status_code == 200, profile.text
    body = profile.json()
    assert body["code"] == "25-4031.00"
    assert body["iri"] == iri.occupation("25-4031.00").value
    assert body["title"] == docs.PROFILE.read_text(encoding="utf-8").splitlines()[0].split(" - ", 1)[1]
    expected_counts = {
        r["type"]: r["count"] for r in run(store, "occupation-statement-counts", occupation="25-4031.00")
    }
    assert {c["type"]: c["count"] for c in body["statementCounts"]} == expected_counts
    assert docs.PROFILE.name in body["documents"] and docs.FRAMEWORK.name in body["documents"]
    for name, link in body["links"].items():
        if name != "sparql":
            assert client.get(link).status_code == 200, name


def test_unknown_occupation_is_404_with_the_closest_matches(client: httpx.Client, store: GraphStore) -> None:
    for code, record in occupations(store).items():
        title = str(record["title"])
        if "/" in title:
            continue
        misspelt = title[:3] + title[4:]  # one letter dropped
        response = client.get(f"/occupations/{misspelt}")
        assert response.status_code == 404
        body = response.json()
        assert code in [s["code"] for s in body["suggestions"]], (title, body)
    near_code = client.get("/occupations/25-4031.01")
    assert near_code.status_code == 404
    assert near_code.json()["suggestions"][0]["code"] == "25-4031.00"
    for path in ("progression", "ai-use", "ai-exposure"):
        assert client.get(f"/occupations/99-9999.00/{path}").status_code == 404


@pytest.mark.parametrize("query", ["progression", "ai-use", "ai-exposure"])
def test_occupation_queries_return_what_the_named_query_returns(
    client: httpx.Client, store: GraphStore, query: str
) -> None:
    for code in ("25-4031.00", "43-4121.00"):
        expected = run(store, query, occupation=code)
        response = client.get(f"/occupations/{code}/{query}", params={"limit": 10_000})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == len(expected)
        assert citations_in_order(body["rows"]) == citations_in_order(expected)
        assert body["occupation"]["code"] == code


def citations_in_order(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows with their ``citations`` sorted: SPARQL leaves the order GROUP_CONCAT joins in to the store."""
    return [
        {**row, "citations": " | ".join(sorted(str(row["citations"]).split(" | ")))}
        if row.get("citations")
        else row
        for row in rows
    ]


def test_ai_use_lists_every_item_of_the_framework_page(client: httpx.Client) -> None:
    body = client.get("/occupations/25-4031.00/ai-use").json()
    assert body["total"] == len(docs.ai_use_items())


def a_statement(store: GraphStore) -> str:
    rows = run(store, "ai-use", occupation="25-4031.00")
    return str(rows[0]["statement"])


def test_statement_shows_its_properties_and_a_trace_to_the_exact_passage(
    client: httpx.Client, store: GraphStore
) -> None:
    statement = a_statement(store)
    statement_id = iri.statement_id(ox.NamedNode(statement))
    response = client.get(f"/statements/{statement_id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["iri"] == statement
    assert f"{SS}AIUseStatement" in body["types"]
    trace = body["provenance"]
    document = SEED_DIR / trace["document"]["identifier"]
    text = document.read_text(encoding="utf-8")
    quote = trace["quote"]
    assert text[quote["start"] : quote["end"]] == quote["exact"]
    for value in body["properties"]["ss:text"]:
        assert value in text
    assert trace["citedSources"], "the framework's AI-use statements cite their sources"
    assert client.get(body["links"]["provenance"]).json() == trace


def test_provenance_by_iri(client: httpx.Client, store: GraphStore) -> None:
    statement = a_statement(store)
    trace = client.get("/provenance", params={"iri": statement})
    assert trace.status_code == 200
    expected = run(store, "provenance", statement=statement)
    assert trace.json()["document"]["sha256"] == expected[0]["sha256"]
    assert {c["title"] for c in trace.json()["citedSources"]} == {r["citedTitle"] for r in expected}
    assert (
        client.get("/provenance", params={"iri": iri.statement_from_id("nothing/here").value}).status_code
        == 404
    )
    assert client.get("/provenance", params={"iri": "not an iri"}).status_code == 400
    assert client.get("/statements/nothing/here").status_code == 404


def test_resources_answer_json_ld(client: httpx.Client, store: GraphStore) -> None:
    headers = {"Accept": "application/ld+json"}
    occupation = client.get("/occupations/25-4031.00", headers=headers)
    assert occupation.headers["content-type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=occupation.text, format="json-ld")
    node = rdflib.URIRef(iri.occupation("25-4031.00").value)
    assert (node, rdflib.URIRef(SKOS + "notation"), rdflib.Literal("25-4031.00")) in graph
    statement = a_statement(store)
    for response in (
        client.get("/provenance", params={"iri": statement}, headers=headers),
        client.get(f"/statements/{iri.statement_id(ox.NamedNode(statement))}", headers=headers),
    ):
        graph = rdflib.Graph().parse(data=response.text, format="json-ld")
        quotes = list(graph.objects(None, rdflib.URIRef("http://www.w3.org/ns/oa#exact")))
        assert len(quotes) == 1
        assert str(quotes[0]) == run(store, "provenance", statement=statement)[0]["exact"]


def test_named_queries_are_listed_and_run_as_json_or_csv(client: httpx.Client, store: GraphStore) -> None:
    listed = client.get("/queries").json()
    assert [q["name"] for q in listed] == [name for name in named.known_queries() if "/" not in name]
    summary = client.get("/queries/summary").json()
    assert summary["rows"] == run(store, "summary")
    as_csv = client.get("/queries/summary", headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(r["what"], int(r["count"])) for r in rows] == [(r["what"], r["count"]) for r in summary["rows"]]
    with_param = client.get("/queries/progression", params={"occupation": "25-4031", "format": "json"})
    assert with_param.json()["rows"] == run(store, "progression", occupation="25-4031.00")


def test_internal_and_check_queries_are_not_public(client: httpx.Client) -> None:
    """Regression: /queries served internal/all-quads (the whole store) and the audit checks."""
    for name in ("internal/all-quads", "internal/quad-count", "checks/passage-quote-violation"):
        response = client.get(f"/queries/{name}")
        assert response.status_code == 404, name
        assert "internal/all-quads" not in response.json()["known"]
    assert all("/" not in q["name"] for q in client.get("/queries").json())


def test_paging_does_not_defeat_the_result_cache(client: httpx.Client) -> None:
    """Regression: each offset/limit was a new cache key, so paging re-ran the query."""
    tasks = {"occupation": "25-4031.00", "limit": 5}
    first = client.get("/queries/occupation-tasks", params=tasks).json()
    _cache_misses(client)  # /health's own query is cached from here on
    hits_before = _cache_misses(client)
    for offset in (5, 10, 15, 20):
        page = client.get("/queries/occupation-tasks", params={**tasks, "offset": offset})
        assert page.status_code == 200
    assert _cache_misses(client) == hits_before
    assert first["total"] == page.json()["total"]


def _cache_misses(client: httpx.Client) -> int:
    return int(client.get("/health").json()["cache"]["misses"])


def test_named_query_errors(client: httpx.Client) -> None:
    unknown = client.get("/queries/progresion")
    assert unknown.status_code == 404 and "progression" in unknown.json()["known"]
    assert client.get("/queries/progression").status_code == 400  # missing parameter
    assert client.get("/queries/progression", params={"occupation": "librarian"}).status_code == 400
    assert client.get("/queries/summary", params={"occupation": "25-4031"}).status_code == 400


def test_health_and_stats(client: httpx.Client, store: GraphStore) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["holdsData"] is True
    stats = client.get("/stats").json()
    assert stats["counts"]["quads"] == sum(
        len(store.query(f"SELECT * WHERE {{ GRAPH <{g.value}> {{ ?s ?p ?o }} }}").rows)
        for g in store.named_graphs()
    )
    assert stats["counts"]["occupations"] == len(occupations(store))
    assert stats["counts"]["source documents"] == len(list(SEED_DIR.glob("*.txt")))


def test_openapi_docs_are_served(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/sparql",
        "/occupations",
        "/occupations/{code}",
        "/statements/{statement_id}",
        "/provenance",
    ):
        assert path in paths


def test_docs_page_loads_everything_from_this_server(client: httpx.Client) -> None:
    page = client.get("/docs").text
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    for url in urls:
        assert url.startswith("/"), f"/docs loads {url} from another host"
        assert client.get(url).status_code == 200, url


def test_stats_are_the_figures_the_build_stored(embedded_api: LiveApi, store: GraphStore) -> None:
    """/stats answers from what the build computed and stored with the store version (issue 17,
    item 5: the first /stats after start was a 503 after 10 s on the full store)."""
    version = StoreLocation(embedded_api.settings.store_path).current()
    stored = read_answer(version, "stats")
    assert stored is not None, "the build stores the figures of /stats"
    body = httpx.get(embedded_api.url + "/stats", timeout=30).json()
    assert body["built"]["store"] == version.name and body["built"]["built"]
    assert body["counts"] == {r["what"]: r["count"] for r in to_records(named.load("stats").run(store))}
    assert body["byClass"] == {r["what"]: r["count"] for r in to_records(named.load("summary").run(store))}
