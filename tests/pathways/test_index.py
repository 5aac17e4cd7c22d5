"""The build's pathway index: stored with the version, and answers exactly as the store does."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from skillscape.pathways import index as pathway_index
from skillscape.pathways.index import FILE, FOLDER, read_index
from skillscape.pathways.jobs import PathwayJob
from skillscape.pathways.service import PathwayService, PivotRequest
from skillscape.store.oxigraph import OxigraphStore
from tests.pathways.conftest import CODES, SmallStore


def _version(store: OxigraphStore) -> Path:
    assert store.path is not None
    return store.path


def test_the_build_stores_the_index_of_every_occupation_of_the_pivot_graph(store: OxigraphStore) -> None:
    index = read_index(_version(store))
    assert index is not None
    nodes = set(index.data.graph.graph.nodes)
    assert nodes == set(CODES)
    assert set(index.profiles) == set(index.frameworks) == set(index.ladders) == nodes
    assert index.built["store"] == _version(store).name
    # the seed framework's levels and the O*NET anchors of a rated occupation are there
    assert index.frameworks["25-4031.00"]
    assert any(index.ladders["15-1252.00"].values())


@pytest.mark.parametrize("code", ["25-4031.00", "43-9061.00", "15-1252.00"])
def test_indexed_answers_equal_the_answers_read_from_the_store(store: OxigraphStore, code: str) -> None:
    index = read_index(_version(store))
    assert index is not None
    indexed, read = PathwayService(store, index), PathwayService(store)
    assert indexed.adjacent(code, 5) == read.adjacent(code, 5)
    for request in (PivotRequest(code), PivotRequest(code, to="29-1141.00", max_hops=4, k=2)):
        assert indexed.pivots(request) == read.pivots(request)


def test_the_workers_service_reads_the_index_of_its_store(store: OxigraphStore) -> None:
    from skillscape.pathways.jobs import service_for

    service = service_for(store)
    assert service.index is not None
    assert PathwayJob("warm").run(store, 0.0) == {"occupations": len(CODES)}


def test_an_index_of_another_version_or_a_broken_file_is_not_read(small: SmallStore, tmp_path: Path) -> None:
    with small.open() as store:
        index = read_index(_version(store))
        source = _version(store) / FOLDER / FILE
        assert index is not None and source.is_file()
    copy = tmp_path / "version"
    (copy / FOLDER).mkdir(parents=True)
    (copy / FOLDER / FILE).write_bytes(pickle.dumps(index))
    assert read_index(copy) is not None
    for other in ({"skillscape": "0.0.0-other"}, {"format": -1}):
        index.built = {**index.built, **other}
        (copy / FOLDER / FILE).write_bytes(pickle.dumps(index))
        assert read_index(copy) is None
    (copy / FOLDER / FILE).write_bytes(b"not a pickle")
    assert read_index(copy) is None
    assert read_index(tmp_path / "nowhere") is None


def test_a_store_without_similarities_gets_no_index(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "empty") as store:
        assert pathway_index.write_index(store, tmp_path / "empty") is False
    assert not (tmp_path / "empty" / FOLDER / FILE).exists()
