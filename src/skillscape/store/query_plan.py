"""What a query would do, read from the engine's own plan of it (never from the query text).

The embedded engine (pyoxigraph) does not expose its parse of a query, but Oxigraph's command
line tool, the same engine at the same version, writes its evaluation plan on request. The
planner runs it on an empty store, in a process walled off from the network
(:mod:`skillscape.store.network_wall`), and reads the plan's operators: every ``SERVICE`` the
engine would call appears there as ``Service(<endpoint>)``, ``Service(?variable)`` or with
``, Silent``, exactly as the engine parsed it, whatever the query's spelling (comments, strings,
escapes, nesting).

The plan is computed before the engine evaluates anything, and the evaluation that follows it
on the empty store can read nothing and send nothing. A query the engine cannot parse is a
:class:`PlanSyntaxError` with the engine's message.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from skillscape.errors import BadInput, Unavailable
from skillscape.store.network_wall import forbid_network

_SERVICE = re.compile(r"^Service\((?:<(?P<iri>[^>]*)>|(?P<var>[?$]\S+?))(?P<silent>, Silent)?\)$")


class PlanError(Unavailable):
    """The planner could not run (the engine's tool is missing, or it failed to plan)."""


class PlanSyntaxError(BadInput):
    """The engine does not parse the query as a SPARQL query."""


@dataclass(frozen=True)
class ServiceCall:
    """A ``SERVICE`` operator of the plan: its endpoint IRI (None when a variable names it)."""

    endpoint: str | None
    silent: bool
    operator: str


@dataclass(frozen=True)
class QueryPlan:
    operators: tuple[str, ...]
    services: tuple[ServiceCall, ...]


def engine_tool() -> Path:
    """The Oxigraph command line tool installed beside pyoxigraph, at the same version."""
    tool = Path(sys.executable).with_name("oxigraph")
    found = tool if tool.is_file() else (Path(p) if (p := shutil.which("oxigraph")) else None)
    if found is None:
        raise PlanError("the Oxigraph command line tool (package 'oxigraph') is not installed")
    try:
        tool_version = importlib.metadata.version("oxigraph")
        engine_version = importlib.metadata.version("pyoxigraph")
    except importlib.metadata.PackageNotFoundError as exc:
        raise PlanError(f"cannot tell the engine's version: {exc}") from exc
    if tool_version != engine_version:
        raise PlanError(
            f"the Oxigraph tool ({tool_version}) and the embedded engine ({engine_version}) differ: "
            "their parsers may not agree"
        )
    return found


class QueryPlanner:
    """Plans queries with the engine's tool on an empty store kept in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.tool = engine_tool()
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.template = self.folder / "empty-store"
        if not (self.template / "CURRENT").exists():
            ox.Store(str(self.template)).flush()

    def plan(self, query: str, timeout: float = 5.0) -> QueryPlan:
        with tempfile.TemporaryDirectory(dir=self.folder) as scratch:
            store = Path(scratch) / "store"
            shutil.copytree(self.template, store)
            explained = Path(scratch) / "plan.json"
            command = [
                str(self.tool),
                "query",
                "--location",
                str(store),
                "--explain-file",
                str(explained),
                "--results-format",
                "tsv",
                "--results-file",
                str(Path(scratch) / "results.tsv"),
            ]
            try:
                done = subprocess.run(
                    command,
                    input=query.encode("utf-8"),
                    capture_output=True,
                    timeout=timeout,
                    preexec_fn=forbid_network,  # the wall is up before the tool starts
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise PlanError(f"the engine did not plan the query within {timeout:g} s") from exc
            if not explained.exists():
                raise PlanSyntaxError(_engine_message(done.stderr))
            try:
                document = json.loads(explained.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise PlanError(f"the engine's plan could not be read: {exc}") from exc
        operators = tuple(_operators(document.get("plan", {})))
        return QueryPlan(operators, tuple(_service(op) for op in operators if op.startswith("Service")))


def _engine_message(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    cut = next((i for i, line in enumerate(lines) if line.startswith("Stack backtrace")), len(lines))
    message = " ".join(lines[:cut]).removeprefix("Error: ")
    return message or "the query does not parse"


def _operators(node: dict[str, Any]) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        name = current.get("name")
        if isinstance(name, str):
            yield name
        stack.extend(child for child in current.get("children", ()) if isinstance(child, dict))


def _service(operator: str) -> ServiceCall:
    match = _SERVICE.match(operator)
    if match is None:  # an operator we cannot read is treated as a call to an unknown endpoint
        return ServiceCall(None, False, operator)
    return ServiceCall(match.group("iri"), bool(match.group("silent")), operator)


__all__ = ["PlanError", "PlanSyntaxError", "QueryPlan", "QueryPlanner", "ServiceCall", "engine_tool"]
