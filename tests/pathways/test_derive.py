"""The derived similarity graph: a build step, its provenance, validation, reuse by fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.build import build
from skillscape.model import iri
from skillscape.model.namespaces import DCT, PROV, RDF, SCHEMA, SS
from skillscape.pathways import derive
from skillscape.pathways.features import read_features
from skillscape.pathways.similarity import compute, default_parameters
from skillscape.query import named
from skillscape.store.factory import open_store
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_store
from skillscape.validate.engine import ONTOLOGY_GRAPH
from tests.conftest import make_settings
from tests.pathways.conftest import CODES, SmallStore, small_entries

GRAPH = derive.SIMILARITY_GRAPH


def _objects(store: OxigraphStore, subject: ox.NamedNode, predicate: ox.NamedNode) -> list[ox.Term]:
    return [q.object for q in store.raw.quads_for_pattern(subject, predicate, None, GRAPH)]


def test_the_build_derives_a_similarity_for_every_pair(store: OxigraphStore, small: SmallStore) -> None:
    assert small.report.validation is not None and small.report.validation.conforms
    statements = [q.subject for q in store.raw.quads_for_pattern(None, SS.targetOccupation, None, GRAPH)]
    # ten occupations, each with the nine others as neighbours (the graph keeps up to 30)
    assert len(statements) == len(CODES) * (len(CODES) - 1)
    features = read_features(store)
    similarity = compute(features, default_parameters())
    index = features.index()
    for statement in statements:
        (source,) = _objects(store, statement, SS.occupation)
        (target,) = _objects(store, statement, SS.targetOccupation)
        (score,) = _objects(store, statement, SS.score)
        a, b = source.value.rpartition("/")[2], target.value.rpartition("/")[2]
        assert float(score.value) == pytest.approx(similarity.score[index[a], index[b]], abs=5e-5)
        (features_json,) = _objects(store, statement, SS.features)
        produced = json.loads(features_json.value)
        assert set(produced) <= set(similarity.components)
        assert produced["knowledge.cosine"] == pytest.approx(
            similarity.components["knowledge.cosine"][index[a], index[b]], abs=5e-5
        )


def test_every_similarity_names_the_run_that_made_it(store: OxigraphStore) -> None:
    activities = {q.object for q in store.raw.quads_for_pattern(None, PROV.wasGeneratedBy, None, GRAPH)}
    assert len(activities) == 1
    (activity,) = activities
    assert SS.DerivationActivity in _objects(store, activity, RDF.type)
    (used,) = _objects(store, activity, PROV.used)
    assert used == iri.source_graph("onet-30.1")
    (algorithm,) = _objects(store, activity, PROV.wasAssociatedWith)
    assert [o.value for o in _objects(store, algorithm, DCT.title)] == [derive.ALGORITHM]
    assert [o.value for o in _objects(store, algorithm, SCHEMA.version)] == [derive.VERSION]
    (parameters,) = _objects(store, algorithm, SS.parameters)
    assert json.loads(parameters.value) == json.loads(default_parameters().as_json())


def test_the_derived_graph_validates_with_the_graph_it_read(store: OxigraphStore) -> None:
    scope = [GRAPH, iri.source_graph("onet-30.1"), ONTOLOGY_GRAPH]
    assert validate_store(store, graphs=scope).conforms


def test_derived_statements_count_as_traced(store: OxigraphStore) -> None:
    assert named.load("statements-without-source").run(store).rows == []


def test_a_similarity_without_its_run_fails_validation(store: OxigraphStore, tmp_path: Path) -> None:
    copy = OxigraphStore(tmp_path / "copy")
    copy.load(store.raw.quads_for_pattern(None, None, None, GRAPH))
    copy.load(store.raw.quads_for_pattern(None, None, None, iri.source_graph("onet-30.1")))
    copy.load(store.raw.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH))
    statement = next(q.subject for q in copy.raw.quads_for_pattern(None, SS.targetOccupation, None, GRAPH))
    copy.raw.remove(next(copy.raw.quads_for_pattern(statement, PROV.wasGeneratedBy, None, GRAPH)))
    report = validate_store(copy)
    assert [(v.focus, v.component.rpartition("#")[2]) for v in report.violations] == [
        (statement.value, "OrConstraintComponent")
    ]


def test_a_rebuild_reuses_the_derived_graph_until_its_inputs_or_version_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = small_entries(tmp_path / "sources", CODES[:3])
    settings = make_settings(tmp_path)
    said: list[str] = []
    build(settings, entries=entries)
    first = _activity(settings)
    build(settings, entries=entries, progress=said.append)
    assert f"{derive.ALGORITHM}: unchanged" in said
    assert _activity(settings) == first
    monkeypatch.setattr(derive, "VERSION", "test-version")
    said.clear()
    build(settings, entries=entries, progress=said.append)
    assert any(message.startswith(f"{derive.ALGORITHM}: computing") for message in said)
    assert _activity(settings) != first


def _activity(settings: object) -> tuple[str, ...]:
    with open_store(settings) as store:  # type: ignore[arg-type]
        assert isinstance(store, OxigraphStore)
        return tuple(
            sorted(
                q.object.value for q in store.raw.quads_for_pattern(GRAPH, PROV.wasGeneratedBy, None, GRAPH)
            )
        )


def test_a_store_without_an_onet_release_has_no_derived_graph(seed_settings: object) -> None:
    with open_store(seed_settings) as store:  # type: ignore[arg-type]
        assert GRAPH not in store.named_graphs()


def _graph_quads(store: OxigraphStore, graph: ox.NamedNode) -> set[str]:
    """The quads of ``graph`` as N-Quads lines, without the time stamps and the activity of the
    build (its IRI is its time)."""
    return {
        str(q)
        for q in store.raw.quads_for_pattern(None, None, None, graph)
        if q.predicate not in (PROV.generatedAtTime, SS.readAt) and "/id/build/" not in str(q)
    }


def test_the_similarity_derived_while_the_release_is_read_equals_the_one_read_back(
    small: SmallStore, store: OxigraphStore, tmp_path: Path
) -> None:
    """With a reader process the similarity is computed from the release's quads on their way
    into the store (a copy of only the quads the feature queries read); it is the same graph
    as the one computed from the built store, and the build does not compute it again."""
    settings = make_settings(tmp_path).model_copy(update={"ingest_processes": 1})
    said: list[str] = []
    report = build(settings, entries=small.entries, progress=said.append)
    assert report.validation is not None and report.validation.conforms
    assert any(
        m.startswith(f"{derive.ALGORITHM}: computed from O*NET") and "while it was read" in m for m in said
    )
    assert not any(m.startswith(f"{derive.ALGORITHM}: computing") for m in said)
    with open_store(settings) as apart:
        assert isinstance(apart, OxigraphStore)
        # the activity IRI carries the fingerprint, which names the build's own graphs: equal too
        assert _graph_quads(apart, GRAPH) == _graph_quads(store, GRAPH)
        assert len(_graph_quads(apart, GRAPH)) > len(CODES) * (len(CODES) - 1)
        assert _graph_quads(apart, iri.source_graph("onet-30.1")) == _graph_quads(
            store, iri.source_graph("onet-30.1")
        )
