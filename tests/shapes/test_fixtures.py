"""Every shape against its fixtures, with both engines; every constraint has a failing case.

All fixtures are loaded into one store, each under its own base IRI, so that one run of
each engine covers them all (pySHACL re-parses a SPARQL constraint for every focus node,
which makes one run per fixture take minutes). That the copies do not interfere is itself
tested: each copy must fail exactly as its fixture says, and the fixtures of the shapes
that relate several nodes (SPARQL constraints) are also validated alone.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pytest

from skillscape.model.namespaces import ID_IRI
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import ValidationReport, validate_store, validate_with_pyshacl
from skillscape.validate.compiler import Check
from skillscape.validate.engine import compiled_checks, default_message
from tests.shapes.cases import Fixture, all_fixtures, family, load_fixture, load_ontology

FIXTURES = all_fixtures()
INVALID = [f for f in FIXTURES if not f.valid]
VALID = [f for f in FIXTURES if f.valid]
SH = "http://www.w3.org/ns/shacl#"


@dataclass
class Merged:
    store: OxigraphStore
    bases: dict[Fixture, str]
    report: ValidationReport

    def found(self, fixture: Fixture) -> Counter[tuple[str, str]]:
        base = self.bases[fixture]
        return Counter((v.focus, v.component) for v in self.report.violations if v.focus.startswith(base))


@cache
def merged() -> Merged:
    store = OxigraphStore()
    load_ontology(store)
    bases = {fixture: f"{ID_IRI}fixture/{index}/" for index, fixture in enumerate(FIXTURES)}
    for fixture, base in bases.items():
        load_fixture(store, fixture, base)
    return Merged(store, bases, validate_store(store))


def _alone(fixture: Fixture | None) -> OxigraphStore:
    store = OxigraphStore()
    load_ontology(store)
    load_fixture(store, fixture)
    return store


def _ids(fixtures: list[Fixture]) -> list[str]:
    return [f.id for f in fixtures]


def test_base_context_conforms() -> None:
    store = _alone(None)
    report = validate_store(store)
    assert report.conforms, report.summary_rows()
    assert validate_with_pyshacl(store).conforms


def test_every_violation_belongs_to_a_fixture() -> None:
    outside = [v for v in merged().report.violations if not v.focus.startswith(f"{ID_IRI}fixture/")]
    assert outside == []


@pytest.mark.parametrize("fixture", VALID, ids=_ids(VALID))
def test_valid_fixture_conforms(fixture: Fixture) -> None:
    assert merged().found(fixture) == Counter()


@pytest.mark.parametrize("fixture", INVALID, ids=_ids(INVALID))
def test_invalid_fixture_fails_exactly_as_expected(fixture: Fixture) -> None:
    state = merged()
    assert state.found(fixture) == fixture.expected(state.bases[fixture])
    for violation in state.report.violations:
        if violation.focus.startswith(state.bases[fixture]):
            assert family(violation.shape) == fixture.family, violation
            # every constraint speaks for itself: its shape's sh:message, not a default
            assert violation.message != default_message(violation.component), violation


CROSS_NODE = [
    f
    for f in FIXTURES
    if f.family
    in ("ProficiencyLevel", "ScoreWithinScale", "LevelAnchor", "ProficiencyScale", "RequiredLevel")
]


@pytest.mark.parametrize("fixture", CROSS_NODE, ids=_ids(CROSS_NODE))
def test_fixture_alone_fails_as_in_the_shared_store(fixture: Fixture) -> None:
    report = validate_store(_alone(fixture))
    assert Counter((v.focus, v.component) for v in report.violations) == fixture.expected()


def test_both_engines_agree_on_every_fixture() -> None:
    state = merged()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Parsing weird boolean")  # rdflib, on "yes"^^xsd:boolean
        reference = validate_with_pyshacl(state.store)
    assert state.report.keys() == reference.keys()
    assert not reference.conforms  # the comparison is not between two empty reports


def _constraints(check: Check) -> list[tuple[str, str]]:
    components = check.components
    if check.kind == "count":
        components = (f"{SH}MinCountConstraintComponent", f"{SH}MaxCountConstraintComponent")
    return [(check.shape.name, component) for component in components]


def test_every_constraint_has_a_failing_fixture() -> None:
    wanted = {pair for check in compiled_checks() for pair in _constraints(check)}
    covered = {(v.shape, v.component) for v in merged().report.violations}
    assert not wanted - covered, sorted(wanted - covered)


def test_every_shape_family_has_valid_and_invalid_fixtures() -> None:
    families = {family(check.shape.name) for check in compiled_checks()}
    assert families == {f.family for f in VALID}
    assert families == {f.family for f in INVALID}
