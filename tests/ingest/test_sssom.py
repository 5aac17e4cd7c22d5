"""SSSOM mapping files: the curated durable-skill mapping, several files at once, and every kind
of malformed file or row failing with its file, line and problem."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry, load_manifest
from skillscape.ingest.sssom import SssomMappingAdapter, mapping_files, read_mapping_set, read_mapping_sets
from skillscape.model import iri
from skillscape.model.namespaces import SS
from tests.conftest import MANIFEST

MAPPING = next(e for e in load_manifest(MANIFEST) if e.id == "mapping-onet-durable-skills")
DOMAINS = {
    "Communication",
    "Leadership",
    "Metacognition",
    "Critical Thinking",
    "Collaboration",
    "Character",
    "Creativity",
    "Growth Mindset",
    "Mindfulness",
    "Fortitude",
}
HEADER = "\t".join(
    (
        "subject_id",
        "subject_label",
        "predicate_id",
        "object_id",
        "object_label",
        "mapping_justification",
        "comment",
    )
)
META = (
    "# curie_map:\n"
    "#   ONET: https://w3id.org/skillscape/id/element/\n"
    "#   ssdomain: https://w3id.org/skillscape/id/domain/\n"
)
GOOD = "\t".join(
    (
        "ONET:1.D.2.d",
        "Cooperation",
        "skos:closeMatch",
        "ssdomain:collaboration",
        "Collaboration",
        "semapv:ManualMappingCuration",
        "Helpful to others.",
    )
)


def write(
    tmp_path: Path, *rows: str, meta: str = META, header: str = HEADER, name: str = "m.sssom.tsv"
) -> Path:
    path = tmp_path / name
    path.write_text(meta + header + "\n" + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_the_curated_mapping_covers_the_ten_domains_with_a_comment_per_row() -> None:
    mapping = read_mapping_set(MAPPING.path)
    lines = [
        line for line in MAPPING.path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(mapping.rows) == len(rows) > 30
    assert {row.object_label for row in mapping.rows} == DOMAINS
    assert {row.predicate_id for row in mapping.rows} == {"skos:closeMatch", "skos:broadMatch"}
    assert {row.mapping_justification for row in mapping.rows} == {"semapv:ManualMappingCuration"}
    assert all(row.comment for row in mapping.rows)
    # work styles (1.D.*) and skills (2.A.*, 2.B.*) only
    assert all(row.subject_id.startswith(("ONET:1.D.", "ONET:2.A.", "ONET:2.B.")) for row in mapping.rows)
    assert mapping.metadata["mapping_set_id"]
    # the line numbers are those of the file
    text = MAPPING.path.read_text(encoding="utf-8").splitlines()
    assert all(text[row.line - 1] == row.text for row in mapping.rows)


def test_several_files_are_read_each_with_its_own_prefixes(tmp_path: Path) -> None:
    esco_meta = META + "#   esco: http://data.europa.eu/esco/skill/\n"
    esco = (
        GOOD.replace("ONET:1.D.2.d", "esco:abc-123")
        .replace("ssdomain:collaboration", "ssdomain:communication")
        .replace("\tCollaboration\t", "\tCommunication\t")
    )
    paths = [
        write(tmp_path, GOOD, name="a.sssom.tsv"),
        write(tmp_path, esco, meta=esco_meta, name="b.sssom.tsv"),
    ]
    sets = read_mapping_sets(mapping_files(tmp_path))
    assert [s.path.name for s in sets] == ["a.sssom.tsv", "b.sssom.tsv"] == [p.name for p in paths]
    assert sets[1].expand(sets[1].rows[0].subject_id) == "http://data.europa.eu/esco/skill/abc-123"


@pytest.mark.parametrize(
    ("rows", "meta", "header", "line", "problem"),
    [
        (
            (GOOD.replace("\tHelpful to others.", ""),),
            META,
            HEADER,
            5,
            "expected 7 tab-separated fields, found 6",
        ),
        ((GOOD.replace("ONET:", "XX:", 1),), META, HEADER, 5, "the prefix 'XX' is not in the curie_map"),
        ((GOOD.replace("skos:closeMatch", "skos:broader"),), META, HEADER, 5, "not a SKOS mapping predicate"),
        ((GOOD.replace("semapv:ManualMappingCuration", "skos:closeMatch"),), META, HEADER, 5, "not a semapv"),
        ((GOOD.replace("Helpful to others.", " "),), META, HEADER, 5, "the cell is empty"),
        ((GOOD, "", GOOD), META, HEADER, 7, "repeats line 5"),
        ((GOOD.replace("ONET:1.D.2.d", "1.D.2.d"),), META, HEADER, 5, "is not a CURIE"),
        ((GOOD,), META, HEADER.replace("\tcomment", ""), 4, "lacks the column(s) comment"),
        ((GOOD,), "# curie_map: [unclosed\n", HEADER, 1, "not valid YAML"),
        ((GOOD,), "# mapping_set_id: x\n", HEADER, 1, "must give a curie_map"),
        ((), META, HEADER, 4, "has no rows"),
    ],
)
def test_a_malformed_file_fails_naming_file_line_and_problem(
    tmp_path: Path, rows: tuple[str, ...], meta: str, header: str, line: int, problem: str
) -> None:
    path = write(tmp_path, *rows, meta=meta, header=header)
    with pytest.raises(SourceError) as failure:
        read_mapping_set(path)
    assert failure.value.path == path
    assert failure.value.line == line
    assert problem in str(failure.value)


def test_an_object_that_is_not_a_durable_skill_domain_fails_the_adapter(tmp_path: Path) -> None:
    meta = META + "#   occ: https://w3id.org/skillscape/id/occupation/\n"
    path = write(tmp_path, GOOD.replace("ssdomain:collaboration", "occ:25-4031.00"), meta=meta)
    entry = SourceEntry(id="m", path=path, kind="sssom-mapping")
    with pytest.raises(SourceError) as failure:
        list(
            SssomMappingAdapter().ingest(entry, iri.source_graph("m"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        )
    assert failure.value.line == 6 and "not a durable-skill domain" in str(
        failure.value
    )  # one more prefix line


def test_each_row_becomes_a_mapping_statement_quoting_its_row(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    entry = SourceEntry(id="m", path=path, kind="sssom-mapping")
    quads = list(
        SssomMappingAdapter().ingest(entry, iri.source_graph("m"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    )
    (statement,) = {q.subject for q in quads if q.object == SS.MappingStatement}
    props = {q.predicate.value.rpartition("#")[2]: q.object.value for q in quads if q.subject == statement}
    assert props["mappedSubject"] == "ONET:1.D.2.d"
    assert props["mappingPredicate"] == "http://www.w3.org/2004/02/skos/core#closeMatch"
    assert props["domain"] == iri.skill_domain("Collaboration").value
    assert props["mappingJustification"] == "https://w3id.org/semapv/vocab/ManualMappingCuration"
    assert props["text"] == "Helpful to others."
    quotes = [q.object.value for q in quads if q.predicate.value.endswith("#exact")]
    assert quotes == [GOOD]
