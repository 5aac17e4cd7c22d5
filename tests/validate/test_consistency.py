"""HermiT on the ontology: consistent, every class satisfiable; and a broken copy is caught."""

from __future__ import annotations

from pathlib import Path

from skillscape.resources import ontology_path
from skillscape.validate.consistency import check_ontology_consistency, reason

SS = "https://w3id.org/skillscape/ontology#"


def _ontology_plus(tmp_path: Path, turtle: str) -> Path:
    path = tmp_path / "ontology.ttl"
    path.write_text(ontology_path().read_text(encoding="utf-8") + "\n" + turtle, encoding="utf-8")
    return path


def test_ontology_is_consistent_and_every_class_satisfiable() -> None:
    result = reason()
    assert result.consistent
    assert result.unsatisfiable == ()


def test_a_statement_that_is_also_a_concept_makes_it_inconsistent(tmp_path: Path) -> None:
    # ss:Statement is disjoint with skos:Concept; an individual in both cannot exist
    broken = _ontology_plus(tmp_path, "<urn:x:task> a owl:NamedIndividual , ss:Task , ss:Occupation .\n")
    assert check_ontology_consistency(broken) is False


def test_a_class_under_two_disjoint_classes_is_unsatisfiable(tmp_path: Path) -> None:
    broken = _ontology_plus(tmp_path, "<urn:x:Odd> a owl:Class ; rdfs:subClassOf ss:Task , ss:Occupation .\n")
    result = reason(broken)
    assert result.consistent
    assert result.unsatisfiable == ("urn:x:Odd",)
