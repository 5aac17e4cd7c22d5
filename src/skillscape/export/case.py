"""A framework as a CASE 1.0 CFPackage (1EdTech Competencies and Academic Standards Exchange).

* ``CFDocument`` — the occupation's framework; ``CFItems`` — one per competency, group, domain,
  level and level statement; ``CFAssociations`` — ``isChildOf`` (item → its parent, top items →
  the document), ``precedes`` (a level → the next level of its scale), ``exactMatchOf`` (an item
  that restates an ESCO skill → ESCO's IRI); ``CFRubrics`` — one per proficiency scale, a
  criterion per competency rated on it, with the scale's levels.
* Identifiers are UUID 5 of the IRIs they stand for (namespace URL), so a re-export of the same
  graph is byte-identical; ``uri`` is the IRI itself.
* Provenance goes in each item's ``notes`` (statement IRI, source and row, citations).
"""

from __future__ import annotations

import uuid
from typing import Any

from skillscape.export.framework import Competency, Framework, Level

CREATOR = "skillscape"


def identifier(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


def _link(title: str, key: str) -> dict[str, str]:
    return {"title": title[:200], "identifier": identifier(key), "uri": key}


def to_case(framework: Framework) -> dict[str, Any]:
    changed = framework.changed
    document_key = framework.key
    document: dict[str, Any] = {
        "identifier": identifier(document_key),
        "uri": document_key,
        "creator": CREATOR,
        "title": f"{framework.title} ({framework.code}) competency framework",
        "lastChangeDateTime": changed,
        "description": framework.description,
        "subject": [framework.code],
        "language": "en",
        "adoptionStatus": "Draft",
        "notes": "Every item names the statement it comes from and that statement's source "
        "(row or citations). " + " ".join(framework.notes),
    }
    doc_link = _link(document["title"], document_key)
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    keys = {c.key for c in framework.competencies}
    levels: dict[str, Level] = {lv.key: lv for s in framework.scales for lv in s.levels}

    def association(
        kind: str, origin: tuple[str, str], destination: tuple[str, str], sequence: int | None = None
    ) -> None:
        key = f"{origin[1]}|{kind}|{destination[1]}"
        record: dict[str, Any] = {
            "identifier": identifier(key),
            "associationType": kind,
            "uri": f"{document_key}/association/{identifier(key)}",
            "originNodeURI": _link(*origin),
            "destinationNodeURI": _link(*destination),
            "lastChangeDateTime": changed,
            "CFDocumentURI": doc_link,
        }
        if sequence is not None:
            record["sequenceNumber"] = sequence
        associations.append(record)

    def item(
        key: str, text: str, kind: str, notes: str, coding: str = "", abbreviated: str = ""
    ) -> dict[str, Any]:
        record: dict[str, Any] = {
            "identifier": identifier(key),
            "fullStatement": text,
            "CFItemType": kind,
            "uri": key,
            "notes": notes,
            "language": "en",
            "lastChangeDateTime": changed,
            "CFDocumentURI": doc_link,
        }
        if coding:
            record["humanCodingScheme"] = coding
        if abbreviated:
            record["abbreviatedStatement"] = abbreviated
        items.append(record)
        return record

    # level items: one per (parent, level), under the parent; statements sit under their level
    level_items: dict[tuple[str, str], str] = {}
    for competency in framework.competencies:
        if competency.level is None or competency.parent is None:
            continue
        level = levels[competency.level]
        pair = (competency.parent, level.key)
        if pair not in level_items:
            parent = next(c for c in framework.competencies if c.key == competency.parent)
            key = f"{competency.parent}/level/{level.key.rsplit('/', 1)[-1]}"
            level_items[pair] = key
            item(
                key,
                f"{parent.text} — {level.name}",
                "Proficiency level",
                f"level {level.rank} of the scale",
                str(level.rank),
            )
            association(
                "isChildOf", (f"{parent.text} — {level.name}", key), (parent.text, parent.key), level.rank
            )
    # precedes: each level item → the next level item under the same parent
    for (parent_key, level_key), key in sorted(level_items.items()):
        level = levels[level_key]
        following = [
            (levels[other].rank, other_key)
            for (p, other), other_key in level_items.items()
            if p == parent_key and levels[other].rank > level.rank
        ]
        if following:
            _, nxt = min(following)
            association("precedes", (level.name, key), ("next level", nxt))

    for position, competency in enumerate(framework.competencies, start=1):
        abbreviated = ""
        if competency.rating is not None:
            abbreviated = f"required level {competency.rating:g} on O*NET's 0–7 level scale"
        item(
            competency.key,
            competency.text,
            competency.kind,
            competency.provenance,
            competency.notation,
            abbreviated,
        )
        if competency.level is not None and competency.parent is not None:
            parent_key = level_items[(competency.parent, competency.level)]
            association("isChildOf", (competency.text, competency.key), ("level", parent_key), position)
        elif competency.parent is not None and competency.parent in keys:
            parent = next(c for c in framework.competencies if c.key == competency.parent)
            association("isChildOf", (competency.text, competency.key), (parent.text, parent.key), position)
        else:
            association(
                "isChildOf", (competency.text, competency.key), (document["title"], document_key), position
            )
        if competency.exact_match:
            association(
                "exactMatchOf", (competency.text, competency.key), (competency.text, competency.exact_match)
            )

    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": _rubrics(framework, changed),
    }


def _rubrics(framework: Framework, changed: str) -> list[dict[str, Any]]:
    rubrics = []
    for scale in framework.scales:
        criteria = []
        rated: list[Competency] = [c for c in framework.competencies if c.rating_scale == scale.key]
        if rated:  # a numeric scale: each competency's rating is its one criterion level
            for position, competency in enumerate(rated, start=1):
                key = f"{scale.key}/criterion/{identifier(competency.key)}"
                criteria.append(
                    {
                        "identifier": identifier(key),
                        "uri": key,
                        "category": competency.text,
                        "description": f"{competency.text}: required level on {scale.name}",
                        "CFItemURI": _link(competency.text, competency.key),
                        "position": position,
                        "rubricId": identifier(scale.key),
                        "lastChangeDateTime": changed,
                        "CFRubricCriterionLevels": [
                            {
                                "identifier": identifier(key + "/level"),
                                "uri": key + "/level",
                                "description": f"{competency.rating:g} of {scale.maximum:g}",
                                "quality": "required level",
                                "score": competency.rating,
                                "position": 1,
                                "rubricCriterionId": identifier(key),
                                "lastChangeDateTime": changed,
                            }
                        ],
                    }
                )
        else:  # a level scale: a criterion per domain/group rated on it, with every level
            parents = list(dict.fromkeys(c.parent for lv in scale.levels for c in lv.statements if c.parent))
            for position, parent_key in enumerate(parents, start=1):
                parent = next(c for c in framework.competencies if c.key == parent_key)
                key = f"{scale.key}/criterion/{identifier(parent_key)}"
                criterion_levels = []
                for level in scale.levels:
                    texts = [s.text for s in level.statements if s.parent == parent_key]
                    if not texts:
                        continue
                    level_key = f"{key}/{level.key.rsplit('/', 1)[-1]}"
                    criterion_levels.append(
                        {
                            "identifier": identifier(level_key),
                            "uri": level_key,
                            "description": " | ".join(texts),
                            "quality": level.name,
                            "score": level.rank,
                            "position": level.rank,
                            "rubricCriterionId": identifier(key),
                            "lastChangeDateTime": changed,
                        }
                    )
                criteria.append(
                    {
                        "identifier": identifier(key),
                        "uri": key,
                        "category": parent.text,
                        "description": f"{parent.text} on the scale {scale.name}",
                        "CFItemURI": _link(parent.text, parent.key),
                        "position": position,
                        "rubricId": identifier(scale.key),
                        "lastChangeDateTime": changed,
                        "CFRubricCriterionLevels": criterion_levels,
                    }
                )
        rubrics.append(
            {
                "identifier": identifier(scale.key),
                "uri": scale.key,
                "title": scale.name,
                "description": f"{scale.name}: levels "
                + (
                    ", ".join(f"{lv.rank} {lv.name}" for lv in scale.levels)
                    or f"{scale.minimum:g}–{scale.maximum:g}"
                ),
                "lastChangeDateTime": changed,
                "CFRubricCriteria": criteria,
            }
        )
    return rubrics


def read_case(package: dict[str, Any]) -> Any:
    """A CASE package read back into an rdflib graph (the round trip of an export): each item's
    ``uri`` with its ``fullStatement`` (dct:description), ``CFItemType`` (dct:type), ``notes``
    (dct:provenance) and code (skos:notation); ``isChildOf`` as dct:isPartOf, ``precedes`` and
    ``exactMatchOf`` as skos:related / skos:exactMatch."""
    import rdflib

    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    graph = rdflib.Graph()
    for item in package.get("CFItems", []):
        node = rdflib.URIRef(item["uri"])
        graph.add((node, dct.description, rdflib.Literal(item["fullStatement"])))
        graph.add((node, dct.identifier, rdflib.Literal(item["identifier"])))
        if item.get("CFItemType"):
            graph.add((node, dct.type, rdflib.Literal(item["CFItemType"])))
        if item.get("notes"):
            graph.add((node, dct.provenance, rdflib.Literal(item["notes"])))
        if item.get("humanCodingScheme"):
            graph.add((node, rdflib.SKOS.notation, rdflib.Literal(item["humanCodingScheme"])))
    predicates = {
        "isChildOf": dct.isPartOf,
        "precedes": rdflib.SKOS.related,
        "exactMatchOf": rdflib.SKOS.exactMatch,
    }
    for association in package.get("CFAssociations", []):
        predicate = predicates.get(association["associationType"])
        if predicate is not None:
            graph.add(
                (
                    rdflib.URIRef(association["originNodeURI"]["uri"]),
                    predicate,
                    rdflib.URIRef(association["destinationNodeURI"]["uri"]),
                )
            )
    return graph
