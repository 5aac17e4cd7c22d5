"""A SPARQL 1.1 server as the store: queries over the SPARQL Protocol, writes over the Graph Store Protocol.

Configured by ``SKILLSCAPE_SPARQL_ENDPOINT`` (query endpoint), ``SKILLSCAPE_GRAPH_STORE_ENDPOINT``
(Graph Store Protocol endpoint, needed to write), ``SKILLSCAPE_SPARQL_UPDATE_ENDPOINT`` (kept
for servers that need it; writes here use the Graph Store Protocol only) and
``SKILLSCAPE_SPARQL_USER`` / ``SKILLSCAPE_SPARQL_PASSWORD`` (HTTP basic auth).

Named queries arrive with their parameter slots filled (:mod:`skillscape.query.named`). Other
bindings are sent as the query's trailing ``VALUES`` clause, terms written by the engine's
serializer (a binding then joins the whole pattern, not the inside of a sub-query that does not
project the variable).

The default graph is the union of all named graphs, as with the embedded store: each query
names every graph of the store as ``default-graph-uri`` and ``named-graph-uri``, so it works
on any compliant server whatever its own default-graph setting.
"""

from __future__ import annotations

import itertools
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

import httpx
import pyoxigraph as ox

from skillscape.resources import query_text
from skillscape.settings import Settings
from skillscape.store.base import GraphStore, QueryResult, QuerySyntaxError, StoreError, Streamed, Term
from skillscape.store.location import StoreLocation
from skillscape.store.oxigraph import OxigraphStore, query_form, to_result
from skillscape.store.query_clauses import declares_dataset

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
#: graph queries ask for N-Triples first: some servers (Virtuoso 7) take the first listed type they
#: can write, whatever its weight, and answer a CONSTRUCT in SPARQL JSON results
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8"
_N_TRIPLES = "application/n-triples"
_BATCH = 100_000


def _internal_query(name: str) -> str:
    return query_text(f"internal/{name}")


def trailing_values(bindings: Mapping[str, Term]) -> str:
    """A query's trailing ``VALUES`` clause fixing ``bindings``."""
    names = list(bindings)
    for name in names:
        ox.Variable(name)  # raises ValueError on anything but a variable name
    row = " ".join(str(bindings[name]) for name in names)
    return f"VALUES ({' '.join('?' + name for name in names)}) {{ ({row}) }}"


def _auth(user: str | None, password: str | None, scheme: str = "basic") -> httpx.Auth | None:
    if not user:
        return None
    return (
        httpx.DigestAuth(user, password or "")
        if scheme == "digest"
        else httpx.BasicAuth(user, password or "")
    )


class RemoteStore(GraphStore):
    """A store on a SPARQL 1.1 server (read-only unless a Graph Store Protocol endpoint is given)."""

    def __init__(
        self,
        query_endpoint: str,
        *,
        graph_store_endpoint: str | None = None,
        update_endpoint: str | None = None,
        auth: httpx.Auth | None = None,
        timeout: float | None = 300.0,
        graph_cache_seconds: float = 5.0,
        ignored_graphs: Sequence[str] = (),
    ) -> None:
        self.query_endpoint = query_endpoint
        self.graph_store_endpoint = graph_store_endpoint
        self.update_endpoint = update_endpoint
        self.writable = graph_store_endpoint is not None
        self._client = httpx.Client(auth=auth, timeout=httpx.Timeout(timeout, connect=10.0))
        self._graph_cache_seconds = graph_cache_seconds
        self._graphs: tuple[float, list[ox.NamedNode]] | None = None
        self.ignored_graphs = frozenset(ignored_graphs)
        self._authenticated = False

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteStore:
        if not settings.sparql_endpoint:
            raise StoreError("no SPARQL endpoint configured (SKILLSCAPE_SPARQL_ENDPOINT)")
        return cls(
            settings.sparql_endpoint,
            graph_store_endpoint=settings.graph_store_endpoint,
            update_endpoint=settings.sparql_update_endpoint,
            auth=_auth(settings.sparql_user, settings.sparql_password, settings.sparql_auth),
            ignored_graphs=settings.sparql_ignored_graphs,
        )

    # ------------------------------------------------------------------ reading
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        graphs: Sequence[ox.NamedNode] | None = None,
        named_graphs: Sequence[ox.NamedNode] | None = None,
        query_dataset: bool = False,
    ) -> QueryResult:
        """Run a query; ``named_graphs`` restricts the graphs ``GRAPH`` can see (all by default).
        With ``query_dataset`` (and no graphs given) the server applies the query's own
        ``FROM`` / ``FROM NAMED``."""
        text = sparql + "\n" + trailing_values(bindings) if bindings else sparql
        if query_dataset and graphs is None and named_graphs is None:
            return self._post_query(text, [], [])
        every = None if graphs is not None and named_graphs is not None else self._all_graphs()
        defaults = list(graphs) if graphs is not None else every
        names = list(named_graphs) if named_graphs is not None else every
        return self._post_query(text, defaults or [], names or [])

    def stream(
        self,
        sparql: str,
        *,
        default_graphs: Sequence[ox.NamedNode] = (),
        named_graphs: Sequence[ox.NamedNode] = (),
    ) -> Streamed:
        own = not default_graphs and not named_graphs and declares_dataset(sparql)
        result = self.query(
            sparql,
            graphs=list(default_graphs) or None,
            named_graphs=list(named_graphs) or None,
            query_dataset=own,
        )
        if result.kind == "ask":
            return Streamed("ask", [], bool(result.boolean))
        if result.kind == "select":
            return Streamed("select", result.variables, iter(result.rows))
        return Streamed("graph", [], iter(result.triples))

    def _post_query(self, text: str, defaults: list[ox.NamedNode], names: list[ox.NamedNode]) -> QueryResult:
        form: dict[str, str | list[str]] = {"query": text}
        if defaults:
            form["default-graph-uri"] = [g.value for g in defaults]
        if names:
            form["named-graph-uri"] = [g.value for g in names]
        accept = _ACCEPT_GRAPH if query_form(text) == "graph" else _ACCEPT
        response = self._send("POST", self.query_endpoint, data=form, headers={"Accept": accept})
        if response.status_code == 400:
            raise QuerySyntaxError(response.text.strip() or "the server rejected the query")
        self._check(response, "query")
        return _parse_result(response)

    def _all_graphs(self) -> list[ox.NamedNode]:
        cached = self._graphs
        if cached is not None and time.monotonic() - cached[0] < self._graph_cache_seconds:
            return cached[1]
        graphs = self.named_graphs()
        self._graphs = (time.monotonic(), graphs)
        return graphs

    def named_graphs(self) -> list[ox.NamedNode]:
        """The server's named graphs, less the ignored ones. A server that answers the empty graph
        pattern ``GRAPH ?g {}`` with one unbound row (Virtuoso 7) is asked with a triple pattern."""
        result = self._post_query(_internal_query("named-graphs"), [], [])
        if any(row[0] is None for row in result.rows):
            result = self._post_query(_internal_query("named-graphs-scan"), [], [])
        found = [row[0] for row in result.rows if isinstance(row[0], ox.NamedNode)]
        return [graph for graph in found if graph.value not in self.ignored_graphs]

    def quad_count(self) -> int:
        """Quads in the named graphs (the server's own default graph and ignored graphs not counted)."""
        names = self._all_graphs() if self.ignored_graphs else []
        if self.ignored_graphs and not names:
            return 0
        result = self._post_query(_internal_query("quad-count"), [], names)
        value = result.rows[0][0] if result.rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def dump(self, out: BinaryIO, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        """Serialize one graph, or every named graph (triple formats get their union)."""
        if graph is not None:
            with self._client.stream(
                "GET", self._gsp(), params={"graph": graph.value}, headers={"Accept": fmt.media_type}
            ) as response:
                self._check(response, f"read graph {graph.value}")
                for chunk in response.iter_bytes():
                    out.write(chunk)
            return
        if fmt.supports_datasets:
            ox.serialize(self._quads(), out, fmt)
        else:
            ox.serialize((q.triple for q in self._quads()), out, fmt)

    def _quads(self) -> Iterator[ox.Quad]:
        for name in self.named_graphs():
            response = self._send(
                "GET", self._gsp(), params={"graph": name.value}, headers={"Accept": _N_TRIPLES}
            )
            self._check(response, f"read graph {name.value}")
            for parsed in ox.parse(response.content, ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(parsed.subject, parsed.predicate, parsed.object, name)

    # ------------------------------------------------------------------ writing
    def load(self, quads: Iterable[ox.Quad]) -> int:
        """Add quads graph by graph (Graph Store Protocol POST of N-Triples), in batches."""
        iterator = iter(quads)
        total = 0
        while batch := list(itertools.islice(iterator, _BATCH)):
            by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = defaultdict(list)
            for quad in batch:
                by_graph[quad.graph_name].append(quad.triple)
            for name, triples in by_graph.items():
                body = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""
                self._write("POST", name, body, _N_TRIPLES)
            total += len(batch)
        self._graphs = None
        return total

    def load_file(self, path: str, fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        if fmt.supports_datasets:
            with open(path, "rb") as handle:
                self.load(ox.parse(handle, fmt))
            return
        with open(path, "rb") as handle:
            self._write("POST", graph or ox.DefaultGraph(), handle, fmt.media_type)
        self._graphs = None

    def drop_graph(self, graph: ox.NamedNode) -> None:
        response = self._send("DELETE", self._gsp(), params={"graph": graph.value})
        if response.status_code != 404:
            self._check(response, f"drop graph {graph.value}")
        self._graphs = None

    def replace_graph(self, graph: ox.NamedNode, body: bytes | IO[bytes], media_type: str) -> None:
        """Replace a graph's content in one request (Graph Store Protocol PUT)."""
        self._write("PUT", graph, body, media_type)
        self._graphs = None

    def _write(
        self,
        method: str,
        graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph,
        body: bytes | IO[bytes],
        media_type: str,
    ) -> None:
        if isinstance(graph, ox.BlankNode):
            raise StoreError("a blank node cannot name a graph on a remote store")
        params = {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}
        if not isinstance(body, bytes) and self._client.auth is not None and not self._authenticated:
            # a challenge-response scheme (digest) answers the first request with 401 and needs the
            # body again, which a stream cannot give: authenticate once with a body-less request
            self._send("GET", self._gsp(), params=params, headers={"Accept": _N_TRIPLES})
            self._authenticated = True
        response = self._send(
            method, self._gsp(), params=params, content=body, headers={"Content-Type": media_type}
        )
        self._check(response, f"write graph {params.get('graph', 'default')}")

    def _gsp(self) -> str:
        if self.graph_store_endpoint is None:
            raise StoreError(
                "this remote store has no Graph Store Protocol endpoint (SKILLSCAPE_GRAPH_STORE_ENDPOINT)"
            )
        return self.graph_store_endpoint

    # ------------------------------------------------------------------ HTTP
    def _send(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            return self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise StoreError(f"{method} {url}: {exc}") from exc

    @staticmethod
    def _check(response: httpx.Response, what: str) -> None:
        if response.is_success:
            return
        if not response.is_stream_consumed:
            response.read()
        detail = response.text.strip()[:500]
        raise StoreError(f"could not {what}: HTTP {response.status_code} {detail}")

    def close(self) -> None:
        self._client.close()


def _parse_result(response: httpx.Response) -> QueryResult:
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    results_format = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
    if results_format is not None:
        result = to_result(ox.parse_query_results(response.content, results_format))
        if result.kind == "select":
            result.rows = [tuple(_canonical(term) for term in row) for row in result.rows]
        return result
    rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if rdf_format is not None and not rdf_format.supports_datasets:
        return QueryResult(kind="graph", triples=[q.triple for q in ox.parse(response.content, rdf_format)])
    raise StoreError(f"the server answered with an unexpected media type {media_type!r}")


_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_CANONICAL_BOOLEANS = {
    "1": ox.Literal("true", datatype=_BOOLEAN),
    "0": ox.Literal("false", datatype=_BOOLEAN),
}


def _canonical(term: Term | None) -> Term | None:
    """A boolean in its canonical form: "1" and "0" are lexical forms of true and false (Virtuoso 7
    writes booleans so in query results), and equal values must read the same on every store."""
    if isinstance(term, ox.Literal) and term.datatype == _BOOLEAN:
        return _CANONICAL_BOOLEANS.get(term.value, term)
    return term


# ---------------------------------------------------------------- publishing a build


@dataclass
class PushedGraph:
    graph: ox.NamedNode
    triples: int


def push_store(
    store_path: Path | str,
    url: str,
    *,
    auth: httpx.Auth | None = None,
    query_endpoint: str | None = None,
) -> list[PushedGraph]:
    """Copy every named graph of a built store to a Graph Store Protocol endpoint (``url``).

    Each graph is replaced in one PUT, so re-pushing a build is idempotent. With a
    ``query_endpoint``, graphs of skillscape sources that the build no longer has are
    deleted from the server; other graphs on the server are left alone.
    """
    from skillscape.model import iri

    path = StoreLocation(store_path).current() or Path(store_path)
    remote = RemoteStore(query_endpoint or url, graph_store_endpoint=url, auth=auth)
    pushed: list[PushedGraph] = []
    local = OxigraphStore(path, read_only=True)
    try:
        graphs = local.named_graphs()
        for graph in graphs:
            with tempfile.TemporaryFile() as buffer:
                local.raw.dump(buffer, ox.RdfFormat.N_TRIPLES, from_graph=graph)
                buffer.seek(0)
                count = sum(1 for line in buffer if line.strip())
                buffer.seek(0)
                remote.replace_graph(graph, buffer, _N_TRIPLES)
            pushed.append(PushedGraph(graph, count))
        if query_endpoint is not None:
            kept = {g.value for g in graphs}
            for graph in remote.named_graphs():
                if iri.is_source_graph(graph) and graph.value not in kept:
                    remote.drop_graph(graph)
    finally:
        local.close()
        remote.close()
    return pushed


def push_build(settings: Settings, url: str) -> list[PushedGraph]:
    """:func:`push_store` for the published store of ``settings`` (credentials and query endpoint too)."""
    return push_store(
        settings.store_path,
        url,
        auth=_auth(settings.sparql_user, settings.sparql_password, settings.sparql_auth),
        query_endpoint=settings.sparql_endpoint,
    )


__all__ = ["PushedGraph", "RemoteStore", "push_build", "push_store"]
