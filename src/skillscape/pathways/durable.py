"""The durable-skill profile of every rated occupation: a build step between ingest and validation.

Inputs: the newest O*NET release in the store (its ratings of work styles on Work Styles Impact
``WI`` and Distinctiveness Rank ``DR``, and of skills on Importance ``IM``) and every mapping
statement whose object is a durable-skill domain (the rows of the SSSOM files in
``data/mappings``, read by the ``sssom-mapping`` adapter). For each occupation and domain::

    value(d)  = (WI + 3) / 6             a work style, its impact −3…3 put on 0…1
              = (IM − 1) / 4             a skill, its importance 1…5 put on 0…1
    weight(d) = 1.0 for skos:closeMatch, 0.5 for skos:broadMatch (see :data:`WEIGHTS`)
    score     = 100 · Σ weight(d)·value(d) / Σ weight(d)     over the mapped descriptors d the
                                                             occupation has ratings of

A domain none of whose descriptors the occupation has ratings of gets no statement. The
distinctiveness rank is shown in the evidence, not scored. The graph :data:`DURABLE_GRAPH`::

    <statement/derived/durable-skills/15-1252.00/critical-thinking> a ss:DurableSkillScore ;
        ss:occupation <occupation/15-1252.00> ; ss:domain <domain/critical-thinking> ;
        ss:score 71.2 ;
        ss:evidence "Critical Thinking (skill, importance 4.00 of 5; close match) · …" ;
        ss:evidenceStatement <the ratings>, <the mapping rows> ;
        prov:wasGeneratedBy <derivation/durable-skill-profile/…> .
    <derivation/…> a ss:DerivationActivity ; prov:wasAssociatedWith <algorithm/…> ;
        prov:used <graph/onet-30-1>, <graph/mapping-onet-durable-skills>, <document/<sha256>> .

The graph records its fingerprint (``ss:parameters``): the algorithm, version, parameters and the
fingerprints of the release graph and of the mapping graphs it read. A build in which that
fingerprint is unchanged keeps the graph as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from skillscape.model import iri
from skillscape.model.namespaces import DCT, PROV, RDF, SCHEMA, SS, XSD
from skillscape.query import named
from skillscape.store.base import GraphStore

ALGORITHM = "durable-skill-profile"
VERSION = "1.0"
DURABLE_SOURCE = "derived-durable-skills"
DURABLE_GRAPH = iri.source_graph(DURABLE_SOURCE)
SKOS = "http://www.w3.org/2004/02/skos/core#"
#: how much a descriptor counts towards a domain, by the mapping's predicate
WEIGHTS: Mapping[str, float] = {
    SKOS + "exactMatch": 1.0,
    SKOS + "closeMatch": 1.0,
    SKOS + "broadMatch": 0.5,
    SKOS + "narrowMatch": 0.5,
    SKOS + "relatedMatch": 0.25,
}
#: the SSSOM prefix of O*NET Content Model elements
ONET_PREFIX = "ONET:"
PARAMETERS: Mapping[str, object] = {
    "work style": "(WI + 3) / 6 (Work Styles Impact, -3..3); DR shown as evidence, not scored",
    "skill": "(IM - 1) / 4 (Importance, 1..5)",
    "weights": {k.removeprefix(SKOS): v for k, v in WEIGHTS.items()},
    "score": "100 * weighted mean over the mapped descriptors the occupation has ratings of",
}

Say = Callable[[str], None]


@dataclass(frozen=True)
class DomainMapping:
    """A mapping row: an O*NET element mapped to a domain."""

    node: str
    element: str
    predicate: str
    domain: str
    domain_label: str


@dataclass
class Rated:
    """One occupation's ratings of one descriptor."""

    label: str
    values: dict[str, Decimal] = field(default_factory=dict)  # scale → value
    ratings: list[str] = field(default_factory=list)  # the rating statements


@dataclass(frozen=True)
class Score:
    code: str
    occupation: str
    domain: str
    domain_label: str
    score: float
    evidence: str
    statements: tuple[str, ...]


@dataclass(frozen=True)
class Inputs:
    """What the derived graph is computed from: one O*NET release graph and the mapping graphs
    (each by the fingerprint the build recorded) and the mapping documents (by sha256)."""

    release_graph: str
    release_name: str
    release_print: str
    mappings: tuple[tuple[str, str], ...]  # (graph, fingerprint)
    documents: tuple[tuple[str, str], ...]  # (document node, sha256)

    def fingerprint(self) -> str:
        key = "|".join(
            (
                ALGORITHM,
                VERSION,
                json.dumps(PARAMETERS, sort_keys=True),
                self.release_graph,
                self.release_print,
                *(f"{g}={p}" for g, p in self.mappings),
            )
        )
        return hashlib.sha256(key.encode()).hexdigest()


def value_of(element: str, values: Mapping[str, Decimal]) -> float | None:
    """A descriptor's rating put on 0…1 (None when the occupation lacks the scale scored)."""
    if element.startswith("1.D."):
        impact = values.get("WI")
        return None if impact is None else (float(impact) + 3.0) / 6.0
    importance = values.get("IM")
    return None if importance is None else (float(importance) - 1.0) / 4.0


def describe(element: str, rated: Rated, predicate: str) -> str:
    relation = {"closeMatch": "close match", "broadMatch": "broad match"}.get(
        predicate.removeprefix(SKOS), predicate.removeprefix(SKOS)
    )
    values = rated.values
    if element.startswith("1.D."):
        parts = [f"work style, impact {values['WI']:.2f} of -3..3"]
        if "DR" in values:
            parts.append(f"distinctiveness rank {values['DR']:.0f} of 10")
    else:
        parts = [f"skill, importance {values['IM']:.2f} of 5"]
    return f"{rated.label} ({', '.join(parts)}; {relation})"


def compute(
    ratings: Mapping[tuple[str, str], Mapping[str, Rated]],
    mappings: Sequence[DomainMapping],
) -> list[Score]:
    """The domain scores of every occupation. ``ratings``: (occupation IRI, code) → element →
    its ratings."""
    by_domain: dict[str, list[DomainMapping]] = defaultdict(list)
    for mapping in mappings:
        if mapping.predicate in WEIGHTS:
            by_domain[mapping.domain].append(mapping)
    scores: list[Score] = []
    for (occupation, code), elements in sorted(ratings.items(), key=lambda item: item[0][1]):
        for domain, rows in sorted(by_domain.items()):
            used: list[tuple[float, float, str, list[str], str]] = []
            for mapping in rows:
                rated = elements.get(mapping.element)
                if rated is None:
                    continue
                value = value_of(mapping.element, rated.values)
                if value is None:
                    continue
                weight = WEIGHTS[mapping.predicate]
                text = describe(mapping.element, rated, mapping.predicate)
                used.append((weight, value, text, rated.ratings, mapping.node))
            if not used:
                continue
            total = sum(weight for weight, *_ in used)
            score = 100.0 * sum(weight * value for weight, value, *_ in used) / total
            used.sort(key=lambda u: (-u[0] * u[1], u[2]))
            evidence = " · ".join(text for _, _, text, _, _ in used)
            statements = tuple(
                sorted({s for _, _, _, ratings_, _ in used for s in ratings_} | {u[4] for u in used})
            )
            scores.append(Score(code, occupation, domain, rows[0].domain_label, score, evidence, statements))
    return scores


# ---------------------------------------------------------------------------- reading the store


def _v(record: Mapping[str, ox.NamedNode | ox.BlankNode | ox.Literal | None], name: str) -> str:
    term = record[name]
    if term is None:  # the queries bind every column they return here
        raise ValueError(f"unbound {name!r} in a derivation input")
    return term.value


def read_mappings(store: GraphStore) -> tuple[list[DomainMapping], dict[str, str], list[str]]:
    """The mapping rows about O*NET elements, the mapping documents (node → sha256) and the
    mapping graphs."""
    mappings: list[DomainMapping] = []
    documents: dict[str, str] = {}
    graphs: set[str] = set()
    for record in named.load("derive/durable-skill-mappings").run(store).records():
        subject = _v(record, "subject")
        graphs.add(_v(record, "graph"))
        documents[_v(record, "document")] = _v(record, "sha256")
        if not subject.startswith(ONET_PREFIX):
            continue  # another vocabulary (e.g. ESCO): not rated by O*NET
        mappings.append(
            DomainMapping(
                _v(record, "mapping"),
                subject.removeprefix(ONET_PREFIX),
                _v(record, "predicate"),
                _v(record, "domain"),
                _v(record, "domainLabel"),
            )
        )
    return mappings, documents, sorted(graphs)


Ratings = dict[tuple[str, str], dict[str, Rated]]


def read_ratings(store: GraphStore, graph: str, elements: set[str]) -> Ratings:
    ratings: Ratings = defaultdict(dict)
    result = named.load("derive/durable-skill-ratings").run(store, {"graph": graph})
    for record in result.records():
        element = _v(record, "element")
        if element not in elements:
            continue
        key = (_v(record, "occupation"), _v(record, "code"))
        rated = ratings[key].get(element)
        if rated is None:
            rated = ratings[key][element] = Rated(_v(record, "label"))
        rated.values[_v(record, "scale")] = Decimal(_v(record, "value"))
        rated.ratings.append(_v(record, "rating"))
    return ratings


def _fingerprints(store: GraphStore) -> dict[str, str]:
    rows = named.load("internal/graph-fingerprints").run(store).rows
    return {
        graph.value: fingerprint.value for graph, fingerprint in rows if graph is not None and fingerprint
    }


# ---------------------------------------------------------------------------- the build step


def derive_durable_profiles(store: GraphStore, now: dt.datetime, say: Say | None = None) -> list[str]:
    """Bring the durable-skill profile graph up to date; return the source ids validation must
    look at (the derived graph's and those of the graphs it read), none when unchanged."""
    from skillscape.pathways.features import NoRelease, newest_release

    say = say or (lambda message: None)
    present = DURABLE_GRAPH in store.named_graphs()
    try:
        release = newest_release(store)
    except NoRelease:
        release = None
    mappings, documents, graphs = read_mappings(store) if release is not None else ([], {}, [])
    if release is None or not mappings:
        if present:
            store.drop_graph(DURABLE_GRAPH)
        say(f"{ALGORITHM}: no O*NET release or no durable-skill mapping in the store")
        return []
    prints = _fingerprints(store)
    inputs = Inputs(
        release.graph,
        release.name,
        prints.get(release.graph, ""),
        tuple((g, prints.get(g, "")) for g in graphs),
        tuple(sorted(documents.items())),
    )
    fingerprint = inputs.fingerprint()
    if present and prints.get(DURABLE_GRAPH.value) == fingerprint:
        say(f"{ALGORITHM}: unchanged")
        return []
    say(f"{ALGORITHM}: computing from O*NET {release.name} and {len(graphs)} mapping file(s)")
    ratings = read_ratings(store, release.graph, {m.element for m in mappings})
    scores = compute(ratings, mappings)
    store.drop_graph(DURABLE_GRAPH)
    count = store.load(list(profile_quads(scores, inputs, now)))
    say(f"{ALGORITHM}: {len(scores):,} domain scores, {count:,} quads")
    sources = [g.rpartition("/")[2] for g in (release.graph, *graphs)]
    return [DURABLE_SOURCE, *sources]


def profile_quads(scores: Sequence[Score], inputs: Inputs, now: dt.datetime) -> Iterator[ox.Quad]:
    g = DURABLE_GRAPH
    fingerprint = inputs.fingerprint()
    algorithm = iri.algorithm(ALGORITHM, VERSION)
    activity = iri.derivation_activity(ALGORITHM, fingerprint)
    stamp = ox.Literal(now.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
    title = f"Durable-skill domain profiles derived from O*NET {inputs.release_name} and SSSOM mappings"
    yield from (
        ox.Quad(g, RDF.type, PROV.Entity, g),
        ox.Quad(g, DCT.identifier, ox.Literal(DURABLE_SOURCE), g),
        ox.Quad(g, DCT.title, ox.Literal(title), g),
        ox.Quad(g, SS.parameters, ox.Literal(fingerprint), g),
        ox.Quad(g, PROV.generatedAtTime, stamp, g),
        ox.Quad(g, PROV.wasGeneratedBy, activity, g),
        ox.Quad(activity, RDF.type, SS.DerivationActivity, g),
        ox.Quad(activity, PROV.wasAssociatedWith, algorithm, g),
        ox.Quad(activity, PROV.used, ox.NamedNode(inputs.release_graph), g),
        ox.Quad(algorithm, RDF.type, SS.Algorithm, g),
        ox.Quad(algorithm, DCT.title, ox.Literal(ALGORITHM), g),
        ox.Quad(algorithm, SCHEMA.version, ox.Literal(VERSION), g),
        ox.Quad(algorithm, SS.parameters, ox.Literal(json.dumps(PARAMETERS, sort_keys=True)), g),
    )
    for graph, _ in inputs.mappings:
        yield ox.Quad(activity, PROV.used, ox.NamedNode(graph), g)
    for document, _ in inputs.documents:
        yield ox.Quad(activity, PROV.used, ox.NamedNode(document), g)
    for score in scores:
        node = iri.durable_skill_score(score.code, score.domain_label)
        yield ox.Quad(node, RDF.type, SS.DurableSkillScore, g)
        yield ox.Quad(node, SS.occupation, ox.NamedNode(score.occupation), g)
        yield ox.Quad(node, SS.domain, ox.NamedNode(score.domain), g)
        yield ox.Quad(node, SS.score, ox.Literal(f"{score.score:.1f}", datatype=XSD.decimal), g)
        yield ox.Quad(node, SS.evidence, ox.Literal(score.evidence), g)
        for statement in score.statements:
            yield ox.Quad(node, SS.evidenceStatement, ox.NamedNode(statement), g)
        yield ox.Quad(node, PROV.wasGeneratedBy, activity, g)


__all__ = [
    "ALGORITHM",
    "DURABLE_GRAPH",
    "DURABLE_SOURCE",
    "VERSION",
    "compute",
    "derive_durable_profiles",
]
