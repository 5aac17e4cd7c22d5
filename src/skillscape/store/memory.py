"""An in-memory store on rdflib's ``Dataset``: the second implementation of the interface.

Meant for tests and small graphs (rdflib is 20× to 9,000× slower than Oxigraph on
joins). Terms are converted from and to pyoxigraph terms at this edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import BinaryIO

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql.parser import parseQuery

from skillscape.store.base import GraphStore, QueryResult, QuerySyntaxError, StoreError, Term
from skillscape.store.terms import from_rdflib, to_rdflib

_FORMAT_NAMES = {
    ox.RdfFormat.N_TRIPLES: "nt",
    ox.RdfFormat.N_QUADS: "nquads",
    ox.RdfFormat.TURTLE: "turtle",
    ox.RdfFormat.TRIG: "trig",
    ox.RdfFormat.RDF_XML: "xml",
}


class MemoryStore(GraphStore):
    """rdflib ``Dataset`` held in memory."""

    def __init__(self) -> None:
        self._dataset = rdflib.Dataset(default_union=True)

    @property
    def dataset(self) -> rdflib.Dataset:
        return self._dataset

    def load(self, quads: Iterable[ox.Quad]) -> int:
        count = 0
        for quad in quads:
            graph = self._dataset.graph(to_rdflib(quad.graph_name))  # type: ignore[arg-type]
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
            count += 1
        return count

    def load_file(self, path: str, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        # parse with Oxigraph so literal typing matches the other backend, then convert
        with open(path, "rb") as handle:
            if fmt.supports_datasets:
                self.load(ox.parse(handle, fmt))
            else:
                target = graph if graph is not None else ox.DefaultGraph()
                self.load(ox.Quad(t.subject, t.predicate, t.object, target) for t in ox.parse(handle, fmt))

    def drop_graph(self, graph: ox.NamedNode) -> None:
        self._dataset.remove_graph(self._dataset.graph(rdflib.URIRef(graph.value)))

    def named_graphs(self) -> list[ox.NamedNode]:
        result = []
        for graph in self._dataset.graphs():
            ident = graph.identifier
            is_named = isinstance(ident, rdflib.URIRef) and ident != rdflib.graph.DATASET_DEFAULT_GRAPH_ID
            if is_named and len(graph):
                result.append(ox.NamedNode(str(ident)))
        return result

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        try:
            parseQuery(sparql)
        except Exception as exc:  # pyparsing raises its own exception types
            raise QuerySyntaxError(str(exc)) from exc
        init = {rdflib.Variable(k): to_rdflib(v) for k, v in (bindings or {}).items()}
        target: rdflib.Graph | rdflib.Dataset = self._dataset
        if graphs is not None:
            target = rdflib.Graph()
            for name in graphs:
                for triple in self._dataset.graph(rdflib.URIRef(name.value)):
                    target.add(triple)
        try:
            result = target.query(sparql, initBindings=init)  # type: ignore[arg-type]
        except Exception as exc:
            raise StoreError(str(exc)) from exc
        if result.type == "ASK":
            return QueryResult(kind="ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            rows = [tuple(None if value is None else from_rdflib(value) for value in row) for row in result]  # type: ignore[union-attr]
            return QueryResult(kind="select", variables=variables, rows=rows)  # type: ignore[arg-type]
        triples = [  # type: ignore[misc]
            ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
            for s, p, o in result  # type: ignore[misc,union-attr]
        ]
        return QueryResult(kind="graph", triples=triples)

    def quad_count(self) -> int:
        return sum(len(g) for g in self._dataset.graphs())

    def dump(self, out: BinaryIO, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        name = _FORMAT_NAMES.get(fmt)
        if name is None:
            raise StoreError(f"format {fmt} is not supported by the memory store")
        if graph is not None:
            source: rdflib.Graph = self._dataset.graph(rdflib.URIRef(graph.value))
        elif fmt.supports_datasets:
            source = self._dataset
        else:
            source = rdflib.Graph()
            for triple in self._dataset.triples((None, None, None)):
                source.add(triple)
        out.write(source.serialize(format=name, encoding="utf-8"))
