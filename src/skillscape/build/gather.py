"""What the executor finds out before it plans: the sources on disk and the published version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from skillscape.build.fingerprints import fingerprint, used_digests
from skillscape.build.plan import (
    ADDED_PREFIX,
    ALWAYS_KEPT,
    ONTOLOGY_GRAPH,
    PublishedState,
    SourceFacts,
    Thresholds,
)
from skillscape.build.release_patch import table_changes
from skillscape.build.staged import source_size
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.store.oxigraph import OxigraphStore


@dataclass(frozen=True)
class SourceDigests:
    """The sha256 of every source, of what each is read against, and the fingerprints their
    graphs get now (by graph IRI, the ontology's among them)."""

    sha256: Mapping[str, str]
    used: Mapping[str, list[str]]
    prints: Mapping[str, str]


def source_digests(manifest: Sequence[SourceEntry], ontology_print: str) -> SourceDigests:
    """Verify every source (raising ``SourceError`` for a missing or altered one) and
    fingerprint it."""
    sha256 = {entry.id: entry.verify() for entry in manifest}
    used = {entry.id: used_digests(entry, sha256) for entry in manifest}
    prints = {iri.source_graph(e.id).value: fingerprint(e, sha256[e.id], used[e.id]) for e in manifest}
    prints[ONTOLOGY_GRAPH] = ontology_print
    return SourceDigests(sha256, used, prints)


def stored_fingerprints(store: OxigraphStore) -> dict[str, str]:
    from skillscape.query import named

    result = named.load("internal/graph-fingerprints").run(store)
    return {row[0].value: row[1].value for row in result.rows if row[0] is not None and row[1] is not None}


def published_state(
    store: OxigraphStore, prints: Mapping[str, str], thresholds: Thresholds
) -> PublishedState:
    """The graphs of the published ``store``, their fingerprints, and the quads of those a build
    may replace (a graph whose fingerprint is the one it gets now, or that every build keeps,
    is not counted)."""
    recorded = stored_fingerprints(store)
    graphs = frozenset(g.value for g in store.named_graphs())
    limit = thresholds.drop_limit_quads + 1
    counted = [
        g
        for g in graphs
        if g not in ALWAYS_KEPT
        and not g.startswith(ADDED_PREFIX)
        and not (g in prints and recorded.get(g) == prints[g])
    ]
    quads = {g: store.count_up_to(ox.NamedNode(g), limit) for g in counted}
    return PublishedState(graphs, recorded, quads)


def source_facts(
    manifest: Sequence[SourceEntry],
    digests: SourceDigests,
    published: Path | None = None,
    recorded: Mapping[str, str] | None = None,
) -> dict[str, SourceFacts]:
    """Each source's fingerprint and size; for a changed source that can be updated by
    difference, how its tables differ from the copies kept with the ``published`` version
    (whose graphs were ``recorded`` with these fingerprints)."""
    recorded = recorded or {}
    facts: dict[str, SourceFacts] = {}
    for entry in manifest:
        graph = iri.source_graph(entry.id).value
        print_ = digests.prints[graph]
        changes = None
        if published is not None and graph in recorded and recorded[graph] != print_:
            fingerprint_of = partial(_fingerprint_with, entry, digests.used[entry.id])
            changes = table_changes(entry, published, fingerprint_of)
        facts[entry.id] = SourceFacts(print_, source_size(entry.path), changes)
    return facts


def _fingerprint_with(entry: SourceEntry, used: Sequence[str], sha256: str) -> str:
    return fingerprint(entry, sha256, used)


__all__ = ["SourceDigests", "published_state", "source_digests", "source_facts", "stored_fingerprints"]
