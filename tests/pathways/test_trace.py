"""Every statement a named query returns can be traced (issue 17, item 3): read ones to their
passage — a row with the row's content, read back from the verified source file — and derived
ones (the similarities ``adjacent`` returns) to the algorithm, its version, parameters and inputs.
On the small pathway store (real O*NET 30.1 rows of ten occupations, the seeds, the similarity)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from skillscape.query import named
from skillscape.query.results import to_records
from tests.onet_fixtures import read_text
from tests.pathways.conftest import SmallStore
from tests.servers import live_api
from tests.test_cli import cli

CODE = "25-4031.00"


@pytest.fixture(scope="module")
def http(small: SmallStore) -> Iterator[httpx.Client]:
    settings = small.settings.model_copy(update={"query_workers": 1, "query_queue": 64})
    with live_api(settings) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


def statements_of_every_named_query(small: SmallStore) -> dict[str, list[str]]:
    """Per named query with an occupation parameter and a ``statement`` column: the IRIs it returns."""
    found: dict[str, list[str]] = {}
    with small.open() as store:
        for name in named.known_queries():
            query = named.load(name)
            kinds = {p.name: p.type for p in query.parameters}
            if "statement" not in query.columns or "occupation" not in kinds:
                continue
            if any(p.required and p.name != "occupation" for p in query.parameters):
                continue
            rows = to_records(query.run(store, {"occupation": CODE}))
            found[name] = sorted({str(r["statement"]) for r in rows if r.get("statement")})
    return found


def test_every_statement_any_named_query_returns_has_a_trace(small: SmallStore, http: httpx.Client) -> None:
    found = statements_of_every_named_query(small)
    assert {"adjacent", "occupation-tasks", "occupation-skills", "ai-exposure", "progression"} <= set(found)
    for name, statements in found.items():
        assert statements, name
        for statement in statements[:: max(1, len(statements) // 15)]:  # a spread of each query's rows
            response = http.get("/provenance", params={"iri": statement})
            assert response.status_code == 200, (name, statement, response.text)
            trace = response.json()
            assert trace["quote"] or trace["row"] or trace["derivation"], (name, statement)


def test_a_similarity_traces_to_its_derivation(small: SmallStore, http: httpx.Client) -> None:
    rows = json.loads(
        cli(small.settings, "query", "adjacent", "-p", f"occupation={CODE}", "-f", "json").stdout
    )
    statement = rows[0]["statement"]
    with small.open() as store:
        run = to_records(named.load("pathways/similarity-provenance").run(store))[0]
    trace = http.get("/provenance", params={"iri": statement}).json()
    derivation = trace["derivation"]
    assert trace["document"] is None and trace["quote"] is None
    assert (derivation["algorithm"], derivation["version"]) == (run["name"], run["version"])
    assert derivation["parameters"] == json.loads(run["parameters"])
    assert [u["graph"] for u in derivation["used"]] == [run["used"]]
    assert derivation["occupation"]["code"] == CODE and derivation["target"]["code"] == rows[0]["code"]
    assert derivation["score"] == pytest.approx(rows[0]["score"], abs=1e-6)
    shown = cli(small.settings, "trace", statement, check=True).stdout  # was "no statement"
    assert f"algorithm: {run['name']} {run['version']}" in shown
    assert run["used"] in shown and CODE in shown and rows[0]["code"] in shown


def test_a_row_passage_shows_the_row_s_content(small: SmallStore, http: httpx.Client) -> None:
    rows = json.loads(
        cli(small.settings, "query", "occupation-tasks", "-p", f"occupation={CODE}", "-f", "json").stdout
    )
    task = next(r for r in rows if r["document"] == "Task Statements.txt")
    trace = http.get("/provenance", params={"iri": task["statement"]}).json()
    number = int(trace["row"].removeprefix("row="))
    # the file the store was built from (the release cut down to ten occupations), read with str.split
    folder = next(e.path for e in small.entries if e.kind == "onet-release")
    path = next(p for p in folder.iterdir() if p.name.startswith("Task Statements.txt"))
    lines = read_text(path).split("\r\n")
    header, line = lines[0].split("\t"), lines[number - 1].split("\t")  # row 1 is the header
    assert trace["rowContent"] == dict(zip(header, line, strict=True))
    assert trace["rowContent"]["Task"] == task["text"]
    shown = cli(small.settings, "trace", task["statement"], check=True).stdout
    assert f"row selector: row={number}" in shown
    assert "O*NET-SOC Code" in shown and task["text"][:40] in shown
