"""``GET /statements/{id}``: one statement as stored, with its provenance trace."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request

from skillscape.api.deps import JsonLdDep, RuntimeDep, href
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import Error, StatementResource
from skillscape.api.routers.provenance import statement_jsonld, trace_of
from skillscape.model import iri as iris
from skillscape.model.namespaces import PREFIXES

router = APIRouter(route_class=ErrorMappingRoute, tags=["statements"])

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def compact(value: str) -> str:
    """``ss:text`` for ``https://w3id.org/skillscape/ontology#text`` (IRIs of known prefixes)."""
    for prefix, base in PREFIXES.items():
        if prefix != "id" and value.startswith(base) and len(value) > len(base):
            return f"{prefix}:{value[len(base) :]}"
    return value


@router.get(
    "/statements/{statement_id:path}",
    response_model=StatementResource,
    responses={200: {"content": {"application/ld+json": {}}}, 404: {"model": Error}},
    summary="One statement: its properties, graph and provenance",
)
async def get_statement(request: Request, runtime: RuntimeDep, jsonld: JsonLdDep, statement_id: str) -> Any:
    try:
        node = iris.statement_from_id(statement_id)
    except ValueError:
        raise HTTPException(404, f"no statement {statement_id!r}") from None
    if jsonld:
        response = await statement_jsonld(runtime, node.value)
        if response is None:
            raise HTTPException(404, f"no statement {statement_id!r}")
        return response
    rows, trace = await asyncio.gather(
        runtime.named("statement", {"statement": node.value}), trace_of(runtime, node.value)
    )
    if not rows.records:
        raise HTTPException(404, f"no statement {statement_id!r}")
    properties: dict[str, list[Any]] = {}
    for record in rows.records:
        values = properties.setdefault(compact(str(record["property"])), [])
        if record["value"] not in values:
            values.append(record["value"])
    types = sorted({str(r["value"]) for r in rows.records if r["property"] == _RDF_TYPE})
    links = {
        "self": href(request, f"/statements/{quote(statement_id)}"),
        "provenance": href(request, "/provenance?" + urlencode({"iri": node.value})),
    }
    return StatementResource(
        iri=node.value,
        id=statement_id,
        types=types,
        properties=properties,
        graphs=sorted({str(r["graph"]) for r in rows.records}),
        provenance=trace,
        links=links,
    )


__all__ = ["compact", "router"]
