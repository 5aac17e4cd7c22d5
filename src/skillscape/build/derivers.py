"""The graphs a build derives from the sources it read, and which sources they read.

The occupation similarity (:mod:`skillscape.pathways.derive`) is computed from the newest O*NET
release of the manifest. When that release is read in reader processes, the similarity is
derived there, from its quads as they are read (:func:`similarity_tap`, handed to the readers);
otherwise, and for the durable-skill profiles (:mod:`skillscape.pathways.durable`), after the
sources are in the new store (:func:`derive`). Each derived graph checks its own fingerprint
and is kept when its inputs did not change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import partial

import pyoxigraph as ox

from skillscape.build.staged import Tap, TapFactory
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.onet import OnetReleaseAdapter
from skillscape.pathways.derive import SIMILARITY_SOURCE, ReleaseTap, derive_graphs
from skillscape.pathways.durable import derive_durable_profiles
from skillscape.store.base import GraphStore

#: the kind of source the occupation features (and so the similarity) are read from
FEATURES_KIND = OnetReleaseAdapter.kind


def records_features(entry: SourceEntry) -> bool:
    """Whether the graph of ``entry`` records the fingerprint of its occupation features
    (``ss:featuresFingerprint``), which the similarity derived from it is fingerprinted by."""
    return entry.kind == FEATURES_KIND


def similarity_source(manifest: Sequence[SourceEntry]) -> str | None:
    """The id of the source the similarity is derived from: the manifest's newest O*NET release
    (None: there is none)."""
    from skillscape.pathways.features import version_key  # numpy loads only when needed

    releases = [entry for entry in manifest if entry.kind == FEATURES_KIND and entry.release]
    if not releases:
        return None
    return max(releases, key=lambda entry: version_key(entry.release)).id


class _SimilarityTap:
    def __init__(self, release_metadata: str) -> None:
        self._metadata = release_metadata
        self._tap = ReleaseTap()

    def add(self, quads: Sequence[ox.Quad]) -> None:
        self._tap.add(quads)

    def derived(self, read_at: dt.datetime) -> tuple[str, list[ox.Quad]]:
        metadata = ox.parse(self._metadata, ox.RdfFormat.N_QUADS)
        return SIMILARITY_SOURCE, self._tap.similarity_quads(metadata, read_at)


def _make_similarity_tap(release_metadata: str) -> Tap:
    return _SimilarityTap(release_metadata)


def similarity_tap(release_metadata: Sequence[ox.Quad]) -> TapFactory:
    """What makes, in a reader process, the tap deriving the similarity of the release being
    read; ``release_metadata``: the quads the build adds to the release's graph (its kind,
    release name and fingerprint among them)."""
    text = ox.serialize(release_metadata, None, ox.RdfFormat.N_QUADS)
    assert text is not None  # serialised to bytes when given no output
    return partial(_make_similarity_tap, text.decode())


def derive(
    store: GraphStore, reused: Mapping[str, str], now: dt.datetime, say: Callable[[str], None]
) -> list[str]:
    """Bring every derived graph up to date; the source ids validation must look at."""
    derived = derive_graphs(store, reused, now, say)
    derived += [d for d in derive_durable_profiles(store, now, say) if d not in derived]
    return derived


__all__ = ["FEATURES_KIND", "derive", "records_features", "similarity_source", "similarity_tap"]
