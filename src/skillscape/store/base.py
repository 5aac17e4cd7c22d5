"""The store interface every backend implements, and the query result it returns.

Terms crossing the interface are pyoxigraph terms (``NamedNode``, ``BlankNode``,
``Literal``); a backend built on another library converts at its edge.
"""

from __future__ import annotations

import abc
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pyoxigraph as ox

from skillscape.errors import BadInput, UpstreamFailed

Term = ox.NamedNode | ox.BlankNode | ox.Literal

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}


class StoreError(UpstreamFailed):
    """A store could not be opened, written or queried."""


class QuerySyntaxError(BadInput):
    """The SPARQL text does not parse; the message is the parser's."""

    def __init__(self, message: str) -> None:
        super().__init__(message, parameter="query", expected="a SPARQL 1.1 query")


@dataclass
class QueryResult:
    """What a SPARQL query returned: solutions (SELECT), a boolean (ASK) or triples."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def records(self) -> Iterator[dict[str, Term | None]]:
        for row in self.rows:
            yield dict(zip(self.variables, row, strict=True))

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.triples)


@dataclass
class Streamed:
    """A query's answer as it comes from the engine: ``rows`` is an iterator of solution tuples
    (SELECT, in ``variables`` order), of triples (CONSTRUCT/DESCRIBE), or the ASK boolean."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str]
    rows: Iterator[Any] | bool


class GraphStore(abc.ABC):
    """A quad store: each source lives in its own named graph."""

    #: True when the store can be written through this handle.
    writable: bool = True

    @property
    def version_path(self) -> Path | None:
        """The folder of the store version this handle reads, when it is one on this machine
        (the build keeps files beside it: the validation report, stored answers, indexes)."""
        return None

    @abc.abstractmethod
    def load(self, quads: Iterable[ox.Quad]) -> int:
        """Add quads (each carries its named graph); return how many were given."""

    @abc.abstractmethod
    def load_file(self, path: str, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        """Load a serialized RDF file (into ``graph`` for triple formats)."""

    @abc.abstractmethod
    def drop_graph(self, graph: ox.NamedNode) -> None:
        """Remove a named graph and all its quads (no error when absent)."""

    @abc.abstractmethod
    def named_graphs(self) -> list[ox.NamedNode]:
        """The named graphs in the store."""

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query with ``bindings`` substituted by the engine.

        The default graph is the union of all graphs unless ``graphs`` restricts it.
        """

    def stream(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[ox.NamedNode] = (),
        named_graphs: Sequence[ox.NamedNode] = (),
    ) -> Streamed:
        """Run a client's query as the SPARQL protocol asks: ``default_graphs`` is the default
        graph (the union of every named graph when empty, unless the query names its own with
        ``FROM``), ``named_graphs`` the graphs ``GRAPH`` sees (all when empty). Rows are read
        lazily where the engine allows, so the caller can stop at a deadline or a row limit."""
        if named_graphs:
            raise BadInput("named-graph-uri is not supported by this store", parameter="named-graph-uri")
        result = self.query(sparql, graphs=list(default_graphs) or None)
        if result.kind == "ask":
            return Streamed("ask", [], bool(result.boolean))
        if result.kind == "select":
            return Streamed("select", result.variables, iter(result.rows))
        return Streamed("graph", [], iter(result.triples))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad (of one named graph), streamed."""
        buffer = io.BytesIO()
        self.dump(buffer, ox.RdfFormat.N_QUADS if graph is None else ox.RdfFormat.N_TRIPLES, graph)
        if graph is None:
            yield from ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)
            return
        for triple in ox.parse(buffer.getvalue(), ox.RdfFormat.N_TRIPLES):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)

    @abc.abstractmethod
    def quad_count(self) -> int:
        """Number of quads (cheap where the backend allows it)."""

    @abc.abstractmethod
    def dump(self, out: BinaryIO, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        """Serialize the store (or one graph) to ``out``."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
