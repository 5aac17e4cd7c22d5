"""The build: sources → adapters → a new store → validation → atomic publish.

A build never writes into the published store. It gathers what it needs to decide (the
sources' fingerprints and sizes, the published version's fingerprints and quad counts), makes a
plan (``plan.py``), and carries it out: the new version starts as a copy of the published store
(so sources whose fingerprint has not changed are kept, not re-read) or empty, the graphs of
changed sources are updated by difference or read again, the derived graphs are brought up to
date, and the new version is validated and published only when validation passes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from skillscape.build.derivers import derive, similarity_source
from skillscape.build.fingerprints import ontology_fingerprint, shapes_fingerprint
from skillscape.build.gather import SourceDigests, published_state, source_digests, source_facts
from skillscape.build.plan import (
    ALL_DERIVED_GRAPHS,
    BUILD_GRAPH,
    ONTOLOGY_GRAPH,
    THRESHOLDS,
    Action,
    BuildPlan,
    Checks,
    PublishedState,
    Request,
    SourceFacts,
    Start,
    StartStep,
    Thresholds,
    plan,
    plan_checks,
    validation_scope,
)
from skillscape.build.release_patch import ReleasePatch, apply_patch, compute_patch, keep_copies
from skillscape.build.report import BuildFailed, BuildReport, SourceOutcome
from skillscape.build.sources import graph_metadata, read_sources
from skillscape.build.stored import count_quads, store_answers, store_pathway_index
from skillscape.ingest.manifest import SourceEntry, load_manifest
from skillscape.model import iri
from skillscape.model.namespaces import PROV, RDF, SS
from skillscape.resources import ontology_path
from skillscape.settings import Settings
from skillscape.store.location import StoreLocation
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import ValidationReport
from skillscape.validate.engine import report_of
from skillscape.validate.neighbourhood import validate_nodes
from skillscape.validate.parallel import default_workers, validate_path

Progress = Callable[[str], None]


def build(
    settings: Settings,
    *,
    entries: Sequence[SourceEntry] | None = None,
    extra: Sequence[SourceEntry] = (),
    full: bool = False,
    progress: Progress | None = None,
    wait: bool = False,
    thresholds: Thresholds = THRESHOLDS,
) -> BuildReport:
    """Build (or rebuild) the store from the manifest; publish only a valid graph.

    One build at a time per store location: while another holds it, raise ``StoreBusy`` at
    once (``wait``: wait for it). What ``<store>.versions`` holds besides the published version
    and the versions some process reads (killed builds' folders, replaced versions) goes first.
    """
    say = progress or (lambda message: None)
    with StoreLocation(settings.store_path).lock(wait=wait, waiting=say) as location:
        location.remove_unused()
        return _build(settings, location, entries, extra, full, say, thresholds)


def plan_build(
    settings: Settings,
    *,
    entries: Sequence[SourceEntry] | None = None,
    full: bool = False,
    thresholds: Thresholds = THRESHOLDS,
) -> BuildPlan:
    """What ``build`` would do now, and why; nothing is written (the published version is read
    under a lease, without the build lock)."""
    manifest = _manifest(settings, entries, ())
    request = _request(settings, manifest, full)
    digests = source_digests(manifest, request.ontology_fingerprint)
    location = StoreLocation(settings.store_path)
    if full or location.current() is None:
        return plan(manifest, None, source_facts(manifest, digests), request, thresholds)
    with location.lease() as lease:
        published = OxigraphStore(lease.path, read_only=True)
        try:
            state = published_state(published, digests.prints, thresholds)
            facts = source_facts(manifest, digests, lease.path, state.fingerprints)
        finally:
            published.close()
    return plan(manifest, state, facts, request, thresholds)


def _manifest(
    settings: Settings, entries: Sequence[SourceEntry] | None, extra: Sequence[SourceEntry]
) -> list[SourceEntry]:
    manifest = list(entries) if entries is not None else load_manifest(settings.manifest_path)
    manifest.extend(extra)
    return manifest


def _request(settings: Settings, manifest: Sequence[SourceEntry], full: bool) -> Request:
    return Request(
        full=full,
        processes=settings.ingest_processes,
        cpus=os.cpu_count() or 1,
        ontology_fingerprint=ontology_fingerprint(),
        shapes_fingerprint=shapes_fingerprint(),
        similarity_source=similarity_source(manifest),
    )


def _build(
    settings: Settings,
    location: StoreLocation,
    entries: Sequence[SourceEntry] | None,
    extra: Sequence[SourceEntry],
    full: bool,
    say: Progress,
    thresholds: Thresholds,
) -> BuildReport:
    started = dt.datetime.now(dt.UTC)
    manifest = _manifest(settings, entries, extra)
    current = location.current()
    version = location.new_version()
    now = started.replace(microsecond=0)
    report = BuildReport(store=location.link)
    try:
        request = _request(settings, manifest, full)
        digests = source_digests(manifest, request.ontology_fingerprint)
        patches: dict[str, ReleasePatch] = {}
        if current is not None and not full:
            published = OxigraphStore(current, read_only=True)
            try:
                state = published_state(published, digests.prints, thresholds)
                facts = source_facts(manifest, digests, current, state.fingerprints)
                build_plan = plan(manifest, state, facts, request, thresholds)
                build_plan, patches = _patches(
                    build_plan, manifest, published, current, state, facts, now, say
                )
                store = _start_from(published, version, build_plan.start, say)
            finally:
                published.close()
        else:
            build_plan = plan(manifest, None, source_facts(manifest, digests), request, thresholds)
            store = OxigraphStore(version)
        try:
            written = _write(store, build_plan, manifest, digests, patches, report, now, say)
        finally:
            store.close()
        keep_copies(version, manifest)
        # on the closed store, by several processes; publish only if valid
        changed_nothing = current is not None and not (
            written.read or patches or written.derived or build_plan.validation.whole
        )
        unchanged_from = current if changed_nothing else None
        with ThreadPoolExecutor(max_workers=3) as beside:
            counted = beside.submit(count_quads, version)
            answered = beside.submit(store_answers, version, unchanged_from, say)
            indexed = beside.submit(store_pathway_index, version, unchanged_from, say)
            report.validation = _validate(version, written, settings, say)
            report.quads = counted.result()
            answered.result()
            indexed.result()
        if report.validation is not None and not report.validation.conforms:
            raise BuildFailed(report.validation)
        location.publish(version)
    except BaseException:
        location.discard(version)
        raise
    report.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    return report


def _patches(
    build_plan: BuildPlan,
    manifest: Sequence[SourceEntry],
    published: OxigraphStore,
    published_path: Path,
    state: PublishedState,
    facts: dict[str, SourceFacts],
    now: dt.datetime,
    say: Progress,
) -> tuple[BuildPlan, dict[str, ReleasePatch]]:
    """The updates by difference the plan asks for. When the published graph of a source turns
    out not to be what its kept copies give, that source is read whole: the build plans again
    with that fact (which may change how the new version starts)."""
    entries = {entry.id: entry for entry in manifest}
    patches: dict[str, ReleasePatch] = {}
    for source in build_plan.with_action(Action.PATCH):
        step = build_plan.step(source)
        tables = ", ".join(step.tables)
        say(f"{source}: reading {tables} (the files that changed) against the kept copies")
        graph = ox.NamedNode(step.graph)
        patch = compute_patch(entries[source], graph, published, published_path, list(step.tables), now)
        if patch is not None:
            patches[source] = patch
            continue
        say(f"{source}: the published graph is not what the kept copies give; reading it whole")
        changes = facts[source].changes
        assert changes is not None
        changes = dataclasses.replace(changes, published_matches_copies=False)
        facts[source] = dataclasses.replace(facts[source], changes=changes)
    if len(patches) < len(build_plan.with_action(Action.PATCH)):
        build_plan = plan(manifest, state, facts, build_plan.request, build_plan.thresholds)
    kept = set(build_plan.with_action(Action.PATCH))
    return build_plan, {source: patch for source, patch in patches.items() if source in kept}


def _start_from(published: OxigraphStore, version: Path, start: StartStep, say: Progress) -> OxigraphStore:
    """The new store version: a copy of the published store, or an empty store holding the
    documents added with ``ingest`` (``start.held``)."""
    if start.how == Start.COPY:
        say("copying the published store")
        published.backup(version)
        return OxigraphStore(version)
    kept = [ox.NamedNode(graph) for graph in sorted(start.held)]
    say(f"starting empty: reading every source again, carrying {len(kept)} added document(s) over")
    store = OxigraphStore(version)
    carried = version.with_name(version.name + ".carried.nq")
    try:
        with carried.open("wb") as out:
            for graph in kept:
                ox.serialize(
                    published.raw.quads_for_pattern(None, None, None, graph), out, ox.RdfFormat.N_QUADS
                )
        store.load_file(str(carried), ox.RdfFormat.N_QUADS)
    finally:
        carried.unlink(missing_ok=True)
    return store


@dataclass
class Written:
    """What the build wrote into the new store, and how it is to be checked."""

    #: the sources read whole
    read: list[str]
    #: those and the derived graphs computed again (unless a graph was updated by difference)
    changed: list[str]
    #: the derived graphs computed again, with the graphs they read
    derived: list[str]
    checks: Checks
    #: the nodes an update by difference touched
    focus: set[ox.NamedNode | ox.BlankNode]


def _write(
    store: OxigraphStore,
    build_plan: BuildPlan,
    manifest: Sequence[SourceEntry],
    digests: SourceDigests,
    patches: dict[str, ReleasePatch],
    report: BuildReport,
    now: dt.datetime,
    say: Progress,
) -> Written:
    """Carry out the plan on the new ``store``, up to its validation."""
    for graph in build_plan.dropped:
        store.drop_graph(ox.NamedNode(graph))
    if build_plan.ontology.needed:
        ontology = ox.NamedNode(ONTOLOGY_GRAPH)
        store.drop_graph(ontology)
        store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ontology)
        print_ = digests.prints[ONTOLOGY_GRAPH]
        store.load([ox.Quad(ontology, SS.parameters, ox.Literal(print_), ontology)])
    entries = {entry.id: entry for entry in manifest}
    for source in build_plan.with_action(Action.REUSE):
        report.outcomes.append(SourceOutcome(entries[source], iri.source_graph(source), "unchanged"))
        say(f"{source}: unchanged")
    stale = [entries[source] for source in build_plan.with_action(Action.READ)]
    activity = iri.build_activity(now.isoformat())
    metadata = {
        entry.id: graph_metadata(
            iri.source_graph(entry.id),
            entry,
            digests.sha256[entry.id],
            digests.prints[iri.source_graph(entry.id).value],
            activity,
            now,
            patches[entry.id].features_print if entry.id in patches else None,
        )
        for entry in [*stale, *(patch.entry for patch in patches.values())]
    }
    for patch in patches.values():
        say(f"{patch.entry.id}: updating {len(patch.removed):,} quads out, {len(patch.added):,} in")
        apply_patch(store, patch, metadata[patch.entry.id])
        report.outcomes.append(SourceOutcome(patch.entry, patch.graph, "updated", len(patch.added)))
    processes = build_plan.reading.processes
    for entry, count in read_sources(store, stale, now, processes, say, metadata, build_plan.derive_from):
        say(f"{entry.id}: {count:,} quads")
        report.outcomes.append(SourceOutcome(entry, iri.source_graph(entry.id), "read", count))
    position = {entry.id: n for n, entry in enumerate(manifest)}
    report.outcomes.sort(key=lambda outcome: position[outcome.entry.id])
    changed = [entry.id for entry in stale]
    derived = derive(store, build_plan.reused, now, say)  # graphs derived from the sources
    # after an update by difference, the nodes it touched (and the derived graphs) are
    # validated on their own: the graph they are in is too large to validate as a scope
    focus = _patched_nodes(store, patches.values(), derived) if patches else set()
    changed.extend([] if patches else derived)
    build = ox.NamedNode(BUILD_GRAPH)
    store.drop_graph(build)
    store.load([ox.Quad(build, SS.parameters, ox.Literal(build_plan.request.shapes_fingerprint), build)])
    read_quads = sum(o.quads for o in report.outcomes if o.status == "read")
    checks = _checks(store, build_plan, changed, read_quads)
    for reason in checks.reasons:
        say(f"checks: {reason}")
    if checks.compact:
        say("compacting the store")
        store.optimize()
    return Written([entry.id for entry in stale], changed, derived, checks, focus)


def _checks(store: OxigraphStore, build_plan: BuildPlan, changed: Sequence[str], read_quads: int) -> Checks:
    """Count what :func:`plan_checks` settles validation and compaction by, no further than its
    thresholds."""
    limits = build_plan.thresholds
    scope_quads = 0
    if not build_plan.validation.whole:
        scope_quads = _count_up_to(
            store, validation_scope(build_plan, changed), limits.scoped_validation_quads + 1
        )
    graphs = [g.value for g in store.named_graphs()]
    store_quads = _count_up_to(store, graphs, limits.parallel_validation_quads)
    return plan_checks(build_plan, changed, scope_quads, store_quads, read_quads)


def _count_up_to(store: OxigraphStore, graphs: Iterable[str], limit: int) -> int:
    held = 0
    for graph in graphs:
        held += store.count_up_to(ox.NamedNode(graph), limit - held)
        if held >= limit:
            break
    return held


def _patched_nodes(
    store: OxigraphStore, patches: Iterable[ReleasePatch], derived: Sequence[str]
) -> set[ox.NamedNode | ox.BlankNode]:
    """The nodes to validate after updates by difference: those whose quads changed, the graphs
    themselves, and the nodes of the derived graphs computed again."""
    quads: list[Iterable[ox.Quad]] = []
    for patch in patches:
        quads.extend((patch.removed, patch.added, [ox.Quad(patch.graph, RDF.type, PROV.Entity, patch.graph)]))
    for graph in (g for g in derived if iri.source_graph(g).value in ALL_DERIVED_GRAPHS):
        quads.append(store.raw.quads_for_pattern(None, None, None, iri.source_graph(graph)))
    return {q.subject for q in itertools.chain.from_iterable(quads) if not isinstance(q.subject, ox.Triple)}


def _validate(version: Path, written: Written, settings: Settings, say: Progress) -> ValidationReport | None:
    """Validate what the build changed in the closed store ``version`` (None: nothing changed)."""
    reports: list[ValidationReport] = []
    checks, focus = written.checks, written.focus
    scope = None if checks.scope is None else [ox.NamedNode(graph) for graph in checks.scope]
    if checks.validate:
        workers = settings.validation_workers or (default_workers() if checks.parallel else 1)
        what = "the whole graph" if scope is None else f"{len(written.changed)} changed graph(s)"
        say(f"validating {what} ({workers} process{'es' if workers > 1 else ''})")
        reports.append(validate_path(version, graphs=scope, workers=workers))
    if focus and scope is not None:
        say(f"validating the {len(focus):,} nodes the update touched")
        reports.append(validate_nodes(version, focus, iri.source_graph("ontology")))
    return report_of(r.violations for r in reports) if reports else None


__all__ = ["build", "plan_build"]
