"""`skillscape build` and `skillscape ingest`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from skillscape.build import BuildFailed, BuildPlan, BuildReport, build, ingest_file, plan_build
from skillscape.build.plan import describe
from skillscape.cli.common import EXIT_ERROR, console, errors, handled_errors, settings
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.store.factory import open_store


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)
    app.command("ingest")(ingest_command)


def build_command(
    full: Annotated[bool, typer.Option("--full", help="Re-read every source, even unchanged ones.")] = False,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="Sources manifest (default data/sources/sources.yaml).")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="Also load the built graph into this Graph Store Protocol endpoint."),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait", help="When another build is writing the store, wait for it (default: exit 2)."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what the build would do and why, and change nothing."),
    ] = False,
) -> None:
    """Read every source in the manifest into a new store, validate it, and publish it."""
    config = settings()
    if manifest is not None:
        config = config.model_copy(update={"sources_manifest": manifest})
    if dry_run:
        with handled_errors():
            planned = plan_build(config, full=full)
        _print_plan(planned)
        return
    with handled_errors():
        report = _run(lambda say: build(config, full=full, progress=say, wait=wait))
        if target is not None:
            from skillscape.store.remote import push_build

            pushed = push_build(config, target)
            console.print(
                f"loaded {len(pushed)} graph(s), {sum(g.triples for g in pushed):,} triples into {target}"
            )
    _print_report(report)


def ingest_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=True, help="The document to add.")],
    kind: Annotated[
        str | None, typer.Option("--kind", help="Kind of document (detected when omitted).")
    ] = None,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait", help="When another build is writing the store, wait for it (default: exit 2)."
        ),
    ] = False,
) -> None:
    """Add one more document of a known kind to the store (validated like a build)."""
    config = settings()
    with handled_errors():
        report = _run(lambda say: ingest_file(config, file, kind, progress=say, wait=wait))
    _print_report(report)


def _run(job: typer.models.Callable) -> BuildReport:  # type: ignore[name-defined]
    try:
        if not console.is_terminal:
            # piped or logged (``make run | tee``): one line per step, with the time since the start
            started = time.monotonic()

            def say(message: str) -> None:
                typer.echo(f"[{time.monotonic() - started:7.1f} s] {message}")
                sys.stdout.flush()

            say("building")
            return job(say)  # type: ignore[no-any-return]
        with console.status("building…") as status:
            return job(lambda message: status.update(message))  # type: ignore[no-any-return]
    except BuildFailed as exc:
        errors.print(f"[bold red]build failed:[/] {exc}; the published store is unchanged.")
        for violation in exc.report.violations[:50]:
            errors.print(f"  {violation.focus}  {violation.path or ''}  {violation.message}", highlight=False)
        if len(exc.report.violations) > 50:
            errors.print(f"  … and {len(exc.report.violations) - 50} more (skillscape validate for all)")
        raise typer.Exit(EXIT_ERROR) from exc


def _print_plan(planned: BuildPlan) -> None:
    """One line per step of the plan: the step, what it does, and why."""
    lines = describe(planned)
    steps = max(len(step) for step, _, _ in lines)
    whats = max(len(what) for _, what, _ in lines)
    for step, what, why in lines:
        typer.echo(f"{step:<{steps}}  {what:<{whats}}  {why}")


def _print_report(report: BuildReport) -> None:
    table = Table(title="sources")
    for column in ("source", "kind", "status", "quads"):
        table.add_column(column)
    for outcome in report.outcomes:
        table.add_row(outcome.entry.id, outcome.entry.kind, outcome.status, str(outcome.quads or ""))
    console.print(table)
    if report.validation is not None:
        console.print(f"validation: {'conforms' if report.validation.conforms else 'FAILED'}")
    console.print(f"store: {report.store} ({report.quads:,} quads, {report.seconds:.1f} s)")
    summary = None
    if report.store is not None:
        from skillscape.query.materialised import read_answer

        stored = read_answer(report.store.resolve(), "summary")  # stored by the build
        summary = stored.result if stored is not None else None
    if summary is None:
        with open_store(settings()) as store:
            summary = named.load("summary").run(store)
    records = to_records(summary)
    table = Table(title="graph summary")
    table.add_column("what")
    table.add_column("count", justify="right")
    for record in records:
        table.add_row(str(record["what"]), f"{record['count']:,}")
    console.print(table)
