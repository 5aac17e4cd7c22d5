"""Typed dependencies shared by the routers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from skillscape.api.negotiation import wants_jsonld
from skillscape.api.runtime import ApiRuntime
from skillscape.settings import Settings

#: the largest offset a client may ask for (deeper pages cost a scan of everything before them)
MAX_OFFSET = 10_000_000


async def get_runtime(request: Request) -> ApiRuntime:
    runtime: ApiRuntime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[ApiRuntime, Depends(get_runtime)]


async def get_settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


Limit = Annotated[int | None, Query(ge=1, description="Rows per page (at most the row limit)")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]


async def paging(settings: SettingsDep, limit: Limit = None, offset: Offset = 0) -> Paging:
    """Paging of REST lists: 50 rows by default."""
    return Paging(min(limit or 50, settings.query_row_limit), offset)


async def large_paging(settings: SettingsDep, limit: Limit = None, offset: Offset = 0) -> Paging:
    """Paging of named-query results: 1,000 rows by default."""
    return Paging(min(limit or 1000, settings.query_row_limit), offset)


PagingDep = Annotated[Paging, Depends(paging)]
LargePagingDep = Annotated[Paging, Depends(large_paging)]


async def get_jsonld(
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> bool:
    return wants_jsonld(accept)


JsonLdDep = Annotated[bool, Depends(get_jsonld)]


def href(request: Request, path: str) -> str:
    """An absolute URL of this API (``path`` starts with "/"), cheaper than ``url_for`` per link."""
    return str(request.base_url).rstrip("/") + path


def next_link(request: Request, paging: Paging, total: int) -> str | None:
    """The URL of the next page, or None on the last one."""
    if paging.offset + paging.limit >= total:
        return None
    url = request.url.include_query_params(offset=paging.offset + paging.limit, limit=paging.limit)
    return str(url)


__all__ = [
    "JsonLdDep",
    "LargePagingDep",
    "Paging",
    "PagingDep",
    "RuntimeDep",
    "SettingsDep",
    "get_runtime",
    "get_settings",
    "href",
    "next_link",
]
