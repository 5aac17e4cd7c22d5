"""One error model: every failure a person or client acts on is a SkillscapeError; its kind alone
decides the HTTP status and the CLI exit status, and it crosses process boundaries whole."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from skillscape import errors
from skillscape.api.app import lifespan_for
from skillscape.api.errors import STATUS, status_of
from skillscape.api.routers import sparql
from skillscape.build.adapters import adapter_for, known_kinds
from skillscape.cli import app as cli
from skillscape.query.occupations import Occupation, UnknownOccupation
from skillscape.settings import Settings
from tests.servers import LiveApi, live_api

KINDS = [
    (errors.NotFound("no such thing", suggestions=[{"code": "1", "title": "t"}], known=["a"]), 404),
    (errors.BadInput("bad", parameter="k", expected="an integer"), 400),
    (errors.NotAcceptable("no format"), 406),
    (errors.Refused("not here"), 403),
    (errors.TooLarge("too big"), 413),
    (errors.LimitExceeded("slow", retry_after=3), 503),
    (errors.Unavailable("down", retry_after=1), 503),
    (errors.UpstreamFailed("upstream"), 502),
    (errors.SourceError("data/x.csv", 12, "a bad row", "code"), 422),
]


@pytest.mark.parametrize(("error", "status"), KINDS, ids=[type(e).__name__ for e, _ in KINDS])
def test_each_kind_has_one_status_and_survives_pickling(error: errors.SkillscapeError, status: int) -> None:
    assert status_of(error) == status
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error) and again.details() == error.details()
    assert vars(again) == vars(error)


def test_every_kind_in_the_status_table_is_a_skillscape_error() -> None:
    assert all(issubclass(kind, errors.SkillscapeError) for kind in STATUS)
    assert {type(e) for e, _ in KINDS} >= set(STATUS)


def test_an_unknown_occupation_is_a_not_found_with_closest_matches_that_pickles() -> None:
    near = Occupation("25-4031.00", "Library Technicians", ("Library Assistant",))
    error = UnknownOccupation("25-4031.99", [near], parameter="occupation")
    assert status_of(error) == 404
    assert error.suggestions == [
        {"code": "25-4031.00", "title": "Library Technicians", "alternateTitles": ["Library Assistant"]}
    ]
    again = pickle.loads(pickle.dumps(error))
    assert again.suggestions == error.suggestions and again.code == "25-4031.99" and str(again) == str(error)


def test_the_cli_turns_any_skillscape_error_into_one_line_and_exit_2(seed_settings: Settings) -> None:
    env = {"SKILLSCAPE_STORE": str(seed_settings.store_path)}
    runner = CliRunner()
    unknown_query = runner.invoke(cli, ["query", "no-such-query"], env=env)
    assert unknown_query.exit_code == 2, unknown_query.output
    assert "no named query 'no-such-query'" in unknown_query.output
    bad_code = runner.invoke(cli, ["query", "progression", "--param", "occupation=99-9999.00"], env=env)
    assert bad_code.exit_code == 2 and "no occupation '99-9999.00'" in bad_code.output
    assert "Traceback" not in unknown_query.output + bad_code.output


ELSEWHERE = "http://127.0.0.1:9/sparql"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def sparql_alone(seed_settings: Settings) -> Iterator[LiveApi]:
    """The SPARQL router in an app of its own (no error handlers of the full app)."""
    settings = seed_settings.model_copy(
        update={"query_workers": 1, "query_queue": 4, "query_timeout_seconds": 10.0, "max_body_bytes": 4096}
    )
    app = FastAPI(lifespan=lifespan_for(settings))
    app.include_router(sparql.router)
    with live_api(settings, app) as live:
        # the first query starts the worker and the engine's planner: not part of what is tested
        for _ in range(3):
            warm = httpx.get(live.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=120)
            if warm.status_code == 200:
                break
        assert warm.status_code == 200, warm.text
        yield live


@pytest.mark.parametrize(
    ("request_args", "status", "words"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p "}}, 400, ""),
        (
            {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}},
            403,
            "SERVICE",
        ),
        ({"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "update"),
        (
            {"params": {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}},
            503,
            "time limit",
        ),
    ],
    ids=["malformed", "service", "update", "over-time"],
)
def test_the_sparql_router_mounted_alone_answers_its_errors(
    sparql_alone: LiveApi, request_args: dict[str, dict[str, str]], status: int, words: str
) -> None:
    response = httpx.get(sparql_alone.url + "/sparql", timeout=60, **request_args)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


def test_the_sparql_router_mounted_alone_refuses_a_body_over_the_limit(sparql_alone: LiveApi) -> None:
    query = "ASK { ?s ?p ?o }" + " " * 5000
    response = httpx.post(
        sparql_alone.url + "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert response.status_code == 413, response.text
    small = httpx.post(
        sparql_alone.url + "/sparql",
        content=b"ASK { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert small.status_code == 200 and small.json()["boolean"] is True


def test_an_unknown_source_kind_is_a_not_found_with_the_known_kinds() -> None:
    with pytest.raises(errors.NotFound) as caught:
        adapter_for("no-such-kind")
    assert "no-such-kind" in str(caught.value) and caught.value.known == known_kinds()
    assert "onet-release" in caught.value.known
