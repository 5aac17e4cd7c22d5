"""The ESCO adapter on a fixture cut from ESCO 1.1.1 (real rows, tests/fixtures/esco).

Counts are taken from the fixture files with the csv module alone and compared with SPARQL
counts on a store built from the fixture only. The full files' counts are reported from a
full build (README), not computed here.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.build import ingest_source
from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.model import iri
from skillscape.store.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent.parent / "fixtures" / "esco"
LIBRARY_ASSISTANT = "http://data.europa.eu/esco/occupation/37b15470-3b2d-4ae0-816c-c7c06ed15c99"
MISSING_OCCUPATION = "http://data.europa.eu/esco/occupation/a9e54177-a185-404d-b6e6-15663d31137e"
PREFIXES = """
PREFIX esco: <http://data.europa.eu/esco/model#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX ss: <https://w3id.org/skillscape/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def rows(name: str) -> list[dict[str, str]]:
    csv.field_size_limit(10**8)
    text = (FIXTURE / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def entry_for(folder: Path) -> SourceEntry:
    return SourceEntry(
        id="esco-fixture",
        path=folder,
        kind="esco-classification",
        release="1.1.1",
        sha256=file_sha256(folder),
    )


def build(folder: Path, store_path: Path) -> OxigraphStore:
    store = OxigraphStore(store_path)
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    ingest_source(store, entry_for(folder), iri.build_activity("test"), now)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    return build(FIXTURE, tmp_path_factory.mktemp("esco") / "store")


def count(store: OxigraphStore, where: str) -> int:
    result = store.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(result.rows[0][0].value)  # type: ignore[union-attr]


def test_counts_equal_the_files(store: OxigraphStore) -> None:
    relations = rows("relations/occupationSkillRelations.csv")
    assert count(store, "?o a esco:Occupation") == len(rows("classification/occupations_en.csv"))
    assert count(store, "?s a esco:Skill") == len(rows("classification/skills_en.csv"))
    assert count(store, "?s a ss:OccupationSkillRelation") == len(relations)
    essential = sum(r["relationType"] == "essential" for r in relations)
    assert count(store, "?o esco:relatedEssentialSkill ?s") == essential
    assert count(store, "?o esco:relatedOptionalSkill ?s") == len(relations) - essential
    broader = len(rows("relations/broaderRelationsOccPillar.csv")) + len(
        rows("relations/broaderRelationsSkillPillar.csv")
    )
    assert count(store, "?a skos:broader ?b") == broader
    transversal = len(rows("classification/transversalSkillsCollection_en.csv"))
    assert transversal == 1
    assert count(store, "?c skos:notation 'transversal' ; skos:member ?s") == transversal


def test_library_assistant_essential_skills_with_esco_vocabulary(store: OxigraphStore) -> None:
    expected = {
        r["skillUri"]
        for r in rows("relations/occupationSkillRelations.csv")
        if r["occupationUri"] == LIBRARY_ASSISTANT and r["relationType"] == "essential"
    }
    result = store.query(
        PREFIXES
        + """SELECT ?skill ?label WHERE {
          ?occupation a esco:Occupation ; skos:prefLabel "library assistant"@en ;
                      esco:relatedEssentialSkill ?skill .
          ?skill skos:prefLabel ?label }"""
    )
    found = {row[0].value for row in result.rows}  # type: ignore[union-attr]
    assert found == expected and len(found) > 5
    labels = {row[1].value for row in result.rows}  # type: ignore[union-attr]
    assert "lend library items" in labels or any("library" in label for label in labels)


def test_every_relation_statement_traces_to_its_row(store: OxigraphStore) -> None:
    result = store.query(
        PREFIXES
        + """SELECT ?row ?occupation ?skill ?type WHERE {
          ?st a ss:OccupationSkillRelation ; ss:escoOccupation ?occupation ; ss:escoSkill ?skill ;
              ss:relationType ?type ; prov:wasDerivedFrom ?p .
          ?p oa:hasSelector ?sel . ?sel rdf:value ?row }"""
    )
    by_row = {row[0].value: (row[1].value, row[2].value, row[3].value) for row in result.rows}  # type: ignore[union-attr]
    relations = rows("relations/occupationSkillRelations.csv")
    assert len(by_row) == len(relations)
    for number, relation in enumerate(relations, start=2):
        assert by_row[f"row={number}"] == (
            relation["occupationUri"],
            relation["skillUri"],
            relation["relationType"],
        )


def test_labels_types_hierarchy_and_isco(store: OxigraphStore) -> None:
    occupation = next(
        r for r in rows("classification/occupations_en.csv") if r["conceptUri"] == LIBRARY_ASSISTANT
    )
    alt = {line.strip() for line in occupation["altLabels"].splitlines() if line.strip()}
    result = store.query(PREFIXES + f"SELECT ?alt WHERE {{ <{LIBRARY_ASSISTANT}> skos:altLabel ?alt }}")
    assert {row[0].value for row in result.rows} == alt  # type: ignore[union-attr]
    # the ISCO unit group 4411 is reached through skos:broader, up to the major group
    assert count(store, f"<{LIBRARY_ASSISTANT}> skos:broader+ ?g . ?g skos:notation '4411'") == 1
    assert count(store, f"<{LIBRARY_ASSISTANT}> skos:broader+ ?g . ?g skos:notation '4'") == 1
    assert count(store, "?s esco:skillType <http://data.europa.eu/esco/skill-type/knowledge>") == sum(
        r["skillType"] == "knowledge" for r in rows("classification/skills_en.csv")
    )


def test_unknown_occupation_is_an_issue_not_dropped(store: OxigraphStore) -> None:
    assert count(store, f"?st ss:escoOccupation <{MISSING_OCCUPATION}>") == 1
    assert (
        count(store, f"?i a ss:IngestIssue ; ss:message ?m FILTER(CONTAINS(?m, '{MISSING_OCCUPATION}'))") == 1
    )


def test_bad_iri_names_file_line_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(FIXTURE, folder)
    path = folder / "relations" / "occupationSkillRelations.csv"
    text = path.read_text().splitlines(keepends=True)
    text[3] = "not-an-iri" + text[3][text[3].index(",") :]
    path.unlink()
    (folder / "relations" / "occupationSkillRelations.csv.gz").write_bytes(
        gzip.compress("".join(text).encode())
    )
    with pytest.raises(SourceError) as error:
        build(folder, tmp_path / "store")
    assert error.value.line == 4 and error.value.column == "occupationUri"
    assert "occupationSkillRelations.csv" in str(error.value.path)


def test_missing_required_file(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(FIXTURE, folder)
    (folder / "classification" / "skills_en.csv").unlink()
    with pytest.raises(SourceError, match="required file"):
        build(folder, tmp_path / "store")


def test_statement_graph_is_valid_ox_terms(store: OxigraphStore) -> None:
    # labels carry ESCO's language tag, as ESCO's own RDF does
    result = store.query(PREFIXES + f"SELECT ?l WHERE {{ <{LIBRARY_ASSISTANT}> skos:prefLabel ?l }}")
    label = result.rows[0][0]
    assert isinstance(label, ox.Literal) and label.language == "en"


def test_documents_are_named_as_the_official_files(tmp_path: Path) -> None:
    folder = tmp_path / "esco"
    shutil.copytree(FIXTURE, folder)
    path = folder / "classification" / "skills_en.csv"
    data = path.read_bytes()
    (folder / "classification" / "skills_en.csv.gz").write_bytes(gzip.compress(data))
    path.unlink()
    store = build(folder, tmp_path / "store")
    result = store.query(
        "PREFIX dct: <http://purl.org/dc/terms/> PREFIX ss: <https://w3id.org/skillscape/ontology#> "
        "SELECT ?name ?sha WHERE { ?d a ss:SourceDocument ; dct:identifier ?name ; ss:sha256 ?sha "
        "FILTER(STRSTARTS(?name, 'skills')) }"
    )
    import hashlib

    assert [(r[0].value, r[1].value) for r in result.rows] == [
        ("skills_en.csv", hashlib.sha256(data).hexdigest())
    ]  # type: ignore[union-attr]
