"""data/mappings/esco-durable-skills.sssom.tsv: ESCO transversal skills → durable-skill domains."""

from __future__ import annotations

import csv
import gzip
import io

from skillscape.model import iri
from tests.conftest import MANIFEST

MAPPING = MANIFEST.parent.parent / "mappings" / "esco-durable-skills.sssom.tsv"
TRANSVERSAL = MANIFEST.parent / "esco" / "1.1.1" / "classification" / "transversalSkillsCollection_en.csv.gz"
DOMAINS = (
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
)
COLUMNS = [
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "comment",
]


def mappings() -> list[dict[str, str]]:
    lines = [line for line in MAPPING.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_subjects_are_esco_transversal_skills_with_their_labels() -> None:
    text = gzip.decompress(TRANSVERSAL.read_bytes()).decode("utf-8")
    labels = {
        r["conceptUri"]: r["preferredLabel"].strip() for r in csv.DictReader(io.StringIO(text, newline=""))
    }
    rows = mappings()
    assert len(rows) == len({r["subject_id"] for r in rows}) >= 40
    for row in rows:
        assert labels[row["subject_id"]] == row["subject_label"]


def test_objects_are_the_ten_domains_as_the_framework_adapter_mints_them() -> None:
    minted = {iri.skill_domain(name).value: name for name in DOMAINS}
    rows = mappings()
    for row in rows:
        assert minted[row["object_id"]] == row["object_label"]
        assert row["predicate_id"] == "skos:broadMatch"
        assert row["mapping_justification"] == "semapv:ManualMappingCuration"
        assert row["comment"]
    assert {r["object_label"] for r in rows} == set(DOMAINS)
