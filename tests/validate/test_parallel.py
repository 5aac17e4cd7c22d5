"""Validation by several processes finds exactly what one process finds, in the same order."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.model import iri
from skillscape.model.namespaces import RDF, SS
from skillscape.settings import Settings
from skillscape.store.location import StoreLocation
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_store
from skillscape.validate.parallel import validate_path

BROKEN = iri.source_graph("broken")


@pytest.fixture(scope="module")
def broken_store(seed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed store with statements that break several shapes."""
    published = StoreLocation(seed_settings.store_path).current()
    assert published is not None
    path = tmp_path_factory.mktemp("broken") / "store"
    shutil.copytree(published, path)
    store = OxigraphStore(path)
    task = ox.NamedNode(iri.source_graph("broken").value + "/task")
    score = ox.NamedNode(iri.source_graph("broken").value + "/score")
    store.load(
        [
            ox.Quad(task, RDF.type, SS.Task, BROKEN),  # no passage, no occupation, no text
            ox.Quad(score, RDF.type, SS.AIExposureAssessment, BROKEN),
            ox.Quad(score, SS.score, ox.Literal("high"), BROKEN),
        ]
    )
    store.close()
    return path


def keys(report: object) -> list[tuple[str, str | None, str, str]]:
    return [(v.focus, v.path, v.component, v.shape) for v in report.violations]  # type: ignore[attr-defined]


def test_two_processes_report_what_one_reports(broken_store: Path) -> None:
    store = OxigraphStore(broken_store, read_only=True)
    try:
        one = validate_store(store)
    finally:
        store.close()
    two = validate_path(broken_store, workers=2)
    assert not one.conforms and len({v.shape for v in one.violations}) >= 2
    assert keys(two) == keys(one)


def test_a_scope_limits_both_alike(broken_store: Path) -> None:
    scope = [BROKEN, iri.source_graph("ontology")]
    two = validate_path(broken_store, scope, workers=2)
    one = validate_path(broken_store, scope, workers=1)
    assert keys(two) == keys(one)
    assert {v.focus for v in two.violations} <= {
        BROKEN.value + "/task",
        BROKEN.value + "/score",
    }


def test_the_seed_graph_conforms_with_two_processes(seed_settings: Settings) -> None:
    published = StoreLocation(seed_settings.store_path).current()
    assert published is not None
    assert validate_path(published, workers=2).conforms
