"""``GET /provenance?iri=``: the full trace of one statement (named query ``provenance``)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response

from skillscape.api.deps import JsonLdDep, RuntimeDep
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import CitedSource, Derivation, DocumentRef, Error, ProvenanceTrace, Quote
from skillscape.api.runtime import ApiRuntime
from skillscape.trace import content_of_row, derivation_of

router = APIRouter(route_class=ErrorMappingRoute, tags=["provenance"])


def build_trace(
    records: Sequence[dict[str, Any]],
    row_content: dict[str, str] | None = None,
    derivation: dict[str, Any] | None = None,
) -> ProvenanceTrace | None:
    """One trace from the rows of ``provenance`` (one row per type × cited source), or, for a
    derived statement, from its ``derivation``."""
    if not records:
        if derivation is None:
            return None
        return ProvenanceTrace(
            statement=derivation["statement"],
            types=derivation["types"],
            quote=None,
            row=None,
            document=None,
            graph=derivation["graph"],
            citedSources=[],
            derivation=Derivation(**{k: v for k, v in derivation.items() if k in Derivation.model_fields}),
        )
    first = records[0]
    quote = None
    if first.get("exact") is not None or first.get("start") is not None:
        quote = Quote(exact=first.get("exact"), start=first.get("start"), end=first.get("end"))
    cited: dict[str, CitedSource] = {}
    for record in records:
        source = record.get("citedSource")
        if source and source not in cited:
            cited[source] = CitedSource(
                iri=source,
                title=str(record.get("citedTitle") or ""),
                version=_text(record.get("citedVersion")),
                publisher=_text(record.get("citedPublisher")),
                licence=_text(record.get("citedLicence")),
            )
    return ProvenanceTrace(
        statement=str(first["statement"]),
        types=sorted({str(r["type"]) for r in records if r.get("type")}),
        quote=quote,
        row=_text(first.get("row")),
        rowContent=row_content,
        document=DocumentRef(
            iri=str(first["document"]),
            identifier=str(first["identifier"]),
            sha256=str(first["sha256"]),
            format=str(first["format"]),
            readAt=str(first["readAt"]),
        ),
        graph=str(first["graph"]),
        citedSources=sorted(cited.values(), key=lambda c: c.title),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


async def trace_of(runtime: ApiRuntime, statement: str) -> ProvenanceTrace | None:
    """The trace of any statement: its passage (with a row's content read back from the source
    file), or the derivation of a statement an algorithm made."""
    result = await runtime.named("provenance", {"statement": statement})
    if result.records:
        first = result.records[0]
        content = None
        if first.get("row"):
            content = await asyncio.to_thread(content_of_row, first, runtime.source_roots())
        return build_trace(result.records, row_content=content)
    derived = await runtime.named("derivation", {"statement": statement})
    derivation = derivation_of(derived.records)
    if derivation is None:
        return None
    first = derived.records[0]
    derivation.update(
        statement=str(first["statement"]),
        types=sorted({str(r["type"]) for r in derived.records}),
        graph=str(first["graph"]),
    )
    return build_trace([], derivation=derivation)


async def statement_jsonld(runtime: ApiRuntime, statement: str) -> Response | None:
    """The statement's trace as JSON-LD (named query ``statement-graph``), None if it has no triples."""
    result = await runtime.named("statement-graph", {"statement": statement}, graph_format="jsonld")
    if not result.total or result.body is None:
        return None
    return Response(result.body, media_type="application/ld+json", headers={"Vary": "Accept"})


@router.get(
    "/provenance",
    response_model=ProvenanceTrace,
    responses={
        200: {"content": {"application/ld+json": {}}},
        400: {"model": Error, "description": "Not an absolute IRI"},
        404: {"model": Error, "description": "No statement with provenance at this IRI"},
    },
    summary="Trace a statement to its exact passage (or row, with its content), document and cited "
    "sources; a derived statement to the algorithm, parameters and inputs that made it",
)
async def provenance(
    runtime: RuntimeDep,
    jsonld: JsonLdDep,
    iri: Annotated[str, Query(description="The statement's IRI", max_length=2000)],
) -> Any:
    if jsonld:
        response = await statement_jsonld(runtime, iri)
        if response is None:
            raise HTTPException(404, f"no statement {iri}")
        return response
    trace = await trace_of(runtime, iri)
    if trace is None:
        raise HTTPException(404, f"no statement with provenance at {iri}")
    return trace


__all__ = ["build_trace", "router", "statement_jsonld", "trace_of"]
