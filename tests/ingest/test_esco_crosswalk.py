"""The Nesta crosswalk adapter on a fixture of real rows (tests/fixtures/esco_crosswalk)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from skillscape.ingest.document import SourceError
from skillscape.ingest.esco_crosswalk import EscoOnetCrosswalkAdapter, predicate_for
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.ingest.onet_table import read_bytes
from skillscape.model import iri
from skillscape.model.namespaces import SKOS
from skillscape.store.oxigraph import OxigraphStore

FIXTURE = Path(__file__).parent.parent / "fixtures" / "esco_crosswalk"
SOFTWARE_ANALYST = "http://data.europa.eu/esco/occupation/04ba4d6c-957d-417f-bf63-5b9e015a9f86"
LIBRARY_ASSISTANT = "http://data.europa.eu/esco/occupation/37b15470-3b2d-4ae0-816c-c7c06ed15c99"


def entry(folder: Path, soc_sha: str | None = None) -> SourceEntry:
    soc = folder / "soc_2010_2019.csv"
    return SourceEntry(
        id="crosswalk",
        path=folder / "crosswalk.csv",
        kind="esco-onet-crosswalk",
        sha256=file_sha256(folder / "crosswalk.csv"),
        options={
            "soc_crosswalk": {
                "path": soc.name,
                "sha256": soc_sha or hashlib.sha256(soc.read_bytes()).hexdigest(),
            },
            "onet": {
                "release": "30.1",
                "folder": ".",
                "occupation_data_sha256": hashlib.sha256(
                    read_bytes(folder / "Occupation Data.txt")
                ).hexdigest(),
            },
        },
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("crosswalk") / "store")
    quads = EscoOnetCrosswalkAdapter().ingest(
        entry(FIXTURE), iri.source_graph("crosswalk"), dt.datetime.now(dt.UTC)
    )
    store.load(quads)
    return store


def mappings(store: OxigraphStore) -> dict[tuple[str, str], tuple[str, str, str]]:
    result = store.query(
        """PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX sssom: <https://w3id.org/sssom/>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?s ?o ?p ?c ?rows WHERE {
          ?m owl:annotatedSource ?s ; owl:annotatedTarget ?o ;
             owl:annotatedProperty ?p ; sssom:confidence ?c ;
             prov:wasDerivedFrom/oa:hasSelector/rdf:value ?row1 ;
             prov:wasInfluencedBy/oa:hasSelector/rdf:value ?row2 .
          BIND(CONCAT(?row1, " ", ?row2) AS ?rows) }"""
    )
    return {
        (r[0].value, r[1].value.rsplit("/", 1)[1]): (r[2].value, str(float(r[3].value)), r[4].value)  # type: ignore[union-attr]
        for r in result.rows
    }


def test_rules_for_one_to_many_shared_and_exact(store: OxigraphStore) -> None:
    found = mappings(store)
    # library assistant: confidence 1, one successor, code not shared → closeMatch, 0.5
    # (Nesta row 5, code-crosswalk row 5)
    assert found[(LIBRARY_ASSISTANT, "43-4121.00")] == (SKOS.closeMatch.value, "0.5", "row=5 row=5")
    # software analyst: 15-1132.00 split into 15-1252.00 and 15-1253.00; the latter is not in O*NET → issue
    assert found[(SOFTWARE_ANALYST, "15-1252.00")] == (SKOS.closeMatch.value, "1.0", "row=4 row=3")
    assert not any(code == "15-1253.00" for _, code in found)
    # two ESCO occupations share 11-1011.00: the O*NET occupation is the broader one
    shared = [v[0] for (s, code), v in found.items() if code == "11-1011.00"]
    assert shared == [SKOS.broadMatch.value] * 2
    assert len(found) == 4


def test_what_cannot_be_matched_is_an_issue(store: OxigraphStore) -> None:
    result = store.query(
        "PREFIX ss: <https://w3id.org/skillscape/ontology#> "
        "SELECT ?m WHERE { ?i a ss:IngestIssue ; ss:message ?m }"
    )
    messages = sorted(r[0].value for r in result.rows)  # type: ignore[union-attr]
    assert len(messages) == 2
    assert "15-1253.00 is not an occupation of the O*NET release" in messages[0]
    assert "99-9999.00 is not an O*NET-SOC 2010 code" in messages[1]


def test_predicate_rule() -> None:
    assert predicate_for("2.0", shared=False, split=False, merged=False) == SKOS.exactMatch
    assert predicate_for("2.0", shared=False, split=True, merged=False) == SKOS.closeMatch
    assert predicate_for("2.0", shared=False, split=False, merged=True) == SKOS.broadMatch
    assert predicate_for("0.5", shared=False, split=False, merged=False) == SKOS.closeMatch


def test_changed_code_crosswalk_fails(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    shutil.copytree(FIXTURE, folder)
    with pytest.raises(SourceError, match="sha256"):
        list(
            EscoOnetCrosswalkAdapter().ingest(
                entry(folder, "0" * 64), iri.source_graph("c"), dt.datetime.now(dt.UTC)
            )
        )


def test_bad_confidence_names_line_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    shutil.copytree(FIXTURE, folder)
    path = folder / "crosswalk.csv"
    path.write_text(
        path.read_text().replace(
            ",1.0,http://data.europa.eu/esco/occupation/0ee6",
            ",3.0,http://data.europa.eu/esco/occupation/0ee6",
        )
    )
    with pytest.raises(SourceError) as error:
        list(EscoOnetCrosswalkAdapter().ingest(entry(folder), iri.source_graph("c"), dt.datetime.now(dt.UTC)))
    assert error.value.line == 2 and error.value.column == "confidence"
