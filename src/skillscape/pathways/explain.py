"""What transfers from one occupation to another, what must be learned, and the curriculum for it.

Pure functions over two occupation profiles (one occupation's rows of the named query
``pathways/occupation-features``) and, for the curriculum, the destination's ``progression``
rows. ``importance`` is on a 0–1 scale so that gaps of different kinds can be ordered together:

* skills and knowledge: the destination's O*NET importance (IM, 1–5) rescaled to 0–1;
* work styles: the destination's work-style impact (WI, 0–3) rescaled to 0–1;
* detailed work activities: how many of the destination's tasks perform the activity, relative to
  its most frequent activity (1 = its most frequent);
* technology: 0.6 for a hot technology, 0.4 for another technology, 0.2 for a tool (a kind of
  technology says less about the work than an activity or a skill).

A shortened list (``limit``) keeps at most :data:`PER_KIND` items of each kind.

Curriculum: every skill, knowledge or work-style gap as a progression from the origin's O*NET
level to the destination's. Where the destination has a proficiency framework (``progression``),
a framework domain whose name is the skill's name or part of it (e.g. "Critical Thinking",
"Leadership" for "Leadership Orientation") contributes its level statements: the O*NET level
``L`` (0–7) maps to rank ``⌈L / 7 · n⌉`` of the domain's n levels, and the statements of the
ranks above the origin's up to the destination's are listed, in order. A framework domain named
after the destination occupation itself (its occupational practice) is listed as something the
worker enters at its first level.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

#: Element ID prefix → kind of a rated descriptor
RATED_KINDS: tuple[tuple[str, str], ...] = (
    ("2.A.", "skill"),
    ("2.B.", "skill"),
    ("2.C.", "knowledge"),
    ("1.C.", "work-style"),
    ("1.D.", "work-style"),
)
LEVEL_MAX = {"skill": 7.0, "knowledge": 7.0, "work-style": 3.0}
#: a level must exceed the origin's by this much to count as a gap (O*NET levels carry ~0.2–0.4 SE)
MIN_LEVEL_GAP = 0.5
#: a skill or knowledge area transfers when the destination rates it at least this important
MIN_IMPORTANCE = 3.0
TECHNOLOGY_IMPORTANCE = {("technology", True): 0.6, ("technology", False): 0.4, ("tool", True): 0.2}
#: at most this many items of one kind in a shortened list (so one kind does not crowd out the others)
PER_KIND = 4
KIND_ORDER = ("skill", "knowledge", "dwa", "technology", "tool", "work-style")


@dataclass
class Rated:
    iri: str
    kind: str
    name: str
    importance: float | None = None  # IM 1–5 (None for work styles)
    level: float = 0.0  # LV 0–7, or WI 0–3 for work styles
    statements: list[str] = field(default_factory=list)


@dataclass
class Activity:
    iri: str
    name: str
    tasks: int = 0
    statement: str | None = None


@dataclass
class Technology:
    iri: str
    name: str
    kind: str  # technology | tool
    hot: bool = False
    statement: str | None = None


@dataclass
class Profile:
    code: str
    rated: dict[str, Rated] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    technology: dict[str, Technology] = field(default_factory=dict)


# ---------------------------------------------------------------------------- profiles


def _value(term: object) -> str:
    """The text of a term (or of a plain value, as in records already converted)."""
    if isinstance(term, ox.Literal | ox.NamedNode):
        return term.value
    return "" if term is None else str(term)


def _number(term: object) -> float:
    try:
        return float(Decimal(_value(term)))
    except ArithmeticError:
        return 0.0


def rated_kind(notation: str) -> str | None:
    return next((kind for prefix, kind in RATED_KINDS if notation.startswith(prefix)), None)


def profile(code: str, records: Iterable[Mapping[str, Any]]) -> Profile:
    """An occupation's profile from its ``pathways/occupation-features`` rows."""
    found = Profile(code)
    for record in records:
        family, node = _value(record.get("family")), _value(record.get("descriptor"))
        name, statement = _value(record.get("name")), _value(record.get("statement")) or None
        if family == "rating":
            _rating(found, node, name, _value(record.get("notation")), record, statement)
        elif family == "activity":
            activity = found.activities.setdefault(node, Activity(node, name, 0, statement))
            activity.tasks += 1
        elif family == "technology":
            kind = "technology" if _value(record.get("scale")) == "technology" else "tool"
            item = found.technology.setdefault(node, Technology(node, name, kind, False, statement))
            item.hot = item.hot or _number(record.get("value")) > 0
    return found


def _rating(
    found: Profile, node: str, name: str, notation: str, record: Mapping[str, Any], statement: str | None
) -> None:
    kind = rated_kind(notation)
    if kind is None:
        return
    scale, value = _value(record.get("scale")), _number(record.get("value"))
    item = found.rated.setdefault(node, Rated(node, kind, name))
    if statement:
        item.statements.append(statement)
    if scale == "IM":
        item.importance = value
    elif scale == "LV":
        item.level = value
    elif scale == "WI":
        item.level = max(value, 0.0)


# ---------------------------------------------------------------------------- transfers and gaps


def _rated_importance(item: Rated) -> float:
    if item.kind == "work-style":
        return min(item.level / LEVEL_MAX["work-style"], 1.0)
    return min(max(((item.importance or 1.0) - 1.0) / 4.0, 0.0), 1.0)


def _activity_importance(target: Profile) -> dict[str, float]:
    most = max((a.tasks for a in target.activities.values()), default=0)
    return {iri: a.tasks / most for iri, a in target.activities.items()} if most else {}


def _technology_importance(item: Technology) -> float:
    return TECHNOLOGY_IMPORTANCE.get((item.kind, item.hot), 0.2)


def _ordered(items: list[dict[str, Any]], limit: int | None) -> list[dict[str, Any]]:
    items.sort(key=lambda i: (-i["importance"], KIND_ORDER.index(i["kind"]), i["name"]))
    if limit is None:
        return items
    kept: list[dict[str, Any]] = []
    per_kind: dict[str, int] = defaultdict(int)
    for item in items:
        if per_kind[item["kind"]] < PER_KIND:
            per_kind[item["kind"]] += 1
            kept.append(item)
    return kept[:limit]


def transfers(origin: Profile, target: Profile, limit: int | None = 12) -> list[dict[str, Any]]:
    """What the origin already has that the target needs: shared activities and technology,
    skills and knowledge the target rates important and the origin has at the target's level."""
    found: list[dict[str, Any]] = []
    weights = _activity_importance(target)
    for iri, activity in target.activities.items():
        if iri in origin.activities:
            found.append(
                {"kind": "dwa", "id": iri, "name": activity.name, "importance": round(weights[iri], 3)}
            )
    for iri, item in target.rated.items():
        mine = origin.rated.get(iri)
        if mine is None or item.kind == "work-style" or (item.importance or 0) < MIN_IMPORTANCE:
            continue
        if mine.level + 1e-9 >= item.level:
            found.append(
                {
                    "kind": item.kind,
                    "id": iri,
                    "name": item.name,
                    "importance": round(_rated_importance(item), 3),
                    "level": round(item.level, 2),
                }
            )
    for iri, tech in target.technology.items():
        if iri in origin.technology:
            found.append(
                {"kind": tech.kind, "id": iri, "name": tech.name, "importance": _technology_importance(tech)}
            )
    return _ordered(found, limit)


def gaps(origin: Profile, target: Profile, limit: int | None = 12) -> list[dict[str, Any]]:
    """What the target needs that the origin lacks, most important first."""
    found: list[dict[str, Any]] = []
    for iri, item in target.rated.items():
        mine = origin.rated.get(iri)
        have = mine.level if mine is not None else 0.0
        if item.level - have < MIN_LEVEL_GAP:
            continue
        # relevance: a skill or knowledge area the destination rates less than important is no gap
        if item.kind != "work-style" and (item.importance or 0) < MIN_IMPORTANCE:
            continue
        found.append(
            {
                "kind": item.kind,
                "id": iri,
                "name": item.name,
                "importance": round(_rated_importance(item), 3),
                "from_level": round(have, 2),
                "to_level": round(item.level, 2),
                "statements": list(item.statements),
            }
        )
    weights = _activity_importance(target)
    for iri, activity in target.activities.items():
        if iri not in origin.activities:
            found.append(
                {
                    "kind": "dwa",
                    "id": iri,
                    "name": activity.name,
                    "importance": round(weights[iri], 3),
                    "tasks": activity.tasks,
                }
            )
    for iri, tech in target.technology.items():
        if iri not in origin.technology:
            found.append(
                {
                    "kind": tech.kind,
                    "id": iri,
                    "name": tech.name,
                    "importance": _technology_importance(tech),
                    "hot": tech.hot,
                }
            )
    return _ordered(found, limit)


# ---------------------------------------------------------------------------- curriculum


@dataclass(frozen=True)
class LevelStatement:
    scale: str
    domain: str
    level: str
    rank: int
    text: str
    iri: str


def framework(records: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], list[LevelStatement]]:
    """The destination's ``progression`` rows by (scale, domain), in level order."""
    found: dict[tuple[str, str], list[LevelStatement]] = defaultdict(list)
    for record in records:
        if record.get("required_level") is not None:  # an O*NET level anchor: pathways.curriculum
            continue
        scale, domain = _value(record.get("scale")), _value(record.get("domain"))
        rank = int(_number(record.get("rank")))
        statement = LevelStatement(
            scale,
            domain,
            _value(record.get("level")),
            rank,
            _value(record.get("text")),
            _value(record.get("statement")),
        )
        found[scale, domain].append(statement)
    for rows in found.values():
        rows.sort(key=lambda s: s.rank)
    return dict(found)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split())


def _within(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def framework_rank(level: float, kind: str, ranks: int) -> int:
    """The framework rank (1…ranks) of an O*NET level."""
    share = max(level, 0.0) / LEVEL_MAX.get(kind, 7.0)
    return min(ranks, max(1, math.ceil(share * ranks - 1e-9)))


def _statements(rows: list[LevelStatement], low: int, high: int) -> list[dict[str, Any]]:
    chosen = [s for s in rows if low < s.rank <= high] or [s for s in rows if s.rank == high]
    return [{"level": s.level, "rank": s.rank, "text": s.text, "iri": s.iri} for s in chosen]


def curriculum(
    gap_items: list[dict[str, Any]],
    levels: Mapping[tuple[str, str], list[LevelStatement]],
    target_title: str,
    limit: int | None = 10,
) -> list[dict[str, Any]]:
    """The rated gaps as progressions, with the framework's level statements where a domain matches."""
    entries: list[dict[str, Any]] = []
    practice = _words(target_title)
    for (scale, domain), rows in sorted(levels.items()):
        if _words(domain) == practice and rows:
            first = min(s.rank for s in rows)
            entries.append(
                {
                    "skill": domain,
                    "kind": "occupational practice",
                    "from_level": None,
                    "to_level": None,
                    "scale": scale,
                    "framework": {
                        "scale": scale,
                        "domain": domain,
                        "from_level": None,
                        "to_level": rows[0].level,
                    },
                    "statements": _statements(rows, first - 1, first),
                }
            )
    for gap in gap_items:
        if gap["kind"] not in LEVEL_MAX:
            continue
        entry: dict[str, Any] = {
            "skill": gap["name"],
            "kind": gap["kind"],
            "from_level": gap["from_level"],
            "to_level": gap["to_level"],
            "scale": "O*NET level (0–7)" if gap["kind"] != "work-style" else "O*NET work-style impact (0–3)",
            "statements": [],
        }
        name = _words(gap["name"])
        match = next(((k, rows) for k, rows in sorted(levels.items()) if _within(_words(k[1]), name)), None)
        if match is not None:
            (scale, domain), rows = match
            ranks = max(s.rank for s in rows)
            low = framework_rank(gap["from_level"], gap["kind"], ranks) if gap["from_level"] > 0 else 0
            high = framework_rank(gap["to_level"], gap["kind"], ranks)
            entry["statements"] = _statements(rows, low, high)
            names = {s.rank: s.level for s in rows}
            entry["framework"] = {
                "scale": scale,
                "domain": domain,
                "from_level": names.get(low),
                "to_level": names.get(high),
            }
        entries.append(entry)
    return entries if limit is None else entries[:limit]


# ---------------------------------------------------------------------------- plain words

#: how the answer names an exposure measure
MEASURE_NAMES = {
    "dv_rating_beta": "GPT-4 β, Eloundou et al.",
    "human_rating_beta": "human-rated β, Eloundou et al.",
}
#: what each exclusion means, for a worker (count, then this)
EXCLUSION_WORDS = {
    "max_hops": "cannot be reached in {hops} step(s)",
    "exposure_unknown": "have no AI-exposure figure",
    "origin_exposure_unknown": "cannot be compared: your occupation has no AI-exposure figure",
    "less_exposed": "are not less exposed to AI by at least {drop:.2f}",
    "max_exposure": "are more exposed to AI than {ceiling:.2f}",
    "origin_wage_unknown": "cannot be compared: your occupation has no known wage",
    "wage_unknown": "have no known wage",
    "min_wage_ratio": "pay less than {ratio:.0%} of your wage",
}


def _money(value: float | None) -> str:
    return "an unknown wage" if value is None else f"${value:,.0f}"


def _measure(measure: str) -> str:
    return MEASURE_NAMES.get(measure, measure)


def _names(items: list[dict[str, Any]], limit: int = 3) -> str:
    return ", ".join(str(i["name"]).lower() if i["kind"] == "dwa" else str(i["name"]) for i in items[:limit])


def step_sentence(
    transfers: list[dict[str, Any]],
    gaps: list[dict[str, Any]],
    wage: Mapping[str, Any],
    exposure: Mapping[str, Any],
) -> str:
    """One step in one or two sentences a worker understands."""
    parts = []
    if transfers:
        lead = (
            "Most of what you do transfers"
            if len(transfers) >= len(gaps)
            else "Some of what you do transfers"
        )
        parts.append(f"{lead}: {_names(transfers)}")
    else:
        parts.append("Little of what you do transfers directly")
    if gaps:
        learn = []
        for gap in gaps[:3]:
            if gap.get("to_level") is not None:
                learn.append(f"{gap['name']} (from level {gap['from_level']:g} to {gap['to_level']:g})")
            else:
                learn.append(str(gap["name"]).lower() if gap["kind"] == "dwa" else str(gap["name"]))
        parts.append("you would need to learn " + ", ".join(learn))
    if wage.get("from") is not None or wage.get("to") is not None:
        parts.append(f"pay changes from {_money(wage.get('from'))} to {_money(wage.get('to'))}")
    low, high = exposure.get("from"), exposure.get("to")
    if low is not None and high is not None:
        verb = "drops" if high < low else "rises" if high > low else "stays"
        parts.append(
            f"AI exposure {verb} from {low:.2f} to {high:.2f} ({_measure(str(exposure.get('measure')))})"
        )
    return "; ".join(parts) + "."


def constraints_sentence(
    origin: Mapping[str, Any], min_wage_ratio: float | None, min_drop: float | None, measure: str
) -> str:
    """What the destinations were chosen for, in plain words."""
    asks = []
    if min_drop is not None:
        exposure = origin.get("exposure")
        now = f" (yours: {exposure:.2f}, {_measure(measure)})" if exposure is not None else ""
        asks.append(f"less exposed to AI than your occupation by at least {min_drop:.2f}{now}")
    if min_wage_ratio is not None:
        asks.append(f"paying at least {min_wage_ratio:.0%} of your wage ({_money(origin.get('wage'))})")
    if not asks:
        return "Destinations closest to what you do now, without conditions on AI exposure or pay."
    return "Destinations " + " and ".join(asks) + "."


def empty_sentence(excluded: Iterable[tuple[str, int]], target: str | None, **values: float) -> str:
    """Why there are no results: which condition excluded how many, in plain words."""
    reasons = []
    for name, count in excluded:
        if count:
            words = EXCLUSION_WORDS.get(name, name)
            try:
                words = words.format(**values)
            except (KeyError, ValueError):
                words = words.split(" {")[0].replace(" by at least", "").replace(" than", "")
            reasons.append(f"{count} {words}")
    what = f"No path reaches {target}" if target else "No occupation meets all the conditions"
    return what + (" (" + "; ".join(reasons) + ")" if reasons else "")


def relaxations(constraints: Any, max_hops: int) -> list[dict[str, Any]]:
    """Relaxed settings to try when nothing meets the constraints, the smallest change first."""
    tries: list[dict[str, Any]] = [
        {"max_hops": hops} for hops in range(constraints.max_hops + 1, max_hops + 1)
    ]
    if constraints.min_exposure_drop > 0 and constraints.less_exposed:
        tries.append({"min_exposure_drop": 0.0})
    if constraints.min_wage_ratio is not None:
        for ratio in (0.8, 0.7):
            if ratio < constraints.min_wage_ratio:
                tries.append({"min_wage_ratio": ratio})
        tries.append({"min_wage_ratio": None})
    if constraints.max_exposure is not None:
        tries.append({"max_exposure": None})
    if len(tries) > 1:
        tries.append({k: v for t in tries for k, v in t.items()})
    return tries


def relaxation_sentence(changes: Mapping[str, Any], target: str | None, results: int) -> str:
    """A relaxed setting that gives results, in plain words."""
    said = []
    for key, value in changes.items():
        if key == "max_hops":
            said.append(f"{value} steps")
        elif key == "min_exposure_drop":
            said.append("any drop in AI exposure")
        elif key == "min_wage_ratio":
            said.append("no wage floor" if value is None else f"a wage floor of {value:.0%}")
        elif key == "max_exposure":
            said.append("no exposure ceiling")
    how = " and ".join(said)
    if target:
        return f"{how[0].upper()}{how[1:]} reach {target}"
    return f"With {how}: {results} destination(s)"


__all__ = [
    "LevelStatement",
    "Profile",
    "constraints_sentence",
    "curriculum",
    "empty_sentence",
    "framework",
    "framework_rank",
    "gaps",
    "profile",
    "relaxation_sentence",
    "relaxations",
    "step_sentence",
    "transfers",
]
