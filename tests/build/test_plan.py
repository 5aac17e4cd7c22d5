"""The build plan, decided from facts alone: no store, no files."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from skillscape.build.plan import (
    ADDED_PREFIX,
    BUILD_GRAPH,
    ONTOLOGY_GRAPH,
    THRESHOLDS,
    Action,
    BuildPlan,
    PublishedState,
    Request,
    SourceFacts,
    Start,
    TableChanges,
    Thresholds,
    plan,
    plan_checks,
    validation_scope,
)
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri

ONTOLOGY = "ontology-print"
SHAPES = "shapes-print"


def entry(source: str, kind: str = "rdf-file", uses: Sequence[str] = (), release: str = "") -> SourceEntry:
    return SourceEntry(
        id=source, path=Path(f"/nowhere/{source}"), kind=kind, uses=tuple(uses), release=release
    )


def graph(source: str) -> str:
    return iri.source_graph(source).value


MANIFEST = [
    entry("onet", kind="onet-release", release="30.1"),
    entry("page", kind="ai-career-page", uses=["onet"]),
    entry("wages", kind="oews-wages"),
]


def facts(
    prints: Mapping[str, str] | None = None,
    sizes: Mapping[str, int] | None = None,
    changes: Mapping[str, TableChanges] | None = None,
) -> dict[str, SourceFacts]:
    """Every source of MANIFEST with fingerprint "<id>-print" unless given otherwise."""
    prints, sizes, changes = prints or {}, sizes or {}, changes or {}
    return {
        e.id: SourceFacts(prints.get(e.id, f"{e.id}-print"), sizes.get(e.id, 1_000), changes.get(e.id))
        for e in MANIFEST
    }


def published(
    prints: Mapping[str, str] | None = None,
    quads: Mapping[str, int] | None = None,
    shapes: str = SHAPES,
    extra: Sequence[str] = (),
) -> PublishedState:
    """A published version built from MANIFEST as ``facts()`` describes it (fingerprints
    ``prints`` where given), each graph holding ``quads`` (default 100)."""
    prints = {e.id: f"{e.id}-print" for e in MANIFEST} | dict(prints or {})
    fingerprints = {graph(source): value for source, value in prints.items()}
    fingerprints |= {ONTOLOGY_GRAPH: ONTOLOGY, BUILD_GRAPH: shapes}
    graphs = frozenset([*fingerprints, *extra])
    quads = dict(quads or {})
    return PublishedState(graphs, fingerprints, {g: quads.get(g, 100) for g in graphs})


REQUEST = Request(ontology_fingerprint=ONTOLOGY, shapes_fingerprint=SHAPES, cpus=4, similarity_source="onet")


def actions(build_plan: BuildPlan) -> dict[str, Action]:
    return {step.source: step.action for step in build_plan.sources}


def small_change(**overrides: object) -> TableChanges:
    values: dict[str, object] = {
        "same_tables": True,
        "changed": ("Job Zones.txt",),
        "unpatchable": (),
        "rows": 50,
        "copies_fingerprint": "onet-print-before",
    }
    return TableChanges(**(values | overrides))  # type: ignore[arg-type]


def test_nothing_published_reads_everything_and_validates_the_whole_graph() -> None:
    result = plan(MANIFEST, None, facts(), REQUEST)
    assert result.start.how == Start.NEW
    assert set(actions(result).values()) == {Action.READ}
    assert result.ontology.needed
    assert result.validation.whole
    assert result.reused == {}


def test_unchanged_published_fingerprints_reuse_every_source() -> None:
    result = plan(MANIFEST, published(), facts(), REQUEST)
    assert result.start.how == Start.COPY
    assert set(actions(result).values()) == {Action.REUSE}
    assert not result.ontology.needed
    assert not result.validation.whole
    assert result.reading.processes == 0 and result.derive_from is None


def test_a_full_build_reads_everything_even_when_nothing_changed() -> None:
    result = plan(MANIFEST, published(), facts(), dataclasses.replace(REQUEST, full=True))
    assert result.start.how == Start.NEW
    assert set(actions(result).values()) == {Action.READ}
    assert result.validation.whole


def test_a_changed_source_is_read_and_the_others_reused() -> None:
    result = plan(MANIFEST, published(), facts(prints={"wages": "new"}), REQUEST)
    assert actions(result) == {"onet": Action.REUSE, "page": Action.REUSE, "wages": Action.READ}
    assert result.start.how == Start.COPY


def test_a_source_new_to_the_manifest_is_read() -> None:
    state = published()
    state = PublishedState(
        state.graphs - {graph("wages")},
        {g: p for g, p in state.fingerprints.items() if g != graph("wages")},
        state.quads,
    )
    result = plan(MANIFEST, state, facts(), REQUEST)
    assert actions(result)["wages"] == Action.READ
    assert "not in the published version" in result.step("wages").reason


def test_a_changed_small_release_file_is_patched() -> None:
    state = published(prints={"onet": "onet-print-before"})
    result = plan(MANIFEST, state, facts(changes={"onet": small_change()}), REQUEST)
    assert actions(result)["onet"] == Action.PATCH
    assert result.step("onet").tables == ("Job Zones.txt",)
    assert actions(result)["page"] == Action.REUSE
    assert result.start.how == Start.COPY


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"same_tables": False}, "added or removed"),
        ({"changed": ()}, "no table changed"),
        ({"unpatchable": ("Scales Reference.txt",)}, "Scales Reference.txt"),
        ({"copies_fingerprint": "another"}, "read otherwise"),
        ({"published_matches_copies": False}, "not what the kept copies give"),
    ],
)
def test_a_change_an_update_by_difference_cannot_take_reads_the_release_whole(
    overrides: dict[str, object], reason: str
) -> None:
    state = published(prints={"onet": "onet-print-before"})
    result = plan(MANIFEST, state, facts(changes={"onet": small_change(**overrides)}), REQUEST)
    assert actions(result)["onet"] == Action.READ
    assert reason in result.step("onet").reason


@pytest.mark.parametrize(("rows", "action"), [(10_000, Action.PATCH), (10_001, Action.READ)])
def test_changed_files_over_the_row_limit_read_the_release_whole(rows: int, action: Action) -> None:
    assert THRESHOLDS.patch_limit_rows == 10_000
    state = published(prints={"onet": "onet-print-before"})
    result = plan(MANIFEST, state, facts(changes={"onet": small_change(rows=rows)}), REQUEST)
    assert actions(result)["onet"] == action


def test_a_changed_source_without_kept_copies_is_read_whole() -> None:
    result = plan(MANIFEST, published(prints={"onet": "before"}), facts(), REQUEST)
    assert actions(result)["onet"] == Action.READ


@pytest.mark.parametrize(("quads", "start"), [(200_000, Start.COPY), (200_001, Start.EMPTY)])
def test_the_store_starts_empty_when_more_quads_are_replaced_than_the_drop_limit(
    quads: int, start: Start
) -> None:
    added = ADDED_PREFIX + "notes-1234"
    state = published(quads={graph("wages"): quads, added: 10**6}, extra=[added])
    result = plan(MANIFEST, state, facts(prints={"wages": "new"}), REQUEST)
    assert result.start.how == start
    if start == Start.EMPTY:
        assert result.start.held == {added}
        assert set(actions(result).values()) == {Action.READ}  # nothing is kept: everything is read
        assert result.ontology.needed and result.validation.whole
    else:
        assert actions(result)["onet"] == Action.REUSE


def test_replaced_graphs_count_together_against_the_drop_limit() -> None:
    half = THRESHOLDS.drop_limit_quads // 2 + 1
    state = published(quads={graph("wages"): half, graph("page"): half})
    one = plan(MANIFEST, state, facts(prints={"wages": "new"}), REQUEST)
    both = plan(MANIFEST, state, facts(prints={"wages": "new", "page": "new"}), REQUEST)
    assert (one.start.how, both.start.how) == (Start.COPY, Start.EMPTY)


def test_a_graph_the_executor_did_not_count_is_taken_as_large() -> None:
    state = published(prints={"onet": "onet-print-before"})
    state = dataclasses.replace(state, quads={})
    result = plan(MANIFEST, state, facts(prints={"wages": "new"}), REQUEST)
    assert result.start.how == Start.EMPTY


def test_graphs_of_sources_no_longer_in_the_manifest_are_dropped() -> None:
    gone = graph("retired")
    state = published(extra=[gone])
    result = plan(MANIFEST, state, facts(), REQUEST)
    assert result.dropped == (gone,)
    assert result.start.how == Start.COPY


@pytest.mark.parametrize(("size", "processes"), [(2_999_999, 0), (3_000_000, 2)])
def test_sources_this_large_together_are_read_in_processes(size: int, processes: int) -> None:
    result = plan(MANIFEST, None, facts(sizes={"onet": size - 2_000}), REQUEST)
    assert result.reading.processes == processes
    # the similarity is derived while the release is read only when it is read in processes
    assert result.derive_from == ("onet" if processes else None)


def test_reading_processes_are_at_most_the_processors() -> None:
    request = dataclasses.replace(REQUEST, cpus=1)
    assert plan(MANIFEST, None, facts(sizes={"onet": 10**9}), request).reading.processes == 1


def test_configured_reading_processes_win_over_the_size() -> None:
    request = dataclasses.replace(REQUEST, processes=0)
    assert plan(MANIFEST, None, facts(sizes={"onet": 10**9}), request).reading.processes == 0


def test_changed_shapes_validate_the_whole_graph() -> None:
    result = plan(MANIFEST, published(shapes="older shapes"), facts(prints={"wages": "new"}), REQUEST)
    assert result.validation.whole
    assert "shapes" in result.validation.reason


def test_a_changed_ontology_is_loaded_again() -> None:
    request = dataclasses.replace(REQUEST, ontology_fingerprint="new ontology")
    result = plan(MANIFEST, published(), facts(), request)
    assert result.ontology.needed and result.ontology.reason == "changed"


def test_the_validation_scope_takes_the_sources_a_changed_one_is_read_against() -> None:
    result = plan(MANIFEST, published(), facts(prints={"page": "new"}), REQUEST)
    assert validation_scope(result, ["page"]) == (graph("page"), graph("onet"), ONTOLOGY_GRAPH)


def _checks_of(
    whole: bool = False, scope_quads: int = 0, store_quads: int = 0, read_quads: int = 0
) -> tuple[tuple[str, ...] | None, bool, bool]:
    shapes = "older shapes" if whole else SHAPES
    result = plan(MANIFEST, published(shapes=shapes), facts(prints={"page": "new"}), REQUEST)
    checks = plan_checks(result, ["page"], scope_quads, store_quads, read_quads)
    return checks.scope, checks.parallel, checks.compact


@pytest.mark.parametrize(("quads", "scoped"), [(500_000, True), (500_001, False)])
def test_a_scope_holding_too_many_quads_validates_the_whole_graph(quads: int, scoped: bool) -> None:
    scope, _, _ = _checks_of(scope_quads=quads)
    assert (scope is not None) == scoped


def test_a_whole_validation_is_never_scoped() -> None:
    scope, _, _ = _checks_of(whole=True)
    assert scope is None


@pytest.mark.parametrize(("quads", "parallel"), [(499_999, False), (500_000, True)])
def test_a_big_store_is_validated_in_parallel(quads: int, parallel: bool) -> None:
    assert _checks_of(store_quads=quads)[1] == parallel


@pytest.mark.parametrize(("quads", "compact"), [(499_999, False), (500_000, True)])
def test_a_build_that_read_many_quads_compacts(quads: int, compact: bool) -> None:
    assert _checks_of(read_quads=quads)[2] == compact


def test_no_scoped_validation_when_nothing_changed() -> None:
    result = plan(MANIFEST, published(), facts(), REQUEST)
    checks = plan_checks(result, [], 0, 0, 0)
    assert checks.scope == (ONTOLOGY_GRAPH,) and not checks.validate


def test_every_threshold_is_read_from_the_thresholds_given() -> None:
    tiny = Thresholds(
        drop_limit_quads=0,
        patch_limit_rows=0,
        staged_reading_bytes=0,
        scoped_validation_quads=0,
        parallel_validation_quads=0,
        compact_after_quads=0,
    )
    state = published(prints={"onet": "onet-print-before"})
    result = plan(MANIFEST, state, facts(changes={"onet": small_change(rows=1)}), REQUEST, tiny)
    assert result.start.how == Start.EMPTY
    assert result.reading.processes == 2
    small = plan(MANIFEST, state, facts(changes={"onet": small_change(rows=1)}), REQUEST)
    assert actions(small)["onet"] == Action.PATCH
    no_patch = dataclasses.replace(THRESHOLDS, patch_limit_rows=0)
    assert (
        actions(plan(MANIFEST, state, facts(changes={"onet": small_change(rows=1)}), REQUEST, no_patch))[
            "onet"
        ]
        == Action.READ
    )
    checks = plan_checks(dataclasses.replace(small, thresholds=tiny), ["page"], 1, 0, 0)
    assert checks.scope is None and checks.parallel and checks.compact
