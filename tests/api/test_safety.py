"""Safe by default: updates, SERVICE, oversized bodies, runaway queries, a full queue, the row cap."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from skillscape.settings import Settings
from skillscape.store.base import GraphStore
from tests.api.conftest import api_settings
from tests.servers import LiveApi, live_api

UPDATES = [
    "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "DROP GRAPH <urn:x:g>",
    "CREATE GRAPH <urn:x:new>",
    "ADD DEFAULT TO <urn:x:g>",
    "MOVE <urn:x:a> TO <urn:x:b>",
    "COPY <urn:x:a> TO <urn:x:b>",
    "PREFIX ex: <urn:x:>\ninsert data { ex:a ex:b ex:c }",
]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def quad_count(client: httpx.Client) -> int:
    response = client.get("/sparql", params={"query": COUNT})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_updates_are_refused_however_they_are_sent(client: httpx.Client) -> None:
    before = quad_count(client)
    for update in UPDATES:
        attempts = [
            client.get("/sparql", params={"query": update}),
            client.post("/sparql", data={"query": update}),
            client.post("/sparql", data={"update": update}),
            client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
            client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        ]
        assert [r.status_code for r in attempts] == [403] * len(attempts), (
            update,
            [r.text for r in attempts],
        )
    assert quad_count(client) == before


class Listener:
    """A loopback TCP port that records the first bytes of every connection made to it, one
    connection after another in the order they arrive (a SERVICE target must never be reached)."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = int(self.server.getsockname()[1])
        self.received: list[bytes] = []
        self._marked = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return  # closed
            with conn:
                conn.settimeout(PATIENCE)
                try:
                    data = conn.recv(1024)
                except OSError:
                    data = b"(no bytes)"
                self.received.append(data)
                if data == MARK:
                    self._marked.set()

    def received_before_mark(self) -> list[bytes]:
        """Connect once more and wait until that connection is recorded: every connection made
        before it has been recorded too (they are accepted in order); what they sent."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=PATIENCE) as conn:
            conn.sendall(MARK)
            if not self._marked.wait(PATIENCE):
                pytest.fail(f"the listener did not record its own mark within {PATIENCE:g} s")
        return self.received[: self.received.index(MARK)]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.server.close()
        self._thread.join(PATIENCE)


#: what the test itself sends the listener, after everything the server was asked to do
MARK = b"mark: the end of the test's requests"
#: upper bound on any wait (a guard against hanging, never the thing a test measures)
PATIENCE = 60.0


@pytest.fixture
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


def service_queries(port: int) -> list[str]:
    endpoint = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service<{endpoint}>{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{endpoint}>{{ ?s ?p ?o }} }}",
        f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:sparql {{ ?s ?p ?o }} }}",
        f"PREFIX e: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{endpoint}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{endpoint}> {{ ?s ?p ?o }} }}",
    ]


def test_service_is_refused_and_never_reached(client: httpx.Client, listener: Listener) -> None:
    for query in service_queries(listener.port):
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 403, (query, response.text)
        assert "SERVICE" in response.json()["detail"]
    assert listener.received_before_mark() == []


def test_service_in_strings_iris_and_names_is_not_a_service_call(client: httpx.Client) -> None:
    query = (
        'SELECT ?service WHERE { ?service ?p ?o FILTER(?o = "SERVICE <http://127.0.0.1:9/> { }") '
        "FILTER(?p != <urn:x:SERVICE>) } # SERVICE <http://127.0.0.1:9/> { }"
    )
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text


def test_bodies_over_the_limit_are_413(client: httpx.Client, api: LiveApi) -> None:
    limit = api.settings.max_body_bytes
    padding = "#" + "x" * limit + "\n"
    over = client.post(
        "/sparql", content=padding + "ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert over.status_code == 413
    form = client.post("/sparql", data={"query": padding + "ASK {}"})
    assert form.status_code == 413
    too_long = client.post(
        "/sparql",
        content="#" + "x" * (limit // 2) + "\nASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert too_long.status_code == 400 and "characters" in too_long.json()["detail"]
    within = client.post(
        "/sparql",
        content="#" + "x" * (api.settings.max_query_chars - 100) + "\nASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert within.status_code == 200


def test_chunked_bodies_over_the_limit_are_413(api: LiveApi) -> None:
    limit = api.settings.max_body_bytes

    def chunks() -> Iterator[bytes]:
        yield b"#"
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536

    with httpx.Client(base_url=api.url) as http:
        response = http.post(
            "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
        )
    assert response.status_code == 413


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def sparql_pool(http: httpx.Client) -> dict[str, int]:
    return dict(http.get("/health").json()["pools"]["sparql"])


def wait_until(condition: Callable[[], bool], what: Callable[[], str]) -> None:
    """Poll ``condition`` until it holds; fail after :data:`PATIENCE` (a guard against hanging,
    not a measure of time)."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not reached within {PATIENCE:g} s: {what()}")
        time.sleep(0.05)


def wait_until_idle(http: httpx.Client) -> None:
    """Wait for every worker of every pool to be back and idle (after kills and replacements)."""
    pools: dict[str, Any] = {}

    def idle() -> bool:
        nonlocal pools
        pools = http.get("/health").json()["pools"]
        return all(p["idle"] == p["workers"] == 1 for p in pools.values())

    wait_until(idle, lambda: f"every pool back to one idle worker (last seen: {pools})")


@pytest.fixture(scope="module")
def strict_api(seed_settings: Settings) -> Iterator[LiveApi]:
    """A server with a one-second time limit, a small row cap and one worker per pool."""
    settings = api_settings(
        seed_settings,
        query_timeout_seconds=1.0,
        query_row_limit=25,
        query_workers=1,
        query_queue=1,
        cors_origins=["https://allowed.example"],
    )
    with live_api(settings) as live:
        yield live


def test_a_runaway_query_is_stopped_at_its_time_limit_while_lookups_go_on(strict_api: LiveApi) -> None:
    with httpx.Client(base_url=strict_api.url, timeout=PATIENCE) as http, ThreadPoolExecutor(1) as pool:
        wait_until_idle(http)
        timeouts = sparql_pool(http)["timeouts"]
        heavy = pool.submit(http.get, "/sparql", params={"query": HEAVY})
        wait_until(
            lambda: heavy.done() or sparql_pool(http)["idle"] == 0, lambda: "the runaway query in the worker"
        )
        lookups = []  # (status, whether the runaway query was still unanswered when the lookup was)
        while not heavy.done():
            response = http.get("/occupations/25-4031.00")
            lookups.append((response.status_code, not heavy.done()))
        try:
            stopped = heavy.result()
        except httpx.TimeoutException:
            pytest.fail(f"the runaway query was not stopped within {PATIENCE:g} s (its limit is 1 s)")
        assert stopped.status_code == 503, stopped.text
        assert "time limit of 1 s" in stopped.json()["detail"]
        assert lookups and all(code == 200 for code, _ in lookups), lookups
        assert any(running for _, running in lookups), "no lookup was answered while the runaway query ran"
        assert sparql_pool(http)["timeouts"] == timeouts + 1
        wait_until_idle(http)  # the killed worker is replaced
        again = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert again.status_code == 200 and again.json()["boolean"] is True


def test_a_full_queue_is_refused_with_retry_after(strict_api: LiveApi) -> None:
    with httpx.Client(base_url=strict_api.url) as http:
        wait_until_idle(http)
    with ThreadPoolExecutor(4) as pool:
        responses = list(
            pool.map(
                lambda _: httpx.get(strict_api.url + "/sparql", params={"query": HEAVY}, timeout=30), range(4)
            )
        )
    codes = sorted(r.status_code for r in responses)
    assert codes == [503] * 4
    busy = [r for r in responses if "retry-after" in r.headers]
    assert busy, "one worker and one queue place: at least two of four requests find no room"
    assert all(int(r.headers["retry-after"]) >= 1 for r in busy)


def test_results_stop_at_the_row_limit_with_a_next_page(strict_api: LiveApi, store: GraphStore) -> None:
    query = "SELECT ?s ?t WHERE { ?s a <https://w3id.org/skillscape/ontology#Task> ; ?p ?t } ORDER BY ?s ?p"
    total = len(store.query(query).rows)
    assert total > 25
    with httpx.Client(base_url=strict_api.url, timeout=30) as http:
        wait_until_idle(http)
        first = http.get("/sparql", params={"query": query})
        bigger = http.get("/sparql", params={"query": query, "limit": 1000})
    for response in (first, bigger):
        assert response.status_code == 200, response.text
        assert len(response.json()["results"]["bindings"]) == 25
        assert response.headers["x-next-offset"] == "25"
        assert 'rel="next"' in response.headers["link"]


def test_cors_answers_only_the_configured_origins(strict_api: LiveApi, embedded_api: LiveApi) -> None:
    ask = {"query": "ASK {}"}
    allowed = httpx.get(strict_api.url + "/sparql", params=ask, headers={"Origin": "https://allowed.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://allowed.example"
    preflight = httpx.options(
        strict_api.url + "/sparql",
        headers={"Origin": "https://allowed.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 200
    other = httpx.get(strict_api.url + "/sparql", params=ask, headers={"Origin": "https://other.example"})
    assert "access-control-allow-origin" not in other.headers
    default = httpx.get(
        embedded_api.url + "/sparql", params=ask, headers={"Origin": "https://allowed.example"}
    )
    assert "access-control-allow-origin" not in default.headers  # no origins configured: no CORS
