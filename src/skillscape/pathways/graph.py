"""The pivot graph: occupations as nodes, similarity edges as transitions; path search.

Pure functions over plain values (no store, no I/O). A node carries what is known of an
occupation (title, job zone, median annual wage, AI exposure by measure, each with the statement
that says so); an edge A→B carries S(A→B) and its cost ``STEP_COST + 1 − S(A→B)``: a move is an
effort of its own, plus how unlike the two occupations are, so the cheapest path is a short one
through close occupations (without the step cost, three near-certain steps would cost less than
one good one, and pivots would prefer long chains).

* :meth:`PivotGraph.destinations` — the k cheapest destinations within ``max_hops`` that pass the
  constraints (less exposed than the origin on a measure, at most ``max_exposure``, at least
  ``min_wage_ratio`` × the origin's wage), with the constraints that excluded the others;
* :meth:`PivotGraph.paths_to` — the k cheapest simple paths of at most ``max_hops`` steps to one
  destination.

Hop-limited search is a layered Bellman–Ford over the successor lists (≤ max_hops rounds), so
its cost is bounded by the hops, not by the size of the graph.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

#: what any step costs besides ``1 − S``: with the fitted ranker's scores (probabilities, near 1
#: for close occupations) one step of S = 0.5 costs as much as two of S = 1
STEP_COST = 0.5


@dataclass(frozen=True)
class Fact:
    """A number about an occupation and where it comes from."""

    value: float
    statement: str | None = None
    source: str | None = None
    #: how the figure was mapped from other codes (None: stated for the occupation itself)
    method: str | None = None


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    job_zone: Fact | None = None
    wage: Fact | None = None
    exposure: Mapping[str, Fact] = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    score: float
    statement: str | None = None
    features: str | None = None
    position: int | None = None  # the target's rank among the source's (1 = most similar)


@dataclass(frozen=True)
class Path:
    codes: tuple[str, ...]
    cost: float

    @property
    def destination(self) -> str:
        return self.codes[-1]

    def steps(self) -> list[tuple[str, str]]:
        return list(itertools.pairwise(self.codes))


Keep = Callable[["Occupation"], bool]


@dataclass(frozen=True)
class Constraints:
    measure: str
    max_hops: int = 3
    k: int = 5
    max_exposure: float | None = None
    min_wage_ratio: float | None = None
    less_exposed: bool = True
    #: with ``less_exposed``: how much lower than the origin's the destination's exposure must be
    min_exposure_drop: float = 0.0


@dataclass
class Search:
    """What a search found, and how many candidates each constraint excluded (in order)."""

    paths: list[Path]
    excluded: list[tuple[str, int]]


class PivotGraph:
    """A directed graph of occupations (NetworkX), built once and searched many times."""

    def __init__(self, occupations: Iterable[Occupation], edges: Iterable[Edge]) -> None:
        graph = nx.DiGraph()
        for occupation in occupations:
            graph.add_node(occupation.code, info=occupation)
        for edge in edges:
            if edge.source in graph and edge.target in graph and edge.source != edge.target:
                cost = STEP_COST + 1.0 - min(edge.score, 1.0)
                graph.add_edge(edge.source, edge.target, score=edge.score, cost=cost, edge=edge)
        self.graph = graph
        measures = {m for _, info in graph.nodes(data="info") for m in info.exposure}
        self.measures = sorted(measures)

    def __contains__(self, code: object) -> bool:
        return code in self.graph

    def occupation(self, code: str) -> Occupation:
        info: Occupation = self.graph.nodes[code]["info"]
        return info

    def edge(self, source: str, target: str) -> Edge:
        edge: Edge = self.graph.edges[source, target]["edge"]
        return edge

    def targets(self, code: str) -> list[Edge]:
        """The similarities from ``code``, in the order the derivation ranked them (best first)."""
        edges: list[Edge] = [data["edge"] for data in self.graph.succ[code].values()]
        return sorted(edges, key=lambda e: (e.position or len(edges) + 1, -e.score, e.target))

    # ------------------------------------------------------------------ searches
    def reachable(self, origin: str, max_hops: int) -> dict[str, Path]:
        """The cheapest path of at most ``max_hops`` steps to every node reachable from ``origin``."""
        succ = self.graph.succ
        best: dict[str, float] = {origin: 0.0}
        # layer h: node -> (cost, predecessor) of the cheapest walk of exactly h steps that improves
        layers: list[dict[str, tuple[float, str | None]]] = [{origin: (0.0, None)}]
        for _ in range(max_hops):
            layer: dict[str, tuple[float, str | None]] = {}
            for node, (cost, _) in layers[-1].items():
                for target, data in succ[node].items():
                    total = cost + data["cost"]
                    if (
                        total < best.get(target, float("inf"))
                        and total < layer.get(target, (float("inf"),))[0]
                    ):
                        layer[target] = (total, node)
            for node, (cost, _) in layer.items():
                best[node] = min(best.get(node, float("inf")), cost)
            if not layer:
                break
            layers.append(layer)
        paths: dict[str, Path] = {}
        for depth in range(1, len(layers)):
            for node, (cost, _) in layers[depth].items():
                if node != origin and cost <= best[node] and node not in paths:
                    paths[node] = Path(self._walk(layers, node, depth), cost)
        return paths

    @staticmethod
    def _walk(layers: list[dict[str, tuple[float, str | None]]], node: str, depth: int) -> tuple[str, ...]:
        codes = [node]
        for level in range(depth, 0, -1):
            previous = layers[level][codes[-1]][1]
            assert previous is not None
            codes.append(previous)
        return tuple(reversed(codes))

    def destinations(self, origin: str, constraints: Constraints) -> Search:
        """The k cheapest destinations that pass the constraints, and what excluded the others."""
        origin_info = self.occupation(origin)
        reached = self.reachable(origin, constraints.max_hops)
        candidates = [code for code in self.graph if code != origin]
        excluded: list[tuple[str, int]] = []
        remaining = [c for c in candidates if c in reached]
        excluded.append(("max_hops", len(candidates) - len(remaining)))
        for name, keep in self._filters(origin_info, constraints):
            passed = [c for c in remaining if keep(self.occupation(c))]
            excluded.append((name, len(remaining) - len(passed)))
            remaining = passed
        paths = sorted((reached[c] for c in remaining), key=lambda p: (p.cost, len(p.codes), p.destination))
        return Search(paths[: constraints.k], excluded)

    def _filters(self, origin: Occupation, constraints: Constraints) -> list[tuple[str, Keep]]:
        """The constraints in the order they are applied, each a test of a destination."""
        measure = constraints.measure
        known = origin.exposure.get(measure)
        filters: list[tuple[str, Keep]] = []
        if constraints.less_exposed or constraints.max_exposure is not None:
            filters.append(("exposure_unknown", lambda o: measure in o.exposure))
        if constraints.less_exposed:
            if known is None:  # nothing is known to be less exposed than the origin
                filters.append(("origin_exposure_unknown", lambda o: False))
            else:
                limit, drop = known.value, constraints.min_exposure_drop
                if drop > 0:
                    filters.append(("less_exposed", lambda o: o.exposure[measure].value <= limit - drop))
                else:
                    filters.append(("less_exposed", lambda o: o.exposure[measure].value < limit))
        if constraints.max_exposure is not None:
            ceiling = constraints.max_exposure
            filters.append(("max_exposure", lambda o: o.exposure[measure].value <= ceiling))
        if constraints.min_wage_ratio is not None:
            ratio = constraints.min_wage_ratio
            if origin.wage is None:
                filters.append(("origin_wage_unknown", lambda o: False))
            else:
                floor = ratio * origin.wage.value
                filters.append(("wage_unknown", lambda o: o.wage is not None))
                filters.append(("min_wage_ratio", lambda o: o.wage is not None and o.wage.value >= floor))
        return filters

    def paths_to(self, origin: str, target: str, constraints: Constraints) -> Search:
        """The k cheapest simple paths of at most ``max_hops`` steps from ``origin`` to ``target``.

        The explicit destination is checked against ``max_exposure`` and ``min_wage_ratio``
        (not against being less exposed than the origin: the user chose it).
        """
        explicit = Constraints(
            constraints.measure,
            constraints.max_hops,
            constraints.k,
            constraints.max_exposure,
            constraints.min_wage_ratio,
            less_exposed=False,
        )
        excluded: list[tuple[str, int]] = []
        remaining = [target]
        for name, keep in self._filters(self.occupation(origin), explicit):
            passed = [c for c in remaining if keep(self.occupation(c))]
            excluded.append((name, len(remaining) - len(passed)))
            remaining = passed
        if not remaining or origin == target:
            return Search([], [("max_hops", 0), *excluded])
        corridor = self._corridor(origin, target, constraints.max_hops)
        if target not in corridor:
            return Search([], [("max_hops", 1), *excluded])
        sub = self.graph.subgraph(corridor)
        found = (
            Path(tuple(codes), sum(sub.edges[u, v]["cost"] for u, v in itertools.pairwise(codes)))
            for codes in nx.all_simple_paths(sub, origin, target, cutoff=constraints.max_hops)
        )
        best = heapq.nsmallest(constraints.k, found, key=lambda p: (p.cost, len(p.codes), p.codes))
        return Search(best, [("max_hops", 0), *excluded])

    def _corridor(self, origin: str, target: str, max_hops: int) -> set[str]:
        """Nodes on some walk of at most ``max_hops`` steps from origin to target."""
        forward = nx.single_source_shortest_path_length(self.graph, origin, cutoff=max_hops)
        backward = nx.single_source_shortest_path_length(
            self.graph.reverse(copy=False), target, cutoff=max_hops
        )
        return {n for n, d in forward.items() if n in backward and d + backward[n] <= max_hops}


__all__ = ["Constraints", "Edge", "Fact", "Occupation", "Path", "PivotGraph", "Search"]
