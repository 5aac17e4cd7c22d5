"""The API: ``create_app(settings)`` builds the FastAPI app; its lifespan opens the store once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from skillscape import __version__
from skillscape.api.docs import install_docs
from skillscape.api.limits import BodyLimitMiddleware
from skillscape.api.methods import install_method_handling
from skillscape.api.pool import PoolBusy, QueryOverMemory, QueryTimeout, WorkerLost
from skillscape.api.routers import (
    frameworks,
    health,
    occupations,
    pathways,
    provenance,
    queries,
    sparql,
    statements,
)
from skillscape.api.runtime import ApiRuntime, OccupationNotFound
from skillscape.api.worker import JobError
from skillscape.query.named import ParameterError, UnknownQuery
from skillscape.settings import Settings, get_settings
from skillscape.store.base import StoreError
from skillscape.web import pages

DESCRIPTION = """\
A knowledge graph of occupations and skills in which every statement is traced to the exact
passage of the document it came from.

* REST resources: occupations (search, profile, progression, AI use, AI exposure), statements,
  provenance traces, every named query of the project, health and stats. Resources answer
  JSON-LD under `Accept: application/ld+json`.
* `/sparql`: the SPARQL 1.1 Protocol, read-only, with a time limit and a row limit per query.
  Paging: `limit` and `offset`; when more rows follow, `X-Next-Offset` and (GET) a
  `Link: <…>; rel="next"` header. Lists of the REST API page the same way (`next` in the body).
"""

_JOB_STATUS = {
    "syntax": 400,
    "parameter": 400,
    "update": 403,
    "service": 403,
    "service-failed": 502,
    "not-acceptable": 406,
    "timeout": 503,
    "store": 502,
    "internal": 500,
}


def lifespan_for(settings: Settings) -> Callable[[FastAPI], Any]:
    """The lifespan that opens the store and the query pools (``app.state.runtime``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with ApiRuntime(settings) as runtime:
            app.state.runtime = runtime
            yield

    return lifespan


def create_app(settings: Settings | None = None, *, include_resources: bool = True) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="skillscape",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan_for(settings),
        docs_url=None,  # served from the package by install_docs, not from a CDN
        redoc_url=None,
    )
    install_docs(app, favicon_url="/static/favicon.svg")
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=["Link", "X-Next-Offset", "X-Result-Count", "Retry-After"],
        )
    _install_error_handlers(app)
    install_method_handling(app)
    app.include_router(sparql.router)
    app.include_router(health.router)
    if include_resources:
        for module in (occupations, frameworks, statements, provenance, queries, pathways):
            app.include_router(module.router)
        app.include_router(pages.router)  # the web explorer: / and its pages
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UnknownQuery)
    async def unknown_query(request: Request, exc: UnknownQuery) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "known": exc.known}, status_code=404)

    @app.exception_handler(ParameterError)
    async def bad_parameter(request: Request, exc: ParameterError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(OccupationNotFound)
    async def no_occupation(request: Request, exc: OccupationNotFound) -> JSONResponse:
        suggestions = [occupations.summary(request, e).model_dump() for e in exc.suggestions]
        detail = f"no occupation {exc.code!r}"
        if suggestions:
            detail += "; closest: " + ", ".join(
                f"{s['code']} {s['title'] or ''}".strip() for s in suggestions
            )
        return JSONResponse({"detail": detail, "suggestions": suggestions}, status_code=404)

    @app.exception_handler(PoolBusy)
    async def busy(request: Request, exc: PoolBusy) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc)}, status_code=503, headers={"Retry-After": str(exc.retry_after)}
        )

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(QueryOverMemory)
    async def over_memory(request: Request, exc: QueryOverMemory) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(WorkerLost)
    async def lost(request: Request, exc: WorkerLost) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "1"})

    @app.exception_handler(JobError)
    async def job_error(request: Request, exc: JobError) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=_JOB_STATUS.get(exc.kind, 500))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=502)


__all__ = ["create_app", "lifespan_for"]
