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
    from skillscape.query import named

    result = named.load("internal/all-quads").run(store)
    for g, s, p, o in result.rows:
        assert g is not None and s is not None and p is not None and o is not None
        graph = dataset.graph(to_rdflib(g))  # type: ignore[arg-type]
        graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))  # type: ignore[arg-type]
    out.write(dataset.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8"))


__all__ = ["dump_jsonld"]
