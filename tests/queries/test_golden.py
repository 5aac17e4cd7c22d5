"""Golden tests: each contract query on a small hand-made graph, compared with its expected rows.

``tests/queries/golden/<name>/data.ttl`` (prefixes from ``prefixes.ttl``) and ``case.json``
(params, expected rows, whether order matters). ``citations`` columns are compared as sets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from skillscape.model import iri
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.resources import ontology_path
from skillscape.store.base import GraphStore
from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def load_case(store: GraphStore, name: str) -> dict[str, Any]:
    text = (GOLDEN / "prefixes.ttl").read_text() + (GOLDEN / name / "data.ttl").read_text()
    graph = iri.source_graph("golden")
    store.load(
        ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(text.encode(), ox.RdfFormat.TURTLE)
    )
    # as in a real build, the ontology sits beside the data in its own graph
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, iri.source_graph("ontology"))
    return json.loads((GOLDEN / name / "case.json").read_text())


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    if isinstance(out.get("citations"), str):
        out["citations"] = sorted(c for c in out["citations"].split(" | ") if c)
    elif isinstance(out.get("citations"), list):
        out["citations"] = sorted(out["citations"])
    return out


@pytest.fixture(params=["oxigraph-disk", "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    return OxigraphStore(tmp_path / "store") if request.param == "oxigraph-disk" else MemoryStore()


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, store: GraphStore) -> None:
    case = load_case(store, name)
    result = named.load(name).run(store, case["params"])
    actual = [normalise(r) for r in to_records(result)]
    expected = [normalise(r) for r in case["expected"]]
    if case.get("ordered"):
        assert actual == expected
    else:
        key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
        assert sorted(actual, key=key) == sorted(expected, key=key)


def test_every_contract_query_has_a_golden_case() -> None:
    assert {"progression", "ai-use", "provenance", "statements-without-source", "conflicting-claims"} <= set(
        CASES
    )
