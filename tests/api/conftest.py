"""The API under test: uvicorn on a loopback port over the seed graph, embedded and remote."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from skillscape.settings import Settings
from skillscape.store.base import GraphStore
from skillscape.store.factory import open_store
from tests.servers import (
    LiveApi,
    OxigraphServer,
    live_api,
    mark_virtuoso_known_failures,
    oxigraph_server,
    remote_copy,
    require_virtuoso,
    virtuoso_server,
)


def api_settings(base: Settings, **changes: object) -> Settings:
    return base.model_copy(update={"query_workers": 2, "query_queue": 16, **changes})


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with oxigraph_server(Path(tmp_path_factory.mktemp("oxigraph-api"))) as server:
        yield server


@pytest.fixture(scope="session")
def remote_seed_settings(seed_settings: Settings, sparql_server: OxigraphServer) -> Settings:
    """The seed graph copied to a real SPARQL server; settings that use it as the store."""
    return remote_copy(sparql_server, seed_settings)


@pytest.fixture(scope="session")
def virtuoso_seed_settings(
    seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """The seed graph copied to Virtuoso Open Source 7; settings that use it as the store."""
    require_virtuoso()
    with virtuoso_server(Path(tmp_path_factory.mktemp("virtuoso-api"))) as server:
        yield remote_copy(server, seed_settings)


@pytest.fixture(scope="session", params=["embedded", "remote", "virtuoso"])
def api(request: pytest.FixtureRequest, seed_settings: Settings) -> Iterator[LiveApi]:
    """The whole API over the seed graph: on the embedded store, on Oxigraph's server and on Virtuoso."""
    remote = {"remote": "remote_seed_settings", "virtuoso": "virtuoso_seed_settings"}
    base = seed_settings if request.param == "embedded" else request.getfixturevalue(remote[request.param])
    with live_api(api_settings(base)) as live:
        yield live


@pytest.fixture(scope="session")
def embedded_api(seed_settings: Settings) -> Iterator[LiveApi]:
    with live_api(api_settings(seed_settings)) as live:
        yield live


@pytest.fixture
def client(api: LiveApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api.url, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def store(seed_settings: Settings) -> Iterator[GraphStore]:
    """The seed store, read directly (what the API answers is checked against it)."""
    with open_store(seed_settings) as handle:
        yield handle


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_virtuoso_known_failures(items)
