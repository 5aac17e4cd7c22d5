"""`skillscape query`, `export` and `trace`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from skillscape.cli.common import OutputFormat, console, errors, handled_errors, print_records, settings
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.store.base import EXPORT_FORMATS, GraphStore
from skillscape.store.factory import open_store


def register(app: typer.Typer) -> None:
    app.command("query")(query_command)
    app.command("queries")(list_queries_command)
    app.command("export")(export_command)
    app.command("trace")(trace_command)


def parse_params(values: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"expected key=value, got {value!r}", param_hint="--param")
        params[key.strip()] = rest
    return params


def query_command(
    name_or_file: Annotated[str, typer.Argument(help="A named query (queries/NAME.rq) or a .rq file.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Run a named query (or a SPARQL file) with parameters bound by the engine."""
    params = parse_params(param or [])
    with handled_errors():
        path = Path(name_or_file)
        query = named.load_file(path) if path.suffix == ".rq" and path.is_file() else named.load(name_or_file)
        with open_store(settings()) as store:
            result = query.run(store, params)
            reason = (
                _empty_progression(store, params) if query.name == "progression" and not result.rows else None
            )
    if reason:
        errors.print(reason, highlight=False)  # stdout keeps the (empty) answer in its format
    if result.kind == "ask":
        typer.echo("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        for triple in result.triples:
            typer.echo(f"{triple} .")
        return
    print_records(to_records(result), result.variables, format, title=query.name)


def _empty_progression(store: GraphStore, params: dict[str, str]) -> str:
    """Why ``progression`` is empty; an unknown occupation is an error with the closest ones
    (as ``adjacent`` answers it)."""
    from skillscape.cli.pathway_commands import pathway_errors
    from skillscape.pathways.service import OccupationUnknown, suggest
    from skillscape.query.progression import coverage, empty_reason

    code = params.get("occupation", "")
    found = coverage(store, code)
    if not found.known:
        rows = named.load("occupation-search").run(store, {"q": ""}).records()
        names = {str(r["code"].value): str(r["title"].value if r["title"] else "") for r in rows}  # type: ignore[union-attr]
        with pathway_errors():
            raise OccupationUnknown(code, suggest(code, names))
    return empty_reason(code, found)


def list_queries_command() -> None:
    """List the named queries with their parameters and columns."""
    records = []
    for name in named.known_queries():
        query = named.load(name)
        records.append(
            {
                "name": name,
                "parameters": ", ".join(
                    p.name + ("" if p.required else f"={p.default}") for p in query.parameters
                ),
                "columns": ", ".join(query.columns),
                "purpose": query.purpose,
            }
        )
    print_records(records, ["name", "parameters", "columns", "purpose"], OutputFormat.table)


def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help="nt, nq, ttl, trig or jsonld.")] = "trig",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default: standard output).")
    ] = None,
) -> None:
    """Export the whole graph (every named graph) as RDF."""
    with handled_errors(), open_store(settings()) as store:
        target = output.open("wb") if output else sys.stdout.buffer
        try:
            if format == "jsonld":
                from skillscape.store.jsonld import dump_jsonld

                dump_jsonld(store, target)
            elif format in EXPORT_FORMATS:
                store.dump(target, EXPORT_FORMATS[format])
            else:
                raise typer.BadParameter(
                    f"unknown format {format!r}; use one of nt, nq, ttl, trig, jsonld",
                    param_hint="--format",
                )
        finally:
            if output:
                target.close()


def trace_command(
    iri: Annotated[str, typer.Argument(help="The IRI of a statement.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Show a statement, its exact quote with offsets, its document and the sources it cites."""
    with handled_errors(), open_store(settings()) as store:
        result = named.load("provenance").run(store, {"statement": iri})
    records = to_records(result)
    if not records:
        console.print(f"[bold red]no statement[/] {iri}")
        raise typer.Exit(1)
    if format is not OutputFormat.table:
        print_records(records, result.variables, format)
        return
    first = records[0]
    console.print(f"[bold]{first['statement']}[/]  ({first['type']})")
    console.print(f"document: {first['identifier']} <{first['document']}>")
    console.print(
        f"sha256 {first['sha256']}, {first['format']}, read {first['readAt']}, graph <{first['graph']}>"
    )
    if first.get("start") is not None:
        console.print(f"characters {first['start']}–{first['end']} (end exclusive):")
        console.print(f"  “{first['exact']}”", highlight=False)
    elif first.get("row") is not None:
        console.print(f"row selector: {first['row']}")
    cited = sorted({r["citedTitle"] for r in records if r.get("citedTitle")})
    for title in cited:
        details = next(r for r in records if r.get("citedTitle") == title)
        extras = ", ".join(
            str(details[k]) for k in ("citedVersion", "citedPublisher", "citedLicence") if details.get(k)
        )
        console.print(f"cites: {title}" + (f" ({extras})" if extras else ""), highlight=False)
