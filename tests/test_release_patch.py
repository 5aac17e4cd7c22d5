"""A rebuild after some data files of an O*NET release changed updates its graph by difference.

Each test builds the small store of the pathway tests (ten occupations of O*NET 30.1, their
exposure and wage rows, the seeds) into a store of its own, changes files of the release in
place, and builds again; the result is compared with a build from scratch of the same files.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.build import THRESHOLDS, BuildFailed, BuildReport, build
from skillscape.ingest import onet
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import OA, SS, XSD
from skillscape.pathways.derive import SIMILARITY_GRAPH
from skillscape.settings import Settings
from skillscape.store.location import COPIES, StoreLocation
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import make_settings
from tests.pathways.conftest import small_entries

RELEASE_GRAPH = iri.source_graph("onet-30.1")
BUILD_ACTIVITY = re.compile(re.escape(iri.build_activity("x").value[:-1]) + r"\S+")


def edit_cell(path: Path, row: int, column: int, value: str) -> str:
    """Set one cell of a release file (TAB, CRLF) as it is on disk; the old value."""
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    cells = lines[row].split("\t")
    old, cells[column] = cells[column], value
    lines[row] = "\t".join(cells)
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    return old


def statuses(report: BuildReport) -> dict[str, str]:
    return {outcome.entry.id: outcome.status for outcome in report.outcomes}


def graph_text(settings: Settings, graph: ox.NamedNode) -> set[str]:
    """The graph's triples, with the times of reading and building (and the build's IRI) blanked."""
    store = OxigraphStore(StoreLocation(settings.store_path).current(), read_only=True)
    try:
        triples = set()
        for quad in store.raw.quads_for_pattern(None, None, None, graph):
            value = quad.object
            if isinstance(value, ox.Literal) and value.datatype == XSD.dateTime:
                value = ox.Literal("time")
            triples.add(BUILD_ACTIVITY.sub("<build>", f"{quad.subject} {quad.predicate} {value}"))
        return triples
    finally:
        store.close()


@pytest.fixture
def small_build(tmp_path: Path) -> tuple[Settings, list[SourceEntry], Path]:
    entries = small_entries(tmp_path / "sources")
    settings = make_settings(tmp_path / "patched")
    build(settings, entries=entries)
    return settings, entries, tmp_path / "sources" / "onet-30.1"


def test_changed_data_files_update_the_release_as_a_full_read_would(
    small_build: tuple[Settings, list[SourceEntry], Path], tmp_path: Path
) -> None:
    settings, entries, folder = small_build
    zone = edit_cell(folder / "Job Zones.txt", 1, 1, "2")
    assert zone != "2"
    edit_cell(folder / "Skills.txt", 3, 4, "4.12")
    messages: list[str] = []
    report = build(settings, entries=entries, progress=messages.append)
    assert statuses(report)["onet-30.1"] == "updated"
    assert any("reading Job Zones.txt, Skills.txt (the files that changed)" in m for m in messages)
    # the exposure and wage tables pin Occupation Data only: they are not read again
    assert statuses(report)["eloundou-occupations"] == statuses(report)["aei-wages"] == "unchanged"
    assert report.validation is not None and report.validation.conforms
    assert any(m.startswith("validating the ") and "nodes the update touched" in m for m in messages)

    scratch = make_settings(tmp_path / "scratch")
    build(scratch, entries=entries)
    patched, full = graph_text(settings, RELEASE_GRAPH), graph_text(scratch, RELEASE_GRAPH)
    assert patched == full
    assert any('"2"^^' in triple and "jobZone" in triple for triple in patched)
    # Skills are features: the similarity is computed again, as a full build computes it
    assert any("occupation-similarity: computing from" in m for m in messages)
    similarity = graph_text(settings, SIMILARITY_GRAPH)
    assert any("OccupationSimilarity" in triple for triple in similarity)
    assert similarity == graph_text(scratch, SIMILARITY_GRAPH)


def features_print(settings: Settings) -> str:
    store = OxigraphStore(StoreLocation(settings.store_path).current(), read_only=True)
    try:
        (quad,) = store.raw.quads_for_pattern(RELEASE_GRAPH, SS.featuresFingerprint, None, RELEASE_GRAPH)
        return quad.object.value
    finally:
        store.close()


def similarity_statements(settings: Settings) -> set[str]:
    """The similarity statements (occupation, target, score, position, features), without the
    activity that computed them."""
    node = iri.occupation_similarity("occupation-similarity", "11-1011.00", "11-1021.00").value.rsplit(
        "/", 2
    )[0]
    return {
        t
        for t in graph_text(settings, SIMILARITY_GRAPH)
        if t.startswith(f"<{node}/") and "wasGeneratedBy" not in t
    }


def test_an_update_that_changes_no_feature_keeps_the_similarity(
    small_build: tuple[Settings, list[SourceEntry], Path], tmp_path: Path
) -> None:
    settings, entries, folder = small_build
    before = features_print(settings)
    similarity_before = graph_text(settings, SIMILARITY_GRAPH)
    edit_cell(folder / "Job Zones.txt", 1, 1, "2")  # job zones are not similarity features
    messages: list[str] = []
    report = build(settings, entries=entries, progress=messages.append)
    assert statuses(report)["onet-30.1"] == "updated"
    assert "occupation-similarity: unchanged" in messages
    assert report.validation is not None and report.validation.conforms
    # the release keeps the fingerprint of its features, and the similarity derived from them
    assert features_print(settings) == before
    assert graph_text(settings, SIMILARITY_GRAPH) == similarity_before

    # which is what a full build of the same files computes
    scratch = make_settings(tmp_path / "scratch")
    build(scratch, entries=entries)
    assert features_print(scratch) != before
    assert similarity_statements(settings) == similarity_statements(scratch)
    assert any("OccupationSimilarity" in triple for triple in similarity_statements(settings))
    released = {t for t in graph_text(settings, RELEASE_GRAPH) if "featuresFingerprint" not in t}
    assert released == {t for t in graph_text(scratch, RELEASE_GRAPH) if "featuresFingerprint" not in t}


def test_a_changed_reference_file_reads_the_release_whole(
    small_build: tuple[Settings, list[SourceEntry], Path],
) -> None:
    settings, entries, folder = small_build
    edit_cell(folder / "Scales Reference.txt", 1, 1, "Importance (edited)")
    report = build(settings, entries=entries)
    assert statuses(report)["onet-30.1"] == "read"
    assert statuses(report)["eloundou-occupations"] == "unchanged"


def test_without_kept_copies_the_release_is_read_whole(
    small_build: tuple[Settings, list[SourceEntry], Path],
) -> None:
    settings, entries, folder = small_build
    published = StoreLocation(settings.store_path).current()
    assert published is not None and (published / COPIES / "onet-30.1").is_dir()
    shutil.rmtree(published / COPIES)
    edit_cell(folder / "Job Zones.txt", 1, 1, "2")
    assert statuses(build(settings, entries=entries))["onet-30.1"] == "read"


def test_an_update_that_fails_validation_leaves_the_published_graph(
    small_build: tuple[Settings, list[SourceEntry], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, entries, folder = small_build
    location = StoreLocation(settings.store_path)
    published = location.current()
    before = graph_text(settings, RELEASE_GRAPH)
    read = onet.read_release_files

    def without_sources(*args: object, folder: Path | None = None) -> list[ox.Quad]:
        quads = read(*args, folder=folder)  # type: ignore[arg-type]
        # the new rows' passages lose their document: the shapes must catch it
        return quads if folder is not None else [q for q in quads if q.predicate != OA.hasSource]

    monkeypatch.setattr(onet, "read_release_files", without_sources)
    edit_cell(folder / "Job Zones.txt", 1, 1, "2")
    with pytest.raises(BuildFailed) as failed:
        build(settings, entries=entries)
    assert {v.path for v in failed.value.report.violations} == {OA.hasSource.value}
    assert location.current() == published
    assert graph_text(settings, RELEASE_GRAPH) == before


def test_a_new_adapter_version_reads_the_release_whole_even_if_only_data_files_changed(
    small_build: tuple[Settings, list[SourceEntry], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, entries, folder = small_build
    monkeypatch.setattr(onet.OnetReleaseAdapter, "version", "next")
    edit_cell(folder / "Job Zones.txt", 1, 1, "2")
    assert statuses(build(settings, entries=entries))["onet-30.1"] == "read"


def test_changed_files_longer_than_the_limit_read_the_release_whole(
    small_build: tuple[Settings, list[SourceEntry], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, entries, folder = small_build
    lines = (folder / "Job Zones.txt").read_bytes().count(b"\n")
    edit_cell(folder / "Job Zones.txt", 1, 1, "2")
    report = build(
        settings, entries=entries, thresholds=dataclasses.replace(THRESHOLDS, patch_limit_rows=lines - 1)
    )
    assert statuses(report)["onet-30.1"] == "read"
    assert statuses(report)["eloundou-occupations"] == "unchanged"
