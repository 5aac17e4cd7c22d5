"""The served application: the API (REST resources, /sparql, docs) and the web explorer.

The one place that composes :mod:`skillscape.api` and :mod:`skillscape.web`; ``skillscape serve``
serves what :func:`create_app` returns.
"""

from __future__ import annotations

from fastapi import FastAPI

from skillscape.api.app import create_api
from skillscape.settings import Settings
from skillscape.web import pages


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_api(settings)
    app.include_router(pages.router)  # the web explorer: / and its pages
    return app


__all__ = ["create_app"]
