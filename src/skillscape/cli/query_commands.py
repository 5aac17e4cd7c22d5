"""`skillscape query`, `export` and `trace`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from skillscape.cli.common import OutputFormat, console, errors, handled_errors, print_records, settings
from skillscape.query import named
from skillscape.query.materialised import MATERIALISED, Answer, read_answer
from skillscape.query.named import project
from skillscape.query.occupations import check_occupations
from skillscape.query.results import to_records
from skillscape.store.base import EXPORT_FORMATS, GraphStore
from skillscape.store.factory import open_store
from skillscape.store.query_clauses import column_order
from skillscape.trace import content_of_row, derivation_of, source_roots


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
            stored = _stored_answer(store, query.name, params)
            if stored is not None:
                result = stored.result
                errors.print(
                    f"(the whole-graph answer stored by the build of {stored.built['built']}, "
                    f"store version {stored.built['store']})",
                    style="dim",
                    highlight=False,
                )
            else:
                check_occupations(store, query.occupation_values(params))
                result = query.run(store, params)
            if (
                not query.columns
                and result.kind == "select"
                and (index := column_order(query.text, result.variables))
            ):
                result = project(result, tuple(result.variables[i] for i in index))
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


def _stored_answer(store: GraphStore, name: str, params: dict[str, str]) -> Answer | None:
    """A whole-graph answer the build stored (``conflicting-claims`` without an occupation …)."""
    if name not in MATERIALISED or any(params.values()) or store.version_path is None:
        return None
    return read_answer(store.version_path, name)


def _empty_progression(store: GraphStore, params: dict[str, str]) -> str:
    """Why ``progression`` is empty for a known occupation (an unknown one failed before, with
    the closest matches)."""
    from skillscape.query.progression import coverage, empty_reason

    code = params.get("occupation", "")
    return empty_reason(code, coverage(store, code))


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
    """Show a statement, its exact quote with offsets (or its row, with the row's content), its
    document and the sources it cites; for a derived statement, the algorithm and its inputs."""
    config = settings()
    with handled_errors(), open_store(config) as store:
        result = named.load("provenance").run(store, {"statement": iri})
        records = to_records(result)
        derived = [] if records else to_records(named.load("derivation").run(store, {"statement": iri}))
        version = store.version_path
    if not records and not derived:
        console.print(f"[bold red]no statement[/] {iri}")
        raise typer.Exit(1)
    if derived:
        _print_derivation(derived, format)
        return
    content = content_of_row(records[0], source_roots(config.manifest_path, version))
    if format is not OutputFormat.table:
        if content is not None:
            for record in records:
                record["rowContent"] = content
        columns = [*result.variables, *(["rowContent"] if content is not None else [])]
        print_records(records, columns, format)
        return
    first = records[0]
    console.print(f"[bold]{first['statement']}[/]  ({first['type']})", highlight=False)
    console.print(f"document: {first['identifier']} <{first['document']}>", highlight=False)
    console.print(
        f"sha256 {first['sha256']}, {first['format']}, read {first['readAt']}, graph <{first['graph']}>",
        highlight=False,
    )
    if first.get("start") is not None:
        console.print(f"characters {first['start']}–{first['end']} (end exclusive):")
        console.print(f"  “{first['exact']}”", highlight=False)
    elif first.get("row") is not None:
        console.print(f"row selector: {first['row']} (RFC 7111; the header is row 1)", highlight=False)
        if content is not None:
            width = max(len(k) for k in content)
            for column, value in content.items():
                console.print(f"  {column:<{width}}  {value}", highlight=False)
        else:
            console.print("  (the source file is not at hand: the row's content cannot be shown)")
    cited = sorted({r["citedTitle"] for r in records if r.get("citedTitle")})
    for title in cited:
        details = next(r for r in records if r.get("citedTitle") == title)
        extras = ", ".join(
            str(details[k]) for k in ("citedVersion", "citedPublisher", "citedLicence") if details.get(k)
        )
        console.print(f"cites: {title}" + (f" ({extras})" if extras else ""), highlight=False)


def _print_derivation(records: list[dict[str, Any]], format: OutputFormat) -> None:
    derivation = derivation_of(records)
    assert derivation is not None
    first = records[0]
    if format is OutputFormat.json:
        derivation.update(statement=first["statement"], types=sorted({r["type"] for r in records}))
        typer.echo(json.dumps(derivation, indent=2, ensure_ascii=False))
        return
    if format is OutputFormat.csv:
        print_records(records, list(records[0]), format)
        return
    types = ", ".join(sorted({str(r["type"]) for r in records}))
    console.print(f"[bold]{first['statement']}[/]  ({types})", highlight=False)
    console.print(f"derived, graph <{first['graph']}>, {derivation['generatedAt'] or ''}".rstrip(", "))
    console.print(f"algorithm: {derivation['algorithm']} {derivation['version']}", highlight=False)
    console.print(f"run: <{derivation['activity']}>", highlight=False)
    console.print("parameters: " + json.dumps(derivation["parameters"], ensure_ascii=False), highlight=False)
    for used in derivation["used"]:
        label = " ".join(
            str(x)
            for x in (
                used["title"],
                used["release"] and f"(release {used['release']})",
                used.get("sha256") and f"sha256 {used['sha256']}",
            )
            if x
        )
        console.print(f"read: <{used['graph']}> {label}".rstrip(), highlight=False)
    for role in ("occupation", "target"):
        node = derivation[role]
        if node:
            console.print(
                f"{role}: {node['code'] or ''} {node['title'] or ''} <{node['iri']}>", highlight=False
            )
    if derivation["score"] is not None:
        console.print(f"score: {derivation['score']}", highlight=False)
    if derivation["features"]:
        console.print("per feature family: " + json.dumps(derivation["features"]), highlight=False)
    if derivation.get("evidence"):
        console.print(f"evidence: {derivation['evidence']}", highlight=False)
