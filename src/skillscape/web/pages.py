"""The explorer's pages: ``/`` and the page routes, plus the static files they load.

Every page is a static HTML shell (``static/*.html``); its ES modules read the REST API of the
same app. The routes only pick the shell and its HTTP status: a page about an occupation the
graph does not hold answers 404 (the shell then shows the closest matches the API suggests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from skillscape.api.runtime import ApiRuntime
from skillscape.errors import SkillscapeError
from skillscape.query import named
from skillscape.query.occupations import UnknownOccupation

STATIC_DIR = Path(__file__).resolve().parent / "static"

#: nothing but this app: scripts, styles, images and API calls all come from the same origin
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="web-static")

Code = Annotated[str, PathParam(description="An O*NET-SOC or SOC code")]


def page(name: str, status_code: int = 200) -> FileResponse:
    """The HTML shell ``static/<name>.html``."""
    return FileResponse(
        STATIC_DIR / f"{name}.html", status_code=status_code, media_type="text/html", headers=_HEADERS
    )


async def occupation_status(request: Request, code: str) -> int:
    """404 when the graph holds no occupation for ``code``; 200 otherwise (or when it cannot tell)."""
    if len(code) > 200:
        return 404
    runtime: ApiRuntime = request.app.state.runtime
    try:
        await runtime.resolve_occupation(code)
    except UnknownOccupation:
        return 404
    except SkillscapeError:
        return 200  # busy or down: the page itself reports that the store does not answer
    return 200


@router.get("/")
async def home() -> FileResponse:
    return page("index")


@router.get("/search")
async def search() -> FileResponse:
    return page("index")


@router.get("/occupation/{code}")
async def occupation(request: Request, code: Code) -> FileResponse:
    return page("occupation", await occupation_status(request, code))


@router.get("/occupation/{code}/adjacent")
async def adjacent(request: Request, code: Code) -> FileResponse:
    return page("adjacent", await occupation_status(request, code))


@router.get("/pivots")
async def pivots() -> FileResponse:
    return page("pivots")


@router.get("/trace")
async def trace() -> FileResponse:
    return page("trace")


@router.get("/sparql-editor")
async def sparql_editor() -> FileResponse:
    return page("sparql")


@router.get("/sparql-editor/examples/{name:path}")
async def example_query(name: str) -> PlainTextResponse:
    """The text of a named query, loaded into the editor as an example (unknown names: 404)."""
    query = named.load(name.removesuffix(".rq"))
    return PlainTextResponse(query.text, headers=_HEADERS)


__all__ = ["CONTENT_SECURITY_POLICY", "STATIC_DIR", "router"]
