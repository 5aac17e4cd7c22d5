"""Framework exports: rows in, documents out (CASE 1.0, CTDL-ASN, Turtle), and the seed graph.

The CASE schema is the one OpenSALT ships (``case-1.0/``, MIT, licence beside it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from skillscape.cli import app
from skillscape.export import FrameworkError, assemble, collect, render
from skillscape.export.case import identifier, read_case
from skillscape.export.ctdl import CEASN
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.settings import Settings
from skillscape.store.factory import open_store

SCHEMA = json.loads((Path(__file__).parent / "case-1.0" / "case-v1p0-cfpackage-schema.json").read_text())
ASN = rdflib.Namespace("http://purl.org/ASN/schema/core/")
CE = rdflib.Namespace(CEASN)
ID = "https://w3id.org/skillscape/id/"


def fixture_rows() -> dict[str, Sequence[Mapping[str, Any]] | None]:
    """Rows as the named queries give them, for a made-up occupation 99-0001.00."""
    levels = [("Emerging", 1), ("Developing", 2), ("Proficient", 3)]
    return {
        "esco-framework-occupation": [
            {
                "code": "99-0001.00",
                "title": "Archivists",
                "description": "Keep records.",
                "changed": "2026-01-02T03:04:05Z",
            }
        ],
        "occupation-skills": [
            {
                "kind": "skill",
                "descriptor": f"{ID}skill/reading-comprehension",
                "name": "Reading Comprehension",
                "notation": "2.A.1.a",
                "scale": scale,
                "value": value,
                "statement": f"{ID}statement/abc/onet-30.1/row-{row}",
                "document": "Skills.txt",
            }
            for scale, value, row in (("IM", 4.0, 2), ("LV", 4.5, 3))
        ],
        "progression": [
            {
                "scale": "Durable skill proficiency",
                "domain": domain,
                "level": level,
                "rank": rank,
                "statement": f"{ID}statement/x/{domain}/{rank}",
                "text": f"{domain} at {level}",
                "citations": "Some Framework",
            }
            for domain in ("Communication", "Leadership")
            for level, rank in levels
        ],
        "durable-skills": None,  # not in this build
        "ai-use": [
            {
                "level": level,
                "rank": rank,
                "title": f"AI {rank}",
                "text": "uses AI",
                "statement": f"{ID}statement/x/ai/{rank}",
                "citations": "",
            }
            for level, rank in levels
        ],
        "esco-crosswalk": [
            {
                "esco": "http://data.europa.eu/esco/occupation/arch",
                "esco_label": "archivist",
                "predicate": "http://www.w3.org/2004/02/skos/core#exactMatch",
                "confidence": 1.0,
                "mapping": f"{ID}mapping/esco-onet/arch/99-0001.00",
            }
        ],
        "esco-occupation-skills": [
            {
                "relation": relation,
                "skill": f"http://data.europa.eu/esco/skill/{name}",
                "label": name,
                "skill_type": "",
                "statement": f"{ID}statement/esco/row-{i}",
            }
            for i, (relation, name) in enumerate(
                (("essential", "archive"), ("optional", "digitise")), start=2
            )
        ],
    }


def test_case_package_from_rows_validates_and_is_complete() -> None:
    package = json.loads(render(assemble("99-0001.00", fixture_rows()), "case"))
    jsonschema.validate(package, SCHEMA)
    items = {item["uri"]: item for item in package["CFItems"]}
    # the O*NET skill, with its level and its row
    skill = items[f"{ID}skill/reading-comprehension"]
    assert skill["humanCodingScheme"] == "2.A.1.a"
    assert "4.5" in skill["abbreviatedStatement"]
    # both ratings, each with its statement, file and row
    assert "IM 4.0: statement" in skill["notes"] and "LV 4.5: statement" in skill["notes"]
    assert "source Skills.txt, row 2" in skill["notes"] and "source Skills.txt, row 3" in skill["notes"]
    # level statements with their citations; the optional ESCO skill is not listed
    assert items[f"{ID}statement/x/Communication/2"]["notes"].endswith("cites Some Framework")
    assert not any("digitise" in item["fullStatement"] for item in package["CFItems"])
    kinds = {}
    for association in package["CFAssociations"]:
        kinds.setdefault(association["associationType"], []).append(association)
    # precedes: Emerging → Developing → Proficient under each of 2 domains and AI use
    assert len(kinds["precedes"]) == 6
    exact = kinds["exactMatchOf"]
    assert [a["destinationNodeURI"]["uri"] for a in exact] == ["http://data.europa.eu/esco/skill/archive"]
    rubrics = {rubric["title"]: rubric for rubric in package["CFRubrics"]}
    assert set(rubrics) == {"O*NET level (LV)", "Durable skill proficiency", "AI use"}
    durable = rubrics["Durable skill proficiency"]["CFRubricCriteria"]
    assert [c["category"] for c in durable] == ["Communication", "Leadership"]
    assert [lv["quality"] for lv in durable[0]["CFRubricCriterionLevels"]] == [
        "Emerging",
        "Developing",
        "Proficient",
    ]
    lv = rubrics["O*NET level (LV)"]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][0]
    assert lv["score"] == 4.5
    # the missing query is named in the document's notes
    assert "durable-skills" in package["CFDocument"]["notes"]


def test_derived_scores_and_observed_ai_use_become_items() -> None:
    """The real durable-skills and ai-use layouts: derived scores (no level) and measured AI-use
    figures (no level or rank) are items of their own; a framework statement the progression
    already gave is not repeated."""
    rows = fixture_rows()
    given = rows["progression"][-1]
    rows["durable-skills"] = [
        {
            "domain": "Communication",
            "score": 62.5,
            "evidence": "Speaking (IM 4.0)",
            "statement": f"{ID}statement/derived/comm",
            "text": None,
            "level": None,
            "rank": None,
        },
        {
            "domain": given["domain"],
            "score": None,
            "evidence": None,
            "statement": given["statement"],
            "text": given["text"],
            "level": given["level"],
            "rank": given["rank"],
        },
    ]
    rows["ai-use"] = [
        *rows["ai-use"],
        {
            "level": None,
            "rank": None,
            "title": None,
            "kind": "task",
            "dataset": "Economic Index",
            "text": "In 38% of observed conversations about this task, people asked the AI to do it.",
            "statement": f"{ID}statement/aei/row-7",
            "citations": None,
        },
    ]
    package = json.loads(render(assemble("99-0001.00", rows), "case"))
    jsonschema.validate(package, SCHEMA)
    items = {item["uri"]: item for item in package["CFItems"]}
    assert items[f"{ID}statement/derived/comm"]["fullStatement"].startswith(
        "Communication: score 62.5 of 100"
    )
    assert items[f"{ID}statement/aei/row-7"]["fullStatement"].startswith("In 38% of observed")
    assert "Economic Index" in items[f"{ID}statement/aei/row-7"]["notes"]
    assert sum(item["uri"] == given["statement"] for item in package["CFItems"]) == 1


def test_identifiers_are_stable_uuids_of_the_iris() -> None:
    first = render(assemble("99-0001.00", fixture_rows()), "case")
    assert render(assemble("99-0001.00", fixture_rows()), "case") == first
    package = json.loads(first)
    assert package["CFDocument"]["identifier"] == identifier(f"{ID}framework/99-0001.00")
    assert len({item["identifier"] for item in package["CFItems"]}) == len(package["CFItems"])


def test_missing_column_is_a_clear_error() -> None:
    rows = fixture_rows()
    rows["progression"] = [{k: v for k, v in r.items() if k != "rank"} for r in rows["progression"] or ()]
    with pytest.raises(FrameworkError, match="query 'progression' gives no column 'rank'"):
        assemble("99-0001.00", rows)


def test_unknown_occupation_is_an_error() -> None:
    rows = fixture_rows()
    rows["esco-framework-occupation"] = []
    with pytest.raises(FrameworkError, match="no occupation"):
        assemble("99-0001.00", rows)


def ctdl_graph(text: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=text, format="json-ld")  # the context is inline: nothing is fetched
    return graph


def test_ctdl_from_rows_parses_into_ctdl_terms() -> None:
    graph = ctdl_graph(render(assemble("99-0001.00", fixture_rows()), "ctdl-asn"))
    frameworks = list(graph.subjects(rdflib.RDF.type, CE.CompetencyFramework))
    assert frameworks == [rdflib.URIRef(f"{ID}framework/99-0001.00")]
    competencies = set(graph.subjects(rdflib.RDF.type, CE.Competency))
    assert all((c, CE.isPartOf, frameworks[0]) in graph for c in competencies)
    assert len(set(graph.subjects(rdflib.RDF.type, ASN.ProgressionModel))) == 3
    levels = set(graph.subjects(rdflib.RDF.type, ASN.ProgressionLevel))
    assert len(levels) == 3 + 3  # durable and AI-use levels (the O*NET level scale is numeric)
    statement = rdflib.URIRef(f"{ID}statement/x/Leadership/3")
    assert (statement, CE.competencyText, rdflib.Literal("Leadership at Proficient", lang="en")) in graph
    level = graph.value(statement, ASN.hasProgressionLevel)
    assert graph.value(level, rdflib.SKOS.prefLabel) == rdflib.Literal("Proficient", lang="en")
    parent = graph.value(statement, CE.isChildOf)
    assert (parent, CE.hasChild, statement) in graph
    assert (None, CE.exactAlignment, rdflib.URIRef("http://data.europa.eu/esco/skill/archive")) in graph


def test_turtle_is_the_ctdl_graph() -> None:
    framework = assemble("99-0001.00", fixture_rows())
    turtle = rdflib.Graph().parse(data=render(framework, "ttl"), format="turtle")
    assert isomorphic(turtle, ctdl_graph(render(framework, "ctdl-asn")))


# ---------------------------------------------------------------------- the seed graph


@pytest.fixture(scope="module")
def seed_framework(seed_settings: Settings) -> Any:
    with open_store(seed_settings) as store:
        framework = collect(
            "25-4031.00", lambda name, params: to_records(named.load(name).run(store, params))
        )
        statements = {}
        for name in ("progression", "ai-use"):
            for record in to_records(named.load(name).run(store, {"occupation": "25-4031.00"})):
                text = record["text"] if name == "progression" else f"{record['title']} — {record['text']}"
                statements[record["statement"]] = text
    return framework, statements


def test_seed_case_export_validates(seed_framework: Any) -> None:
    framework, _ = seed_framework
    package = json.loads(render(framework, "case"))
    jsonschema.validate(package, SCHEMA)
    assert len(package["CFItems"]) >= 30
    assert package["CFRubrics"] and package["CFAssociations"]
    assert {"isChildOf", "precedes"} <= {a["associationType"] for a in package["CFAssociations"]}


def test_seed_case_round_trip(seed_framework: Any) -> None:
    """The package's items read back into a fresh graph give the graph's statements and texts."""
    framework, statements = seed_framework
    graph = read_case(json.loads(render(framework, "case")))
    found = {
        str(s): str(o)
        for s, o in graph.subject_objects(rdflib.URIRef("http://purl.org/dc/terms/description"))
        if str(s) in statements
    }
    assert found == statements
    assert len(found) >= 40


def test_seed_ctdl_export(seed_framework: Any) -> None:
    framework, _ = seed_framework
    graph = ctdl_graph(render(framework, "ctdl-asn"))
    assert len(set(graph.subjects(rdflib.RDF.type, CE.CompetencyFramework))) == 1
    assert len(set(graph.subjects(rdflib.RDF.type, CE.Competency))) >= 30
    levels = {
        str(graph.value(lv, rdflib.SKOS.prefLabel))
        for lv in graph.subjects(rdflib.RDF.type, ASN.ProgressionLevel)
    }
    assert {"Emerging", "Developing", "Proficient", "Advanced"} <= levels


def test_cli_framework(seed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLSCAPE_STORE", str(seed_settings.store_path))
    target = tmp_path / "framework.json"
    result = CliRunner().invoke(app, ["framework", "25-4031", "--format", "case", "--output", str(target)])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(target.read_text()), SCHEMA)
    bad = CliRunner().invoke(app, ["framework", "25-4031", "--format", "pdf"])
    assert bad.exit_code != 0 and "pdf" in bad.output


def test_onet_level_anchors_from_progression_become_progression_levels() -> None:
    """The progression contract with required_level/importance: a rated descriptor's level anchors
    sit under the descriptor's competency, as levels of the O*NET level scale."""
    rows = fixture_rows()
    anchors = [
        {
            "scale": "O*NET skill level",
            "domain": "Reading Comprehension",
            "level": str(value),
            "rank": value,
            "statement": f"{ID}statement/anchors/row-{row}",
            "text": text,
            "citations": "Level Scale Anchors.txt",
            "required_level": 4.5,
            "importance": 4.0,
        }
        for value, text, row in (
            (2, "Read step-by-step instructions", 10),
            (4, "Read a memo", 11),
            (6, "Read a report", 12),
        )
    ]
    rows["progression"] = [
        {**r, "required_level": None, "importance": None} for r in rows["progression"] or ()
    ] + anchors
    framework = assemble("99-0001.00", rows)
    skill = f"{ID}skill/reading-comprehension"
    # no second item for the descriptor: the anchors hang under the O*NET competency
    assert [c.key for c in framework.competencies if c.text == "Reading Comprehension"] == [skill]
    graph = ctdl_graph(render(framework, "ctdl-asn"))
    anchor = rdflib.URIRef(f"{ID}statement/anchors/row-11")
    level = graph.value(anchor, ASN.hasProgressionLevel)
    assert graph.value(level, rdflib.SKOS.prefLabel) == rdflib.Literal("4", lang="en")
    model = graph.value(level, rdflib.SKOS.inScheme)
    assert graph.value(model, rdflib.SKOS.prefLabel) == rdflib.Literal("O*NET skill level", lang="en")
    above = graph.value(rdflib.URIRef(f"{ID}statement/anchors/row-12"), ASN.hasProgressionLevel)
    assert (level, CE.precedes, above) in graph
    package = json.loads(render(framework, "case"))
    jsonschema.validate(package, SCHEMA)
    parents = {
        a["originNodeURI"]["uri"]: a["destinationNodeURI"]["uri"]
        for a in package["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    assert parents[parents[str(anchor)]] == skill  # anchor → level item → the skill
