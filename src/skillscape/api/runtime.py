"""What the API holds while it runs: the store (opened once), two query pools, small caches.

REST lookups and the public SPARQL endpoint run in separate pools of worker processes. The
public pool runs at a lower CPU priority (``nice``), so a heavy query that runs into its time
limit slows the lookups as little as the machine allows.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skillscape.api.pool import WorkerPool
from skillscape.api.worker import NamedQueryJob, NamedResult, ProtocolQueryJob, ProtocolResult
from skillscape.query import named
from skillscape.query.materialised import MATERIALISED, Answer, build_identity, read_answer
from skillscape.query.occupations import Hit, Occupation, OccupationIndex, UnknownOccupation
from skillscape.query.results import to_records
from skillscape.settings import Settings
from skillscape.store.base import GraphStore, QueryResult
from skillscape.store.factory import open_store
from skillscape.store.oxigraph import OxigraphStore
from skillscape.trace import source_roots

#: CPU priority of the public SPARQL workers relative to the REST workers
PUBLIC_NICE = 19
#: how long cached lists (occupation index, stats) are reused
CACHE_SECONDS = 60.0
#: how long answers from a remote store are reused (it can be reloaded behind our back)
REMOTE_CACHE_SECONDS = 10.0
#: larger answers are not kept in the result cache
MAX_CACHED_ROWS = 2000


@dataclass(frozen=True)
class OccupationEntry:
    code: str
    title: str | None
    alternate_titles: tuple[str, ...]


class ResultCache:
    """Answers of named queries by (query, bindings, page), least recently used evicted.

    Concurrent requests for the same answer share one query (the first runs it, the others
    await it). Results with more than ``MAX_CACHED_ROWS`` rows are not kept.
    """

    def __init__(self, entries: int, lifetime: float | None) -> None:
        self.entries = entries
        self.lifetime = lifetime
        self._kept: OrderedDict[Hashable, tuple[float, NamedResult]] = OrderedDict()
        self._running: dict[Hashable, asyncio.Future[NamedResult]] = {}
        self.hits = 0
        self.misses = 0

    async def get(
        self, job: NamedQueryJob, run: Callable[[NamedQueryJob], Awaitable[NamedResult]]
    ) -> NamedResult:
        if self.entries <= 0:
            return await run(job)
        key = (
            job.name,
            tuple(sorted((k, str(v)) for k, v in job.bindings.items())),
            job.offset,
            job.limit,
            job.graph_format,
        )
        kept = self._kept.get(key)
        if kept is not None and (self.lifetime is None or time.monotonic() - kept[0] < self.lifetime):
            self._kept.move_to_end(key)
            self.hits += 1
            return kept[1]
        running = self._running.get(key)
        if running is not None:
            self.hits += 1
            return await asyncio.shield(running)
        self.misses += 1
        future: asyncio.Future[NamedResult] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            result = await run(job)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here: waiters re-raise it themselves
            raise
        finally:
            del self._running[key]
        future.set_result(result)
        if len(result.records) <= MAX_CACHED_ROWS:
            self._kept[key] = (time.monotonic(), result)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return result


class OccupationNotFound(LookupError):
    def __init__(self, code: str, suggestions: list[OccupationEntry], detail: str | None = None) -> None:
        super().__init__(detail or f"no occupation {code!r}")
        self.code = code
        self.suggestions = suggestions


class ApiRuntime:
    """Opened by the app's lifespan; every request reaches it through ``deps.get_runtime``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store: GraphStore | None = None
        self.store_kind = "remote" if settings.sparql_endpoint else "oxigraph"
        self.rest: WorkerPool | None = None
        self.public: WorkerPool | None = None
        self._index: tuple[float, OccupationIndex] | None = None
        self._index_lock = asyncio.Lock()
        self._stats: tuple[float, Any] | None = None
        self._searches: dict[str, list[Hit]] = {}
        self._answers: dict[str, Answer | None] = {}
        self._roots: list[Path] | None = None
        # the embedded store is one published version, fixed for the app's lifetime: its answers
        # never change; a remote store can be reloaded, so its answers are kept briefly
        lifetime = REMOTE_CACHE_SECONDS if settings.sparql_endpoint else None
        self._cache = ResultCache(settings.query_cache_entries, lifetime)

    async def __aenter__(self) -> ApiRuntime:
        self.store = await asyncio.to_thread(open_store, self.settings)
        worker_settings = self.settings
        if isinstance(self.store, OxigraphStore) and self.store.path is not None:
            # every worker opens the same published version, even if a build publishes another
            worker_settings = self.settings.model_copy(update={"store": self.store.path})
        common = {
            "size": self.settings.query_workers,
            "queue": self.settings.query_queue,
            "timeout": self.settings.query_timeout_seconds,
        }
        self.rest = WorkerPool("rest", worker_settings, **common)  # type: ignore[arg-type]
        self.public = WorkerPool("sparql", worker_settings, nice=PUBLIC_NICE, **common)  # type: ignore[arg-type]
        try:
            # the occupation index is read while the workers start: the first search, profile or
            # unknown code after start needs no query of its own
            await asyncio.gather(self.rest.start(), self.public.start(), self.occupation_index())
            await self._warm_pathways()
        except BaseException:
            await self.close()
            raise
        return self

    async def _warm_pathways(self) -> None:
        """Every REST worker reads the pivot graph before the first request (5 s on the full
        store, once per worker), so no first /adjacent or /pivots waits for it."""
        from skillscape.pathways.jobs import PathwayJob

        assert self.rest is not None
        size = self.settings.query_workers
        # an optimisation only: a store without similarities (or a failing worker) starts as before
        await asyncio.gather(
            *(self.rest.run(PathwayJob("warm"), timeout=300) for _ in range(size)), return_exceptions=True
        )

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        for pool in (self.rest, self.public):
            if pool is not None:
                await pool.close()
        if self.store is not None:
            await asyncio.to_thread(self.store.close)
            self.store = None

    # ------------------------------------------------------------------ running queries
    async def named(
        self,
        name: str,
        params: Mapping[str, str] | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        graph_format: str = "jsonld",
    ) -> NamedResult:
        """Run a named query in the REST pool (parameters checked and bound here, before it runs)."""
        query = named.load(name)
        for parameter, text in query.occupation_values(params or {}).items():
            index = await self.occupation_index()
            try:
                index.resolve(text, parameter)
            except UnknownOccupation as exc:
                if exc.malformed:  # a malformed value is a bad request (400), naming what it expects
                    raise named.ParameterError(str(exc)) from None
                raise OccupationNotFound(text, [entry_of(o) for o in exc.suggestions], str(exc)) from None
        if name in MATERIALISED and not any((params or {}).values()):
            stored = self.stored_answer(name)
            if stored is not None:  # the whole-graph answer the build stored with this version
                return page_of(stored.result, offset, limit)
        bindings = query.bind(params or {})
        job = NamedQueryJob(name, bindings, offset, limit, graph_format)
        return await self._cache.get(job, self._run_named)

    def stored_answer(self, name: str) -> Answer | None:
        """A whole-graph answer the build stored with the embedded store's version (read once)."""
        if name not in self._answers:
            path = self.store.path if isinstance(self.store, OxigraphStore) else None
            self._answers[name] = read_answer(path, name)
        return self._answers[name]

    def source_roots(self) -> list[Path]:
        """Where a trace finds the source file of a row passage (see trace.py)."""
        if self._roots is None:
            version = self.store.path if isinstance(self.store, OxigraphStore) else None
            self._roots = source_roots(self.settings.manifest_path, version)
        return self._roots

    def build_identity(self) -> dict[str, Any] | None:
        """When and by which skillscape the served store version was built (None: not recorded)."""
        return build_identity(self.store.path) if isinstance(self.store, OxigraphStore) else None

    async def _run_named(self, job: NamedQueryJob) -> NamedResult:
        assert self.rest is not None
        result: NamedResult = await self.rest.run(job)
        return result

    async def protocol(self, job: ProtocolQueryJob) -> ProtocolResult:
        """Run a query of the public SPARQL endpoint in its own pool."""
        assert self.public is not None
        result: ProtocolResult = await self.public.run(job)
        return result

    # ------------------------------------------------------------------ occupations
    async def occupation_index(self, refresh: bool = False) -> OccupationIndex:
        """Every occupation's code, title, alternate and reported titles: read once at start from
        one query (``occupation-names``); a remote store's is read again after CACHE_SECONDS."""
        async with self._index_lock:
            cached = self._index
            age = time.monotonic() - cached[0] if cached else None
            fixed = not self.settings.sparql_endpoint  # the embedded store's version never changes
            if cached is not None and (fixed or (age is not None and age < CACHE_SECONDS)):
                return cached[1]
            assert self.store is not None
            index = await asyncio.to_thread(OccupationIndex.load, self.store)
            self._index = (time.monotonic(), index)
            return index

    async def resolve_occupation(self, code: str, parameter: str | None = None) -> OccupationEntry:
        """The occupation for a code (a SOC code resolves to .00), or OccupationNotFound with the
        closest matches (the same ones the CLI gives: :meth:`OccupationIndex.suggest`)."""
        index = await self.occupation_index()
        try:
            return entry_of(index.resolve(code, parameter))
        except UnknownOccupation as exc:
            raise OccupationNotFound(code, [entry_of(o) for o in exc.suggestions], str(exc)) from None

    async def search(self, text: str) -> list[Hit]:
        """Occupations by code, title, alternate or reported title, ranked (in memory)."""
        key = text.strip().lower()[:200]
        found = self._searches.get(key)
        if found is None:
            index = await self.occupation_index()
            found = index.search(text)
            if self.settings.query_cache_entries > 0:  # 0: every search is answered afresh
                if len(self._searches) > 1024:
                    self._searches.clear()
                self._searches[key] = found
        return found

    async def cached_stats(self) -> Any:
        cached = self._stats
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        counts, summary = await asyncio.gather(self.named("stats"), self.named("summary"))
        self._stats = (time.monotonic(), (counts, summary))
        return counts, summary


def occupation_entry(record: Mapping[str, Any]) -> OccupationEntry:
    alternates = tuple(t for t in str(record.get("alternateTitles") or "").split(" | ") if t)
    title = record.get("title")
    return OccupationEntry(str(record["code"]), str(title) if title else None, alternates)


def page_of(result: QueryResult, offset: int, limit: int | None) -> NamedResult:
    end = None if limit is None else offset + limit
    page = QueryResult("select", result.variables, result.rows[offset:end])
    return NamedResult("select", result.variables, to_records(page), len(result.rows))


def entry_of(occupation: Occupation) -> OccupationEntry:
    return OccupationEntry(occupation.code, occupation.title, occupation.alternate_titles)


__all__ = ["ApiRuntime", "OccupationEntry", "OccupationNotFound", "entry_of", "occupation_entry"]
