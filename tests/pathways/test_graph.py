"""The pivot graph's searches, checked against brute force on small graphs."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from skillscape.pathways.graph import Constraints, Edge, Fact, Occupation, PivotGraph


def _graph(seed: int, nodes: int = 14, degree: int = 4) -> PivotGraph:
    rng = random.Random(seed)
    codes = [f"11-{1000 + i:04d}.00" for i in range(nodes)]
    occupations = [
        Occupation(
            code,
            f"Occupation {i}",
            job_zone=Fact(float(rng.randint(1, 5))),
            wage=Fact(float(rng.randint(20, 90) * 1000)) if i % 5 else None,
            exposure={"m": Fact(rng.random())} if i % 7 else {},
        )
        for i, code in enumerate(codes)
    ]
    edges = [
        Edge(a, b, round(rng.uniform(0.05, 0.95), 3))
        for a in codes
        for b in rng.sample([c for c in codes if c != a], degree)
    ]
    return PivotGraph(occupations, edges)


def _brute_force(graph: PivotGraph, origin: str, max_hops: int) -> dict[str, float]:
    best: dict[str, float] = {}
    for target in graph.graph.nodes:
        if target == origin:
            continue
        for path in nx.all_simple_paths(graph.graph, origin, target, cutoff=max_hops):
            cost = sum(graph.graph.edges[u, v]["cost"] for u, v in itertools.pairwise(path))
            best[target] = min(best.get(target, float("inf")), cost)
    return best


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("max_hops", [1, 2, 3])
def test_hop_limited_search_finds_the_cheapest_paths(seed: int, max_hops: int) -> None:
    graph = _graph(seed)
    origin = next(iter(graph.graph.nodes))
    reached = graph.reachable(origin, max_hops)
    expected = _brute_force(graph, origin, max_hops)
    assert set(reached) == set(expected)
    for code, path in reached.items():
        assert path.cost == pytest.approx(expected[code])
        assert len(path.codes) - 1 <= max_hops and path.codes[0] == origin and path.codes[-1] == code
        assert len(set(path.codes)) == len(path.codes), "a path visits no occupation twice"
        assert path.cost == pytest.approx(
            sum(graph.graph.edges[u, v]["cost"] for u, v in itertools.pairwise(path.codes))
        )


def test_destinations_pass_every_constraint_and_the_excluded_add_up() -> None:
    graph = _graph(7, nodes=20)
    origin = next(c for c in graph.graph.nodes if graph.occupation(c).wage and graph.occupation(c).exposure)
    constraints = Constraints("m", max_hops=2, k=50, max_exposure=0.8, min_wage_ratio=0.9)
    found = graph.destinations(origin, constraints)
    mine = graph.occupation(origin)
    for path in found.paths:
        there = graph.occupation(path.destination)
        assert there.exposure["m"].value < mine.exposure["m"].value <= 1
        assert there.exposure["m"].value <= 0.8
        assert there.wage is not None and mine.wage is not None and there.wage.value >= 0.9 * mine.wage.value
    candidates = graph.graph.number_of_nodes() - 1
    assert sum(count for _, count in found.excluded) + len(found.paths) == candidates
    costs = [p.cost for p in found.paths]
    assert costs == sorted(costs)


def test_constraints_nothing_meets_give_no_paths_and_say_why() -> None:
    graph = _graph(3)
    exposed = [c for c in graph.graph.nodes if graph.occupation(c).exposure]
    origin = max(exposed, key=lambda c: graph.occupation(c).exposure["m"].value)  # all others less exposed
    found = graph.destinations(origin, Constraints("m", max_hops=3, k=5, max_exposure=-1.0))
    assert found.paths == []
    excluded = dict(found.excluded)
    assert excluded["max_exposure"] > 0
    assert sum(excluded.values()) == graph.graph.number_of_nodes() - 1


def test_an_origin_without_a_wage_cannot_be_compared_by_wage() -> None:
    graph = _graph(4)
    origin = next(
        c for c in graph.graph.nodes if graph.occupation(c).wage is None and graph.occupation(c).exposure
    )
    found = graph.destinations(origin, Constraints("m", max_hops=3, k=5, min_wage_ratio=0.9))
    assert found.paths == []
    assert dict(found.excluded).get("origin_wage_unknown", 0) > 0


def test_paths_to_a_destination_are_the_k_cheapest_within_the_hops() -> None:
    graph = _graph(11)
    origin, target = list(graph.graph.nodes)[:2]
    found = graph.paths_to(origin, target, Constraints("m", max_hops=3, k=4))
    every = sorted(
        sum(graph.graph.edges[u, v]["cost"] for u, v in itertools.pairwise(p))
        for p in nx.all_simple_paths(graph.graph, origin, target, cutoff=3)
    )
    assert [p.cost for p in found.paths] == pytest.approx(every[:4])
    assert all(p.codes[0] == origin and p.codes[-1] == target for p in found.paths)


def test_a_destination_out_of_reach_is_excluded_by_the_hops() -> None:
    occupations = [Occupation(c, c) for c in ("a", "b", "c")]
    graph = PivotGraph(occupations, [Edge("a", "b", 0.5), Edge("b", "c", 0.5)])
    found = graph.paths_to("a", "c", Constraints("m", max_hops=1, k=3))
    assert found.paths == [] and ("max_hops", 1) in found.excluded
    assert [p.codes for p in graph.paths_to("a", "c", Constraints("m", max_hops=2, k=3)).paths] == [
        ("a", "b", "c")
    ]
