"""Read the pivot graph's nodes and edges from the store (named queries in ``queries/pathways/``).

* nodes: the occupations of the O*NET release the similarities were derived from, with their job
  zone (that release), median annual wage and AI exposure (every occupation-level measure);
* edges: the derived ``ss:OccupationSimilarity`` statements.

Wages: several sources may state a median annual wage for one occupation (the Anthropic Economic
Index wage table covers most occupations; an occupation profile states its own). Ratios are only
meaningful within one source, so every occupation takes its wage from the source that covers the
most occupations, and from another source (the most recent year) only when that one has none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from skillscape.errors import Unavailable
from skillscape.pathways.features import Release, newest_release
from skillscape.pathways.graph import Edge, Fact, Occupation, PivotGraph
from skillscape.query import named
from skillscape.store.base import GraphStore


class NoSimilarity(Unavailable):
    """The store holds no derived occupation similarities (no O*NET release was built)."""


@dataclass(frozen=True)
class Provenance:
    """The run of the algorithm that derived the similarities."""

    graph: str
    title: str
    activity: str
    algorithm: str
    name: str
    version: str
    parameters: str
    used: tuple[tuple[str, str, str], ...] = ()  # (graph, title, release name)

    @property
    def release(self) -> str | None:
        return next((release for _, _, release in self.used if release), None)


@dataclass
class PivotData:
    """The pivot graph and what its numbers come from."""

    graph: PivotGraph
    provenance: Provenance | None
    release: Release
    iris: dict[str, str] = field(default_factory=dict)  # code -> occupation IRI


def _records(
    store: GraphStore, name: str, params: Mapping[str, str] | None = None
) -> Iterable[dict[str, Any]]:
    return named.load(name).run(store, params or {}).records()


def _str(term: object) -> str:
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else ""


def _number(term: object) -> float | None:
    if not isinstance(term, ox.Literal):
        return None
    try:
        return float(Decimal(term.value))
    except ArithmeticError:
        return None


def similarity_provenance(store: GraphStore) -> Provenance | None:
    rows = list(_records(store, "pathways/similarity-provenance"))
    if not rows:
        return None
    first = rows[0]
    used = tuple(
        dict.fromkeys((_str(r["used"]), _str(r.get("usedTitle")), _str(r.get("release"))) for r in rows)
    )
    return Provenance(
        graph=_str(first["graph"]),
        title=_str(first.get("title")),
        activity=_str(first["activity"]),
        algorithm=_str(first["algorithm"]),
        name=_str(first["name"]),
        version=_str(first["version"]),
        parameters=_str(first["parameters"]),
        used=used,
    )


def release_of(store: GraphStore, provenance: Provenance | None) -> Release:
    """The O*NET release the similarities were derived from (else the newest in the store)."""
    if provenance is not None and provenance.release:
        return newest_release(store, provenance.release)
    return newest_release(store)


def occupations(store: GraphStore, release: Release) -> tuple[dict[str, Occupation], dict[str, str]]:
    """The release's occupations (with their job zone) by IRI, and the IRI of every code."""
    found: dict[str, Occupation] = {}
    for record in _records(store, "pathways/occupations", {"graph": release.graph}):
        node = _str(record["occupation"])
        if node in found:
            continue
        zone = _number(record.get("jobZone"))
        job_zone = None
        if zone is not None:
            job_zone = Fact(zone, _str(record.get("jobZoneStatement")) or None, release.title or None)
        found[node] = Occupation(_str(record["code"]), _str(record["title"]), job_zone=job_zone)
    return found, {o.code: node for node, o in found.items()}


def exposures(store: GraphStore) -> dict[str, dict[str, Fact]]:
    """Occupation IRI -> measure -> exposure (the first statement of each, by statement IRI)."""
    found: dict[str, dict[str, Fact]] = defaultdict(dict)
    rows = sorted(_records(store, "pathways/occupation-exposure"), key=lambda r: _str(r["statement"]))
    for record in rows:
        score = _number(record["score"])
        occupation, measure = _str(record["occupation"]), _str(record["measure"])
        if score is None or measure in found[occupation]:
            continue
        found[occupation][measure] = Fact(
            score, _str(record["statement"]), _str(record.get("dataset")) or None
        )
    return found


def wages(store: GraphStore) -> dict[str, Fact]:
    """Occupation IRI -> median annual wage, from the source covering most occupations first."""
    rows = [r for r in _records(store, "pathways/occupation-wages") if _number(r["wage"]) is not None]
    coverage = Counter(_str(r["graph"]) for r in rows)
    ranked = sorted(
        rows,
        key=lambda r: (
            -coverage[_str(r["graph"])],
            _str(r["graph"]),
            -(_number(r.get("year")) or 0),
            _str(r["statement"]),
        ),
    )
    found: dict[str, Fact] = {}
    for record in ranked:
        occupation = _str(record["occupation"])
        if occupation not in found:
            value = _number(record["wage"])
            assert value is not None
            found[occupation] = Fact(
                value,
                _str(record["statement"]),
                _str(record.get("dataset")) or None,
                _str(record.get("method")) or None,
            )
    return found


def nodes(store: GraphStore, release: Release) -> tuple[list[Occupation], dict[str, str]]:
    """Every occupation of ``release`` with its job zone, wage and exposures."""
    base, iris = occupations(store, release)
    exposure, wage = exposures(store), wages(store)
    full = [
        Occupation(o.code, o.title, o.job_zone, wage.get(node), exposure.get(node, {}))
        for node, o in base.items()
    ]
    return full, iris


def edges(store: GraphStore, codes: Mapping[str, str]) -> list[Edge]:
    """The derived similarities between occupations in ``codes`` (occupation IRI -> code)."""
    found = []
    for record in _records(store, "pathways/similarity-edges"):
        source, target = codes.get(_str(record["source"])), codes.get(_str(record["target"]))
        score = _number(record["score"])
        if source is None or target is None or score is None:
            continue
        position = _number(record.get("position"))
        found.append(
            Edge(
                source,
                target,
                score,
                _str(record["statement"]),
                _str(record.get("features")) or None,
                int(position) if position is not None else None,
            )
        )
    return found


def load_pivot_data(store: GraphStore) -> PivotData:
    """The pivot graph of the store's derived similarities (raises NoSimilarity when there are none)."""
    provenance = similarity_provenance(store)
    if provenance is None:
        raise NoSimilarity(
            "the store holds no occupation similarities: build it from sources that include an O*NET release"
        )
    release = release_of(store, provenance)
    occupation_nodes, iris = nodes(store, release)
    codes = {node: code for code, node in iris.items()}
    found = edges(store, codes)
    # occupations the release describes too little to compare ("All Other" codes) have no edges
    linked = {e.source for e in found} | {e.target for e in found}
    graph = PivotGraph([o for o in occupation_nodes if o.code in linked], found)
    return PivotData(graph, provenance, release, {c: n for c, n in iris.items() if c in linked})


__all__ = [
    "NoSimilarity",
    "PivotData",
    "Provenance",
    "edges",
    "exposures",
    "load_pivot_data",
    "nodes",
    "occupations",
    "release_of",
    "similarity_provenance",
    "wages",
]
