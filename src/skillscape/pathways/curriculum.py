"""The level anchors a worker climbs to close a skill gap: the curriculum view of a pivot step.

Pure functions. The input is the destination's ``progression`` rows (its O*NET level anchors per
rated descriptor, with its required level); the output hangs on each skill or knowledge gap of a
step, from the origin's level to the destination's:

* :func:`ladders` — the anchor rows by (kind, descriptor name), in rank order;
* :func:`climb` — the anchors above the origin's level, up to the first anchor at or above the
  destination's level (the level the worker must reach; where no anchor reaches it, up to the
  highest);
* :func:`with_anchors` — each skill or knowledge gap with its ``anchors`` (text, rank, statement).

A descriptor's anchors are matched to a gap by kind and name: the ``progression`` scale names the
kind ("O*NET skill level" → skill, "O*NET knowledge level" → knowledge), the domain is the
descriptor's name. Framework-document rows (no required level) are left to
:func:`skillscape.pathways.explain.curriculum`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

#: the ``progression`` scale of a descriptor's level anchors → the kind of gap it serves
SCALE_KINDS = {"O*NET skill level": "skill", "O*NET knowledge level": "knowledge"}


@dataclass(frozen=True)
class Anchor:
    rank: int
    text: str
    statement: str


Ladders = dict[tuple[str, str], list[Anchor]]


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _number(value: Any) -> float | None:
    plain = _plain(value)
    if plain is None or plain == "":
        return None
    return float(Decimal(str(plain)))


def ladders(records: Iterable[Mapping[str, Any]]) -> Ladders:
    """The level anchors of ``progression`` rows by (kind, descriptor name), lowest rank first."""
    found: dict[tuple[str, str], dict[int, Anchor]] = defaultdict(dict)
    for record in records:
        kind = SCALE_KINDS.get(str(_plain(record.get("scale"))))
        if kind is None or _number(record.get("required_level")) is None:
            continue
        rank = int(_number(record.get("rank")) or 0)
        anchor = Anchor(rank, str(_plain(record.get("text"))), str(_plain(record.get("statement"))))
        found[kind, str(_plain(record.get("domain")))][rank] = anchor
    return {key: [by_rank[r] for r in sorted(by_rank)] for key, by_rank in found.items()}


def climb(anchors: list[Anchor], from_level: float, to_level: float) -> list[Anchor]:
    """The anchors above ``from_level`` up to the first at or above ``to_level``, in rank order."""
    if to_level <= from_level:
        return []
    chosen = []
    for anchor in anchors:
        if anchor.rank <= from_level:
            continue
        chosen.append(anchor)
        if anchor.rank >= to_level:
            break
    return chosen


def with_anchors(gaps: list[dict[str, Any]], found: Ladders) -> list[dict[str, Any]]:
    """The gaps, each skill or knowledge gap with ``anchors``: [{rank, text, statement}] in order."""
    for gap in gaps:
        if gap.get("kind") not in SCALE_KINDS.values():
            continue
        anchors = found.get((gap["kind"], gap["name"]), [])
        steps = climb(anchors, float(gap["from_level"]), float(gap["to_level"]))
        gap["anchors"] = [{"rank": a.rank, "text": a.text, "statement": a.statement} for a in steps]
    return gaps


__all__ = ["Anchor", "Ladders", "climb", "ladders", "with_anchors"]
