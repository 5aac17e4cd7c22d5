"""``/queries``: the public named queries (those at the top of ``queries/``), listed and runnable.

Internal, check, audit and diff queries (in sub-folders) are not served here. The queries run
in the low-priority pool of the public SPARQL endpoint, so heavy ones cannot take the workers
that answer the REST resources.

``GET /queries/{name}?param=value`` binds the query's parameters through the store (never
into the text). ``limit``, ``offset`` and ``format`` are paging and output options, so they
cannot be query parameters.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response

from skillscape.api.deps import LargePagingDep, RuntimeDep, next_link
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import Error, NamedQueryInfo, ParameterInfo, QueryRows
from skillscape.api.negotiation import GRAPH_ACCEPT, GRAPH_ALIASES, choose
from skillscape.query import named

router = APIRouter(route_class=ErrorMappingRoute, tags=["queries"])

RESERVED = frozenset({"limit", "offset", "format"})
_TABLE_ACCEPT = {"application/json": "json", "text/csv": "csv"}
_TABLE_ALIASES = {"json": "json", "csv": "csv"}


@router.get("/queries", response_model=list[NamedQueryInfo], summary="Every named query, with its parameters")
async def list_queries(request: Request) -> list[NamedQueryInfo]:
    infos = []
    for name in public_queries():
        query = named.load(name)
        infos.append(
            NamedQueryInfo(
                name=name,
                purpose=query.purpose,
                parameters=[
                    ParameterInfo(name=p.name, type=p.type, required=p.required, default=p.default, doc=p.doc)
                    for p in query.parameters
                ],
                columns=list(query.columns),
                href=str(request.url_for("run_query", name=name)),
            )
        )
    return infos


@router.get(
    "/queries/{name:path}",
    name="run_query",
    response_model=QueryRows,
    responses={
        200: {"content": {"text/csv": {}}},
        400: {"model": Error, "description": "Missing, unknown or malformed parameter"},
        404: {"model": Error, "description": "No such named query"},
    },
    summary="Run a named query; its parameters are query-string parameters",
)
async def run_query(
    request: Request,
    runtime: RuntimeDep,
    paging: LargePagingDep,
    name: str,
    format: Annotated[str | None, Query(description="json or csv (overrides Accept)")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Any:
    output = choose(accept, format, _TABLE_ACCEPT, _TABLE_ALIASES, "json")
    graph_format = choose(accept, format, GRAPH_ACCEPT, GRAPH_ALIASES, "jsonld") or "jsonld"
    if output is None and graph_format is None:
        raise HTTPException(406, "acceptable formats: application/json, text/csv")
    if name not in public_queries():
        raise named.UnknownQuery(name, public_queries())
    params = {k: v for k, v in request.query_params.items() if k not in RESERVED}
    result = await runtime.named(
        name, params, offset=paging.offset, limit=paging.limit, graph_format=graph_format, public=True
    )
    if result.kind == "graph":
        return Response(result.body, media_type=result.media_type)
    if output is None:
        raise HTTPException(406, "acceptable formats: application/json, text/csv")
    following = next_link(request, paging, result.total)
    headers = {"Link": f'<{following}>; rel="next"'} if following else {}
    if output == "csv" and result.kind == "select":
        return Response(_csv(result.variables, result.records), media_type="text/csv", headers=headers)
    rows = QueryRows(
        query=name,
        columns=result.variables,
        rows=result.records,
        boolean=result.boolean,
        total=result.total if result.kind == "select" else 1,
        limit=paging.limit,
        offset=paging.offset,
        next=following if result.kind == "select" else None,
    )
    return Response(rows.model_dump_json(), media_type="application/json", headers=headers)


def public_queries() -> list[str]:
    """The named queries served here: those at the top of ``queries/``."""
    return [name for name in named.known_queries() if "/" not in name]


def _csv(columns: list[str], records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(c) is None else record.get(c) for c in columns])
    return buffer.getvalue()


__all__ = ["RESERVED", "public_queries", "router"]
