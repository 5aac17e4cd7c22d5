"""The remote store against a real SPARQL server: publishing a build, credentials, the CLI's --target."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
import yaml

from skillscape.model import iri
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from skillscape.store.location import StoreLocation
from skillscape.store.remote import RemoteStore, push_store
from tests.conftest import seed_entries
from tests.servers import OxigraphServer

SCRIPT = Path(sys.executable).with_name("skillscape")
OTHER = ox.NamedNode("http://example.org/not-ours")
STALE = iri.source_graph("a-source-no-longer-built")


def graph_sizes(store: RemoteStore | object) -> dict[str, int]:
    sizes = {}
    for graph in store.named_graphs():  # type: ignore[attr-defined]
        result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}")  # type: ignore[attr-defined]
        sizes[graph.value] = int(result.rows[0][0].value)
    return sizes


def test_push_store_copies_every_graph_and_is_idempotent(
    seed_settings: Settings, sparql_server: OxigraphServer
) -> None:
    remote = RemoteStore(sparql_server.query, graph_store_endpoint=sparql_server.store)
    remote.load(
        [ox.Quad(OTHER, OTHER, ox.Literal("kept"), OTHER), ox.Quad(STALE, STALE, ox.Literal("gone"), STALE)]
    )
    with open_store(seed_settings) as local:
        expected = graph_sizes(local)
    for _ in range(2):
        pushed = push_store(seed_settings.store_path, sparql_server.store, query_endpoint=sparql_server.query)
        assert {p.graph.value: p.triples for p in pushed} == expected
        sizes = graph_sizes(remote)
        assert sizes == {**expected, OTHER.value: 1}  # the stale source graph is gone, others are kept
    assert remote.quad_count() == sum(expected.values()) + 1


def test_build_target_loads_the_built_graph(
    seed_settings: Settings, sparql_server: OxigraphServer, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(StoreLocation(seed_settings.store_path).current(), store)  # type: ignore[arg-type]
    manifest = tmp_path / "sources.yaml"
    entries = [
        {k: v for k, v in vars(e).items() if v not in ("", None, {})} | {"path": str(e.path)}
        for e in seed_entries()
    ]
    manifest.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")
    env = {
        **os.environ,
        "SKILLSCAPE_STORE": str(store),
        "SKILLSCAPE_SOURCES_MANIFEST": str(manifest),
        "SKILLSCAPE_SPARQL_ENDPOINT": sparql_server.query,
        "SKILLSCAPE_GRAPH_STORE_ENDPOINT": sparql_server.store,
        "COLUMNS": "200",
    }
    result = subprocess.run(
        [str(SCRIPT), "build", "--target", sparql_server.store],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"into {sparql_server.store}" in result.stdout
    with open_store(seed_settings) as local:
        expected = graph_sizes(local)
    assert graph_sizes(RemoteStore(sparql_server.query)) == expected


class _Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Recorder.seen.append(dict(self.headers))
        body = json.dumps({"head": {}, "boolean": True}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


def test_credentials_from_settings_are_sent_as_basic_auth(recorder: str) -> None:
    settings = Settings(sparql_endpoint=recorder, sparql_user="reader", sparql_password="s3cret")
    with open_store(settings) as store:
        assert isinstance(store, RemoteStore) and not store.writable
        assert store.query("ASK {}", graphs=[], named_graphs=[]).boolean is True
    expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()
    assert _Recorder.seen[-1]["Authorization"] == expected


def test_a_store_without_a_graph_store_endpoint_cannot_be_written(sparql_server: OxigraphServer) -> None:
    store = RemoteStore(sparql_server.query)
    with pytest.raises(Exception, match="Graph Store Protocol"):
        store.load([ox.Quad(OTHER, OTHER, OTHER, OTHER)])
