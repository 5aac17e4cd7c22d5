"""The validation report: a SHACL report in Turtle that reads back the same, and a table."""

from __future__ import annotations

import rdflib

from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import ValidationReport, Violation, validate_store
from skillscape.validate.reference import read_report
from skillscape.validate.shapes import Path
from tests.shapes.cases import all_fixtures, load_fixture, load_ontology

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _report_for(*fixture_ids: str) -> ValidationReport:
    store = OxigraphStore()
    load_ontology(store)
    for fixture in all_fixtures():
        if fixture.id in fixture_ids:
            load_fixture(store, fixture)
    return validate_store(store)


def test_turtle_report_reads_back_the_same_results() -> None:
    # an inverse path (orphan selector), a literal value (pattern), no path (sh:or)
    report = _report_for(
        "QuoteSelector/invalid/orphan.ttl",
        "RowSelector/invalid/bad-row.ttl",
        "Passage/invalid/no-selector.ttl",
    )
    assert len(report.violations) == 3
    graph = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert (None, SH.conforms, rdflib.Literal(False)) in graph
    read = read_report(graph)
    assert {(v.key(), v.shape, v.severity, v.message, v.value) for v in read} == {
        (v.key(), v.shape, v.severity, v.message, v.value) for v in report.violations
    }


def test_turtle_report_keeps_a_sequence_path() -> None:
    path = Path(
        "sequence", items=(Path("iri", "http://www.w3.org/ns/oa#hasSelector"), Path("iri", "urn:x:p"))
    )
    violation = Violation(
        focus="urn:x:focus",
        path=path.label(),
        component=str(SH.HasValueConstraintComponent),
        shape="urn:x:shape",
        severity=str(SH.Violation),
        message="needs a value",
        path_node=path,
    )
    turtle = ValidationReport(conforms=False, violations=[violation], engine="sparql").to_turtle()
    (read,) = read_report(rdflib.Graph().parse(data=turtle, format="turtle"))
    assert read.path == "<http://www.w3.org/ns/oa#hasSelector>/<urn:x:p>"
    assert read.key() == violation.key()


def test_conforming_report_has_no_results() -> None:
    report = _report_for("Passage/valid/row-passage.ttl")
    assert report.conforms and report.violations == [] and report.summary_rows() == []
    graph = rdflib.Graph().parse(data=report.to_turtle(), format="turtle")
    assert (None, SH.conforms, rdflib.Literal(True)) in graph
    assert not list(graph.objects(None, SH.result))


def test_summary_rows_are_readable() -> None:
    report = _report_for("Task/invalid/no-occupation.ttl")
    (row,) = report.summary_rows()
    assert row["focus"] == "id:statement/f/task-2"
    assert row["path"] == "ss:occupation"
    assert row["constraint"] == "sh:MinCount"
    assert row["shape"] == "shapes:Task-occupation"
    assert row["message"] == "A task must name the occupation it belongs to (ss:occupation)."
