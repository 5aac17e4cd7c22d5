"""The API: ``create_api(settings)`` builds the FastAPI app of the REST resources and /sparql;
its lifespan opens the store once. ``skillscape.app.create_app`` adds the web explorer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from skillscape import __version__
from skillscape.api.docs import install_docs
from skillscape.api.errors import install_error_handlers
from skillscape.api.limits import BodyLimitMiddleware
from skillscape.api.methods import install_method_handling
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
from skillscape.api.runtime import ApiRuntime
from skillscape.settings import Settings, get_settings

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


def lifespan_for(settings: Settings) -> Callable[[FastAPI], Any]:
    """The lifespan that opens the store and the query pools (``app.state.runtime``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with ApiRuntime(settings) as runtime:
            app.state.runtime = runtime
            yield

    return lifespan


def create_api(settings: Settings | None = None) -> FastAPI:
    """The API alone: REST resources, /sparql, /health and the docs."""
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
    install_error_handlers(app)
    install_method_handling(app)
    for module in (sparql, health, occupations, frameworks, statements, provenance, queries, pathways):
        app.include_router(module.router)
    return app


__all__ = ["create_api", "lifespan_for"]
