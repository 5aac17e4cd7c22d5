"""Validation of a real on-disk Oxigraph store, whole or restricted to some named graphs."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.model import iri
from skillscape.model.namespaces import PROV, SS
from skillscape.resources import ontology_path
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_store, validate_with_pyshacl
from skillscape.validate.engine import ONTOLOGY_GRAPH
from tests.seed_documents import PROFILE
from tests.validate.emitted import career_page_takeovers, profile_tasks

PROFILE_GRAPH = iri.source_graph("profile")
CAREER_GRAPH = iri.source_graph("career-page")
CLASS = "http://www.w3.org/ns/shacl#ClassConstraintComponent"
#: a statement with neither provenance (a passage, or a derivation activity) fails shapes:Statement's sh:or
OR = "http://www.w3.org/ns/shacl#OrConstraintComponent"


def _tasks_in_profile() -> int:
    """Task lines of the profile's "### Tasks" section, counted from the raw text."""
    text = PROFILE.read_text(encoding="utf-8")
    section = text.split("### Tasks\n", 1)[1].split("\n#", 1)[0]
    return sum(1 for line in section.splitlines() if line.startswith("- "))


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    """An on-disk store: the ontology, a valid profile graph, and a career-page graph in
    which the first claim has lost its passage."""
    store = OxigraphStore(tmp_path / "store")
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH)
    store.load(profile_tasks(PROFILE_GRAPH).quads)
    career = career_page_takeovers(CAREER_GRAPH).quads
    first_claim = next(q.subject for q in career if q.object == SS.AIImpactClaim)
    store.load(q for q in career if not (q.subject == first_claim and q.predicate == PROV.wasDerivedFrom))
    return store


def test_emitter_graphs_are_real(store: OxigraphStore) -> None:
    tasks = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?t a <{SS.Task.value}> }}").rows[0][0]
    assert tasks is not None and int(tasks.value) == _tasks_in_profile() > 10


def test_whole_store_reports_the_claim_without_passage(store: OxigraphStore) -> None:
    report = validate_store(store)
    assert [(v.component, v.path) for v in report.violations] == [(OR, None)]
    assert report.violations[0].focus.startswith(iri.statement(_sha(store, CAREER_GRAPH), "").value)
    assert validate_with_pyshacl(store).keys() == report.keys()


def test_only_the_graphs_asked_for_are_validated(store: OxigraphStore) -> None:
    assert validate_store(store, graphs=[PROFILE_GRAPH, ONTOLOGY_GRAPH]).conforms
    career = validate_store(store, graphs=[CAREER_GRAPH, ONTOLOGY_GRAPH])
    assert career.keys() == validate_store(store).keys()


def test_class_knowledge_comes_from_the_ontology_graph(store: OxigraphStore) -> None:
    found = {(v.component, v.path) for v in validate_store(store, graphs=[CAREER_GRAPH]).violations}
    # ss:AIImpactClaim is not known to be an ss:Statement, so the missing passage goes
    # unseen, and ss:TakenOver is not known to be an ss:AIImpactKind
    assert found == {(CLASS, SS.impactKind.value)}


def test_published_store_validates_read_only(store: OxigraphStore, tmp_path: Path) -> None:
    expected = validate_store(store).keys()
    store.close()
    with OxigraphStore(tmp_path / "store", read_only=True) as published:
        assert validate_store(published).keys() == expected


def _sha(store: OxigraphStore, graph: ox.NamedNode) -> str:
    query = f"SELECT ?sha WHERE {{ GRAPH <{graph.value}> {{ ?d <{SS.sha256.value}> ?sha }} }}"
    value = store.query(query).rows[0][0]
    assert value is not None
    return value.value
