"""Golden tests: each top-level named query on a small hand-made graph, compared with its expected answer.

``tests/queries/golden/<name>/`` holds, for the query ``queries/<name>.rq``:

* ``data.ttl`` (loaded into one source graph) or ``data.trig`` (its named graphs as written, its
  default-graph triples into that source graph), both with the prefixes of ``prefixes.ttl``;
* ``case.json``: ``params``, ``expected`` rows and whether they are ``ordered``; ``sets`` names
  the " | "-separated columns compared as sets (``citations`` always is; an unbound
  value is the empty set); ``"ontology": false``
  leaves the ontology out of the store (for counts of the whole store); ``runs`` lists several
  such ``params``/``expected`` runs on the same graph; a run's ``xfail`` maps a store
  (``memory``, ``oxigraph-disk``) to the known fault the run shows there (a strict xfail, checked
  after the other runs);
* for a CONSTRUCT query, ``expected.ttl`` (or ``"expected": "<file>.ttl"`` in a run): the triples,
  compared as a set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
PREFIXES = (GOLDEN / "prefixes.ttl").read_text()
SET_COLUMNS = ("citations",)


def data_quads(case_dir: Path) -> Iterable[ox.Quad]:
    graph = iri.source_graph("golden")
    turtle, trig = case_dir / "data.ttl", case_dir / "data.trig"
    if turtle.exists():
        for t in ox.parse((PREFIXES + turtle.read_text()).encode(), ox.RdfFormat.TURTLE):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)
        return
    for q in ox.parse((PREFIXES + trig.read_text()).encode(), ox.RdfFormat.TRIG):
        in_default = isinstance(q.graph_name, ox.DefaultGraph)
        yield ox.Quad(q.subject, q.predicate, q.object, graph if in_default else q.graph_name)


def load_case(store: GraphStore, name: str) -> dict[str, Any]:
    case: dict[str, Any] = json.loads((GOLDEN / name / "case.json").read_text())
    store.load(data_quads(GOLDEN / name))
    if case.get("ontology", True):
        # as in a real build, the ontology sits beside the data in its own graph
        store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, iri.source_graph("ontology"))
    return case


def normalise(record: dict[str, Any], set_columns: Iterable[str]) -> dict[str, Any]:
    out = dict(record)
    for column in set_columns:
        if column not in out:
            continue
        if out[column] is None:
            out[column] = []  # Oxigraph leaves GROUP_CONCAT of nothing but errors unbound; rdflib gives ""
        elif isinstance(out[column], str):
            out[column] = sorted(c for c in out[column].split(" | ") if c)
        elif isinstance(out[column], list):
            out[column] = sorted(out[column])
    return out


def expected_triples(path: Path) -> set[ox.Triple]:
    quads = ox.parse((PREFIXES + path.read_text()).encode(), ox.RdfFormat.TURTLE)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def runs(case: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The case's runs, numbered, those with a known fault last."""
    numbered = list(enumerate(case.get("runs", [case]), start=1))
    return sorted(numbered, key=lambda item: bool(item[1].get("xfail")))


STORES = ["oxigraph-disk", "memory"]


@pytest.mark.parametrize("store_name", STORES)
@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, store_name: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    store: GraphStore = OxigraphStore(tmp_path / "store") if store_name == "oxigraph-disk" else MemoryStore()
    case = load_case(store, name)
    for number, run in runs(case):
        if reason := run.get("xfail", {}).get(store_name):
            # the runs before it still count: a fault they show fails the test
            request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
        result = named.load(name).run(store, run["params"])
        where = f"{name}, run {number} {run['params']}"
        if result.kind == "graph":
            expected = expected_triples(GOLDEN / name / run.get("expected", "expected.ttl"))
            actual = set(result.triples)
            assert (sorted(map(str, expected - actual)), sorted(map(str, actual - expected))) == ([], []), (
                f"{where}: (missing triples, unexpected triples)"
            )
            continue
        set_columns = (*SET_COLUMNS, *run.get("sets", ()))
        actual_rows = [normalise(r, set_columns) for r in to_records(result)]
        expected_rows = [normalise(r, set_columns) for r in run["expected"]]
        if run.get("ordered"):
            assert actual_rows == expected_rows, where
        else:
            key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
            assert sorted(actual_rows, key=key) == sorted(expected_rows, key=key), where


def test_every_contract_query_has_a_golden_case() -> None:
    assert {"progression", "ai-use", "provenance", "statements-without-source", "conflicting-claims"} <= set(
        CASES
    )


def test_every_top_level_query_has_a_golden_case() -> None:
    top_level = {name for name in named.known_queries() if "/" not in name}
    assert sorted(top_level - set(CASES)) == [], "queries/*.rq without a case in tests/queries/golden/"
    assert sorted(set(CASES) - top_level) == [], "golden cases for no query in queries/*.rq"
