"""The build: sources → adapters → a new store → validation → atomic publish.

A build never writes into the published store. It starts from a copy of it (so sources
whose fingerprint has not changed are kept, not re-read), replaces the named graphs of
changed sources, validates, and publishes the new version only when validation passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from skillscape import __version__
from skillscape.ingest.aiexposure import onet_reference_files
from skillscape.ingest.base import adapter_for
from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry, file_sha256, load_manifest
from skillscape.ingest.release_patch import (
    ReleasePatch,
    apply_patch,
    changed_files,
    compute_patch,
    copies_folder,
    keep_copies,
)
from skillscape.ingest.staged import QuadStream, read_in_processes, source_size
from skillscape.model import iri
from skillscape.model.namespaces import DCT, PROV, RDF, SS
from skillscape.pathways.derive import DERIVED_GRAPHS, SIMILARITY_GRAPH, SIMILARITY_SOURCE, derive_graphs
from skillscape.pathways.durable import DURABLE_GRAPH, derive_durable_profiles
from skillscape.resources import ontology_path, resource_dir
from skillscape.settings import Settings
from skillscape.store.location import StoreLocation
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import ValidationReport
from skillscape.validate.engine import report_of
from skillscape.validate.neighbourhood import validate_nodes
from skillscape.validate.parallel import default_workers, validate_path

ONTOLOGY_GRAPH = iri.source_graph("ontology")
BUILD_GRAPH = iri.source_graph("build")
#: every graph a build derives (kept from the published store; each checks its own fingerprint)
ALL_DERIVED_GRAPHS = (*DERIVED_GRAPHS, DURABLE_GRAPH.value)

Progress = Callable[[str], None]


class BuildFailed(Exception):
    """The new graph did not validate; the published store is unchanged."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"validation failed with {len(report.violations)} violation(s)")
        self.report = report


@dataclass
class SourceOutcome:
    entry: SourceEntry
    graph: ox.NamedNode
    status: str  # "read", "updated" (some files of a release read again) or "unchanged"
    quads: int = 0


@dataclass
class BuildReport:
    store: Path
    outcomes: list[SourceOutcome] = field(default_factory=list)
    validation: ValidationReport | None = None
    quads: int = 0
    seconds: float = 0.0


def fingerprint(entry: SourceEntry, sha256: str, used: Sequence[str] = ()) -> str:
    """What must stay the same for a source's graph to be reused (``used``: the sha256 of the
    sources it is read against, in the order of ``entry.uses``)."""
    adapter = adapter_for(entry.kind)
    key = "|".join(
        (sha256, entry.kind, adapter.version, __version__, repr(sorted(entry.options.items())), *used)
    )
    return hashlib.sha256(key.encode()).hexdigest()


def used_digests(entry: SourceEntry, digests: Mapping[str, str]) -> list[str]:
    """The sha256 of what ``entry`` is read against: the release files it pins, when it pins
    them (so a change to another file of the release leaves it as it is), else the sources
    in ``entry.uses``."""
    files = onet_reference_files(entry)
    if files is not None:
        return [file_sha256(path) for path in files]
    return [digests[source] for source in entry.uses]


def validation_scope(manifest: Sequence[SourceEntry], changed: Sequence[str]) -> list[ox.NamedNode]:
    """The graphs to validate after ``changed`` sources were read again: those, the sources they
    are read against (their references must resolve), and the ontology."""
    uses = {entry.id: entry.uses for entry in manifest}
    ids = dict.fromkeys([*changed, *(used for source in changed for used in uses.get(source, ()))])
    return [*(iri.source_graph(source) for source in ids), ONTOLOGY_GRAPH]


#: a validation scoped to graphs holding more quads than this validates the whole graph instead:
#: a scope restricts every check to its graphs, which costs more than it saves on large graphs
#: (the O*NET 30.1 graph scoped: 92 s; the whole store: 32 s)
SCOPED_VALIDATION_QUADS = 500_000


def _too_large_to_scope(store: OxigraphStore, graphs: Sequence[ox.NamedNode]) -> bool:
    held = 0
    for graph in graphs:
        held += store.count_up_to(graph, SCOPED_VALIDATION_QUADS + 1 - held)
        if held > SCOPED_VALIDATION_QUADS:
            return True
    return False


#: below this many quads, starting validation processes costs more than it saves
PARALLEL_VALIDATION_QUADS = 500_000


def _validation_workers(store: OxigraphStore) -> int:
    held = 0
    for graph in store.named_graphs():
        held += store.count_up_to(graph, PARALLEL_VALIDATION_QUADS - held)
        if held >= PARALLEL_VALIDATION_QUADS:
            return default_workers()
    return 1


#: a build that bulk-loaded at least this many quads compacts the store before it closes it. A
#: bulk load leaves overlapping level-0 files in every index: queries on the full store ran 3
#: to 7 times slower on them (an occupation profile 98 ms, against 16 ms compacted) and the
#: checks 15 % slower; compacting took 17 s
COMPACT_AFTER_QUADS = 500_000


def _count_quads(version: Path) -> int:
    """The quads of the closed store ``version`` (a scan: 3 s for 7 M quads, so it runs beside
    the validation, not before it)."""
    store = OxigraphStore(version, read_only=True)
    try:
        return store.quad_count()
    finally:
        store.close()


def _store_answers(version: Path, unchanged_from: Path | None, say: Progress) -> None:
    """The whole-graph answers the API serves without running them (``/stats``, the whole
    ``conflicting-claims``), stored with the version (query/materialised.py); kept as they are
    when the build changed nothing."""
    from skillscape.query.materialised import copy_answers, write_answers

    if unchanged_from is not None and copy_answers(unchanged_from, version):
        return
    say("storing the whole-graph answers (stats, conflicting claims)")
    store = OxigraphStore(version, read_only=True)
    try:
        built = write_answers(store, version)
    finally:
        store.close()
    timing = ", ".join(f"{name} {q['rows']:,} rows {q['seconds']} s" for name, q in built["queries"].items())
    say(f"stored the whole-graph answers: {timing}")


def _store_pathway_index(version: Path, unchanged_from: Path | None, say: Progress) -> None:
    """What ``adjacent`` and ``pivots`` read (the pivot graph, every occupation's profile and
    level ladders), stored with the version (pathways/index.py); kept when nothing changed."""
    from skillscape.pathways.index import copy_index, write_index

    if unchanged_from is not None and copy_index(unchanged_from, version):
        return
    say("storing the pathway index (pivot graph, profiles, level ladders)")
    started = time.perf_counter()
    store = OxigraphStore(version, read_only=True)
    try:
        written = write_index(store, version, say)
    finally:
        store.close()
    if written:
        say(f"stored the pathway index in {time.perf_counter() - started:.0f} s")


def shapes_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        digest.update(path.read_bytes())
    digest.update(ontology_path().read_bytes())
    return digest.hexdigest()


def _stored_fingerprints(store: OxigraphStore) -> dict[str, str]:
    from skillscape.query import named

    result = named.load("internal/graph-fingerprints").run(store)
    return {row[0].value: row[1].value for row in result.rows if row[0] is not None and row[1] is not None}


def _graph_metadata(
    graph: ox.NamedNode,
    entry: SourceEntry,
    sha256: str,
    print_: str,
    activity: ox.NamedNode,
    now: dt.datetime,
    features_print: str | None = None,
) -> list[ox.Quad]:
    """The quads a build records about a source's graph; an O*NET release graph also records
    the fingerprint of its features (``features_print``, default: ``print_``)."""
    from skillscape.ingest.emit import literal
    from skillscape.ingest.onet import KIND as ONET_RELEASE

    quads = [
        ox.Quad(graph, RDF.type, PROV.Entity, graph),
        ox.Quad(graph, DCT.identifier, literal(entry.id), graph),
        ox.Quad(graph, SS.documentKind, literal(entry.kind), graph),
        ox.Quad(graph, SS.sha256, literal(sha256), graph),
        ox.Quad(graph, SS.parameters, literal(print_), graph),
        ox.Quad(graph, PROV.generatedAtTime, literal(now), graph),
        ox.Quad(graph, PROV.wasGeneratedBy, activity, graph),
        ox.Quad(activity, RDF.type, SS.BuildActivity, graph),
        ox.Quad(activity, SS.softwareVersion, literal(f"skillscape {__version__}"), graph),
    ]
    for key, value in (
        (DCT.title, entry.title),
        (SS.release, entry.release),
        (SS.licenseStatement, entry.licence),
        (SS.attribution, entry.attribution),
        (DCT.source, entry.origin),
    ):
        if value:
            quads.append(ox.Quad(graph, key, literal(value), graph))
    if entry.kind == ONET_RELEASE:
        quads.append(ox.Quad(graph, SS.featuresFingerprint, literal(features_print or print_), graph))
    return quads


def ingest_source(
    store: OxigraphStore,
    entry: SourceEntry,
    activity: ox.NamedNode,
    now: dt.datetime,
    sha256: str | None = None,
    used: Sequence[str] = (),
) -> SourceOutcome:
    """Read one source into its named graph (replacing what was there)."""
    sha256 = sha256 or entry.verify()
    graph = iri.source_graph(entry.id)
    quads = adapter_for(entry.kind).ingest(entry, graph, now)
    metadata = _graph_metadata(graph, entry, sha256, fingerprint(entry, sha256, used), activity, now)
    store.drop_graph(graph)
    count = store.load(itertools.chain(quads, metadata))
    return SourceOutcome(entry, graph, "read", count)


#: sources this large together (bytes on disk, compressed as stored) are read in another
#: process while the store loads them
STAGED_READING_BYTES = 3_000_000


def read_sources(
    store: OxigraphStore,
    entries: Sequence[SourceEntry],
    now: dt.datetime,
    processes: int | None,
    say: Progress,
    metadata: Mapping[str, list[ox.Quad]],
    derive_from: str | None = None,
) -> Iterator[tuple[SourceEntry, int]]:
    """Read ``entries`` into their (emptied) graphs, each with its ``metadata``; yield each
    entry with its quad count.

    ``processes``: how many reading processes (0: read here; None: up to two when the sources
    are large, so reading and the one bulk load of everything they read overlap, else none).
    ``derive_from``: the id of the O*NET release (among ``entries``) to derive the similarity
    graph from while it is read (only when read in other processes).
    """
    for entry in entries:
        store.drop_graph(iri.source_graph(entry.id))
        say(f"{entry.id}: reading {entry.path.name} as {entry.kind}")
    if processes is None:
        large = sum(source_size(e.path) for e in entries) >= STAGED_READING_BYTES
        processes = min(2, os.cpu_count() or 1) if large else 0
    if processes == 0:
        for entry in entries:
            quads = adapter_for(entry.kind).ingest(entry, iri.source_graph(entry.id), now)
            yield entry, store.load(itertools.chain(quads, metadata[entry.id]))
        return

    def load(stream: QuadStream) -> None:
        store.load_stream(stream, ox.RdfFormat.N_QUADS)

    tap = None
    if derive_from is not None:
        say(f"{SIMILARITY_SOURCE}: derived from {derive_from} while it is read")
        store.drop_graph(SIMILARITY_GRAPH)
        tap = (derive_from, metadata[derive_from])
    counts = read_in_processes(entries, now, load, workers=processes, derive_from=tap)
    for entry in entries:
        store.load(metadata[entry.id])
    for entry in entries:
        yield entry, counts[entry.id] + len(metadata[entry.id])


def release_to_derive_from(manifest: Sequence[SourceEntry], stale: Sequence[SourceEntry]) -> str | None:
    """The newest O*NET release of the manifest when it is read again (else None): the one the
    similarity graph is derived from."""
    from skillscape.pathways.features import version_key

    releases = [entry for entry in manifest if entry.kind == "onet-release" and entry.release]
    if not releases:
        return None
    newest = max(releases, key=lambda entry: version_key(entry.release))
    return newest.id if any(entry.id == newest.id for entry in stale) else None


#: a new version starts as a copy of the published store when at most this many of its quads
#: are to be replaced; deleting quads from an on-disk store is slow (a transaction per quad,
#: every index), so when more are, it starts empty and reads every source again
DROP_LIMIT_QUADS = 200_000


def _graphs_to_keep(
    graphs: Sequence[ox.NamedNode], reused: Mapping[str, str], prints: Mapping[str, str]
) -> set[str]:
    """The published graphs a build carries over: unchanged sources (their fingerprint as
    recorded equals the one now), documents added with ``ingest``, derived graphs (which check
    their own fingerprint) and the build marker."""
    added = iri.source_graph("added").value + "-"
    return {
        g.value
        for g in graphs
        if g.value in (BUILD_GRAPH.value, *ALL_DERIVED_GRAPHS)
        or g.value.startswith(added)
        or (g.value in prints and reused.get(g.value) == prints[g.value])
    }


def _start_from(
    published: OxigraphStore, version: Path, keep: set[str], say: Progress
) -> tuple[OxigraphStore, set[str]]:
    """The new store version, and the graphs of ``published`` it holds (those in ``keep``, maybe
    more).

    With few quads to replace it is a copy of the published store. Otherwise it starts empty
    and carries over only the documents added with ``ingest``: the manifest's sources are read
    again, which is faster than copying their quads out of the published store (28 k quads/s
    there, every term looked up by its id; a build reads and loads 80 k quads/s).
    """
    graphs = published.named_graphs()
    replaced = [g for g in graphs if g.value not in keep]
    if sum(published.count_up_to(g, DROP_LIMIT_QUADS + 1) for g in replaced) <= DROP_LIMIT_QUADS:
        say("copying the published store")
        published.backup(version)
        return OxigraphStore(version), {g.value for g in graphs}
    added = iri.source_graph("added").value + "-"
    kept = [g for g in graphs if g.value in keep and g.value.startswith(added)]
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
    return store, {g.value for g in kept}


def _release_patches(
    manifest: Sequence[SourceEntry],
    published: OxigraphStore,
    published_path: Path,
    reused: Mapping[str, str],
    prints: Mapping[str, str],
    used: Mapping[str, Sequence[str]],
    now: dt.datetime,
    say: Progress,
) -> dict[str, ReleasePatch]:
    """Updates by difference for the changed O*NET releases of which only data files changed
    (and nothing else the fingerprint covers: the adapter, its options, the software)."""
    patches: dict[str, ReleasePatch] = {}
    for entry in manifest:
        graph = iri.source_graph(entry.id)
        if graph.value not in reused or reused[graph.value] == prints[graph.value]:
            continue
        files = changed_files(entry, published_path)
        if files is None:
            continue
        read_before = file_sha256(copies_folder(published_path, entry))
        if fingerprint(entry, read_before, used[entry.id]) != reused[graph.value]:
            continue
        say(f"{entry.id}: reading {', '.join(files)} (the files that changed) against the kept copies")
        patch = compute_patch(entry, graph, published, published_path, files, now)
        if patch is None:
            say(f"{entry.id}: the published graph is not what the kept copies give; reading it whole")
            continue
        patches[entry.id] = patch
    return patches


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


def _validate(
    version: Path,
    scope: list[ox.NamedNode] | None,
    changed: Sequence[str],
    focus: set[ox.NamedNode | ox.BlankNode],
    revalidate_all: bool,
    workers: int,
    settings: Settings,
    say: Progress,
) -> ValidationReport | None:
    """Validate what the build changed in the closed store ``version`` (None: nothing changed)."""
    reports: list[ValidationReport] = []
    if revalidate_all or scope is None or changed:
        workers = settings.validation_workers or workers
        what = "the whole graph" if scope is None else f"{len(changed)} changed graph(s)"
        say(f"validating {what} ({workers} process{'es' if workers > 1 else ''})")
        reports.append(validate_path(version, graphs=scope, workers=workers))
    if focus and scope is not None:
        say(f"validating the {len(focus):,} nodes the update touched")
        reports.append(validate_nodes(version, focus, ONTOLOGY_GRAPH))
    return report_of(r.violations for r in reports) if reports else None


def build(
    settings: Settings,
    *,
    entries: Sequence[SourceEntry] | None = None,
    extra: Sequence[SourceEntry] = (),
    full: bool = False,
    progress: Progress | None = None,
    wait: bool = False,
) -> BuildReport:
    """Build (or rebuild) the store from the manifest; publish only a valid graph.

    One build at a time per store location: while another holds it, raise ``StoreBusy`` at
    once (``wait``: wait for it). What ``<store>.versions`` holds besides the published version
    and the versions some process reads (killed builds' folders, replaced versions) goes first.
    """
    say = progress or (lambda message: None)
    with StoreLocation(settings.store_path).lock(wait=wait, waiting=say) as location:
        location.remove_unused()
        return _build(settings, location, entries, extra, full, say)


def _build(
    settings: Settings,
    location: StoreLocation,
    entries: Sequence[SourceEntry] | None,
    extra: Sequence[SourceEntry],
    full: bool,
    say: Progress,
) -> BuildReport:
    started = dt.datetime.now(dt.UTC)
    manifest = list(entries) if entries is not None else load_manifest(settings.manifest_path)
    manifest.extend(extra)
    current = location.current()
    version = location.new_version()
    now = started.replace(microsecond=0)
    activity = iri.build_activity(now.isoformat())
    report = BuildReport(store=location.link)
    try:
        digests = {entry.id: entry.verify() for entry in manifest}
        used = {entry.id: used_digests(entry, digests) for entry in manifest}
        ontology_print = hashlib.sha256(ontology_path().read_bytes()).hexdigest()
        reused: dict[str, str] = {}
        patches: dict[str, ReleasePatch] = {}
        if current is not None and not full:
            with OxigraphStore(current, read_only=True) as published:
                reused = _stored_fingerprints(published)
                prints = {
                    iri.source_graph(e.id).value: fingerprint(e, digests[e.id], used[e.id]) for e in manifest
                }
                prints[ONTOLOGY_GRAPH.value] = ontology_print
                patches = _release_patches(manifest, published, current, reused, prints, used, now, say)
                keep = _graphs_to_keep(published.named_graphs(), reused, prints)
                keep.update(patch.graph.value for patch in patches.values())
                store, held = _start_from(published, version, keep, say)
                # what the new version does not hold is read (or derived) again
                reused = {graph: print_ for graph, print_ in reused.items() if graph in held}
                patches = {k: patch for k, patch in patches.items() if patch.graph.value in held}
        else:
            store = OxigraphStore(version)
        try:
            wanted = {iri.source_graph(e.id).value for e in manifest} | {
                ONTOLOGY_GRAPH.value,
                BUILD_GRAPH.value,
                *ALL_DERIVED_GRAPHS,
            }
            for graph in store.named_graphs():
                # documents added with `skillscape ingest` stay until the store is rebuilt --full
                added = graph.value.startswith(iri.source_graph("added").value + "-") and not full
                if graph.value not in wanted and not added:
                    store.drop_graph(graph)
            if reused.get(ONTOLOGY_GRAPH.value) != ontology_print:
                store.drop_graph(ONTOLOGY_GRAPH)
                store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH)
                store.load(
                    [ox.Quad(ONTOLOGY_GRAPH, SS.parameters, ox.Literal(ontology_print), ONTOLOGY_GRAPH)]
                )
            stale: list[SourceEntry] = []
            for entry in manifest:
                graph = iri.source_graph(entry.id)
                if reused.get(graph.value) == fingerprint(entry, digests[entry.id], used[entry.id]):
                    report.outcomes.append(SourceOutcome(entry, graph, "unchanged"))
                    say(f"{entry.id}: unchanged")
                elif entry.id not in patches:
                    stale.append(entry)
            metadata = {
                entry.id: _graph_metadata(
                    iri.source_graph(entry.id),
                    entry,
                    digests[entry.id],
                    fingerprint(entry, digests[entry.id], used[entry.id]),
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
            derive_from = release_to_derive_from(manifest, stale)
            for entry, count in read_sources(
                store, stale, now, settings.ingest_processes, say, metadata, derive_from
            ):
                say(f"{entry.id}: {count:,} quads")
                report.outcomes.append(SourceOutcome(entry, iri.source_graph(entry.id), "read", count))
            position = {entry.id: n for n, entry in enumerate(manifest)}
            report.outcomes.sort(key=lambda outcome: position[outcome.entry.id])
            changed = [entry.id for entry in stale]
            derived = derive_graphs(store, reused, now, say)  # graphs derived from the sources
            derived += [d for d in derive_durable_profiles(store, now, say) if d not in derived]
            shapes_print = shapes_fingerprint()
            revalidate_all = full or reused.get(BUILD_GRAPH.value) != shapes_print
            # after an update by difference, the nodes it touched (and the derived graphs) are
            # validated on their own: the graph they are in is too large to validate as a scope
            focus = _patched_nodes(store, patches.values(), derived) if patches else set()
            changed.extend([] if patches else derived)
            scope = None if revalidate_all else validation_scope(manifest, changed)
            store.drop_graph(BUILD_GRAPH)
            store.load([ox.Quad(BUILD_GRAPH, SS.parameters, ox.Literal(shapes_print), BUILD_GRAPH)])
            workers = _validation_workers(store)
            if scope is not None and _too_large_to_scope(store, scope):
                scope = None
            if sum(o.quads for o in report.outcomes if o.status == "read") >= COMPACT_AFTER_QUADS:
                say("compacting the store")
                store.optimize()
        finally:
            store.close()
        keep_copies(version, manifest)
        # on the closed store, by several processes; publish only if valid
        unchanged = current is not None and not (stale or patches or derived or revalidate_all)
        with ThreadPoolExecutor(max_workers=3) as beside:
            counted = beside.submit(_count_quads, version)
            answered = beside.submit(_store_answers, version, current if unchanged else None, say)
            indexed = beside.submit(_store_pathway_index, version, current if unchanged else None, say)
            report.validation = _validate(
                version, scope, changed, focus, revalidate_all, workers, settings, say
            )
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


def ingest_file(
    settings: Settings,
    path: Path,
    kind: str | None = None,
    progress: Progress | None = None,
    wait: bool = False,
) -> BuildReport:
    """Add one more document to the store: the manifest's sources plus this one."""
    from skillscape.ingest.base import detect_kind
    from skillscape.ingest.document import Document

    path = path.resolve()
    if kind is None:
        kind = detect_kind(Document.read(path))
    else:
        adapter_for(kind)  # fail early on an unknown kind
    entry = SourceEntry(
        id=f"added-{path.stem}-{file_sha256(path)[:8]}", path=path, kind=kind, title=path.name
    )
    return build(settings, extra=[entry], progress=progress, wait=wait)


def remove_store(settings: Settings) -> None:
    with StoreLocation(settings.store_path).lock() as location:
        if location.link.is_symlink():
            location.link.unlink()
        shutil.rmtree(location.versions, ignore_errors=True)


__all__ = ["BuildFailed", "BuildReport", "SourceError", "build", "ingest_file"]
