"""``/occupations/{code}/esco`` and ``/occupations/{code}/framework`` over real HTTP, on a store
built from the seeds, the ESCO fixture and the crosswalk fixture (real rows of both)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest
import rdflib

from skillscape.build import build
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.ingest.onet_table import read_bytes
from skillscape.settings import Settings
from tests.api.conftest import api_settings
from tests.conftest import make_settings, seed_entries
from tests.servers import live_api

FIXTURES = Path(__file__).parent.parent / "fixtures"
LIBRARY_ASSISTANT = "http://data.europa.eu/esco/occupation/37b15470-3b2d-4ae0-816c-c7c06ed15c99"
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "export" / "case-1.0" / "case-v1p0-cfpackage-schema.json").read_text()
)


def esco_entries() -> list[SourceEntry]:
    esco = FIXTURES / "esco"
    crosswalk = FIXTURES / "esco_crosswalk"
    soc = crosswalk / "soc_2010_2019.csv"
    return [
        SourceEntry(
            id="esco-fixture",
            path=esco,
            kind="esco-classification",
            release="1.1.1",
            sha256=file_sha256(esco),
        ),
        SourceEntry(
            id="crosswalk-fixture",
            path=crosswalk / "crosswalk.csv",
            kind="esco-onet-crosswalk",
            sha256=file_sha256(crosswalk / "crosswalk.csv"),
            options={
                "soc_crosswalk": {"path": soc.name, "sha256": hashlib.sha256(soc.read_bytes()).hexdigest()},
                "onet": {
                    "release": "30.1",
                    "folder": ".",
                    "occupation_data_sha256": hashlib.sha256(
                        read_bytes(crosswalk / "Occupation Data.txt")
                    ).hexdigest(),
                },
            },
        ),
    ]


@pytest.fixture(scope="module")
def esco_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("esco-api"))
    report = build(settings, entries=[*seed_entries(), *esco_entries()])
    assert report.validation is None or report.validation.conforms
    return settings


@pytest.fixture(scope="module")
def http(esco_settings: Settings) -> Iterator[httpx.Client]:
    with live_api(api_settings(esco_settings)) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


def relations() -> list[dict[str, str]]:
    text = (FIXTURES / "esco" / "relations" / "occupationSkillRelations.csv").read_text()
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_esco_of_library_assistants_names_library_assistant_with_its_skills(http: httpx.Client) -> None:
    response = http.get("/occupations/43-4121/esco")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "43-4121.00"
    [esco] = body["esco"]
    assert esco["iri"] == LIBRARY_ASSISTANT and esco["label"] == "library assistant"
    assert esco["predicate"] == "http://www.w3.org/2004/02/skos/core#closeMatch"
    assert esco["sourceCode"] == "43-4121.00"
    expected = {
        relation: {
            r["skillUri"]
            for r in relations()
            if r["occupationUri"] == LIBRARY_ASSISTANT and r["relationType"] == relation
        }
        for relation in ("essential", "optional")
    }
    assert {s["iri"] for s in esco["essentialSkills"]} == expected["essential"]
    assert {s["iri"] for s in esco["optionalSkills"]} == expected["optional"]
    assert all(
        s["label"] and s["statement"].startswith("https://w3id.org/skillscape/id/statement/")
        for s in esco["essentialSkills"]
    )


def test_esco_of_an_unknown_occupation_is_404(http: httpx.Client) -> None:
    assert http.get("/occupations/99-9999.00/esco").status_code == 404


def test_framework_of_library_technicians_in_each_format(http: httpx.Client) -> None:
    case = http.get("/occupations/25-4031.00/framework", params={"format": "case"})
    assert case.status_code == 200 and case.headers["content-type"].startswith("application/json")
    package = case.json()
    jsonschema.validate(package, SCHEMA)
    assert len(package["CFItems"]) >= 30 and package["CFRubrics"]
    ctdl = http.get("/occupations/25-4031.00/framework", params={"format": "ctdl-asn"})
    assert ctdl.headers["content-type"].startswith("application/ld+json")
    graph = rdflib.Graph().parse(data=ctdl.text, format="json-ld")
    frameworks = list(
        graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://purl.org/ctdlasn/terms/CompetencyFramework"))
    )
    assert len(frameworks) == 1
    turtle = http.get("/occupations/25-4031.00/framework", params={"format": "ttl"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(rdflib.Graph().parse(data=turtle.text, format="turtle")) == len(graph)
    assert http.get("/occupations/25-4031.00/framework", params={"format": "pdf"}).status_code == 422


def test_framework_of_library_assistants_carries_esco_skills(http: httpx.Client) -> None:
    package = http.get("/occupations/43-4121.00/framework").json()
    exact = [a for a in package["CFAssociations"] if a["associationType"] == "exactMatchOf"]
    essential = {
        r["skillUri"]
        for r in relations()
        if r["occupationUri"] == LIBRARY_ASSISTANT and r["relationType"] == "essential"
    }
    assert {a["destinationNodeURI"]["uri"] for a in exact} == essential
