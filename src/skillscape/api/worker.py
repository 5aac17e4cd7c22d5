"""What runs inside a query worker process: open the store once, then answer jobs.

A worker is a separate process so that a query that runs past its time limit can be
stopped: pyoxigraph cannot interrupt a query from Python, but the pool can kill the process
and start another (see :mod:`skillscape.api.pool`). Jobs serialize their results here, in the
worker, so the event loop of the server only moves bytes and small records.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from skillscape.errors import (
    BadInput,
    LimitExceeded,
    NotAcceptable,
    Refused,
    SkillscapeError,
    UpstreamFailed,
)
from skillscape.settings import Settings
from skillscape.store.base import GraphStore, QueryResult, QuerySyntaxError, StoreError, Term
from skillscape.store.network_wall import NetworkWallUnavailable, forbid_network
from skillscape.store.query_clauses import column_order
from skillscape.store.query_plan import PlanError, PlanSyntaxError, QueryPlanner

SELECT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
SELECT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
GRAPH_MEDIA_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# ---------------------------------------------------------------- SPARQL results JSON


def term_json(term: Term | ox.Triple) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        data: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            data["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            data["datatype"] = term.datatype.value
        return data
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),  # type: ignore[arg-type]
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),  # type: ignore[arg-type]
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def select_json(variables: list[str], rows: list[tuple[Term | None, ...]]) -> bytes:
    bindings = [
        {name: term_json(value) for name, value in zip(variables, row, strict=True) if value is not None}
        for row in rows
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ask_json(value: bool) -> bytes:
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def results_as(json_bytes: bytes, key: str) -> bytes:
    """SPARQL JSON results re-serialized as ``key`` (xml, csv, tsv) by pyoxigraph."""
    if key == "json":
        return json_bytes
    parsed = ox.parse_query_results(json_bytes, ox.QueryResultsFormat.JSON)
    return bytes(parsed.serialize(format=SELECT_FORMATS[key]) or b"")


def graph_as(triples: list[ox.Triple], key: str) -> bytes:
    """Triples serialized as ``key``; JSON-LD is compacted with the project's prefixes."""
    if key == "jsonld":
        return jsonld(triples)
    from skillscape.model.namespaces import PREFIXES

    prefixes = dict(PREFIXES) if key == "turtle" else None
    return bytes(ox.serialize(triples, None, GRAPH_FORMATS[key], prefixes=prefixes) or b"")


def jsonld(triples: list[ox.Triple]) -> bytes:
    import rdflib

    from skillscape.model.namespaces import PREFIXES
    from skillscape.store.terms import to_rdflib

    graph = rdflib.Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))  # type: ignore[arg-type]
    return graph.serialize(format="json-ld", context=dict(PREFIXES), encoding="utf-8", auto_compact=True)


# ---------------------------------------------------------------- jobs


@dataclass
class NamedResult:
    """A named query's answer: records (SELECT), a boolean (ASK) or serialized RDF (CONSTRUCT)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    boolean: bool | None = None
    body: bytes | None = None
    media_type: str | None = None


@dataclass(frozen=True)
class NamedQueryJob:
    """Run one named query with bound parameters; the whole answer (up to ``row_limit`` rows)
    comes back, so the server caches it once and pages it itself."""

    name: str
    bindings: dict[str, Term]
    row_limit: int = 10_000
    graph_format: str = "jsonld"

    def run(self, store: GraphStore, deadline: float) -> NamedResult:
        from skillscape.query import named
        from skillscape.query.results import to_records

        query = named.load(self.name)
        try:
            result = store.query(query.bound(self.bindings))
        except QuerySyntaxError as exc:
            raise RuntimeError(f"named query {self.name!r} does not parse: {exc}") from exc
        if query.columns and result.kind == "select":
            result = named.project(result, query.columns)  # the header's columns, in its order
        if result.kind == "ask":
            return NamedResult("ask", boolean=result.boolean)
        if result.kind == "graph":
            body = graph_as(result.triples, self.graph_format)
            return NamedResult(
                "graph", total=len(result.triples), body=body, media_type=GRAPH_MEDIA_TYPES[self.graph_format]
            )
        total = len(result.rows)
        kept = QueryResult("select", result.variables, result.rows[: self.row_limit])
        return NamedResult("select", result.variables, to_records(kept), total)


@dataclass
class ProtocolResult:
    """A serialized answer of the SPARQL endpoint, one page of it."""

    kind: str
    body: bytes
    media_type: str
    count: int
    more: bool


@dataclass(frozen=True)
class ProtocolQueryJob:
    """A query sent to the public SPARQL endpoint: checked, run, capped and serialized."""

    query: str
    select_format: str | None
    graph_format: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    offset: int = 0
    limit: int = 10_000
    service_allow_list: tuple[str, ...] = ()

    def run(self, store: GraphStore, deadline: float) -> ProtocolResult:
        check_services(self.query, self.service_allow_list, max(0.5, deadline - time.monotonic()))
        with self._engine_errors():
            return self._answer(store, deadline)

    def _answer(self, store: GraphStore, deadline: float) -> ProtocolResult:
        kind, variables, items = self._execute(store)
        if kind == "ask":
            if self.select_format is None:
                raise NotAcceptable("no acceptable media type for an ASK result")
            boolean = bool(items)
            body = results_as(ask_json(boolean), self.select_format)
            return ProtocolResult("ask", body, SELECT_MEDIA_TYPES[self.select_format], 1, False)
        key = self.select_format if kind == "select" else self.graph_format
        if key is None:
            raise NotAcceptable(f"no acceptable media type for a {kind.upper()} result")
        page, more = _page(items, self.offset, self.limit, deadline)  # type: ignore[arg-type]
        if kind == "select":
            body = results_as(select_json(variables, page), key)
            return ProtocolResult(kind, body, SELECT_MEDIA_TYPES[key], len(page), more)
        body = graph_as(page, key)
        return ProtocolResult(kind, body, GRAPH_MEDIA_TYPES[key], len(page), more)

    def _execute(self, store: GraphStore) -> tuple[str, list[str], Any]:
        try:
            defaults = [ox.NamedNode(g) for g in self.default_graphs]
            names = [ox.NamedNode(g) for g in self.named_graphs]
        except ValueError as exc:
            raise BadInput(f"graph IRI: {exc}") from exc
        streamed = store.stream(self.query, default_graphs=defaults, named_graphs=names)
        if streamed.kind != "select":
            return streamed.kind, [], streamed.rows
        # the variables in the order the query names them (the engine may order them otherwise)
        index = column_order(self.query, streamed.variables)
        if index is None:
            return "select", streamed.variables, streamed.rows
        rows = (tuple(row[i] for i in index) for row in streamed.rows)  # type: ignore[union-attr]
        return "select", [streamed.variables[i] for i in index], rows

    @contextlib.contextmanager
    def _engine_errors(self) -> Iterator[None]:
        """The engine's errors, while it parses and while it evaluates (lazily, as rows are
        read), as the job errors the client hears about."""
        try:
            yield
        except (SyntaxError, QuerySyntaxError) as exc:
            if is_update(self.query):
                raise Refused("updates are not allowed on this endpoint") from exc
            raise BadInput(str(exc), parameter="query") from exc
        except PermissionError as exc:  # the network wall: only a SERVICE call opens a socket
            raise UpstreamFailed(
                f"a SERVICE call failed: this server's query workers send no requests ({exc})"
            ) from exc
        except (OSError, StoreError) as exc:
            if _is_service_failure(exc):
                raise UpstreamFailed(f"a SERVICE call failed: {exc}") from exc
            raise UpstreamFailed(str(exc)) from exc
        except RuntimeError as exc:  # evaluation errors, e.g. an unbound SERVICE variable
            raise BadInput(str(exc), parameter="query") from exc


def _page(items: Iterator[Any], offset: int, limit: int, deadline: float) -> tuple[list[Any], bool]:
    """Skip ``offset`` items, keep ``limit``, and say whether more follow; stop at the deadline."""
    page: list[Any] = []
    for index, item in enumerate(items):
        if index % 256 == 0 and time.monotonic() > deadline:
            raise LimitExceeded("the query ran past its time limit")
        if index < offset:
            continue
        if len(page) == limit:
            return page, True
        page.append(item)
    return page, False


def check_services(query: str, allow_list: tuple[str, ...], timeout: float = 5.0) -> None:
    """Refuse federated queries unless every SERVICE the engine plans names an allow-listed
    endpoint. The decision is made on the engine's own plan of the query (see
    :mod:`skillscape.store.query_plan`), never on a reading of its text."""
    try:
        plan = _planner().plan(query, timeout)
    except PlanSyntaxError as exc:
        if is_update(query):
            raise Refused("updates are not allowed on this endpoint") from exc
        raise BadInput(str(exc), parameter="query") from exc
    except PlanError as exc:
        raise RuntimeError(f"the query could not be checked: {exc}") from exc
    for call in plan.services:
        if call.endpoint is None:
            raise Refused(
                f"SERVICE is not allowed here: {call.operator} does not name an allow-listed endpoint "
                "as a full IRI"
            )
        if call.endpoint not in allow_list:
            raise Refused(f"SERVICE <{call.endpoint}> is not allowed on this endpoint")


def _is_service_failure(exc: Exception) -> bool:
    """An engine error that reports a failed federated call (the engine names the endpoint)."""
    text = str(exc)
    return " returned by " in text or "HTTP" in text


_PLANNER: QueryPlanner | None = None
_PLAN_FOLDER: Path | None = None


def _planner() -> QueryPlanner:
    global _PLANNER
    if _PLANNER is None:
        folder = _PLAN_FOLDER or Path(tempfile.mkdtemp(prefix="skillscape-plan-"))
        _PLANNER = QueryPlanner(folder)
    return _PLANNER


def is_update(text: str) -> bool:
    """True when ``text`` parses as a SPARQL 1.1 Update (rdflib's parser; nothing is executed)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # pyparsing raises its own exception types
        return False
    return True


# ---------------------------------------------------------------- the process


def serve(conn: Connection, settings: Settings, nice: int, plan_folder: Path | None = None) -> None:
    """Worker main loop: wall the process off from the network (embedded store), open the
    store, then answer ``(job, timeout)`` messages until EOF."""
    global _PLAN_FOLDER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice:
        os.nice(nice)
    if plan_folder is not None:
        _PLAN_FOLDER = plan_folder / f"worker-{os.getpid()}"
    try:
        if not settings.sparql_endpoint:  # a remote store is reached over the network
            forbid_network()
        from skillscape.store.factory import open_store

        store = open_store(settings)
    except NetworkWallUnavailable as exc:
        conn.send(("failed", f"the query worker cannot be walled off from the network: {exc}"))
        return
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    try:
        while True:
            try:
                job, timeout = conn.recv()
            except (EOFError, OSError):
                break
            conn.send(answer(job, store, timeout))
    finally:
        store.close()
        if _PLAN_FOLDER is not None:
            shutil.rmtree(_PLAN_FOLDER, ignore_errors=True)


def answer(job: Any, store: GraphStore, timeout: float) -> tuple[str, Any]:
    try:
        return ("ok", job.run(store, time.monotonic() + timeout))
    except SkillscapeError as exc:  # pickled whole: the client hears what kind of failure it was
        return ("error", exc)
    except Exception as exc:  # a bug: reported to the client as a 500, the worker lives on
        return ("error", RuntimeError(f"{type(exc).__name__}: {exc}"))


__all__ = [
    "GRAPH_MEDIA_TYPES",
    "SELECT_MEDIA_TYPES",
    "NamedQueryJob",
    "NamedResult",
    "ProtocolQueryJob",
    "ProtocolResult",
    "answer",
    "check_services",
    "is_update",
    "serve",
]
