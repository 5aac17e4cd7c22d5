"""``/occupations``: search, profiles, and the named queries about one occupation."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam

from skillscape.api.deps import JsonLdDep, PagingDep, RuntimeDep, href, next_link
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import (
    OccupationNotFoundDetail,
    OccupationPage,
    OccupationProfile,
    OccupationRows,
    OccupationSummary,
    StatementCount,
)
from skillscape.api.runtime import ApiRuntime, OccupationEntry, entry_of
from skillscape.query import progression as coverage

router = APIRouter(route_class=ErrorMappingRoute, prefix="/occupations", tags=["occupations"])

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


@router.get(
    "",
    response_model=OccupationPage,
    summary="Search occupations by code, title, alternate title or sample reported title",
)
async def search_occupations(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    paging: PagingDep,
    q: Annotated[
        str,
        Query(max_length=200, description="Words of a code, title, alternate title or reported title"),
    ] = "",
) -> OccupationPage:
    """Ranked: an exact code, title or alternate title first, then names that start with the
    text, then names holding all its words (an in-memory index read once at start)."""
    hits = await runtime.search(q)
    total = len(hits)
    following = next_link(request, paging, total)
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    items = []
    for hit in hits[paging.offset : paging.offset + paging.limit]:
        item = summary(request, entry_of(hit.occupation))
        if q.strip():
            item.matched = hit.matched
            item.matchedAs = hit.kind
        items.append(item)
    return OccupationPage(total=total, limit=paging.limit, offset=paging.offset, next=following, items=items)


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
    for name in ("progression", "ai-use", "ai-exposure", "durable-skills"):
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
    summary="How workers use AI: a framework's level statements and figures measured in datasets of AI "
    "conversations on the occupation's tasks and work activities (named query ai-use)",
    description="Each row has a `kind`: `level` (what a framework says a worker does with AI at a "
    "proficiency level), `task` (Anthropic Economic Index: the share of observed conversations about "
    "the task in one collaboration pattern) or `activity` (Working with AI: figures about an "
    "intermediate work activity the occupation's tasks belong to). `text` says in plain words what "
    "the figure means; `figure` is the published share (0-1); `dataset` and `method` name its source.",
)
async def ai_use(
    request: Request, response: Response, runtime: RuntimeDep, paging: PagingDep, code: Code
) -> OccupationRows:
    return await occupation_rows(request, response, runtime, code, "ai-use", paging)


@router.get(
    "/{code}/durable-skills",
    name="occupation_durable_skills",
    response_model=OccupationRows,
    responses=_NOT_FOUND,
    summary="The occupation's profile over the ten durable-skill domains (named query durable-skills)",
    description="Rows of `kind` `derived`: a score 0-100 per domain computed from the occupation's "
    "O*NET work-style and skill ratings through the curated durable-skill mapping, with the "
    "descriptors behind it (`evidence`) and the derivation that computed it. Rows of `kind` "
    "`framework`: durable-skill statements a skills framework gives for the occupation, per level.",
)
async def durable_skills(
    request: Request, response: Response, runtime: RuntimeDep, paging: PagingDep, code: Code
) -> OccupationRows:
    return await occupation_rows(request, response, runtime, code, "durable-skills", paging)


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
