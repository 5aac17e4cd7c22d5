"""`skillscape validate` and `skillscape audit`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from skillscape.audit import AuditFilter, run_audit, summary_line
from skillscape.cli.common import (
    EXIT_ERROR,
    OutputFormat,
    console,
    errors,
    handled_errors,
    print_records,
    settings,
)
from skillscape.errors import SkillscapeError
from skillscape.store.factory import open_store
from skillscape.validate import ValidationReport, validate_file, validate_store


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
    app.command("audit")(audit_command)


def validate_command(
    data: Annotated[
        Path | None, typer.Option("--data", help="Validate this RDF file instead of the published store.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option("--report", help="Write the SHACL report here as Turtle.")
    ] = None,
) -> None:
    """Validate against the SHACL shapes: exit 0 conforms, 1 violations, 2 error."""
    try:
        if data is not None:
            if not data.is_file():
                raise FileNotFoundError(f"no such file: {data}")
            result: ValidationReport = validate_file(data)
        else:
            with handled_errors(), open_store(settings()) as store:
                result = validate_store(store)
    except typer.Exit:
        raise
    except Exception as exc:  # any failure to validate is an error (2), never "conforms"
        errors.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc
    if report is not None:
        report.write_text(result.to_turtle(), encoding="utf-8")
    if result.conforms:
        console.print("[green]conforms[/] (no violations)")
        raise typer.Exit(0)
    print_records(result.summary_rows(), ["focus", "path", "message"], OutputFormat.table, title="violations")
    console.print(f"[red]{len(result.violations)} violation(s)[/]")
    raise typer.Exit(1)


def audit_command(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    severity: Annotated[
        str, typer.Option("--severity", help="The least severe finding shown: error, warning or info.")
    ] = "info",
    check: Annotated[
        list[str] | None,
        typer.Option("--check", help="Only this check (repeatable); see `skillscape queries`."),
    ] = None,
    document: Annotated[
        str, typer.Option("--document", help="Only documents whose identifier contains this text.")
    ] = "",
) -> None:
    """Cross-check what documents declare against what they contain; exit 1 only for errors.

    A summary line comes first (on stderr for json and csv, so the output stays machine-readable).
    """
    with handled_errors():
        try:
            only = AuditFilter(tuple(check or ()), severity, document)
        except SkillscapeError as exc:
            raise typer.BadParameter(str(exc)) from exc
        with open_store(settings()) as store:
            findings = run_audit(store, only)
    line = summary_line(findings)
    if format is OutputFormat.table:
        typer.echo(line)
        widths = [
            max([0, *(len(getattr(f, k)) for f in findings)]) for k in ("severity", "check", "document")
        ]
        for f in findings:
            cells = (f.severity, f.check, f.document)
            typer.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + f.message)
    else:
        errors.print(line, highlight=False)
        columns = ["severity", "check", "document", "message", "passage"]
        print_records([f.as_record() for f in findings], columns, format, title="audit findings")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)
