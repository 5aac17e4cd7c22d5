"""Pathway questions as jobs of the API's query workers, with one service per worker process.

A worker process opens the store once and answers jobs until it stops (see
:mod:`skillscape.api.worker`); a job is any picklable object with ``run(store, deadline)``.
:class:`PathwayJob` keeps one :class:`~skillscape.pathways.service.PathwayService` per open store
in the process, so the pivot graph is read once per worker and every later question is answered
from memory: from the build's pathway index when the store version has one
(:mod:`skillscape.pathways.index`), else from the store (the profiles on the paths kept too).

Answers travel back as plain dicts. A question the service cannot answer raises its
:class:`~skillscape.errors.SkillscapeError` (an unknown occupation, an unknown measure, no
similarities), which the worker sends back whole for the API to report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from skillscape.pathways.service import PathwayService, PivotRequest
from skillscape.store.base import GraphStore

_SERVICES: dict[int, tuple[GraphStore, PathwayService]] = {}


def service_for(store: GraphStore) -> PathwayService:
    """The process's service for ``store`` (made on first use, kept while the store is open)."""
    kept = _SERVICES.get(id(store))
    if kept is None or kept[0] is not store:
        kept = (store, PathwayService.open(store))
        _SERVICES[id(store)] = kept
    return kept[1]


@dataclass(frozen=True)
class PathwayJob:
    kind: Literal["adjacent", "pivots", "warm"]
    code: str = ""
    k: int = 20
    pivot: PivotRequest | None = None

    def run(self, store: GraphStore, deadline: float) -> Any:
        service = service_for(store)
        if self.kind == "adjacent":
            return service.adjacent(self.code, self.k)
        if self.kind == "warm":
            return {"occupations": service.data.graph.graph.number_of_nodes()}
        assert self.pivot is not None
        return service.pivots(self.pivot)


__all__ = ["PathwayJob", "service_for"]
