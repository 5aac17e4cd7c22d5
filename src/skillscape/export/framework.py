"""A competency framework per occupation, assembled from named-query rows (no store access here).

The rows come from the named queries below, keyed by query name; each query's rows are read
through its column contract. A query that is missing (``None``: not in this build's catalog) is
left out with a note in :attr:`Framework.notes`; a query whose rows lack a contract column is a
:class:`FrameworkError` naming the query and the column.

* ``esco-framework-occupation`` — code, title, description, changed (required)
* ``occupation-skills`` — the O*NET skills and knowledge areas with their importance (IM) and
  level (LV) ratings: competencies, the LV rating as their required level
* ``progression`` — scale, domain, level, rank, statement, text, citations (framework level
  statements by domain; ``required_level`` / ``importance`` are read when present)
* ``durable-skills`` — domain, score, evidence, statement
* ``ai-use`` — level, rank, title, text, statement, citations
* ``esco-crosswalk`` + ``esco-occupation-skills`` — the essential skills of the mapped ESCO
  occupations (competencies that are an exact match of ESCO's skill)

Every competency and level keeps the IRI of the statement it comes from and a provenance line
(source, document, row or citations) that the exporters write into the format's own fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from skillscape.errors import BadInput
from skillscape.model.namespaces import ID_IRI

Records = Sequence[Mapping[str, Any]]

#: query → the columns the export reads (its contract)
CONTRACTS: dict[str, tuple[str, ...]] = {
    "esco-framework-occupation": ("code", "title", "description", "changed"),
    "occupation-skills": (
        "kind",
        "descriptor",
        "name",
        "notation",
        "scale",
        "value",
        "statement",
        "document",
    ),
    "progression": ("scale", "domain", "level", "rank", "statement", "text", "citations"),
    "durable-skills": ("domain", "score", "evidence", "statement"),
    "ai-use": ("level", "rank", "title", "text", "statement", "citations"),
    "esco-crosswalk": ("esco", "esco_label", "predicate", "confidence", "mapping"),
    "esco-occupation-skills": ("relation", "skill", "label", "skill_type", "statement"),
}
REQUIRED = ("esco-framework-occupation",)
_ROW = re.compile(r"/row-(\d+)$")


class FrameworkError(BadInput):
    """Rows that do not keep a query's column contract, or an occupation without a framework."""


@dataclass
class Level:
    """One level of a proficiency scale, and the statements at that level."""

    key: str  # an IRI of its own
    name: str
    rank: int
    statements: list[Competency] = field(default_factory=list)


@dataclass
class Competency:
    key: str  # the IRI the item stands for (a descriptor, a statement, a domain …)
    text: str
    kind: str  # what sort of item: "O*NET skill", "Level statement", "Skill domain" …
    provenance: str
    notation: str = ""
    parent: str | None = None
    level: str | None = None  # key of the Level it is a statement of
    exact_match: str | None = None  # an external IRI this item restates exactly
    rating: float | None = None  # e.g. the O*NET level (LV) rating
    rating_scale: str | None = None


@dataclass
class Scale:
    """A proficiency scale of the framework (framework levels, AI use, O*NET level)."""

    key: str
    name: str
    levels: list[Level] = field(default_factory=list)
    #: for a numeric scale (O*NET LV): its range
    minimum: float | None = None
    maximum: float | None = None


@dataclass
class Framework:
    code: str
    title: str
    description: str
    changed: str
    key: str
    competencies: list[Competency] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def children(self, parent: str | None) -> list[Competency]:
        return [c for c in self.competencies if c.parent == parent]


def check(name: str, records: Records) -> None:
    """Every row of ``name`` has the contract's columns (extra columns are fine)."""
    for column in CONTRACTS[name]:
        if records and column not in records[0]:
            raise FrameworkError(
                f"query {name!r} gives no column {column!r} (its rows have: {', '.join(records[0])})"
            )


def provenance(statement: str, source: str = "", citations: str = "") -> str:
    """A line an auditor can follow: the statement IRI, its row or document, what it cites."""
    parts = [f"statement {statement}"]
    row = _ROW.search(statement)
    if source:
        parts.append(f"source {source}" + (f", row {row.group(1)}" if row else ""))
    elif row:
        parts.append(f"row {row.group(1)}")
    if citations:
        parts.append(f"cites {citations}")
    return "; ".join(parts)


def assemble(code: str, rows: Mapping[str, Records | None]) -> Framework:
    """The framework of occupation ``code`` from the rows of each named query (``None``: missing)."""
    for name in REQUIRED:
        if rows.get(name) is None:
            raise FrameworkError(f"query {name!r} is missing from this build: it is required for an export")
    for name, records in rows.items():
        if records is not None and name in CONTRACTS:
            check(name, records)
    head = list(rows[REQUIRED[0]] or ())
    if not head:
        raise FrameworkError(f"no occupation {code!r} in the graph")
    first = head[0]
    framework = Framework(
        code=str(first["code"]),
        title=str(first.get("title") or first["code"]),
        description=str(first.get("description") or ""),
        changed=_datetime(first.get("changed")),
        key=f"{ID_IRI}framework/{first['code']}",
    )
    for name in CONTRACTS:
        if name not in REQUIRED and rows.get(name) is None:
            framework.notes.append(
                f"query {name!r} is not in this build: its part of the framework is left out"
            )
    _onet(framework, rows.get("occupation-skills") or ())
    _progression(framework, rows.get("progression") or ())
    _durable(framework, rows.get("durable-skills") or ())
    _ai_use(framework, rows.get("ai-use") or ())
    _esco(framework, rows.get("esco-crosswalk") or (), rows.get("esco-occupation-skills") or ())
    return framework


def _datetime(value: object) -> str:
    text = str(value or "1970-01-01T00:00:00Z")
    return text if text.endswith("Z") or "+" in text[10:] else text + "Z"


def _group(framework: Framework, key: str, text: str, kind: str, note: str) -> str:
    if not any(c.key == key for c in framework.competencies):
        framework.competencies.append(Competency(key, text, kind, note))
    return key


def _onet(framework: Framework, records: Records) -> None:
    """One competency per O*NET descriptor (the LV rating as its level), grouped by kind."""
    rated: dict[str, Mapping[str, Any]] = {}
    levels: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for record in records:
        descriptor = str(record["descriptor"])
        scale = record.get("scale")
        if scale == "LV" and record.get("value") not in (None, "") and descriptor not in levels:
            levels[descriptor] = float(record["value"])
        if scale in ("IM", "LV"):
            rated.setdefault(descriptor, record)
            note = f"{scale} {record.get('value')}: " + provenance(
                str(record["statement"]), str(record.get("document") or "")
            )
            sources.setdefault(descriptor, []).append(note)
    if not rated:
        return
    scale = Scale(f"{framework.key}/scale/onet-level", "O*NET level (LV)", minimum=0.0, maximum=7.0)
    framework.scales.append(scale)
    groups = {
        "skill": f"{framework.key}/group/onet-skills",
        "knowledge": f"{framework.key}/group/onet-knowledge",
    }
    for kind, key in groups.items():
        if any(str(r["kind"]) == kind for r in rated.values()):
            label = "O*NET skills" if kind == "skill" else "O*NET knowledge areas"
            _group(framework, key, label, "Competency group", f"the O*NET {kind} ratings of {framework.code}")
    for descriptor, record in sorted(rated.items(), key=lambda item: str(item[1]["name"])):
        kind = str(record["kind"])
        framework.competencies.append(
            Competency(
                key=descriptor,
                text=str(record["name"]),
                kind="O*NET skill" if kind == "skill" else "O*NET knowledge area",
                provenance=" | ".join(sources[descriptor]),
                notation=str(record.get("notation") or ""),
                parent=groups.get(kind),
                rating=levels.get(descriptor),
                rating_scale=scale.key if descriptor in levels else None,
            )
        )


def _leveled(
    framework: Framework,
    scale_name: str,
    scale_key: str,
    parent: str,
    rows: list[tuple[str, int, str, str, str]],
    kind: str,
) -> None:
    """Statements by level under ``parent`` (rows: level, rank, statement, text, provenance)."""
    scale = next((s for s in framework.scales if s.key == scale_key), None)
    if scale is None:
        scale = Scale(scale_key, scale_name)
        framework.scales.append(scale)
    for level_name, rank, statement, text, note in rows:
        level_key = f"{scale_key}/{_slug(level_name)}"
        level = next((lv for lv in scale.levels if lv.key == level_key), None)
        if level is None:
            level = Level(level_key, level_name, rank)
            scale.levels.append(level)
        item = Competency(statement, text, kind, note, parent=parent, level=level_key)
        level.statements.append(item)
        framework.competencies.append(item)
    scale.levels.sort(key=lambda lv: lv.rank)


def _progression(framework: Framework, records: Records) -> None:
    by_scale: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        by_scale.setdefault(str(record["scale"]), []).append(record)
    # an O*NET descriptor's level anchors (rows with a required level) sit under its competency
    descriptors = {
        c.text: c for c in framework.competencies if c.kind in ("O*NET skill", "O*NET knowledge area")
    }
    for scale_name, scale_rows in by_scale.items():
        scale_key = f"{framework.key}/scale/{_slug(scale_name)}"
        for domain in dict.fromkeys(str(r["domain"]) for r in scale_rows):
            first = next(r for r in scale_rows if str(r["domain"]) == domain)
            required = first.get("required_level")
            if required not in (None, "") and domain in descriptors:
                competency = descriptors[domain]
                domain_key = competency.key
                if competency.rating is None:
                    competency.rating = float(required)  # type: ignore[arg-type]
            else:
                domain_key = f"{framework.key}/domain/{_slug(domain)}"
                kind = "Skill domain" if required in (None, "") else "Rated descriptor"
                _group(framework, domain_key, domain, kind, f"{domain} on the scale {scale_name}")
            rows = [
                (
                    str(r["level"]),
                    int(r["rank"]),
                    str(r["statement"]),
                    str(r["text"]),
                    provenance(str(r["statement"]), citations=str(r.get("citations") or "")),
                )
                for r in scale_rows
                if str(r["domain"]) == domain
            ]
            _leveled(framework, scale_name, scale_key, domain_key, rows, "Level statement")


def _durable(framework: Framework, records: Records) -> None:
    exported = {competency.key for competency in framework.competencies}
    for record in records:
        if str(record["statement"]) in exported:
            continue  # a framework statement the progression already gave: one item per statement
        domain = str(record["domain"])
        domain_key = f"{framework.key}/domain/{_slug(domain)}"
        _group(framework, domain_key, domain, "Skill domain", "durable-skill domain")
        score = record.get("score")
        if score is None:  # a framework's own durable-skill statement, at one proficiency level
            text, kind = str(record.get("text") or ""), "Durable skill statement"
        else:  # a score derived from the occupation's ratings
            evidence = str(record.get("evidence") or "")
            text = f"{domain}: score {score} of 100" + (f" — {evidence}" if evidence else "")
            kind = "Durable skill evidence"
        framework.competencies.append(
            Competency(
                str(record["statement"]),
                text,
                kind,
                provenance(str(record["statement"])),
                parent=domain_key,
            )
        )


def _ai_use(framework: Framework, records: Records) -> None:
    if not records:
        return
    parent = _group(
        framework, f"{framework.key}/group/ai-use", "AI use", "Competency group", "AI-use statements"
    )
    leveled = [r for r in records if r.get("level") is not None and r.get("rank") is not None]
    rows = [
        (
            str(r["level"]),
            int(r["rank"]),
            str(r["statement"]),
            f"{r['title']} — {r['text']}" if r.get("title") else str(r["text"]),
            provenance(str(r["statement"]), citations=str(r.get("citations") or "")),
        )
        for r in leveled
    ]
    if rows:
        _leveled(framework, "AI use", f"{framework.key}/scale/ai-use", parent, rows, "AI-use statement")
    seen: set[str] = set()
    for record in records:  # figures measured on the occupation's tasks and activities
        statement = str(record["statement"])
        if record in leveled or statement in seen:
            continue
        seen.add(statement)
        framework.competencies.append(
            Competency(
                statement,
                str(record.get("text") or ""),
                "Observed AI use",
                provenance(statement, str(record.get("dataset") or "")),
                parent=parent,
            )
        )


def _esco(framework: Framework, mappings: Records, skills: Records) -> None:
    if not mappings or not skills:
        return
    parent = _group(
        framework,
        f"{framework.key}/group/esco-essential-skills",
        "ESCO essential skills",
        "Competency group",
        "essential skills of the ESCO occupations the Nesta crosswalk maps to this occupation: "
        + ", ".join(sorted({f"{m['esco_label']} ({m['mapping']})" for m in mappings})),
    )
    seen: set[str] = set()
    for record in skills:
        skill = str(record["skill"])
        if record["relation"] != "essential" or skill in seen:
            continue
        seen.add(skill)
        framework.competencies.append(
            Competency(
                key=f"{framework.key}/esco-skill/{skill.rsplit('/', 1)[-1]}",
                text=str(record["label"] or skill),
                kind="ESCO skill",
                provenance=provenance(str(record["statement"]), "ESCO 1.1.1 occupationSkillRelations.csv"),
                parent=parent,
                exact_match=skill,
            )
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
