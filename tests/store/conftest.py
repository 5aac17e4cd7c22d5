"""Every store implementation, empty, for the compliance suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from skillscape.settings import Settings
from skillscape.store.base import GraphStore
from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore
from skillscape.store.remote import RemoteStore
from tests.servers import (
    OxigraphServer,
    VirtuosoServer,
    mark_virtuoso_known_failures,
    oxigraph_server,
    require_virtuoso,
    virtuoso_server,
)


@pytest.fixture
def sparql_server() -> Iterator[OxigraphServer]:
    """A fresh Oxigraph server (in memory) for one test."""
    with oxigraph_server() as server:
        yield server


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the session (it starts in seconds, not milliseconds); each test empties it."""
    require_virtuoso()
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(params=["oxigraph", "oxigraph-memory", "memory", "remote", "virtuoso"])
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each implementation: Oxigraph on disk and in memory, rdflib in memory, a
    SPARQL server (Oxigraph's), and Virtuoso Open Source 7 as a second SPARQL engine."""
    if request.param == "oxigraph":
        store: GraphStore = OxigraphStore(tmp_path / "store")
    elif request.param == "oxigraph-memory":
        store = OxigraphStore()
    elif request.param == "memory":
        store = MemoryStore()
    elif request.param == "virtuoso":
        server = request.getfixturevalue("virtuoso")
        store = RemoteStore.from_settings(server.settings(Settings()))
        for graph in store.named_graphs():  # what an earlier test left
            store.drop_graph(graph)
    else:
        server: OxigraphServer = request.getfixturevalue("sparql_server")
        store = RemoteStore(server.query, graph_store_endpoint=server.store)
    try:
        yield store
    finally:
        store.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_virtuoso_known_failures(items)
