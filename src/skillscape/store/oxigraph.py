"""The default store: embedded Oxigraph, on disk or in memory."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import pyoxigraph as ox

from skillscape.store.base import GraphStore, QueryResult, QuerySyntaxError, StoreError, Streamed, Term
from skillscape.store.query_clauses import declares_dataset


class SupportsRead(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


#: on disk, fewer quads than this are written in a transaction, not bulk loaded: every bulk load
#: adds a level-0 file to each of the store's indexes, and past 20 of them RocksDB stalls the
#: next flush (closing the store) until compaction has merged them (40 s after a full build)
SMALL_LOAD_QUADS = 20_000

#: a file this small (bytes) is loaded in a transaction too
SMALL_LOAD_BYTES = 2_000_000


class OxigraphStore(GraphStore):
    """pyoxigraph ``Store``. ``path=None`` is in memory; ``read_only`` opens a published store."""

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"no store at {self.path}: run `skillscape build` first")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store at {self.path}: {exc}") from exc
        self.writable = not read_only

    @property
    def version_path(self) -> Path | None:
        return self.path

    def stream(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[ox.NamedNode] = (),
        named_graphs: Sequence[ox.NamedNode] = (),
    ) -> Streamed:
        options: dict[str, Any] = {}
        if default_graphs:
            options["default_graph"] = list(default_graphs)
        elif named_graphs or not declares_dataset(sparql):
            options["use_default_graph_as_union"] = True
        # else: no option at all, and the engine applies the query's own FROM / FROM NAMED
        if named_graphs:
            options["named_graphs"] = list(named_graphs)
        result = self._store.query(sparql, **options)
        if isinstance(result, ox.QueryBoolean):
            return Streamed("ask", [], bool(result))
        if isinstance(result, ox.QuerySolutions):
            return Streamed("select", [v.value for v in result.variables], (tuple(s) for s in result))
        return Streamed("graph", [], iter(result))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for hot paths that need it directly."""
        return self._store

    def load(self, quads: Iterable[ox.Quad], batch_size: int = 250_000) -> int:
        """Add quads in batches (bulk loading on disk, unless a batch is small), so a generator
        never sits in memory whole."""
        iterator = iter(quads)
        total = 0
        while batch := list(itertools.islice(iterator, batch_size)):
            if self.path is None or len(batch) < SMALL_LOAD_QUADS:
                self._store.extend(batch)
            else:
                self._store.bulk_extend(batch)
            total += len(batch)
        return total

    def load_file(self, path: str, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        small = self.path is None or Path(path).stat().st_size < SMALL_LOAD_BYTES
        loader = self._store.load if small else self._store.bulk_load
        loader(path=path, format=fmt, to_graph=graph)

    def load_stream(self, stream: SupportsRead, fmt: ox.RdfFormat) -> None:
        """Load serialized quads read from ``stream`` (an object with ``read(size) -> bytes``)
        in ONE load: on disk one bulk load, however long the stream."""
        # no local reference to the store: a traceback keeping this frame must not keep it open
        if self.path is None:
            self._store.load(input=stream, format=fmt)  # type: ignore[arg-type]  # any object with read()
        else:
            self._store.bulk_load(input=stream, format=fmt)  # type: ignore[arg-type]

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if any(g == graph for g in self._store.named_graphs()):
            self._store.remove_graph(graph)

    def named_graphs(self) -> list[ox.NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[ox.NamedNode] | None = None,
    ) -> QueryResult:
        # bound by the engine itself, on its parse of the query (SEP-0007 substitution). Named
        # queries do not come here with bindings: their slots are filled first (query.named),
        # which the optimizer joins early, where substitution can be far slower
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()
        }
        try:
            if graphs is None:
                result = self._store.query(
                    sparql, use_default_graph_as_union=True, substitutions=substitutions
                )
            else:
                result = self._store.query(sparql, default_graph=list(graphs), substitutions=substitutions)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc
        return to_result(result)

    def quad_count(self) -> int:
        return len(self._store)

    def count_up_to(self, graph: ox.NamedNode, limit: int) -> int:
        """The quads of ``graph``, counted no further than ``limit`` (cheap on a large graph).

        Counted by the query engine: 0.4 s for 500 k quads, against 6.8 s iterating them here."""
        if limit <= 0:
            return 0
        first = f"SELECT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }} LIMIT {int(limit)}"
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ {first} }} }}"
        result = self._store.query(query)
        assert isinstance(result, ox.QuerySolutions)
        (solution,) = result
        return int(solution[0].value)  # type: ignore[union-attr]

    def dump(self, out: BinaryIO, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        if graph is None and not fmt.supports_datasets:
            # a triple format: serialize the union of all graphs
            ox.serialize(
                (q.triple for q in self._store.quads_for_pattern(None, None, None, None)),
                out,
                fmt,
            )
            return
        if graph is None:
            self._store.dump(out, fmt)
        else:
            self._store.dump(out, fmt, from_graph=graph)

    def flush(self) -> None:
        if self.path is not None and self.writable:
            self._store.flush()

    def optimize(self) -> None:
        if self.path is not None and self.writable:
            self._store.optimize()

    def backup(self, target: Path) -> None:
        """A consistent copy of an on-disk store (hard links where the file system allows)."""
        self._store.backup(str(target))

    def close(self) -> None:
        if self.path is not None and self.writable:
            self._store.flush()
        del self._store


def to_result(result: object) -> QueryResult:
    """Convert a pyoxigraph query result into a :class:`QueryResult`."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(solution[v] for v in variables) for solution in result]
        return QueryResult(kind="select", variables=variables, rows=rows)
    if isinstance(result, ox.QueryTriples):
        return QueryResult(kind="graph", triples=list(result))
    raise StoreError(f"unexpected query result {type(result).__name__}")


def query_form(text: str) -> str:
    """``select``, ``graph`` (CONSTRUCT, DESCRIBE) or ``ask``, as the engine parses ``text``
    (against an empty store of its own: a SELECT or CONSTRUCT is not evaluated at all, an ASK
    reads nothing)."""
    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"
