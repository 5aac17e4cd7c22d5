"""JSON-LD export (rdflib's serializer, with the project's prefixes as context)."""

from __future__ import annotations

from typing import BinaryIO

import rdflib

from skillscape.model.namespaces import PREFIXES
from skillscape.store.base import GraphStore
from skillscape.store.terms import to_rdflib


def dump_jsonld(store: GraphStore, out: BinaryIO) -> None:
    """Serialize every named graph as JSON-LD (named graphs become ``@graph`` entries)."""
    dataset = rdflib.Dataset()
    for quad in store.quads():
        graph = dataset.graph(to_rdflib(quad.graph_name))  # type: ignore[arg-type]
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    out.write(dataset.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8"))


__all__ = ["dump_jsonld"]
