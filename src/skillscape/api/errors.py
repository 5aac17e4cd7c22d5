"""How every :class:`~skillscape.errors.SkillscapeError` is answered over HTTP: one table of
statuses, one JSON body (``detail`` and the error's own fields), one place.

Every router is built with :class:`ErrorMappingRoute`, so a router answers its errors the same
way mounted alone as in the full app; :func:`install_error_handlers` answers the same way for
errors raised outside a route (middleware, lifespan).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from skillscape.api.deps import href
from skillscape.errors import (
    BadInput,
    LimitExceeded,
    NotAcceptable,
    NotFound,
    Refused,
    SkillscapeError,
    SourceError,
    TooLarge,
    Unavailable,
    UpstreamFailed,
)

#: the HTTP status of each kind of error; the most specific class listed wins
STATUS: dict[type[SkillscapeError], int] = {
    NotAcceptable: 406,
    BadInput: 400,
    NotFound: 404,
    Refused: 403,
    TooLarge: 413,
    LimitExceeded: 503,
    Unavailable: 503,
    UpstreamFailed: 502,
    SourceError: 422,
}


def status_of(exc: SkillscapeError) -> int:
    for kind in type(exc).__mro__:
        if kind in STATUS:
            return STATUS[kind]  # type: ignore[index]
    return 500


def error_response(request: Request, exc: SkillscapeError) -> JSONResponse:
    body: dict[str, Any] = {"detail": exc.message, **exc.details()}
    if isinstance(exc, NotFound):
        body["suggestions"] = [_linked(request, s) for s in exc.suggestions]
    headers = {}
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return JSONResponse(body, status_code=status_of(exc), headers=headers)


def _linked(request: Request, suggestion: dict[str, Any]) -> dict[str, Any]:
    """A closest match with a link to its resource (occupations are the only kind with codes)."""
    if "code" not in suggestion:
        return suggestion
    return {**suggestion, "href": href(request, f"/occupations/{quote(suggestion['code'])}")}


class ErrorMappingRoute(APIRoute):
    """A route that answers a :class:`SkillscapeError` from its endpoint or its dependencies
    with :func:`error_response`, whatever app it is mounted in."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def mapped(request: Request) -> Response:
            try:
                return await handler(request)
            except SkillscapeError as exc:
                return error_response(request, exc)

        return mapped


def install_error_handlers(app: FastAPI) -> None:
    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SkillscapeError)
        return error_response(request, exc)

    app.add_exception_handler(SkillscapeError, handle)


__all__ = ["STATUS", "ErrorMappingRoute", "error_response", "install_error_handlers", "status_of"]
