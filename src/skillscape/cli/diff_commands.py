"""`skillscape diff`: what changed between two O*NET releases."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from skillscape.cli.common import (
    OutputFormat,
    console,
    handled_errors,
    print_records,
    settings,
)
from skillscape.diff import Change, diff_releases
from skillscape.store.factory import open_store

COLUMNS = ["occupation", "what", "change", "key", "before", "after"]


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)


def diff_command(
    from_release: Annotated[str, typer.Option("--from", help="The earlier release, e.g. 29.1.")],
    to_release: Annotated[str, typer.Option("--to", help="The later release, e.g. 30.1.")],
    occupation: Annotated[
        str | None, typer.Option("--occupation", "-o", help="Only this O*NET-SOC (or SOC) code.")
    ] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Tasks, titles, alternate titles and technology examples added, removed or changed."""
    with handled_errors(), open_store(settings()) as store:
        result = diff_releases(store, from_release, to_release, occupation)
    if format is OutputFormat.json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
        return
    records = [_record(change) for change in result.changes]
    title = f"O*NET {from_release} → {to_release}" + (f" ({result.occupation})" if result.occupation else "")
    print_records(records, COLUMNS, format, title=title)
    if format is OutputFormat.table:
        summary = ", ".join(f"{what} {change}: {n}" for (what, change), n in sorted(result.counts().items()))
        console.print(summary or "no differences", style="dim")


def _record(change: Change) -> dict[str, Any]:
    return {
        "occupation": change.occupation,
        "what": change.what,
        "change": change.change,
        "key": change.key,
        "before": _show(change.before),
        "after": _show(change.after),
    }


def _show(values: Any) -> str | None:
    if values is None:
        return None
    if set(values) <= {"text", "title"}:
        return str(next(iter(values.values())))
    return "; ".join(f"{k}: {_word(v)}" for k, v in values.items())


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
