"""The public SPARQL 1.1 Protocol endpoint (``/sparql``), safe by default.

Mountable on its own: include :data:`router` in any FastAPI app whose lifespan enters
``skillscape.api.app.lifespan_for(settings)``; it answers its errors itself (400, 403, 406,
413, 415, 503) as it does in the full app.

* Queries: ``GET ?query=``, ``POST`` form-encoded (``query=``), ``POST application/sparql-query``;
  ``default-graph-uri`` / ``named-graph-uri`` restrict the dataset, which is otherwise the union
  of every named graph (as default graph) plus all named graphs (for ``GRAPH``).
* Results by ``Accept`` or ``format=``: SPARQL JSON (default), XML, CSV, TSV for SELECT/ASK;
  Turtle (default), N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE. 406 otherwise.
* Refused: updates (403), ``SERVICE`` to endpoints not on the allow list (403, decided on the
  engine's own plan of the query), bodies over the size limit (413), queries over the length or
  nesting limits and malformed queries (400, with the parser's message). The query workers
  cannot open network sockets at all; a SERVICE call that fails is a 502.
* Limits: each query has a time limit (503 when it runs past it) and returns at most the row
  limit. Paging: ``limit`` (rows per page, at most the row limit) and ``offset``. When more rows
  follow, the response carries ``X-Next-Offset`` and, for GET, a ``Link: <…>; rel="next"``
  header. Pages are stable only for queries with ``ORDER BY``.
* When every query worker is busy and the queue is full: 503 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response

from skillscape.api.deps import MAX_OFFSET, RuntimeDep
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.negotiation import GRAPH_ACCEPT, GRAPH_ALIASES, SELECT_ACCEPT, SELECT_ALIASES, choose
from skillscape.api.worker import ProtocolQueryJob
from skillscape.errors import TooLarge

router = APIRouter(route_class=ErrorMappingRoute, tags=["SPARQL"])

_RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
]
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Query results (SELECT/ASK or CONSTRUCT/DESCRIBE, by content negotiation)",
        "content": {media: {"schema": {"type": "string"}} for media in _RESULT_TYPES},
        "headers": {
            "Link": {"description": 'rel="next": the next page (GET only)', "schema": {"type": "string"}},
            "X-Next-Offset": {
                "description": "offset of the next page, when there is one",
                "schema": {"type": "integer"},
            },
        },
    },
    400: {"description": "Malformed query (the parser's message)"},
    403: {"description": "An update, or SERVICE to an endpoint not on the allow list"},
    406: {"description": "No acceptable result format for this kind of query"},
    413: {"description": "Request body over the size limit"},
    415: {"description": "Unsupported request content type"},
    503: {"description": "Time limit exceeded, or busy (with Retry-After)"},
}
_FORM_SCHEMA = {
    "type": "object",
    "required": ["query"],
    "properties": {
        "query": {"type": "string"},
        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
        "format": {"type": "string"},
        "limit": {"type": "integer", "minimum": 1},
        "offset": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
    },
}

QueryText = Annotated[str | None, Query(description="The SPARQL query")]
GraphUris = Annotated[list[str] | None, Query(alias="default-graph-uri", description="Default graph IRI(s)")]
NamedUris = Annotated[list[str] | None, Query(alias="named-graph-uri", description="Named graph IRI(s)")]
Format = Annotated[
    str | None,
    Query(description="Result format, overriding Accept (json, xml, csv, tsv, turtle, nt, jsonld, rdfxml)"),
]
Limit = Annotated[int | None, Query(ge=1, description="Rows per page (default and maximum: the row limit)")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]
Accept = Annotated[str | None, Header(include_in_schema=False)]


@router.get("/sparql", summary="SPARQL 1.1 query (GET; HEAD too)", responses=_RESPONSES)
async def sparql_get(
    request: Request,
    runtime: RuntimeDep,
    query: QueryText = None,
    default_graph_uri: GraphUris = None,
    named_graph_uri: NamedUris = None,
    format: Format = None,
    limit: Limit = None,
    offset: Offset = 0,
    accept: Accept = None,
) -> Response:
    if query is None or not query.strip():
        raise HTTPException(400, "missing query: send ?query=… (or POST it)")
    fields = _Fields(query, default_graph_uri or [], named_graph_uri or [], format, limit, offset)
    return await _answer(request, runtime, fields, accept, link=True)


@router.post(
    "/sparql",
    summary="SPARQL 1.1 query (POST form or application/sparql-query)",
    responses=_RESPONSES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": _FORM_SCHEMA},
                "application/sparql-query": {"schema": {"type": "string"}},
            },
        }
    },
)
async def sparql_post(
    request: Request,
    runtime: RuntimeDep,
    default_graph_uri: GraphUris = None,
    named_graph_uri: NamedUris = None,
    format: Format = None,
    limit: Limit = None,
    offset: Offset = 0,
    accept: Accept = None,
) -> Response:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if len(body) > runtime.settings.max_body_bytes:
        raise TooLarge(
            f"the request body is over the size limit of {runtime.settings.max_body_bytes:,} bytes"
        )
    fields = _Fields("", default_graph_uri or [], named_graph_uri or [], format, limit, offset)
    if media == "application/x-www-form-urlencoded":
        fields = _from_form(body, fields)
    elif media == "application/sparql-query":
        fields.query = _decode(body)
    elif media == "application/sparql-update":
        raise HTTPException(403, "updates are not allowed on this endpoint")
    else:
        raise HTTPException(415, "send the query form-encoded (query=…) or as application/sparql-query")
    if not fields.query.strip():
        raise HTTPException(400, "missing query")
    return await _answer(request, runtime, fields, accept, link=False)


class _Fields:
    def __init__(
        self,
        query: str,
        defaults: list[str],
        names: list[str],
        format: str | None,
        limit: int | None,
        offset: int,
    ) -> None:
        self.query = query
        self.defaults = defaults
        self.names = names
        self.format = format
        self.limit = limit
        self.offset = offset


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"the request body is not UTF-8: {exc}") from exc


def _from_form(body: bytes, fields: _Fields) -> _Fields:
    try:
        form = parse_qs(_decode(body), keep_blank_values=True, errors="strict", max_num_fields=1000)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(400, f"malformed form body: {exc}") from exc
    if "update" in form:
        raise HTTPException(403, "updates are not allowed on this endpoint")
    queries = form.get("query", [])
    if len(queries) != 1:
        raise HTTPException(400, "send exactly one query parameter")
    fields.query = queries[0]
    fields.defaults += form.get("default-graph-uri", [])
    fields.names += form.get("named-graph-uri", [])
    if "format" in form:
        fields.format = form["format"][-1]
    for name in ("limit", "offset"):
        if name in form:
            value = _integer(name, form[name][-1], 1 if name == "limit" else 0)
            setattr(fields, name, value)
    return fields


def _integer(name: str, raw: str, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise HTTPException(400, f"{name} must be an integer") from None
    if value < minimum or value > MAX_OFFSET:
        raise HTTPException(400, f"{name} must be between {minimum} and {MAX_OFFSET}")
    return value


def check_shape(query: str, max_chars: int, max_depth: int) -> None:
    """Refuse (400) a query longer than ``max_chars`` or nested deeper than ``max_depth``
    brackets before any worker sees it. Every bracket counts, even one inside a string or an
    IRI: a bound on resources may over-count, never under-count."""
    if len(query) > max_chars:
        raise HTTPException(400, f"the query has {len(query):,} characters; the limit is {max_chars:,}")
    depth = deepest = 0
    for character in query:
        if character in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "})]":
            depth = max(0, depth - 1)
    if deepest > max_depth:
        raise HTTPException(
            400, f"the query nests brackets {deepest} deep; the limit is {max_depth} (simplify the query)"
        )


async def _answer(
    request: Request, runtime: RuntimeDep, fields: _Fields, accept: str | None, link: bool
) -> Response:
    settings = runtime.settings
    check_shape(fields.query, settings.max_query_chars, settings.max_query_depth)
    select_key = choose(accept, fields.format, SELECT_ACCEPT, SELECT_ALIASES, "json")
    graph_key = choose(accept, fields.format, GRAPH_ACCEPT, GRAPH_ALIASES, "turtle")
    if select_key is None and graph_key is None:
        raise HTTPException(406, "no supported result format is acceptable (see Accept / format=)")
    limit = min(fields.limit or settings.query_row_limit, settings.query_row_limit)
    job = ProtocolQueryJob(
        query=fields.query,
        select_format=select_key,
        graph_format=graph_key,
        default_graphs=tuple(fields.defaults),
        named_graphs=tuple(fields.names),
        offset=fields.offset,
        limit=limit,
        service_allow_list=tuple(settings.service_allow_list),
    )
    result = await runtime.protocol(job)
    headers = {"Vary": "Accept", "X-Result-Count": str(result.count), "X-Row-Limit": str(limit)}
    if result.more:
        following = fields.offset + result.count
        headers["X-Next-Offset"] = str(following)
        if link:
            url = request.url.include_query_params(offset=following, limit=limit)
            headers["Link"] = f'<{url}>; rel="next"'
    return Response(result.body, media_type=result.media_type, headers=headers)


__all__ = ["router"]
