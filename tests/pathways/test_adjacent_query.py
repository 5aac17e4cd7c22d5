"""The named query ``adjacent``: a golden case on both store implementations, and the real store."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.model import iri
from skillscape.pathways.features import read_features
from skillscape.pathways.similarity import compute
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.resources import ontology_path
from skillscape.store.base import GraphStore
from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore

GOLDEN = Path(__file__).parent / "golden" / "adjacent"
PREFIXES = Path(__file__).parents[1] / "queries" / "golden" / "prefixes.ttl"


@pytest.fixture(params=["oxigraph-disk", "memory"])
def golden_store(request: pytest.FixtureRequest, tmp_path: Path) -> GraphStore:
    store: GraphStore = (
        OxigraphStore(tmp_path / "store") if request.param == "oxigraph-disk" else MemoryStore()
    )
    text = PREFIXES.read_text() + (GOLDEN / "data.ttl").read_text()
    graph = iri.source_graph("golden")
    store.load(
        ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(text.encode(), ox.RdfFormat.TURTLE)
    )
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, iri.source_graph("ontology"))
    return store


def test_golden_adjacent(golden_store: GraphStore) -> None:
    case = json.loads((GOLDEN / "case.json").read_text())
    query = named.load("adjacent")
    assert [p.name for p in query.parameters] == ["occupation", "k"]
    assert to_records(query.run(golden_store, case["params"])) == case["expected"]


def test_adjacent_k_defaults_to_twenty(golden_store: GraphStore) -> None:
    rows = to_records(named.load("adjacent").run(golden_store, {"occupation": "25-4031.00"}))
    assert [r["rank"] for r in rows] == [1, 2, 3]


def test_adjacent_ranks_the_stored_similarities_of_the_real_store(store: OxigraphStore) -> None:
    features = read_features(store)
    similarity = compute(features)
    index = features.index()
    row = similarity.score[index["25-4031.00"]].copy()
    row[index["25-4031.00"]] = -1
    expected = [features.codes[j] for j in row.argsort()[::-1][:5]]
    rows = to_records(named.load("adjacent").run(store, {"occupation": "25-4031.00", "k": "5"}))
    assert [r["code"] for r in rows] == expected
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["score"] == pytest.approx(row.max(), abs=5e-5)
    assert all(r["title"] for r in rows)
