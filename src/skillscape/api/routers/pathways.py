"""``/occupations/{code}/adjacent`` and ``/occupations/{code}/pivots``: where a worker can move.

Both run in the REST worker pool as :class:`~skillscape.pathways.jobs.PathwayJob`; each worker
reads the pivot graph (from the build's pathway index, or from the store) when the server starts
and keeps it (the published store a worker reads never changes). An answer is checked against
its response model and encoded once; the same question again gets the kept bytes.
"""

from __future__ import annotations

from dataclasses import astuple
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from skillscape.api.deps import RuntimeDep
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import OccupationNotFoundDetail
from skillscape.api.runtime import ApiRuntime
from skillscape.pathways.jobs import PathwayJob
from skillscape.pathways.service import MAX_HOPS, MAX_K, PivotRequest

router = APIRouter(route_class=ErrorMappingRoute, prefix="/occupations", tags=["pathways"])

#: the first pivots question of a worker reads the pivot graph from the store (seconds)
PATHWAY_TIMEOUT_SECONDS = 120.0

Code = Annotated[
    str, PathParam(max_length=200, description="An O*NET-SOC code (25-4031.00) or a SOC code (25-4031)")
]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Item(_Open):
    """Something that transfers (or, with importance, a gap): a skill, knowledge area, DWA, technology …"""

    kind: str = Field(description="skill, knowledge, work-style, dwa, technology or tool")
    id: str = Field(description="The descriptor's IRI")
    name: str


class Gap(Item):
    importance: float = Field(
        description="0–1: how much the destination needs it (see the docs of pathways.explain)"
    )


class Adjacent(_Open):
    code: str
    title: str
    score: float = Field(description="S(origin→code), 0–1, directional")
    transfers: list[Item]
    gaps: list[Gap]


class Node(_Open):
    code: str
    title: str
    exposure: float | None = Field(description="AI exposure on the answer's measure (higher = more exposed)")
    job_zone: int | None
    wage: float | None = Field(description="Median annual wage, USD")


class StepEnd(_Open):
    code: str
    title: str


class ExposureChange(_Open):
    from_: float | None = Field(alias="from")
    to: float | None
    delta: float | None
    measure: str
    source: str | None


class JobZoneChange(_Open):
    from_: int | None = Field(alias="from")
    to: int | None
    delta: int | None


class WageChange(_Open):
    from_: float | None = Field(alias="from")
    to: float | None
    ratio: float | None
    source: str | None


class LevelStatement(_Open):
    level: str
    text: str
    iri: str


class CurriculumEntry(_Open):
    skill: str
    from_level: float | None = Field(description="The origin's level on the entry's scale")
    to_level: float | None = Field(description="The destination's level")
    statements: list[LevelStatement] = Field(
        description="The framework's level statements to teach, in order"
    )


class Citation(_Open):
    iri: str
    label: str


class Step(_Open):
    from_: StepEnd = Field(alias="from")
    to: StepEnd
    score: float
    transfers: list[Item]
    gaps: list[Gap]
    curriculum: list[CurriculumEntry]
    exposure: ExposureChange
    job_zone: JobZoneChange
    wage: WageChange
    citations: list[Citation]
    explanation: str = Field(description="The step in one or two sentences a worker understands")


class PivotPath(_Open):
    destination: Node
    cost: float = Field(
        description="Sum over the steps of 0.5 + 1 − score: a cost per move plus how unlike the two are"
    )
    steps: list[Step]


class Excluded(_Open):
    constraint: str
    count: int = Field(description="Candidate destinations this constraint excluded (applied in order)")


class Pivots(_Open):
    origin: Node
    measure: str
    constraints: dict[str, Any]
    paths: list[PivotPath]
    excluded: list[Excluded]
    explanation: str = Field(description="What the destinations were chosen for (or why there are none)")


_ADJACENT: TypeAdapter[Any] = TypeAdapter(list[Adjacent])
_PIVOTS: TypeAdapter[Any] = TypeAdapter(Pivots)

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": OccupationNotFoundDetail, "description": "Unknown occupation, with the closest matches"}
}


async def _run(runtime: ApiRuntime, job: PathwayJob) -> Any:
    assert runtime.rest is not None
    timeout = max(runtime.settings.query_timeout_seconds, PATHWAY_TIMEOUT_SECONDS)
    return await runtime.rest.run(job, timeout=timeout)


async def _encoded(runtime: ApiRuntime, job: PathwayJob, model: TypeAdapter[Any]) -> Response:
    """The answer to ``job``, checked against its response model and encoded once; the same
    question again is answered with the kept bytes (see ``EncodedAnswers``)."""
    assert runtime.serving is not None

    async def make() -> bytes:
        answer = await _run(runtime, job)
        return model.dump_json(model.validate_python(answer), by_alias=True)

    key = (job.kind, job.code, job.k, astuple(job.pivot) if job.pivot is not None else None)
    body = await runtime.serving.pathway_answers.get(key, make)
    return Response(body, media_type="application/json")


@router.get(
    "/{code}/adjacent",
    name="occupation_adjacent",
    response_model=list[Adjacent],
    responses=_NOT_FOUND,
    summary="Adjacent occupations: where a worker can move with the least new learning, best first",
)
async def adjacent(
    runtime: RuntimeDep,
    code: Code,
    k: Annotated[int, Query(ge=1, le=30, description="How many occupations")] = 20,
) -> Any:
    entry = await runtime.resolve_occupation(code)
    return await _encoded(runtime, PathwayJob("adjacent", entry.code, k), _ADJACENT)


@router.get(
    "/{code}/pivots",
    name="occupation_pivots",
    response_model=Pivots,
    responses={**_NOT_FOUND, 400: {"description": "Unknown exposure measure, with the known ones"}},
    summary="Pivot paths to less AI-exposed occupations (or to one destination), each step explained",
)
async def pivots(
    runtime: RuntimeDep,
    code: Code,
    to: Annotated[
        str | None, Query(max_length=200, description="A destination: the k best paths to it")
    ] = None,
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS, description="Steps per path")] = 3,
    k: Annotated[int, Query(ge=1, le=MAX_K, description="Destinations, or paths with `to`")] = 5,
    max_exposure: Annotated[
        float | None, Query(allow_inf_nan=False, description="Destinations at most this exposed")
    ] = None,
    measure: Annotated[
        str | None, Query(max_length=100, description="Exposure measure (default dv_rating_beta)")
    ] = None,
    min_wage_ratio: Annotated[
        float | None,
        Query(
            ge=0,
            allow_inf_nan=False,
            description="Destination wage at least this × the origin's (default 0.9; 0: any)",
        ),
    ] = None,
    min_exposure_drop: Annotated[
        float | None,
        Query(
            ge=0,
            allow_inf_nan=False,
            description="Destination exposure at most the origin's minus this (default 0.05)",
        ),
    ] = None,
) -> Any:
    entry = await runtime.resolve_occupation(code)
    target = (await runtime.resolve_occupation(to)).code if to else None
    request = PivotRequest(
        entry.code, target, max_hops, k, max_exposure, measure, min_wage_ratio, min_exposure_drop
    )
    return await _encoded(runtime, PathwayJob("pivots", pivot=request), _PIVOTS)


__all__ = ["router"]
