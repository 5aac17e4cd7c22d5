"""The store interface every backend implements, and the query result it returns.

Terms crossing the interface are pyoxigraph terms (``NamedNode``, ``BlankNode``,
``Literal``); a backend built on another library converts at its edge.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}


class StoreError(Exception):
    """A store could not be opened, written or queried."""


class QuerySyntaxError(StoreError):
    """The SPARQL text does not parse; the message is the parser's."""


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


class GraphStore(abc.ABC):
    """A quad store: each source lives in its own named graph."""

    #: True when the store can be written through this handle.
    writable: bool = True

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
