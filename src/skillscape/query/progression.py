"""Why an occupation's ``progression`` is empty, in words a reader of the answer understands.

``progression`` answers nothing for an occupation that no framework document describes and no
O*NET release rates for level, or whose rated descriptors have no level anchors. The named query
``internal/progression-coverage`` counts what is there; :func:`empty_reason` says what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from skillscape.query import named
from skillscape.store.base import GraphStore

COVERAGE_QUERY = "internal/progression-coverage"


@dataclass(frozen=True)
class Coverage:
    """What the graph holds for an occupation's progression."""

    known: bool  # the occupation is in the graph
    rated: int  # descriptors it is rated on for level (O*NET LV)
    anchored: int  # of those, the ones whose level scale has anchors


def coverage_of(records: Sequence[Mapping[str, Any]]) -> Coverage:
    """The coverage from the rows of ``internal/progression-coverage`` (plain values or RDF terms)."""

    def number(value: Any) -> int:
        return int(getattr(value, "value", value) or 0)

    if not records:
        return Coverage(False, 0, 0)
    row = records[0]
    return Coverage(number(row.get("known")) > 0, number(row.get("rated")), number(row.get("anchored")))


def coverage(store: GraphStore, code: str) -> Coverage:
    return coverage_of(list(named.load(COVERAGE_QUERY).run(store, {"occupation": code}).records()))


def empty_reason(code: str, found: Coverage) -> str:
    """Why ``progression`` has no rows for a known occupation ``code``."""
    if found.rated == 0:
        return (
            f"{code}: no progression, because no O*NET release in the graph rates this occupation's "
            "skills or knowledge for level (O*NET leaves it out of Skills.txt and Knowledge.txt), and "
            "no skills-framework document describes it"
        )
    if found.anchored == 0:
        return (
            f"{code}: no progression, because none of the {found.rated} descriptors it is rated on "
            "has level anchors (Level Scale Anchors.txt) in the graph"
        )
    return f"{code}: no progression rows, although {found.anchored} rated descriptors have level anchors"
