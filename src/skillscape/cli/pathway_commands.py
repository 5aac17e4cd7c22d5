"""`skillscape adjacent` and `skillscape pivots`: where a worker can move, and how."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from skillscape.cli.common import EXIT_ERROR, console, errors, handled_errors, settings
from skillscape.store.factory import open_store


class PathwayFormat(enum.StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("adjacent")(adjacent_command)
    app.command("pivots")(pivots_command)


def _names(items: list[dict[str, Any]], count: int = 3) -> str:
    shown = [str(i["name"]).rstrip(".") for i in items[:count]]
    more = len(items) - count
    return "; ".join(shown) + (f" (+{more})" if more > 0 else "")


def adjacent_command(
    code: Annotated[str, typer.Argument(help="An O*NET-SOC code (25-4031.00) or a SOC code (25-4031).")],
    k: Annotated[int, typer.Option("--k", min=1, max=30, help="How many occupations.")] = 20,
    format: Annotated[PathwayFormat, typer.Option("--format", "-f")] = PathwayFormat.table,
) -> None:
    """Adjacent occupations: where a worker can move with the least new learning, best first."""
    from skillscape.pathways.service import PathwayService

    with handled_errors(), open_store(settings()) as store:
        found = PathwayService.open(store).adjacent(code, k)
    if format is PathwayFormat.json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"adjacent to {code}")
    for column in ("rank", "code", "title", "score", "transfers", "main gaps"):
        table.add_column(column, overflow="fold")
    for item in found:
        table.add_row(
            str(item["rank"]),
            item["code"],
            item["title"],
            f"{item['score']:.3f}",
            _names(item["transfers"]),
            _names(item["gaps"]),
        )
    console.print(table)
    console.print(f"{len(found)} occupation(s)", style="dim")


def pivots_command(
    code: Annotated[str, typer.Argument(help="The origin: an O*NET-SOC code or a SOC code.")],
    to: Annotated[str | None, typer.Option("--to", help="A destination: the k best paths to it.")] = None,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=4, help="Steps per path.")] = 3,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Destinations (or paths with --to).")] = 5,
    max_exposure: Annotated[
        float | None, typer.Option("--max-exposure", help="Destinations at most this exposed.")
    ] = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="Exposure measure (default dv_rating_beta).")
    ] = None,
    min_wage_ratio: Annotated[
        float | None,
        typer.Option(
            "--min-wage-ratio", min=0.0, help="Destination wage ≥ R × the origin's (default 0.9; 0: any)."
        ),
    ] = None,
    min_exposure_drop: Annotated[
        float | None,
        typer.Option(
            "--min-exposure-drop", min=0.0, help="Destination exposure ≤ the origin's − D (default 0.05)."
        ),
    ] = None,
    format: Annotated[PathwayFormat, typer.Option("--format", "-f")] = PathwayFormat.table,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw the paths into this .svg file.")
    ] = None,
) -> None:
    """Pivot paths to occupations less exposed to AI, each step explained (what transfers, what to learn)."""
    from skillscape.pathways.service import PathwayService, PivotRequest

    if plot is not None and plot.suffix.lower() != ".svg":
        errors.print(f"[bold red]error:[/] --plot writes SVG: give a file ending in .svg, not {plot.name!r}")
        raise typer.Exit(EXIT_ERROR)
    request = PivotRequest(code, to, max_hops, k, max_exposure, measure, min_wage_ratio, min_exposure_drop)
    with handled_errors(), open_store(settings()) as store:
        answer = PathwayService.open(store).pivots(request)
    if plot is not None:
        from skillscape.pathways.plot import render_svg

        plot.write_text(render_svg(answer), encoding="utf-8")
    if format is PathwayFormat.json:
        typer.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        print_pivots(answer)
    if plot is not None:
        errors.print(f"drawing: {plot}", style="dim", highlight=False)  # stdout stays JSON


def _number(value: Any, pattern: str = "{:.2f}") -> str:
    return "?" if value is None else pattern.format(value)


def print_pivots(answer: dict[str, Any]) -> None:
    origin = answer["origin"]
    console.print(
        f"[bold]{origin['code']} {origin['title']}[/] — exposure {_number(origin['exposure'])} "
        f"({answer['measure']}), job zone {_number(origin['job_zone'], '{}')}, "
        f"wage {_number(origin['wage'], '${:,.0f}')}"
        f"{' (mapped from O*NET-SOC 2010 codes)' if origin.get('wage_mapped') else ''}",
        highlight=False,
    )
    if answer["paths"]:
        console.print(answer.get("explanation", ""), highlight=False)
    for number, path in enumerate(answer["paths"], start=1):
        goal = path["destination"]
        console.print(
            f"\n[bold]{number}. {goal['code']} {goal['title']}[/] — cost {path['cost']:.3f}, "
            f"{path['hops']} step(s), exposure {_number(goal['exposure'])}, "
            f"wage {_number(goal['wage'], '${:,.0f}')}",
            highlight=False,
        )
        table = Table(show_header=True)
        for column in ("step", "score", "Δ exposure", "Δ job zone", "wage ratio", "transfers", "learn"):
            table.add_column(column, overflow="fold")
        for step in path["steps"]:
            table.add_row(
                f"{step['from']['code']} → {step['to']['code']} {step['to']['title']}",
                f"{step['score']:.3f}",
                _number(step["exposure"]["delta"], "{:+.2f}"),
                _number(step["job_zone"]["delta"], "{:+d}"),
                _number(step["wage"]["ratio"], "{:.2f}"),
                _names(step["transfers"]),
                _names(step["gaps"]),
            )
        console.print(table)
        for step in path["steps"]:
            console.print(f"{step['to']['title']}: {step['explanation']}", highlight=False)
    if answer.get("message"):
        console.print(f"\n{answer['message']}", highlight=False)
