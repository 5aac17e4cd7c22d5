"""The ``skillscape`` command: thin commands over the library, one module per group."""

from __future__ import annotations

import typer

from skillscape.cli import (
    build_commands,
    diff_commands,
    framework_commands,
    pathway_commands,
    query_commands,
    serve_commands,
    validate_commands,
)

app = typer.Typer(
    name="skillscape",
    help="A knowledge graph of occupations and skills, with provenance for every statement.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for module in (
    build_commands,
    query_commands,
    validate_commands,
    serve_commands,
    diff_commands,
    pathway_commands,
    framework_commands,
):
    module.register(app)
