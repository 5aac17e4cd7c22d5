"""``/health`` (is the store answering?) and ``/stats`` (how much the graph holds)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from skillscape.api.deps import RuntimeDep
from skillscape.api.errors import ErrorMappingRoute
from skillscape.api.models import CacheHealth, Health, PoolHealth, Stats
from skillscape.errors import SkillscapeError

router = APIRouter(route_class=ErrorMappingRoute, tags=["service"])


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"model": Health, "description": "The store does not answer"}},
    summary="Whether the store answers queries",
)
async def health(runtime: RuntimeDep) -> Health | JSONResponse:
    pools = {
        name: PoolHealth(**asdict(pool.stats()))
        for name, pool in (("rest", runtime.rest), ("sparql", runtime.public))
        if pool is not None
    }
    version = runtime.version
    counted = runtime.cache_counts()
    cache = CacheHealth(**counted) if counted is not None else None
    empty = [name for name, pool in pools.items() if pool.workers == 0]
    if empty:
        body = Health(
            status=f"unavailable: no query worker in the {', '.join(empty)} pool",
            store=runtime.store_kind,
            version=version,
            holdsData=False,
            pools=pools,
            cache=cache,
        )
        return JSONResponse(body.model_dump(), status_code=503)
    try:
        result = await runtime.named("internal/health")
    except SkillscapeError as exc:
        body = Health(
            status=f"unavailable: {exc}",
            store=runtime.store_kind,
            version=version,
            holdsData=False,
            pools=pools,
            cache=cache,
        )
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(
        status="ok",
        store=runtime.store_kind,
        version=version,
        holdsData=bool(result.boolean),
        pools=pools,
        cache=cache,
    )


@router.get(
    "/stats",
    response_model=Stats,
    summary="How much the graph holds (figures the build computed and stored with the store)",
)
async def stats(runtime: RuntimeDep) -> Stats:
    counts, summary = await runtime.cached_stats()
    return Stats(
        counts={str(r["what"]): int(r["count"]) for r in counts.records},
        byClass={str(r["what"]): int(r["count"]) for r in summary.records},
        built=runtime.build_identity() if runtime.stored_answer("stats") is not None else None,
    )


__all__ = ["router"]
