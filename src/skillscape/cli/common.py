"""What every command shares: the console, error handling, output formats."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from skillscape.errors import SkillscapeError
from skillscape.settings import Settings, get_settings

console = Console()
errors = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

#: exit status for "could not do it" (bad input, missing store …); 1 is reserved for
#: "did it, and the answer is no" (validation failed, audit found errors).
EXIT_ERROR = 2


class OutputFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def settings() -> Settings:
    return get_settings()


@contextmanager
def handled_errors() -> Iterator[None]:
    """Turn every :class:`~skillscape.errors.SkillscapeError` (and a missing file) into one
    clear line on stderr and exit status 2; anything else is a bug and keeps its traceback."""
    try:
        yield
    except (SkillscapeError, FileNotFoundError) as exc:
        errors.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from exc


def print_records(
    records: list[dict[str, Any]], columns: list[str], fmt: OutputFormat, title: str = ""
) -> None:
    """Print rows as a rich table, JSON (a list of objects keyed by column) or CSV."""
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    if fmt is OutputFormat.csv:
        import csv
        import sys

        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: "" if record.get(k) is None else record.get(k) for k in columns})
        return
    table = Table(title=title or None, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(*("" if record.get(c) is None else str(record.get(c)) for c in columns))
    console.print(table)
    console.print(f"{len(records)} row(s)", style="dim")
