"""Reading sources into their graphs of the new store, with what the build records about each."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence

import pyoxigraph as ox

from skillscape import __version__
from skillscape.build.adapters import adapter_for
from skillscape.build.derivers import records_features, similarity_tap
from skillscape.build.fingerprints import fingerprint
from skillscape.build.report import SourceOutcome
from skillscape.build.staged import QuadStream, read_in_processes
from skillscape.ingest.emit import literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import DCT, PROV, RDF, SS
from skillscape.pathways.derive import SIMILARITY_GRAPH, SIMILARITY_SOURCE
from skillscape.store.oxigraph import OxigraphStore

Progress = Callable[[str], None]


def graph_metadata(
    graph: ox.NamedNode,
    entry: SourceEntry,
    sha256: str,
    print_: str,
    activity: ox.NamedNode,
    now: dt.datetime,
    features_print: str | None = None,
) -> list[ox.Quad]:
    """The quads a build records about a source's graph; a graph the occupation features are
    read from also records the fingerprint of its features (``features_print``, default:
    ``print_``)."""
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
    if records_features(entry):
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
    metadata = graph_metadata(graph, entry, sha256, fingerprint(entry, sha256, used), activity, now)
    store.drop_graph(graph)
    count = store.load(itertools.chain(quads, metadata))
    return SourceOutcome(entry, graph, "read", count)


def read_sources(
    store: OxigraphStore,
    entries: Sequence[SourceEntry],
    now: dt.datetime,
    processes: int,
    say: Progress,
    metadata: Mapping[str, list[ox.Quad]],
    derive_from: str | None = None,
) -> Iterator[tuple[SourceEntry, int]]:
    """Read ``entries`` into their (emptied) graphs, each with its ``metadata``; yield each
    entry with its quad count.

    ``processes``: how many reading processes (0: read here), so reading and the one bulk load
    of everything they read overlap. ``derive_from``: the id of the O*NET release (among
    ``entries``) to derive the similarity graph from while it is read (only when read in other
    processes).
    """
    for entry in entries:
        store.drop_graph(iri.source_graph(entry.id))
        say(f"{entry.id}: reading {entry.path.name} as {entry.kind}")
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
        tap = (derive_from, similarity_tap(metadata[derive_from]))
    counts = read_in_processes(entries, now, load, workers=processes, tap=tap)
    for entry in entries:
        store.load(metadata[entry.id])
    for entry in entries:
        yield entry, counts[entry.id] + len(metadata[entry.id])


__all__ = ["graph_metadata", "ingest_source", "read_sources"]
