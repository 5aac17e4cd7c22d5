"""`skillscape framework CODE --format case|ctdl-asn|ttl`: an occupation's competency framework."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skillscape.cli.common import handled_errors, settings
from skillscape.export import FORMATS, Framework, collect, render
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.store.base import GraphStore
from skillscape.store.factory import open_store


def register(app: typer.Typer) -> None:
    app.command("framework")(framework_command)


def framework_command(
    code: Annotated[str, typer.Argument(help="An O*NET-SOC code (15-1252.00) or a SOC code (15-1252).")],
    format: Annotated[str, typer.Option("--format", "-f", help="case, ctdl-asn or ttl.")] = "case",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default: standard output).")
    ] = None,
) -> None:
    """Export the occupation's competency framework (CASE 1.0 package, CTDL-ASN JSON-LD or Turtle)."""
    if format not in FORMATS:
        raise typer.BadParameter(f"{format!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    with handled_errors():
        with open_store(settings()) as store:
            framework = _collect(code, store)
        text = render(framework, format)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _collect(code: str, store: GraphStore) -> Framework:
    with handled_errors():
        return collect(code, lambda name, params: to_records(named.load(name).run(store, params)))
