"""What changed between two O*NET releases in the graph, occupation by occupation.

Each release lives in its own named graph (``ss:release`` on the graph). The named queries in
``queries/diff/`` compare two of them; the release names (and, when given, the occupation)
are bound by the engine. Compared:

* ``task`` — task statements by Task ID: added, removed, or ``changed`` (reworded);
* ``title`` — occupations added or removed, or ``changed`` (retitled);
* ``alternate title`` — alternate titles an occupation gained or lost;
* ``technology example`` — technology-skill examples (product and commodity) an occupation
  gained or lost, or whose hot-technology / in-demand flags ``changed``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from skillscape.errors import NotFound
from skillscape.model import iri
from skillscape.query import named
from skillscape.query.results import python_value
from skillscape.store.base import GraphStore, Term

#: what is compared → its named query
QUERIES: dict[str, str] = {
    "title": "diff/titles",
    "task": "diff/tasks",
    "alternate title": "diff/alternate-titles",
    "technology example": "diff/technology-examples",
}
CHANGES = ("added", "removed", "changed")


class UnknownRelease(NotFound):
    """A release that no named graph of the store holds."""


@dataclass(frozen=True)
class Change:
    """One difference: what, how, for which occupation, and its values before and after."""

    what: str
    change: str
    occupation: str
    key: str
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None

    def as_record(self) -> dict[str, Any]:
        return {
            "occupation": self.occupation,
            "what": self.what,
            "change": self.change,
            "key": self.key,
            "before": dict(self.before) if self.before is not None else None,
            "after": dict(self.after) if self.after is not None else None,
        }


@dataclass
class ReleaseDiff:
    """The changes from one release to another (optionally for one occupation)."""

    from_release: str
    to_release: str
    occupation: str | None = None
    changes: list[Change] = field(default_factory=list)

    def by_occupation(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.occupation, []).append(change)
        return dict(sorted(grouped.items()))

    def counts(self) -> Counter[tuple[str, str]]:
        """``(what, change)`` → how many."""
        return Counter((change.what, change.change) for change in self.changes)

    def select(self, what: str, change: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.what == what and (change is None or c.change == change)]

    def as_json(self) -> dict[str, Any]:
        """Nested per occupation: ``{occupation: {what: {added|removed|changed: [...]}}}``."""
        occupations: dict[str, dict[str, dict[str, list[dict[str, Any]]]]] = {}
        for code, changes in self.by_occupation().items():
            entry = occupations.setdefault(code, {})
            for change in changes:
                item = {"key": change.key, "before": change.before, "after": change.after}
                entry.setdefault(change.what, {}).setdefault(change.change, []).append(item)
        return {
            "from": self.from_release,
            "to": self.to_release,
            "occupation": self.occupation,
            "counts": {f"{what}/{change}": n for (what, change), n in sorted(self.counts().items())},
            "occupations": occupations,
        }


def releases(store: GraphStore) -> list[str]:
    """The O*NET releases the store holds, by the ``ss:release`` of their graphs."""
    result = named.load("diff/releases").run(store)
    return sorted(str(python_value(row[0])) for row in result.rows if row[0] is not None)


def diff_releases(
    store: GraphStore, from_release: str, to_release: str, occupation: str | None = None
) -> ReleaseDiff:
    """Added, removed and changed tasks, titles, alternate titles and technology examples."""
    known = releases(store)
    for release in (from_release, to_release):
        if release not in known:
            raise UnknownRelease(
                f"no O*NET release {release!r} in the store; it holds: {', '.join(known) or 'none'}"
            )
    bindings: dict[str, Term] = {"from": ox.Literal(from_release), "to": ox.Literal(to_release)}
    code = iri.normalize_occupation_code(occupation) if occupation else None
    if code is not None:
        bindings["occupation"] = iri.occupation(code)
    result = ReleaseDiff(from_release, to_release, code)
    for what, query_name in QUERIES.items():
        query = named.load(query_name)
        rows = store.query(query.bound(bindings))
        for record in rows.records():
            result.changes.append(_change(what, {k: python_value(v) for k, v in record.items()}))
    result.changes.sort(key=lambda c: (c.occupation, list(QUERIES).index(c.what), c.change, c.key))
    return result


def _change(what: str, record: Mapping[str, Any]) -> Change:
    change = str(record["change"])
    if what == "technology example":
        before = _flags(record.get("hotBefore"), record.get("inDemandBefore"), record["commodity"])
        after = _flags(record.get("hotAfter"), record.get("inDemandAfter"), record["commodity"])
    else:
        label = "text" if what == "task" else "title"
        before = None if record.get("before") is None else {label: record["before"]}
        after = None if record.get("after") is None else {label: record["after"]}
    return Change(what, change, str(record["code"]), str(record["key"]), before, after)


def _flags(hot: Any, in_demand: Any, commodity: Any) -> dict[str, Any] | None:
    if hot is None and in_demand is None:
        return None
    return {"commodity": str(commodity), "hot technology": hot, "in demand": in_demand}
