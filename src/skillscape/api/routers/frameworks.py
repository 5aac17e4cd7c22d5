"""``/occupations/{code}/esco`` and ``/occupations/{code}/framework``: ESCO through the crosswalk,
and the occupation's competency framework in CASE, CTDL-ASN or Turtle."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse

from skillscape.api.deps import RuntimeDep
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import OccupationNotFoundDetail
from skillscape.export import MEDIA_TYPES, FrameworkError, assemble, query_plan, render
from skillscape.query import named

router = APIRouter(route_class=ErrorMappingRoute, prefix="/occupations", tags=["occupations"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": OccupationNotFoundDetail, "description": "Unknown occupation, with the closest matches"}
}
Code = Annotated[
    str, PathParam(max_length=200, description="An O*NET-SOC code (15-1252.00) or a SOC code (15-1252)")
]


def _skills(records: Sequence[Mapping[str, Any]], relation: str) -> list[dict[str, Any]]:
    return [
        {
            "iri": r["skill"],
            "label": r["label"],
            "skillType": r["skill_type"] or None,
            "statement": r["statement"],
        }
        for r in records
        if r["relation"] == relation
    ]


@router.get(
    "/{code}/esco",
    responses=_NOT_FOUND,
    summary="ESCO occupations mapped to this occupation, with essential and optional skills",
)
async def occupation_esco(runtime: RuntimeDep, code: Code) -> dict[str, Any]:
    entry = await runtime.resolve_occupation(code)
    mappings = (await runtime.named("esco-crosswalk", {"occupation": entry.code})).records
    skills = await asyncio.gather(
        *(runtime.named("esco-occupation-skills", {"esco": str(m["esco"])}) for m in mappings)
    )
    items = []
    for mapping, found in zip(mappings, skills, strict=True):
        items.append(
            {
                "iri": mapping["esco"],
                "label": mapping["esco_label"],
                "predicate": mapping["predicate"],
                "confidence": mapping["confidence"],
                "similarity": mapping["similarity"],
                "justification": mapping["justification"],
                "sourceCode": mapping["source_code"],
                "mapping": mapping["mapping"],
                "essentialSkills": _skills(found.records, "essential"),
                "optionalSkills": _skills(found.records, "optional"),
            }
        )
    return {"code": entry.code, "title": entry.title, "esco": items}


@router.get(
    "/{code}/framework",
    responses={
        **_NOT_FOUND,
        200: {"content": {"application/json": {}, "application/ld+json": {}, "text/turtle": {}}},
    },
    summary="The occupation's competency framework as a CASE 1.0 package, CTDL-ASN JSON-LD or Turtle",
)
async def occupation_framework(
    runtime: RuntimeDep,
    code: Code,
    format: Annotated[
        Literal["case", "ctdl-asn", "ttl"], Query(description="case, ctdl-asn or ttl")
    ] = "case",
) -> Response:
    entry = await runtime.resolve_occupation(code)
    known = set(named.known_queries())
    plan = query_plan(entry.code)
    answers = await asyncio.gather(*(runtime.named(name, params) for name, params in plan if name in known))
    rows: dict[str, Sequence[Mapping[str, Any]] | None] = {name: None for name, _ in plan}
    for (name, _), answer in zip([p for p in plan if p[0] in known], answers, strict=True):
        rows[name] = answer.records
    mappings = rows.get("esco-crosswalk") or ()
    skills = await asyncio.gather(
        *(runtime.named("esco-occupation-skills", {"esco": str(m["esco"])}) for m in mappings)
    )
    rows["esco-occupation-skills"] = [record for answer in skills for record in answer.records]
    try:
        text = render(assemble(entry.code, rows), format)
    except FrameworkError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=500)
    return Response(text, media_type=MEDIA_TYPES[format])
