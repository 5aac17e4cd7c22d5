"""The build: validated publish, atomic swap, nothing lost on failure, unchanged sources reused."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from skillscape.build import THRESHOLDS, BuildFailed, build, ingest_file
from skillscape.ingest.base import UnknownKind
from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.model import iri
from skillscape.query import named
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from skillscape.store.location import StoreLocation
from tests.conftest import make_settings, seed_entries, seed_manifest


def statement_count(settings: Settings) -> int:
    with open_store(settings) as store:
        rows = named.load("summary").run(store).records()
        return next(int(r["count"].value) for r in rows if r["what"].value == "Statement")  # type: ignore[union-attr]


def copy_entry(entry: SourceEntry, tmp_path: Path, content: bytes) -> SourceEntry:
    path = tmp_path / entry.path.name
    path.write_bytes(content)
    return dataclasses.replace(entry, path=path, sha256=file_sha256(path))


def test_build_publishes_through_a_link_and_reuses_unchanged_sources(fresh_settings: Settings) -> None:
    first = build(fresh_settings, entries=seed_entries())
    assert {o.status for o in first.outcomes} == {"read"}
    assert first.validation is not None and first.validation.conforms
    location = StoreLocation(fresh_settings.store_path)
    assert location.link.is_symlink()
    published = location.current()
    second = build(fresh_settings, entries=seed_entries())
    assert {o.status for o in second.outcomes} == {"unchanged"}
    assert location.current() != published, "every build publishes a new version"
    assert statement_count(fresh_settings) > 0


@pytest.mark.parametrize("processes", [0, 2])
def test_a_malformed_source_leaves_the_previous_graph_intact(
    fresh_settings: Settings, tmp_path: Path, processes: int
) -> None:
    fresh_settings = fresh_settings.model_copy(update={"ingest_processes": processes})
    entries = seed_entries()
    build(fresh_settings, entries=entries)
    before = statement_count(fresh_settings)
    published = StoreLocation(fresh_settings.store_path).current()
    framework = next(e for e in entries if e.kind == "skills-framework")
    text = framework.path.read_bytes()
    broken = copy_entry(framework, tmp_path, text[: text.index(b"Developing\nMid-level") + 40])
    with pytest.raises(SourceError) as info:
        build(fresh_settings, entries=[broken if e is framework else e for e in entries])
    assert broken.path.name in str(info.value) and "line" in str(info.value)
    assert StoreLocation(fresh_settings.store_path).current() == published
    assert statement_count(fresh_settings) == before
    versions = StoreLocation(fresh_settings.store_path).versions
    assert [p for p in versions.iterdir()] == [published], "the failed version and its staging are removed"


def graph_contents(settings: Settings) -> dict[str, int]:
    with open_store(settings) as store:
        return {
            graph.value: len(store.query(f"SELECT * WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}").rows)
            for graph in store.named_graphs()
        }


def test_sources_read_in_other_processes_give_the_same_graphs(tmp_path: Path) -> None:
    here = make_settings(tmp_path / "here").model_copy(update={"ingest_processes": 0})
    apart = make_settings(tmp_path / "apart").model_copy(update={"ingest_processes": 2})
    first, second = build(here, entries=seed_entries()), build(apart, entries=seed_entries())
    assert [(o.entry.id, o.quads) for o in second.outcomes] == [(o.entry.id, o.quads) for o in first.outcomes]
    assert graph_contents(apart) == graph_contents(here)
    assert not list(StoreLocation(apart.store_path).versions.glob("*.staging"))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_graph_that_fails_validation_is_not_published(
    fresh_settings: Settings, tmp_path: Path, workers: int
) -> None:
    fresh_settings = fresh_settings.model_copy(update={"validation_workers": workers})
    entries = seed_entries()
    build(fresh_settings, entries=entries)
    before = statement_count(fresh_settings)
    bad = tmp_path / "unsourced.ttl"
    bad.write_text(
        "@prefix ss: <https://w3id.org/skillscape/ontology#> .\n"
        '<https://w3id.org/skillscape/id/statement/x/t1> a ss:Task ; ss:text "A task nobody said." .\n',
        encoding="utf-8",
    )
    extra = SourceEntry(id="unsourced", path=bad, kind="rdf")
    with pytest.raises(BuildFailed) as info:
        build(fresh_settings, entries=[*entries, extra])
    focus = {v.focus for v in info.value.report.violations}
    assert "https://w3id.org/skillscape/id/statement/x/t1" in focus
    assert statement_count(fresh_settings) == before


def test_a_changed_file_without_its_manifest_update_fails(fresh_settings: Settings, tmp_path: Path) -> None:
    entries = seed_entries()
    changed = dataclasses.replace(entries[0], path=tmp_path / entries[0].path.name)
    shutil.copy(entries[0].path, changed.path)
    with changed.path.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    with pytest.raises(SourceError, match="sha256"):
        build(fresh_settings, entries=[changed])
    assert StoreLocation(fresh_settings.store_path).current() is None


def test_ingest_adds_a_document_of_a_detected_kind(fresh_settings: Settings, tmp_path: Path) -> None:
    fresh_settings = fresh_settings.model_copy(update={"sources_manifest": seed_manifest(tmp_path)})
    build(fresh_settings, entries=seed_entries())
    before = statement_count(fresh_settings)
    page = next(e for e in seed_entries() if e.kind == "ai-career-page")
    text = page.path.read_text(encoding="utf-8").replace("25-4031(SOC)", "25-4011(SOC)")
    added = tmp_path / "archivists-page.txt"
    added.write_text(text, encoding="utf-8")
    report = ingest_file(fresh_settings, added)
    assert any(o.entry.kind == "ai-career-page" and o.status == "read" for o in report.outcomes)
    assert statement_count(fresh_settings) > before


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", "empty"),
        (b"\xff\xfe not text", "UTF-8"),
        (b"Just a shopping list:\n- milk\n- bread\n", "unknown kind"),
    ],
)
def test_ingest_refuses_bad_documents_and_keeps_the_store(
    fresh_settings: Settings, tmp_path: Path, content: bytes, error: str
) -> None:
    fresh_settings = fresh_settings.model_copy(update={"sources_manifest": seed_manifest(tmp_path)})
    build(fresh_settings, entries=seed_entries())
    before = statement_count(fresh_settings)
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=error) as info:
        ingest_file(fresh_settings, path)
    assert "input.txt" in str(info.value)
    assert isinstance(info.value, UnknownKind) == (error == "unknown kind")
    assert statement_count(fresh_settings) == before


def _table_files(settings: Settings) -> int:
    published = StoreLocation(settings.store_path).current()
    assert published is not None
    return sum(1 for path in published.iterdir() if path.suffix == ".sst")


def test_a_build_that_read_many_quads_compacts_the_store(
    tmp_path: Path,
) -> None:
    # read in other processes: one bulk load, which leaves a level-0 file per index and batch
    as_loaded = make_settings(tmp_path / "as-loaded").model_copy(update={"ingest_processes": 2})
    compacted = make_settings(tmp_path / "compacted").model_copy(update={"ingest_processes": 2})
    messages: list[str] = []
    build(as_loaded, entries=seed_entries(), progress=messages.append)
    assert "compacting the store" not in messages  # the seeds are far below the limit
    build(
        compacted,
        entries=seed_entries(),
        progress=messages.append,
        thresholds=dataclasses.replace(THRESHOLDS, compact_after_quads=1),
    )
    assert "compacting the store" in messages
    assert _table_files(compacted) < _table_files(as_loaded)
    assert graph_contents(compacted) == graph_contents(as_loaded)


def test_a_large_change_starts_empty_reads_every_source_again_and_keeps_added_documents(
    fresh_settings: Settings, tmp_path: Path
) -> None:
    fresh_settings = fresh_settings.model_copy(update={"sources_manifest": seed_manifest(tmp_path)})
    entries = seed_entries()
    build(fresh_settings, entries=entries)
    page = next(e for e in entries if e.kind == "ai-career-page")
    text = page.path.read_text(encoding="utf-8").replace("25-4031(SOC)", "25-4011(SOC)")
    added = tmp_path / "archivists-page.txt"
    added.write_text(text, encoding="utf-8")
    ingest_file(fresh_settings, added)
    before = graph_contents(fresh_settings)
    changed = copy_entry(page, tmp_path, page.path.read_bytes() + b"\n")
    messages: list[str] = []
    report = build(
        fresh_settings,
        entries=[changed if e is page else e for e in entries],
        progress=messages.append,
        thresholds=dataclasses.replace(THRESHOLDS, drop_limit_quads=10),  # every change counts as large
    )
    assert any("starting empty" in m for m in messages)
    assert [o.status for o in report.outcomes] == ["read"] * len(entries)
    after = graph_contents(fresh_settings)
    graph = iri.source_graph(page.id).value
    assert after.pop(graph) > 0 and before.pop(graph) > 0
    assert any(g.startswith(iri.source_graph("added").value + "-") for g in after)
    assert after == before
