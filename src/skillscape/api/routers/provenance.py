"""``GET /provenance?iri=``: the full trace of one statement (named query ``provenance``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response

from skillscape.api.deps import JsonLdDep, RuntimeDep
from skillscape.api.models import CitedSource, DocumentRef, Error, ProvenanceTrace, Quote
from skillscape.api.runtime import ApiRuntime

router = APIRouter(tags=["provenance"])


def build_trace(records: Sequence[dict[str, Any]]) -> ProvenanceTrace | None:
    """One trace from the rows of ``provenance`` (one row per type × cited source)."""
    if not records:
        return None
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
    result = await runtime.named("provenance", {"statement": statement})
    return build_trace(result.records)


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
    summary="Trace a statement to its exact passage, document and cited sources",
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
