"""The package's layers hold: read every import of ``src/skillscape`` with ``ast`` (at module level
and inside functions) and fail on an import of a higher room, or on a cycle between modules.

Rooms, bottom to top (a room may import its own modules and any room below it)::

    base (resources, settings, errors, the package root)
    model < store < query < validate, ingest < pathways < audit, diff, trace, export
          < build < api < web < app < cli
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "skillscape"

#: the modules of the bottom room
BASE = {"", "resources", "settings", "errors"}
#: room → rank; rooms of equal rank may not import each other
RANKS = {
    "base": 0,
    "model": 1,
    "store": 2,
    "query": 3,
    "validate": 4,
    "ingest": 4,
    "pathways": 5,
    "audit": 6,
    "diff": 6,
    "trace": 6,
    "export": 6,
    "build": 7,
    "api": 8,
    "web": 9,
    "app": 10,
    "cli": 11,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, is_package: bool = False) -> list[tuple[str, int]]:
    """Every ``skillscape`` module the code of ``module`` imports (anywhere in it), with the line."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # "from skillscape.query import named" imports the module skillscape.query.named
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return [(target, line) for target, line in found if target.split(".")[0] == "skillscape"]


def room(module: str) -> str:
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else ""
    return "base" if name in BASE else name


def resolve(target: str, modules: set[str]) -> str:
    while target not in modules and "." in target:
        target = target.rpartition(".")[0]
    return target


def import_graph() -> nx.DiGraph:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(f) for f in files}
    graph = nx.DiGraph()
    for path in files:
        source = module_name(path)
        graph.add_node(source)
        for target, line in imports(path.read_text(encoding="utf-8"), source, path.name == "__init__.py"):
            resolved = resolve(target, modules)
            if resolved != source:
                graph.add_edge(source, resolved, line=line)
    return graph


def test_every_room_has_a_rank() -> None:
    rooms = {room(m) for m in import_graph().nodes}
    assert rooms <= set(RANKS), f"rooms without a place in the layers: {sorted(rooms - set(RANKS))}"


def test_no_module_imports_a_room_above_or_beside_its_own() -> None:
    upward = []
    for source, target, data in import_graph().edges(data=True):
        low, high = room(source), room(target)
        if low != high and RANKS.get(high, 99) >= RANKS.get(low, -1):
            upward.append(f"{source}:{data['line']} imports {target} ({low} → {high})")
    assert not upward, "imports against the layers:\n" + "\n".join(sorted(upward))


def test_no_import_cycle_between_modules() -> None:
    graph = import_graph()
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from skillscape.query import named\n", {"skillscape.query.named"}),
        ("def f():\n    from skillscape.api import app\n", {"skillscape.api.app"}),
        ("import skillscape.store.base\nimport json\n", {"skillscape.store.base"}),
        ("from ..query.named import load\n", {"skillscape.query.named.load"}),
    ],
)
def test_imports_are_read_everywhere_in_a_module(source: str, expected: set[str]) -> None:
    assert {target for target, _ in imports(source, "skillscape.store.probe")} == expected


def test_an_upward_import_is_an_upward_edge() -> None:
    graph = import_graph()
    assert graph.has_edge("skillscape.cli.common", "skillscape.errors")  # downward, present
    assert RANKS[room("skillscape.store.base")] < RANKS[room("skillscape.query.named")]
