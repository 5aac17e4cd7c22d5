"""Adjacent occupations and pivot paths as the CLI and the API answer them (JSON-ready dicts).

A :class:`PathwayService` wraps one open store. The pivot graph is read from the store the first
time it is needed and kept (the store a service reads is one published version, which never
changes); occupation profiles and frameworks are kept as they are read.

Bad input: an unknown occupation raises :class:`UnknownOccupation` with the closest codes and
titles; an unknown exposure measure raises :class:`MeasureUnknown` with the known ones.
Constraints nothing meets are not errors: the answer has no paths and says, in ``excluded``,
which constraint excluded how many candidate destinations.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from skillscape.errors import BadInput
from skillscape.model import iri
from skillscape.pathways import curriculum, explain
from skillscape.pathways.graph import Constraints, Fact, Occupation, Path, Search
from skillscape.pathways.index import PathwayIndex, read_index
from skillscape.pathways.loading import PivotData, load_pivot_data, release_of, similarity_provenance
from skillscape.query import named
from skillscape.query.occupations import OccupationIndex, UnknownOccupation
from skillscape.store.base import GraphStore

#: the exposure measure pivots compare by default: GPT-4-rated exposure β of Eloundou et al.
DEFAULT_MEASURE = "dv_rating_beta"
#: profiles and frameworks kept per service
CACHE_ENTRIES = 2048
MAX_HOPS = 4
MAX_K = 50
#: what a counsellor would ask of a pivot by default (each overridable; 0 turns it off): pay at
#: least 90 % of the origin's median wage, and AI exposure lower than the origin's by at least
#: 0.05 on the measure's 0–1 scale (about a third of the spread between occupations' β)
DEFAULT_MIN_WAGE_RATIO = 0.9
DEFAULT_MIN_EXPOSURE_DROP = 0.05


class MeasureUnknown(BadInput):
    def __init__(self, measure: str, known: list[str]) -> None:
        super().__init__(
            f"no exposure measure {measure!r}; known measures: {', '.join(known)}",
            parameter="measure",
            expected="one of " + ", ".join(known),
        )
        self.measure = measure
        self.known = known

    def details(self) -> dict[str, Any]:
        return {**super().details(), "known": self.known}


class _Cache(OrderedDict[Any, Any]):
    def remember(self, key: Any, value: Any) -> Any:
        self[key] = value
        while len(self) > CACHE_ENTRIES:
            self.popitem(last=False)
        return value


@dataclass
class PivotRequest:
    code: str
    to: str | None = None
    max_hops: int = 3
    k: int = 5
    max_exposure: float | None = None
    measure: str | None = None
    min_wage_ratio: float | None = None
    min_exposure_drop: float | None = None


class PathwayService:
    """Adjacent occupations and pivots over one store."""

    def __init__(self, store: GraphStore, index: PathwayIndex | None = None) -> None:
        """``index``: the build's pathway index of ``store`` (:mod:`skillscape.pathways.index`);
        without one, the graph, profiles and ladders are read from the store as they are needed."""
        self.store = store
        self.index = index
        self._data: PivotData | None = index.data if index is not None else None
        self._release_graph: str | None = None
        self._profiles = _Cache()
        self._frameworks = _Cache()
        self._occupations: OccupationIndex | None = None
        self._ladders = _Cache()

    @classmethod
    def open(cls, store: GraphStore) -> PathwayService:
        """A service over ``store``, with the build's pathway index when its version has one."""
        return cls(store, read_index(getattr(store, "path", None)))

    # ------------------------------------------------------------------ shared state
    @property
    def data(self) -> PivotData:
        if self._data is None:
            self._data = load_pivot_data(self.store)
        return self._data

    def release_graph(self) -> str:
        if self._release_graph is None:
            self._release_graph = (
                self._data.release.graph
                if self._data is not None
                else release_of(self.store, similarity_provenance(self.store)).graph
            )
        return self._release_graph

    def profile(self, code: str) -> explain.Profile:
        if self.index is not None and code in self.index.profiles:
            return self.index.profiles[code]
        found = self._profiles.get(code)
        if found is None:
            records = named.load("pathways/occupation-features").run(
                self.store, {"occupation": code, "graph": self.release_graph()}
            )
            found = self._profiles.remember(code, explain.profile(code, records.records()))
        return found  # type: ignore[no-any-return]

    def levels(self, code: str) -> dict[tuple[str, str], list[explain.LevelStatement]]:
        if self.index is not None and code in self.index.frameworks:
            return self.index.frameworks[code]
        found = self._frameworks.get(code)
        if found is None:
            rows = list(named.load("progression").run(self.store, {"occupation": code}).records())
            self._ladders.remember(code, curriculum.ladders(rows))
            found = self._frameworks.remember(code, explain.framework(rows))
        return found  # type: ignore[no-any-return]

    def ladders(self, code: str) -> curriculum.Ladders:
        """The level anchors of ``code``'s ``progression``, by (kind, descriptor name)."""
        if self.index is not None and code in self.index.ladders:
            return self.index.ladders[code]
        if code not in self._ladders:
            self._frameworks.pop(code, None)
            self.levels(code)
        return self._ladders[code]  # type: ignore[no-any-return]

    def _names(self) -> dict[str, str]:
        return {code: o.title or "" for code, o in self._index().occupations.items()}

    def _index(self) -> OccupationIndex:
        if self._occupations is None:
            self._occupations = OccupationIndex.load(self.store)
        return self._occupations

    def _unknown(self, code: str, reason: str = "") -> UnknownOccupation:
        # the same closest matches as every other command and resource (query/occupations.py)
        return UnknownOccupation(code, self._index().suggest(code), reason=reason)

    # ------------------------------------------------------------------ adjacent
    def adjacent(self, code: str, k: int = 20) -> list[dict[str, Any]]:
        """The k occupations most similar to ``code`` (named query ``adjacent``), with what
        transfers and the main gaps."""
        normalized = _normalize(code)
        if self.index is not None and normalized is not None and normalized in self.index.data.graph:
            return self._indexed_adjacent(normalized, k)
        rows = []
        if normalized is not None:
            result = named.load("adjacent").run(self.store, {"occupation": normalized, "k": str(k)})
            rows = list(result.records())
        if not rows:
            names = self._names()
            if normalized is None or normalized not in names:
                raise self._unknown(code)
            return []  # a known occupation the release describes too little to compare
        assert normalized is not None
        origin = self.profile(normalized)
        found = []
        for record in rows:
            target_code = str(record["code"].value)  # type: ignore[union-attr]
            target = self.profile(target_code)
            features = record.get("features")
            found.append(
                {
                    "rank": int(record["rank"].value),  # type: ignore[union-attr]
                    "code": target_code,
                    "title": str(record["title"].value) if record.get("title") else "",  # type: ignore[union-attr]
                    "score": round(float(record["score"].value), 4),  # type: ignore[union-attr]
                    "transfers": _items(explain.transfers(origin, target, 8)),
                    "gaps": _items(explain.gaps(origin, target, 8), importance=True),
                    "features": json.loads(features.value) if features is not None else {},
                    "statement": record["statement"].value,  # type: ignore[union-attr]
                }
            )
        return found

    def _indexed_adjacent(self, code: str, k: int) -> list[dict[str, Any]]:
        """``adjacent`` from the pathway index: the same rows as the named query, from memory."""
        graph = self.data.graph
        origin = self.profile(code)
        found = []
        for rank, edge in enumerate(graph.targets(code)[: max(k, 0)], start=1):
            target = self.profile(edge.target)
            found.append(
                {
                    "rank": edge.position or rank,
                    "code": edge.target,
                    "title": graph.occupation(edge.target).title,
                    "score": round(edge.score, 4),
                    "transfers": _items(explain.transfers(origin, target, 8)),
                    "gaps": _items(explain.gaps(origin, target, 8), importance=True),
                    "features": json.loads(edge.features) if edge.features else {},
                    "statement": edge.statement,
                }
            )
        return found

    # ------------------------------------------------------------------ pivots
    def resolve(self, code: str) -> str:
        """The code of an occupation of the pivot graph, or UnknownOccupation with the closest."""
        graph = self.data.graph
        normalized = _normalize(code)
        if normalized is not None and normalized in graph:
            return normalized
        reason = ""
        if normalized is not None and normalized in self._names():
            reason = f"occupation {normalized!r} has no similarities (its O*NET data is too thin to compare)"
        raise self._unknown(code, reason)

    def measure(self, measure: str | None) -> str:
        known = self.data.graph.measures
        chosen = measure or DEFAULT_MEASURE
        if chosen not in known:
            raise MeasureUnknown(chosen, known)
        return chosen

    def pivots(self, request: PivotRequest) -> dict[str, Any]:
        """The k best less-exposed destinations (or the k best paths to ``request.to``)."""
        origin = self.resolve(request.code)
        target = self.resolve(request.to) if request.to else None
        measure = self.measure(request.measure)
        wage_ratio = DEFAULT_MIN_WAGE_RATIO if request.min_wage_ratio is None else request.min_wage_ratio
        drop = DEFAULT_MIN_EXPOSURE_DROP if request.min_exposure_drop is None else request.min_exposure_drop
        constraints = Constraints(
            measure=measure,
            max_hops=max(1, min(request.max_hops, MAX_HOPS)),
            k=max(1, min(request.k, MAX_K)),
            max_exposure=request.max_exposure,
            min_wage_ratio=wage_ratio if wage_ratio > 0 else None,
            less_exposed=target is None,
            min_exposure_drop=max(drop, 0.0),
        )
        search = self._search(origin, target, constraints)
        answer = self._answer(origin, target, constraints, search)
        if not search.paths:
            relaxed = self._what_would_work(origin, target, constraints)
            if relaxed is not None:
                answer["would_work"] = relaxed
                answer["message"] += f". {relaxed['explanation']}"
            answer["explanation"] = answer["message"]
        return answer

    def _search(self, origin: str, target: str | None, constraints: Constraints) -> Search:
        graph = self.data.graph
        if target is not None:
            return graph.paths_to(origin, target, constraints)
        return graph.destinations(origin, constraints)

    def _what_would_work(
        self, origin: str, target: str | None, constraints: Constraints
    ) -> dict[str, Any] | None:
        """The first relaxed setting (the smallest change first) that gives results, in plain words."""
        for changes in explain.relaxations(constraints, MAX_HOPS):
            relaxed = replace(constraints, **changes)
            found = self._search(origin, target, relaxed)
            if found.paths:
                return {
                    "changes": changes,
                    "results": len(found.paths),
                    "explanation": explain.relaxation_sentence(changes, target, len(found.paths)),
                }
        return None

    def _answer(
        self, origin: str, target: str | None, constraints: Constraints, search: Search
    ) -> dict[str, Any]:
        graph = self.data.graph
        measure = constraints.measure
        answer: dict[str, Any] = {
            "origin": self._node(graph.occupation(origin), measure),
            "measure": measure,
            "constraints": {
                "to": target,
                "max_hops": constraints.max_hops,
                "k": constraints.k,
                "max_exposure": constraints.max_exposure,
                "measure": measure,
                "min_wage_ratio": constraints.min_wage_ratio,
                "less_exposed_than_origin": constraints.less_exposed,
                "min_exposure_drop": constraints.min_exposure_drop if constraints.less_exposed else None,
            },
            "paths": [self._path(path, measure) for path in search.paths],
            "excluded": [{"constraint": name, "count": count} for name, count in search.excluded],
            "similarity": self._similarity(),
        }
        answer["explanation"] = explain.constraints_sentence(
            answer["origin"], constraints.min_wage_ratio, answer["constraints"]["min_exposure_drop"], measure
        )
        if not search.paths:
            values = {
                "hops": constraints.max_hops,
                "drop": constraints.min_exposure_drop,
                "ratio": constraints.min_wage_ratio or 0.0,
                "ceiling": constraints.max_exposure if constraints.max_exposure is not None else 1.0,
            }
            answer["message"] = explain.empty_sentence(search.excluded, target, **values)
        return answer

    def _similarity(self) -> dict[str, Any]:
        provenance = self.data.provenance
        if provenance is None:
            return {}
        return {
            "algorithm": provenance.name,
            "version": provenance.version,
            "parameters": json.loads(provenance.parameters) if provenance.parameters else {},
            "graph": provenance.graph,
            "release": provenance.release,
            "activity": provenance.activity,
        }

    @staticmethod
    def _node(occupation: Occupation, measure: str) -> dict[str, Any]:
        exposure = occupation.exposure.get(measure)
        return {
            "code": occupation.code,
            "title": occupation.title,
            "exposure": _round(exposure),
            "job_zone": int(occupation.job_zone.value) if occupation.job_zone else None,
            "wage": _round(occupation.wage),
            "wage_mapped": occupation.wage.method if occupation.wage is not None else None,
        }

    def _path(self, path: Path, measure: str) -> dict[str, Any]:
        graph = self.data.graph
        return {
            "destination": self._node(graph.occupation(path.destination), measure),
            "cost": round(path.cost, 4),
            "hops": len(path.codes) - 1,
            "steps": [self._step(a, b, measure) for a, b in path.steps()],
        }

    def _step(self, source: str, target: str, measure: str) -> dict[str, Any]:
        graph = self.data.graph
        a, b = graph.occupation(source), graph.occupation(target)
        edge = graph.edge(source, target)
        origin, destination = self.profile(source), self.profile(target)
        all_gaps = explain.gaps(origin, destination, None)
        transfers = _items(explain.transfers(origin, destination))
        gaps = _items(all_gaps[:12], importance=True)
        exposure, wage = _exposure(a, b, measure), _wage(a.wage, b.wage)
        return {
            "from": {"code": a.code, "title": a.title},
            "to": {"code": b.code, "title": b.title},
            "score": round(edge.score, 4),
            "features": json.loads(edge.features) if edge.features else {},
            "explanation": explain.step_sentence(transfers, gaps, wage, exposure),
            "transfers": transfers,
            "gaps": curriculum.with_anchors(gaps, self.ladders(target)),
            "curriculum": explain.curriculum(all_gaps, self.levels(target), b.title),
            "exposure": exposure,
            "job_zone": _change(a.job_zone, b.job_zone),
            "wage": wage,
            "citations": self._citations(a, b, measure, edge.statement),
        }

    def _citations(
        self, a: Occupation, b: Occupation, measure: str, similarity: str | None
    ) -> list[dict[str, str]]:
        found: list[dict[str, str]] = []
        provenance = self.data.provenance
        if similarity:
            made = (
                f" ({provenance.name} {provenance.version}, O*NET {provenance.release})" if provenance else ""
            )
            found.append({"iri": similarity, "label": f"similarity {a.code} → {b.code}{made}"})
        for occupation in (a, b):
            facts = [
                (occupation.exposure.get(measure), f"AI exposure ({measure})"),
                (occupation.job_zone, "job zone"),
                (occupation.wage, "median annual wage"),
            ]
            for fact, what in facts:
                if fact is not None and fact.statement:
                    source = f"{fact.source}: " if fact.source else ""
                    found.append({"iri": fact.statement, "label": f"{source}{what} of {occupation.code}"})
        return found


# ---------------------------------------------------------------------------- helpers


def _normalize(code: str) -> str | None:
    try:
        return iri.normalize_occupation_code(code)
    except iri.InvalidCode:
        return None


def _round(fact: Fact | None, digits: int = 4) -> float | None:
    return round(fact.value, digits) if fact is not None else None


def _items(items: Iterable[dict[str, Any]], importance: bool = False) -> list[dict[str, Any]]:
    """Transfers and gaps as the JSON contract has them (kind, id, name[, importance] first)."""
    shown = []
    for item in items:
        entry = {"kind": item["kind"], "id": item["id"], "name": item["name"]}
        if importance:
            entry["importance"] = item["importance"]
        entry.update({k: v for k, v in item.items() if k not in entry})
        shown.append(entry)
    return shown


def _exposure(a: Occupation, b: Occupation, measure: str) -> dict[str, Any]:
    low, high = a.exposure.get(measure), b.exposure.get(measure)
    sources = sorted({f.source for f in (low, high) if f is not None and f.source})
    return {
        "from": _round(low),
        "to": _round(high),
        "delta": round(high.value - low.value, 4) if low is not None and high is not None else None,
        "measure": measure,
        "source": " | ".join(sources) or None,
    }


def _change(low: Fact | None, high: Fact | None) -> dict[str, Any]:
    return {
        "from": int(low.value) if low is not None else None,
        "to": int(high.value) if high is not None else None,
        "delta": int(high.value - low.value) if low is not None and high is not None else None,
    }


def _wage(low: Fact | None, high: Fact | None) -> dict[str, Any]:
    sources = sorted({f.source for f in (low, high) if f is not None and f.source})
    return {
        "from": _round(low, 2),
        "to": _round(high, 2),
        "ratio": round(high.value / low.value, 4)
        if low is not None and high is not None and low.value
        else None,
        "source": " | ".join(sources) or None,
        "mapped": [f.method for f in (low, high) if f is not None and f.method],
    }


__all__ = [
    "DEFAULT_MEASURE",
    "MeasureUnknown",
    "PathwayService",
    "PivotRequest",
]
