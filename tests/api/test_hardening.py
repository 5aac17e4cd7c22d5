"""No request leaves the box through SPARQL; resources are bounded; the protocol as written.

Each test runs a real server on loopback over a real on-disk store, with a TCP listener on
another loopback port standing for any host a query might try to reach.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from skillscape.build import build
from skillscape.settings import Settings
from skillscape.store.location import StoreLocation
from skillscape.store.network_wall import forbid_network, network_is_walled
from skillscape.store.query_plan import QueryPlanner
from tests.api.conftest import api_settings
from tests.conftest import make_settings, seed_entries
from tests.servers import LiveApi, live_api


class Listener:
    """A loopback TCP port that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = int(self.server.getsockname()[1])
        self.connections = 0
        self.received: list[bytes] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(65536))
                    conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 6\r\n\r\nsecret")
                except OSError:
                    pass

    def close(self) -> None:
        self.server.close()
        self._thread.join(5)


@pytest.fixture
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


def spellings(port: int) -> list[str]:
    """SERVICE calls to the listener in spellings that hide them from a reading of the text:
    comments, strings, IRIs, escapes, case, prefixes, nesting and the known tokenizer escape."""
    endpoint = f"http://127.0.0.1:{port}/sparql"
    escaped = endpoint.replace("sparql", "\\u0073parql")
    cores = [
        f"SERVICE <{endpoint}> {{ ?a ?b ?c }}",
        f"service SILENT <{endpoint}> {{ ?a ?b ?c }}",
        f"SeRvIcE<{escaped}>{{?a ?b ?c}}",
        "SERVICE ex:sparql { ?a ?b ?c }",
        f"SERVICE #comment }}\n <{endpoint}> {{ ?a ?b ?c }}",
        f"{{ {{ {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }} }} }}",
        f"OPTIONAL {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}",
        f"FILTER EXISTS {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}",
        f"VALUES ?e {{ <{endpoint}> }} SERVICE ?e {{ ?a ?b ?c }}",
        f"BIND(<{endpoint}> AS ?e) SERVICE ?e {{ ?a ?b ?c }}",
    ]
    disguises = [
        "{core}",
        "BIND(1 AS ?o) FILTER(?o<?x#>'''\n) {core} }}\n#'''",  # the tokenizer escape of the report
        'BIND("SERVICE <urn:x> {{ }}" AS ?s) {core}',
        "# SERVICE <urn:nothing> {{ }}\n{core}",
        "BIND('''}}''' AS ?q) {core}",
    ]
    queries = []
    for core, disguise in itertools.product(cores, disguises):
        body = disguise.format(core=core)
        if body.endswith("#'''"):
            queries.append(f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE {{ {body}")
        else:
            queries.append(f"PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE {{ {body} }}")
    queries.append(f"ASK {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}")
    queries.append(f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}")
    queries.append(f"DESCRIBE ?a WHERE {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}")
    return queries


def test_no_spelling_of_service_reaches_the_listener(embedded_api: LiveApi, listener: Listener) -> None:
    refused = 0
    with httpx.Client(base_url=embedded_api.url, timeout=30) as http:
        for query in spellings(listener.port):
            for send in (
                lambda q: http.get("/sparql", params={"query": q}),
                lambda q: http.post("/sparql", data={"query": q}),
            ):
                response = send(query)
                assert response.status_code in (400, 403), (query, response.status_code, response.text)
                assert "secret" not in response.text
                refused += response.status_code == 403
    assert refused >= len(spellings(listener.port))  # the engine parses them all; SERVICE is refused
    assert listener.connections == 0, listener.received


def test_the_engine_plan_names_the_services_the_text_hides(tmp_path: Path) -> None:
    planner = QueryPlanner(tmp_path / "plans")
    exploit = (
        "SELECT * WHERE { BIND(1 AS ?o) FILTER(?o<?x#>'''\n) SERVICE <http://127.0.0.1:9/x> "
        "{ ?a ?b ?c } }\n#'''"
    )
    assert [call.endpoint for call in planner.plan(exploit).services] == ["http://127.0.0.1:9/x"]
    quiet = 'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/x> { }" } # SERVICE <urn:x> {}'
    assert planner.plan(quiet).services == ()
    variable = planner.plan("SELECT * WHERE { SERVICE SILENT ?e { ?a ?b ?c } }").services
    assert len(variable) == 1 and variable[0].endpoint is None and variable[0].silent


def test_a_walled_process_opens_no_network_socket(listener: Listener) -> None:
    code = (
        "import socket, sys\n"
        "from skillscape.store.network_wall import forbid_network, network_is_walled\n"
        "forbid_network()\n"
        "assert network_is_walled()\n"
        "try:\n"
        f"    socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)\n"
        "except PermissionError:\n"
        "    a, b = socket.socketpair()\n"  # unix sockets (the worker's pipe) still work
        "    sys.exit(0)\n"
        "sys.exit(3)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert listener.connections == 0
    assert not network_is_walled()  # this process is not walled
    assert callable(forbid_network)


@pytest.fixture
def allowing_api(seed_settings: Settings, listener: Listener) -> Iterator[LiveApi]:
    """A server that allow-lists the listener: the plan lets the query through, the wall stops it."""
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    with live_api(api_settings(seed_settings, query_workers=1, service_allow_list=[endpoint])) as live:
        yield live


def test_an_allow_listed_service_still_cannot_leave_the_worker(
    allowing_api: LiveApi, listener: Listener
) -> None:
    endpoint = f"http://127.0.0.1:{listener.port}/sparql"
    with httpx.Client(base_url=allowing_api.url, timeout=30) as http:
        failed = http.get(
            "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{endpoint}> {{ ?a ?b ?c }} }}"}
        )
        assert failed.status_code == 502, failed.text
        assert "SERVICE" in failed.json()["detail"]
        silent = http.get(
            "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?a ?b ?c }} }}"}
        )
        assert silent.status_code == 200
        other = http.get("/sparql", params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> {} }"})
        assert other.status_code == 403
    assert listener.connections == 0


def test_deep_nesting_and_long_queries_are_400_before_a_worker(client: httpx.Client) -> None:
    nested = "SELECT * WHERE " + "{" * 10_000 + "?s ?p ?o" + "}" * 10_000
    response = client.post("/sparql", content=nested, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400 and "deep" in response.json()["detail"]
    health = client.get("/health").json()
    assert health["status"] == "ok"
    assert all(pool["restarts"] == 0 or pool["workers"] > 0 for pool in health["pools"].values())


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity"])
@pytest.mark.parametrize("name", ["max_exposure", "min_wage_ratio", "min_exposure_drop"])
def test_numeric_parameters_refuse_nan_and_infinities(client: httpx.Client, name: str, value: str) -> None:
    response = client.get("/occupations/25-4031.00/pivots", params={name: value})
    assert response.status_code == 422, response.text
    assert name in response.text


def test_head_works_where_get_does_and_allow_names_every_method(client: httpx.Client) -> None:
    get = client.get("/sparql", params={"query": "ASK {}"})
    head = client.head("/sparql", params={"query": "ASK {}"})
    assert head.status_code == get.status_code == 200
    assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/health").status_code == 200
    refused = client.put("/sparql", content="ASK {}")
    assert refused.status_code == 405
    assert {m.strip() for m in refused.headers["allow"].split(",")} >= {"GET", "HEAD", "POST"}


@pytest.fixture(scope="module")
def small_memory_api(seed_settings: Settings) -> Iterator[LiveApi]:
    settings = api_settings(seed_settings, query_workers=1, query_memory_mib=300, query_timeout_seconds=30.0)
    with live_api(settings) as live:
        yield live


def test_a_memory_hungry_query_is_stopped_and_its_worker_replaced(small_memory_api: LiveApi) -> None:
    cartesian = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d ?f ?c"
    with httpx.Client(base_url=small_memory_api.url, timeout=60) as http:
        response = http.get("/sparql", params={"query": cartesian})
        assert response.status_code == 503, response.text[:300]
        assert "memory limit" in response.json()["detail"]
        health = _wait_for_workers(http)
        assert health["pools"]["sparql"]["overMemory"] == 1
        assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def _walled_descendants() -> list[int]:
    """The processes started (through the forkserver) by this test process that run walled off
    from the network: the query workers."""
    parents: dict[int, int] = {}
    walled: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0"))
        if int(fields.get("Seccomp_filters", "0").strip() or 0) > 0:
            walled.add(int(entry.name))

    def descends(pid: int) -> bool:
        for _ in range(10):
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
            if pid <= 1:
                return False
        return False

    return sorted(pid for pid in walled if descends(pid))


def _wait_for_workers(http: httpx.Client) -> dict[str, object]:
    for _ in range(400):
        health = http.get("/health").json()
        if health["status"] == "ok" and all(p["workers"] == p["idle"] for p in health["pools"].values()):
            return dict(health)
        threading.Event().wait(0.05)
    raise AssertionError(f"the pools did not recover: {health}")


def test_a_killed_worker_is_replaced_and_health_tells(small_memory_api: LiveApi) -> None:
    with httpx.Client(base_url=small_memory_api.url, timeout=60) as http:
        _wait_for_workers(http)
        walled = _walled_descendants()
        assert walled, "the query workers run walled off from the network"
        for pid in walled:
            os.kill(pid, signal.SIGKILL)
        answers = [http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code for _ in range(3)]
        assert answers[-1] == 200, answers
        health = _wait_for_workers(http)
        assert health["version"]


def test_a_server_keeps_answering_through_builds_and_serves_each_new_version(
    tmp_path: Path, build_seeds: Callable[[Settings], object]
) -> None:
    settings = make_settings(tmp_path)
    build_seeds(settings)
    location = StoreLocation(settings.store_path)
    first = location.current_version_id()
    served = api_settings(settings, query_workers=1, version_check_seconds=0.1)
    with live_api(served) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        assert http.get("/health").json()["version"] == first
        answers: list[int] = []
        stop = threading.Event()

        def ask() -> None:
            while not stop.is_set():
                answers.append(http.get("/occupations/25-4031.00/progression").status_code)
                answers.append(http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code)

        asker = threading.Thread(target=ask, daemon=True)
        asker.start()
        try:
            for _ in range(2):  # two builds while it serves: the second prunes what nobody reads
                build(settings, entries=seed_entries(), full=True)
                published = location.current_version_id()
                assert published != first
                health = _wait_for(
                    http, lambda h, version=published: h["version"] == version and h["status"] == "ok"
                )
                assert health["pools"]["sparql"]["workers"] == 1
        finally:
            stop.set()
            asker.join(60)
        assert answers and set(answers) == {200}, sorted(set(answers))
        versions = sorted(p.name for p in location.versions.iterdir() if not p.name.startswith("."))
        assert published in versions
        assert first not in versions  # nobody reads it any more: the second build removed it
        # a worker replaced after the switch opens the version served, never a removed one
        restarts = http.get("/health").json()["pools"]["sparql"]["restarts"]
        for pid in _walled_descendants():
            os.kill(pid, signal.SIGKILL)
        health = _wait_for(
            http,
            lambda h: (
                h["status"] == "ok"
                and h["pools"]["sparql"]["restarts"] > restarts
                and h["pools"]["sparql"]["idle"] == 1
            ),
        )
        assert health["version"] == published
        assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def _wait_for(http: httpx.Client, condition: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    health: dict[str, Any] = {}
    for _ in range(600):
        health = http.get("/health").json()
        if condition(health):
            return health
        threading.Event().wait(0.05)
    raise AssertionError(f"not reached: {health}")
