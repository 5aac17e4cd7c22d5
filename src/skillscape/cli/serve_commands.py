"""`skillscape serve`: the API and the SPARQL endpoint over HTTP (uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from skillscape.cli.common import console, handled_errors, settings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    host: Annotated[
        str | None, typer.Option("--host", help="Interface to listen on (default 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8000).")] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
) -> None:
    """Serve the REST API, /sparql and the OpenAPI docs (/docs)."""
    from skillscape.api.pool import start_forkserver

    start_forkserver()  # boots alongside the imports below
    import uvicorn

    from skillscape.app import create_app

    config = settings()
    bind_host = host or config.host
    bind_port = port if port is not None else config.port
    with handled_errors():
        app = create_app(config)
        console.print(
            f"skillscape on http://{bind_host}:{bind_port}/ (explorer: /, API docs: /docs, SPARQL: /sparql)"
        )
        uvicorn.run(app, host=bind_host, port=bind_port, access_log=access_log, log_level="info")
