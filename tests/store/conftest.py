"""Every store implementation, empty, for the compliance suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skillscape.store.base import GraphStore
from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore
from skillscape.store.remote import RemoteStore
from tests.servers import OxigraphServer, oxigraph_server


@pytest.fixture
def sparql_server() -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server (in memory) for one test."""
    with oxigraph_server() as server:
        yield server


@pytest.fixture(params=["oxigraph", "memory", "remote"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each implementation: Oxigraph on disk, rdflib in memory, a SPARQL server."""
    if request.param == "oxigraph":
        store: GraphStore = OxigraphStore(tmp_path / "store")
    elif request.param == "memory":
        store = MemoryStore()
    else:
        server: OxigraphServer = request.getfixturevalue("sparql_server")
        store = RemoteStore(server.query, graph_store_endpoint=server.store)
    try:
        yield store
    finally:
        store.close()
