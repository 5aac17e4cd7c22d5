"""Namespaces as pyoxigraph terms.

``SS`` is closed: its terms are read from ``ontology/skillscape.ttl``, so a typo such as
``SS.Ocupation`` raises ``AttributeError`` instead of minting a term the ontology lacks.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from skillscape.resources import ontology_path

SS_IRI = "https://w3id.org/skillscape/ontology#"
ID_IRI = "https://w3id.org/skillscape/id/"
ONTOLOGY_IRI = "https://w3id.org/skillscape/ontology"


class Namespace:
    """An open namespace: any attribute mints ``base + name``."""

    def __init__(self, base: str) -> None:
        self._base = base

    @property
    def base(self) -> str:
        return self._base

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        node = self.__dict__[name] = self[name]  # kept: the next lookup is a plain attribute
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(self._base + name)


@cache
def _ontology_terms() -> frozenset[str]:
    names: set[str] = set()
    with ontology_path().open("rb") as handle:
        for triple in ox.parse(handle, ox.RdfFormat.TURTLE):
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(SS_IRI):
                    names.add(term.value[len(SS_IRI) :])
    return frozenset(names)


class ClosedNamespace(Namespace):
    """A namespace that only knows the terms declared in the ontology."""

    def __getitem__(self, name: str) -> ox.NamedNode:
        if name not in _ontology_terms():
            raise AttributeError(f"ss:{name} is not a term of the skillscape ontology")
        return ox.NamedNode(self.base + name)

    def terms(self) -> frozenset[str]:
        return _ontology_terms()


SS = ClosedNamespace(SS_IRI)
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: ESCO's own model (classes and relations of the ESCO classification)
ESCO = Namespace("http://data.europa.eu/esco/model#")
#: ESCO's concept IRIs (occupations, skills, skill types, reuse levels …)
ESCO_DATA = "http://data.europa.eu/esco/"
#: SSSOM mapping metadata and the SEMAPV justification vocabulary
SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")

PREFIXES: dict[str, str] = {
    "ss": SS_IRI,
    "id": ID_IRI,
    "rdf": RDF.base,
    "rdfs": RDFS.base,
    "owl": OWL.base,
    "xsd": XSD.base,
    "skos": SKOS.base,
    "prov": PROV.base,
    "dct": DCT.base,
    "oa": OA.base,
    "schema": SCHEMA.base,
    "sh": SH.base,
    "esco": ESCO.base,
    "sssom": SSSOM.base,
    "semapv": SEMAPV.base,
}

RFC7111 = ox.NamedNode("http://tools.ietf.org/rfc/rfc7111")
