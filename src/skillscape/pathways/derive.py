"""The derived graph of occupation similarities: a build step between ingest and validation.

After the sources are read, :func:`derive_graphs` computes S(A→B) (see
:mod:`skillscape.pathways.similarity`) from the newest O*NET release in the store and keeps, for
every occupation, its ``neighbours`` best targets as ``ss:OccupationSimilarity`` statements in
the named graph :data:`SIMILARITY_GRAPH`::

    <similarity/occupation-similarity/A/B> a ss:OccupationSimilarity ;
        ss:occupation <A> ; ss:targetOccupation <B> ;
        ss:score 0.61 ; ss:position 1 ;                 # B is A's best target
        ss:features "{\"activities\":0.52,…}" ;          # s_f(A→B) of every family
        prov:wasGeneratedBy <derivation/occupation-similarity/…> .
    <derivation/…> a ss:DerivationActivity ;
        prov:wasAssociatedWith <algorithm/occupation-similarity/1-0> ;
        prov:used <graph/onet-30-1> .
    <algorithm/…> a ss:Algorithm ; dct:title "occupation-similarity" ;
        schema:version "1.0" ; ss:parameters "{…}" .

The graph records its fingerprint (``ss:parameters`` on the graph, like every source graph): the
algorithm, its version and parameters, and the release it read, by the fingerprint of the
release's features (``ss:featuresFingerprint`` on the release graph). A full read of a release
gives its features the release's own fingerprint; an update of the release by difference that
changes none of the rows the features are read from keeps the one it had. A build whose
fingerprint is unchanged keeps the graph as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from skillscape.model import iri
from skillscape.model.namespaces import DCT, PROV, RDF, SCHEMA, SS, XSD
from skillscape.store.base import GraphStore

if TYPE_CHECKING:  # numpy and scipy load only when a derived graph is computed
    from skillscape.pathways.similarity import Parameters, Similarity

ALGORITHM = "occupation-similarity"
VERSION = "3.1"
SIMILARITY_SOURCE = "derived-occupation-similarity"
SIMILARITY_GRAPH = iri.source_graph(SIMILARITY_SOURCE)
#: the graphs the build keeps for this module (it drops every other graph not in the manifest)
DERIVED_GRAPHS = (SIMILARITY_GRAPH.value,)

Say = Callable[[str], None]


@dataclass(frozen=True)
class Inputs:
    """What the derived graph is computed from: one O*NET release graph (by the fingerprint of
    its features, which an update of the release that changes no feature quad keeps) and the
    parameters."""

    release_graph: str
    release_name: str
    features_fingerprint: str
    parameters_json: str

    def fingerprint(self) -> str:
        key = "|".join(
            (ALGORITHM, VERSION, self.parameters_json, self.release_graph, self.features_fingerprint)
        )
        return hashlib.sha256(key.encode()).hexdigest()


def derive_graphs(
    store: GraphStore, reused: Mapping[str, str], now: dt.datetime, say: Say | None = None
) -> list[str]:
    """Bring the derived graphs up to date; return the source ids validation must look at.

    ``reused`` maps graph IRIs to the fingerprints the published store recorded. The derived
    graph is recomputed when its fingerprint changed (then its id and the ids of the graphs it
    read are returned — ``iri.source_graph(id)`` is the graph — since its statements point into
    them), dropped when its input is gone.
    """
    from skillscape.pathways.features import NoRelease, newest_release
    from skillscape.pathways.similarity import default_parameters

    say = say or (lambda message: None)
    try:
        release = newest_release(store)
    except NoRelease:
        if SIMILARITY_GRAPH in store.named_graphs():
            store.drop_graph(SIMILARITY_GRAPH)
        return []
    parameters = default_parameters()
    inputs = Inputs(release.graph, release.name, release.features_print, parameters.as_json())
    fingerprint = inputs.fingerprint()
    present = SIMILARITY_GRAPH in store.named_graphs()
    if reused.get(SIMILARITY_GRAPH.value) == fingerprint and present:
        say(f"{ALGORITHM}: unchanged")
        return []
    if present and _stored_fingerprint(store) == fingerprint:
        say(f"{ALGORITHM}: computed from O*NET {release.name} while it was read")
        return [SIMILARITY_SOURCE, release.identifier]
    say(f"{ALGORITHM}: computing from O*NET {release.name}")
    count = write_similarity_graph(store, inputs, parameters, now)
    say(f"{ALGORITHM}: {count} quads")
    return [SIMILARITY_SOURCE, release.identifier]


def _stored_fingerprint(store: GraphStore) -> str | None:
    from skillscape.query import named

    for graph, fingerprint in named.load("internal/graph-fingerprints").run(store).rows:
        if graph == SIMILARITY_GRAPH and fingerprint is not None:
            return fingerprint.value
    return None


class ReleaseTap:
    """The similarity of a release computed from its quads as they are read, before any store
    holds them (so a build need not query the release back out of its on-disk store).

    :meth:`add` keeps, in an in-memory store, the quads the feature queries read
    (:func:`~skillscape.pathways.features.feature_quads`); :meth:`similarity_quads` runs the
    same feature queries and the same computation on that copy as :func:`derive_graphs` runs
    on the built store, and gives the derived graph with the fingerprint the build expects.
    """

    def __init__(self) -> None:
        from skillscape.store.oxigraph import OxigraphStore

        self._store = OxigraphStore()

    def add(self, quads: Iterable[ox.Quad]) -> None:
        from skillscape.pathways.features import feature_quads

        self._store.raw.extend(feature_quads(quads))

    def similarity_quads(self, release_metadata: Iterable[ox.Quad], now: dt.datetime) -> list[ox.Quad]:
        """The derived graph; ``release_metadata``: the quads the build adds to the release graph
        (its kind, release name and fingerprint among them)."""
        from skillscape.pathways.features import feature_quads, newest_release, read_features
        from skillscape.pathways.similarity import compute, default_parameters

        self._store.load(feature_quads(release_metadata))
        parameters = default_parameters()
        release = newest_release(self._store)
        inputs = Inputs(release.graph, release.name, release.features_print, parameters.as_json())
        features = read_features(self._store, release)
        similarity = compute(features, parameters)
        self._store.close()
        return list(similarity_quads(features.occupations, similarity, inputs, parameters.neighbours, now))


def write_similarity_graph(
    store: GraphStore, inputs: Inputs, parameters: Parameters, now: dt.datetime
) -> int:
    """Compute the similarity of every occupation pair and (re)write the derived graph."""
    from skillscape.pathways.features import newest_release, read_features
    from skillscape.pathways.similarity import compute

    release = newest_release(store, inputs.release_name)
    features = read_features(store, release)
    similarity = compute(features, parameters)
    quads = list(similarity_quads(features.occupations, similarity, inputs, parameters.neighbours, now))
    store.drop_graph(SIMILARITY_GRAPH)
    return store.load(quads)


def similarity_quads(
    occupations: list[str], similarity: Similarity, inputs: Inputs, neighbours: int, now: dt.datetime
) -> Iterator[ox.Quad]:
    """The derived graph: its metadata, the algorithm, the activity, and the top-k statements."""
    import numpy as np

    g = SIMILARITY_GRAPH
    fingerprint = inputs.fingerprint()
    algorithm = iri.algorithm(ALGORITHM, VERSION)
    activity = iri.derivation_activity(ALGORITHM, fingerprint)
    yield from _metadata(g, algorithm, activity, inputs, now)
    top, scores = similarity.neighbours(neighbours)
    names = sorted(similarity.components)
    components = np.stack([similarity.components[n] for n in names]) if names else None
    for a, code in enumerate(similarity.codes):
        source = ox.NamedNode(occupations[a])
        for position, (b, score) in enumerate(zip(top[a], scores[a], strict=True), start=1):
            node = iri.occupation_similarity(ALGORITHM, code, similarity.codes[b])
            produced = {}
            if components is not None:
                produced = {n: round(float(v), 4) for n, v in zip(names, components[:, a, b], strict=True)}
            features = json.dumps(
                {n: v for n, v in produced.items() if v == v}, sort_keys=True, separators=(",", ":")
            )
            yield ox.Quad(node, RDF.type, SS.OccupationSimilarity, g)
            yield ox.Quad(node, SS.occupation, source, g)
            yield ox.Quad(node, SS.targetOccupation, ox.NamedNode(occupations[b]), g)
            yield ox.Quad(node, SS.score, _decimal(score), g)
            yield ox.Quad(node, SS.position, ox.Literal(str(position), datatype=XSD.integer), g)
            yield ox.Quad(node, SS.features, ox.Literal(features), g)
            yield ox.Quad(node, PROV.wasGeneratedBy, activity, g)


def _metadata(
    g: ox.NamedNode, algorithm: ox.NamedNode, activity: ox.NamedNode, inputs: Inputs, now: dt.datetime
) -> list[ox.Quad]:
    stamp = ox.Literal(now.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
    title = f"Occupation similarity derived from O*NET {inputs.release_name}"
    return [
        ox.Quad(g, RDF.type, PROV.Entity, g),
        ox.Quad(g, DCT.identifier, ox.Literal(g.value.rpartition("/")[2]), g),
        ox.Quad(g, DCT.title, ox.Literal(title), g),
        ox.Quad(g, SS.parameters, ox.Literal(inputs.fingerprint()), g),
        ox.Quad(g, PROV.generatedAtTime, stamp, g),
        ox.Quad(g, PROV.wasGeneratedBy, activity, g),
        ox.Quad(activity, RDF.type, SS.DerivationActivity, g),
        ox.Quad(activity, PROV.wasAssociatedWith, algorithm, g),
        ox.Quad(activity, PROV.used, ox.NamedNode(inputs.release_graph), g),
        ox.Quad(algorithm, RDF.type, SS.Algorithm, g),
        ox.Quad(algorithm, DCT.title, ox.Literal(ALGORITHM), g),
        ox.Quad(algorithm, SCHEMA.version, ox.Literal(VERSION), g),
        ox.Quad(algorithm, SS.parameters, ox.Literal(inputs.parameters_json), g),
    ]


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{float(value):.6f}", datatype=XSD.decimal)


__all__ = [
    "ALGORITHM",
    "DERIVED_GRAPHS",
    "SIMILARITY_GRAPH",
    "SIMILARITY_SOURCE",
    "VERSION",
    "Inputs",
    "ReleaseTap",
    "derive_graphs",
]
