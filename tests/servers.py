"""Real servers on loopback for tests: the API under uvicorn, and Oxigraph's SPARQL server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from skillscape.api.app import create_app
from skillscape.settings import Settings
from skillscape.store.remote import push_store

OXIGRAPH = Path(sys.executable).with_name("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveApi:
    url: str
    settings: Settings
    server: uvicorn.Server


@contextmanager
def live_api(settings: Settings, **create: bool) -> Iterator[LiveApi]:
    """``create_app(settings)`` served by uvicorn on a loopback port, in a background thread."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings, **create), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API did not start")
        time.sleep(0.02)
    try:
        yield LiveApi(f"http://127.0.0.1:{port}", settings, server)
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()


@dataclass
class OxigraphServer:
    url: str
    location: Path | None

    @property
    def query(self) -> str:
        return self.url + "/query"

    @property
    def store(self) -> str:
        return self.url + "/store"

    def settings(self, base: Settings) -> Settings:
        return base.model_copy(update={"sparql_endpoint": self.query, "graph_store_endpoint": self.store})


@contextmanager
def oxigraph_server(location: Path | None = None) -> Iterator[OxigraphServer]:
    """Oxigraph's own server, on disk or in memory (no union default graph: clients name the dataset)."""
    port = free_port()
    where = ["--location", str(location)] if location is not None else []
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", *where, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph did not start: {process.stderr.read()!r}") from None
                time.sleep(0.05)
        yield OxigraphServer(url, location)
    finally:
        process.terminate()
        process.wait(10)
        if location is not None:
            shutil.rmtree(location, ignore_errors=True)


def remote_copy(server: OxigraphServer, settings: Settings) -> Settings:
    """Push the store ``settings`` names to ``server``; settings that use it as a remote store."""
    push_store(settings.store_path, server.store, query_endpoint=server.query)
    return server.settings(settings)


__all__ = ["LiveApi", "OxigraphServer", "free_port", "live_api", "oxigraph_server", "remote_copy"]
