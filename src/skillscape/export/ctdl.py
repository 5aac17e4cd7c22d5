"""A framework as CTDL-ASN JSON-LD (Credential Engine), with its context inline (no network).

* ``ceasn:CompetencyFramework`` — the occupation's framework (``ceasn:name``,
  ``ceasn:description``, ``ceasn:hasTopChild``);
* ``ceasn:Competency`` — every item: ``ceasn:competencyText``, ``ceasn:competencyCategory`` (what
  sort of item), ``ceasn:isPartOf`` the framework, ``ceasn:isChildOf`` / ``ceasn:hasChild``,
  ``ceasn:codedNotation``, ``ceasn:exactAlignment`` (an ESCO skill it restates),
  ``asn:hasProgressionLevel`` (the level of a level statement), and its provenance in
  ``ceasn:comment`` and ``ceasn:derivedFrom`` (the statement IRI);
* ``asn:ProgressionModel`` per proficiency scale, ``asn:ProgressionLevel`` per level
  (``skos:prefLabel``, ``skos:inScheme``, ``skos:notation`` = rank, ``ceasn:precedes`` the next
  level); ``skos:hasTopConcept`` lists the levels.
"""

from __future__ import annotations

from typing import Any

from skillscape.export.framework import Framework

CEASN = "https://purl.org/ctdlasn/terms/"
ASN = "http://purl.org/ASN/schema/core/"
SKOS = "http://www.w3.org/2004/02/skos/core#"

CONTEXT: dict[str, Any] = {
    "ceasn": CEASN,
    "asn": ASN,
    "skos": SKOS,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ceasn:isPartOf": {"@type": "@id"},
    "ceasn:isChildOf": {"@type": "@id"},
    "ceasn:hasChild": {"@type": "@id", "@container": "@set"},
    "ceasn:hasTopChild": {"@type": "@id", "@container": "@set"},
    "ceasn:exactAlignment": {"@type": "@id", "@container": "@set"},
    "ceasn:derivedFrom": {"@type": "@id", "@container": "@set"},
    "ceasn:precedes": {"@type": "@id"},
    "asn:hasProgressionLevel": {"@type": "@id"},
    "skos:inScheme": {"@type": "@id"},
    "skos:hasTopConcept": {"@type": "@id", "@container": "@set"},
    "ceasn:dateModified": {"@type": "xsd:dateTime"},
    # language maps, as CTDL-ASN writes its texts ({"en": "…"})
    "ceasn:name": {"@container": "@language"},
    "ceasn:description": {"@container": "@language"},
    "ceasn:competencyText": {"@container": "@language"},
    "ceasn:competencyCategory": {"@container": "@language"},
    "ceasn:comment": {"@container": "@language"},
    "skos:prefLabel": {"@container": "@language"},
}


def _en(text: str) -> dict[str, str]:
    return {"en": text}


def to_ctdl(framework: Framework) -> dict[str, Any]:
    keys = {c.key for c in framework.competencies}
    children: dict[str, list[str]] = {}
    for competency in framework.competencies:
        if competency.parent in keys:
            children.setdefault(competency.parent, []).append(competency.key)  # type: ignore[arg-type]
    top = [c.key for c in framework.competencies if c.parent not in keys]
    graph: list[dict[str, Any]] = [
        {
            "@id": framework.key,
            "@type": "ceasn:CompetencyFramework",
            "ceasn:name": _en(f"{framework.title} ({framework.code}) competency framework"),
            "ceasn:description": _en(framework.description or framework.title),
            "ceasn:inLanguage": ["en"],
            "ceasn:dateModified": framework.changed,
            "ceasn:hasTopChild": top,
            "ceasn:comment": _en(
                "Every competency names the statement it comes from and that statement's source. "
                + " ".join(framework.notes)
            ),
        }
    ]
    for competency in framework.competencies:
        node: dict[str, Any] = {
            "@id": competency.key,
            "@type": "ceasn:Competency",
            "ceasn:competencyText": _en(competency.text),
            "ceasn:competencyCategory": _en(competency.kind),
            "ceasn:isPartOf": framework.key,
            "ceasn:comment": _en(competency.provenance),
        }
        if competency.parent in keys:
            node["ceasn:isChildOf"] = competency.parent
        if competency.key in children:
            node["ceasn:hasChild"] = children[competency.key]
        if competency.notation:
            node["ceasn:codedNotation"] = competency.notation
        if competency.exact_match:
            node["ceasn:exactAlignment"] = [competency.exact_match]
        if competency.level:
            node["asn:hasProgressionLevel"] = competency.level
        derived = [part.split(";", 1)[0] for part in competency.provenance.split("statement ")[1:]]
        if derived:
            node["ceasn:derivedFrom"] = derived[0] if len(derived) == 1 else derived
        graph.append(node)
    for scale in framework.scales:
        graph.append(
            {
                "@id": scale.key,
                "@type": "asn:ProgressionModel",
                "skos:prefLabel": _en(scale.name),
                "ceasn:description": _en(
                    f"{scale.name}: "
                    + (", ".join(lv.name for lv in scale.levels) or f"{scale.minimum:g}–{scale.maximum:g}")
                ),
                "skos:hasTopConcept": [lv.key for lv in scale.levels],
            }
        )
        for index, level in enumerate(scale.levels):
            record: dict[str, Any] = {
                "@id": level.key,
                "@type": "asn:ProgressionLevel",
                "skos:prefLabel": _en(level.name),
                "skos:inScheme": scale.key,
                "skos:notation": str(level.rank),
            }
            if index + 1 < len(scale.levels):
                record["ceasn:precedes"] = scale.levels[index + 1].key
            graph.append(record)
    return {"@context": CONTEXT, "@graph": graph}
