"""``/occupations``: search, profiles, and the named queries about one occupation."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam

from skillscape.api.deps import JsonLdDep, PagingDep, RuntimeDep, href, next_link
from skillscape.api.models import (
    OccupationNotFoundDetail,
    OccupationPage,
    OccupationProfile,
    OccupationRows,
    OccupationSummary,
    StatementCount,
)
from skillscape.api.runtime import ApiRuntime, OccupationEntry, occupation_entry
from skillscape.query import progression as coverage

router = APIRouter(prefix="/occupations", tags=["occupations"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": OccupationNotFoundDetail, "description": "Unknown occupation, with the closest matches"}
}
Code = Annotated[
    str, PathParam(max_length=200, description="An O*NET-SOC code (25-4031.00) or a SOC code (25-4031)")
]


def summary(request: Request, entry: OccupationEntry) -> OccupationSummary:
    alternates = sorted(t for t in entry.alternate_titles if t != entry.title)
    link = href(request, f"/occupations/{quote(entry.code)}")
    return OccupationSummary(code=entry.code, title=entry.title, alternateTitles=alternates, href=link)


def _split(value: object) -> list[str]:
    return sorted({part for part in str(value or "").split(" | ") if part})


@router.get("", response_model=OccupationPage, summary="Search occupations by title, alternate title or code")
async def search_occupations(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    paging: PagingDep,
    q: Annotated[str, Query(max_length=200, description="Text in a code, title or alternate title")] = "",
) -> OccupationPage:
    result = await runtime.named("occupation-search", {"q": q}, offset=paging.offset, limit=paging.limit)
    following = next_link(request, paging, result.total)
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    items = [summary(request, occupation_entry(record)) for record in result.records]
    return OccupationPage(
        total=result.total, limit=paging.limit, offset=paging.offset, next=following, items=items
    )


@router.get(
    "/{code}",
    name="occupation_profile",
    response_model=OccupationProfile,
    responses={**_NOT_FOUND, 200: {"content": {"application/ld+json": {}}}},
    summary="An occupation's profile: titles, documents, statement counts and links",
)
async def occupation_profile(request: Request, runtime: RuntimeDep, jsonld: JsonLdDep, code: Code) -> Any:
    entry = await runtime.resolve_occupation(code)
    if jsonld:
        graph = await runtime.named("occupation-graph", {"occupation": entry.code}, graph_format="jsonld")
        return Response(graph.body, media_type="application/ld+json", headers={"Vary": "Accept"})
    profile, counts = await asyncio.gather(
        runtime.named("occupation-profile", {"occupation": entry.code}),
        runtime.named("occupation-statement-counts", {"occupation": entry.code}),
    )
    record = profile.records[0]
    title = record.get("title")
    own = f"/occupations/{quote(entry.code)}"
    links = {"self": href(request, own)}
    for name in ("progression", "ai-use", "ai-exposure"):
        links[name] = href(request, f"{own}/{name}")
    links["sparql"] = href(request, "/sparql")
    return OccupationProfile(
        iri=str(record["occupation"]),
        code=entry.code,
        title=str(title) if title else None,
        alternateTitles=[t for t in _split(record.get("alternateTitles")) if t != title],
        documents=_split(record.get("documents")),
        statementCounts=[
            StatementCount(type=str(r["type"]), label=str(r["label"]), count=int(r["count"]))
            for r in counts.records
        ],
        links=links,
    )


async def occupation_rows(
    request: Request, response: Response, runtime: ApiRuntime, code: str, query: str, paging: Any
) -> OccupationRows:
    entry = await runtime.resolve_occupation(code)
    result = await runtime.named(query, {"occupation": entry.code}, offset=paging.offset, limit=paging.limit)
    following = next_link(request, paging, result.total)
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    reason = None
    if query == "progression" and result.total == 0:
        found = await runtime.named(coverage.COVERAGE_QUERY, {"occupation": entry.code})
        reason = coverage.empty_reason(entry.code, coverage.coverage_of(found.records))
    return OccupationRows(
        emptyReason=reason,
        query=query,
        occupation=summary(request, entry),
        columns=result.variables,
        rows=result.records,
        total=result.total,
        limit=paging.limit,
        offset=paging.offset,
        next=following,
    )


@router.get(
    "/{code}/progression",
    name="occupation_progression",
    response_model=OccupationRows,
    responses=_NOT_FOUND,
    summary="What a worker does at each proficiency level, per skill domain (named query progression)",
)
async def progression(
    request: Request, response: Response, runtime: RuntimeDep, paging: PagingDep, code: Code
) -> OccupationRows:
    return await occupation_rows(request, response, runtime, code, "progression", paging)


@router.get(
    "/{code}/ai-use",
    name="occupation_ai_use",
    response_model=OccupationRows,
    responses=_NOT_FOUND,
    summary="How a worker uses, directs and evaluates AI at each level (named query ai-use)",
)
async def ai_use(
    request: Request, response: Response, runtime: RuntimeDep, paging: PagingDep, code: Code
) -> OccupationRows:
    return await occupation_rows(request, response, runtime, code, "ai-use", paging)


@router.get(
    "/{code}/ai-exposure",
    name="occupation_ai_exposure",
    response_model=OccupationRows,
    responses=_NOT_FOUND,
    summary="AI-exposure assessments of the occupation and its tasks (named query ai-exposure)",
)
async def ai_exposure(
    request: Request, response: Response, runtime: RuntimeDep, paging: PagingDep, code: Code
) -> OccupationRows:
    return await occupation_rows(request, response, runtime, code, "ai-exposure", paging)


__all__ = ["router", "summary"]
