"""What the API holds while it runs: the store (opened once), two query pools, small caches.

REST lookups and the public SPARQL endpoint run in separate pools of worker processes. The
public pool runs at a lower CPU priority (``nice``), so a heavy query that runs into its time
limit slows the lookups as little as the machine allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from skillscape.api.pool import PoolBusy, WorkerPool
from skillscape.api.worker import NamedQueryJob, NamedResult, ProtocolQueryJob, ProtocolResult
from skillscape.query import named
from skillscape.query.materialised import MATERIALISED, Answer, build_identity, read_answer
from skillscape.query.occupations import Hit, Occupation, OccupationIndex, UnknownOccupation
from skillscape.query.results import to_records
from skillscape.settings import Settings
from skillscape.store.base import GraphStore, QueryResult
from skillscape.store.factory import open_store
from skillscape.store.location import StoreLocation
from skillscape.trace import source_roots

T = TypeVar("T")
log = logging.getLogger(__name__)

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


async def shared(
    running: dict[Hashable, asyncio.Future[T]], key: Hashable, make: Callable[[], Awaitable[T]]
) -> T:
    """``make()``, or, while another request is already making ``key``, that request's result."""
    found = running.get(key)
    if found is not None:
        return await asyncio.shield(found)
    future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
    running[key] = future
    try:
        value = await make()
    except BaseException as exc:
        future.set_exception(exc)
        future.exception()  # retrieved here: waiters re-raise it themselves
        raise
    finally:
        del running[key]
    future.set_result(value)
    return value


class ResultCache:
    """Whole answers of named queries by (query, bindings, format), least recently used evicted.

    The key holds no paging: every page of an answer is cut from the one cached answer, so
    asking for other offsets or limits cannot make the server run the query again. Concurrent
    requests for the same answer share one query (the first runs it, the others await it).
    Answers with more than ``MAX_CACHED_ROWS`` rows are not kept.
    """

    def __init__(self, entries: int, lifetime: float | None) -> None:
        self.entries = entries
        self.lifetime = lifetime
        self._kept: OrderedDict[Hashable, tuple[float, NamedResult]] = OrderedDict()
        self._running: dict[Hashable, asyncio.Future[NamedResult]] = {}
        self.hits = 0
        self.misses = 0

    def size(self) -> int:
        return len(self._kept)

    async def get(
        self, job: NamedQueryJob, run: Callable[[NamedQueryJob], Awaitable[NamedResult]]
    ) -> NamedResult:
        if self.entries <= 0:
            return await run(job)
        key = (job.name, tuple(sorted((k, str(v)) for k, v in job.bindings.items())), job.graph_format)
        kept = self._kept.get(key)
        if kept is not None and (self.lifetime is None or time.monotonic() - kept[0] < self.lifetime):
            self._kept.move_to_end(key)
            self.hits += 1
            return kept[1]
        if key in self._running:
            self.hits += 1
        else:
            self.misses += 1
        result = await shared(self._running, key, lambda: run(job))
        if len(result.records) <= MAX_CACHED_ROWS:
            self._kept[key] = (time.monotonic(), result)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)
        return result


class EncodedAnswers:
    """Encoded JSON answers of the pathway resources by question, least recently used evicted.

    A pathway answer is computed by a REST worker and then checked against its response model
    and encoded here, in the one event loop; the same question again (the store version is
    fixed) is answered with the kept bytes, neither computed nor encoded again. Concurrent
    requests for the same answer share one computation.
    """

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._kept: OrderedDict[Hashable, bytes] = OrderedDict()
        self._running: dict[Hashable, asyncio.Future[bytes]] = {}

    async def get(self, key: Hashable, make: Callable[[], Awaitable[bytes]]) -> bytes:
        if self.entries <= 0:
            return await make()
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            return kept
        body = await shared(self._running, key, make)
        self._kept[key] = body
        while len(self._kept) > self.entries:
            self._kept.popitem(last=False)
        return body


def page_of(result: NamedResult, offset: int, limit: int | None) -> NamedResult:
    """One page of a whole answer (``total`` stays the whole answer's row count)."""
    if result.kind != "select" or (offset == 0 and (limit is None or limit >= len(result.records))):
        return result
    end = None if limit is None else offset + limit
    return replace(result, records=result.records[offset:end])


#: how long a replaced store version's pools may finish the queries they are running
DRAIN_SECONDS = 30.0


@dataclass
class Serving:
    """One store version as the server serves it: the store, its two pools and its caches."""

    store: GraphStore
    version: Path | None
    rest: WorkerPool
    public: WorkerPool
    cache: ResultCache
    index: tuple[float, OccupationIndex] | None = None
    stats: tuple[float, Any] | None = None
    searches: dict[str, list[Hit]] = field(default_factory=dict)
    answers: dict[str, Answer | None] = field(default_factory=dict)
    roots: list[Path] | None = None
    #: encoded adjacent and pivots answers (the embedded store's version never changes)
    pathway_answers: EncodedAnswers = field(default_factory=lambda: EncodedAnswers(0))


class ApiRuntime:
    """Opened by the app's lifespan; every request reaches it through ``deps.get_runtime``.

    With the embedded store it serves the published version it found at start and looks for
    a newer one every ``version_check_seconds``: new requests then go to pools opened on the
    new version, while the old pools finish what they are running and close.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store_kind = "remote" if settings.sparql_endpoint else "oxigraph"
        self.serving: Serving | None = None
        self._index_lock = asyncio.Lock()
        self._switch_lock = asyncio.Lock()
        self._watcher: asyncio.Task[None] | None = None
        self._retiring: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> ApiRuntime:
        self.serving = await self._open(StoreLocation(self.settings.store_path).current())
        if self.store_kind == "oxigraph" and self.settings.version_check_seconds > 0:
            self._watcher = asyncio.get_running_loop().create_task(self._watch_versions())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _open(self, version: Path | None) -> Serving:
        worker_settings = self.settings
        if self.store_kind == "oxigraph" and version is not None:
            # the store, and every worker, open this one version, even if a build publishes another
            worker_settings = self.settings.model_copy(update={"store": version})
        store = await asyncio.to_thread(open_store, worker_settings)
        common = {
            "size": self.settings.query_workers,
            "queue": self.settings.query_queue,
            "timeout": self.settings.query_timeout_seconds,
        }
        rest = WorkerPool("rest", worker_settings, **common)  # type: ignore[arg-type]
        public = WorkerPool(
            "sparql",
            worker_settings,
            nice=PUBLIC_NICE,
            memory_limit=self.settings.query_memory_mib << 20,
            **common,  # type: ignore[arg-type]
        )
        try:
            await asyncio.gather(rest.start(), public.start())
        except BaseException:
            await asyncio.gather(rest.close(), public.close())
            await asyncio.to_thread(store.close)
            raise
        # the embedded store is one published version: its answers never change; a remote
        # store can be reloaded, so its answers are kept briefly
        lifetime = REMOTE_CACHE_SECONDS if self.store_kind == "remote" else None
        serving = Serving(
            store, version, rest, public, ResultCache(self.settings.query_cache_entries, lifetime)
        )
        if lifetime is None:
            serving.pathway_answers = EncodedAnswers(self.settings.pathway_cache_entries)
        # read before the version is served: the first search, profile or unknown code after start
        # needs no query of its own, and no first /adjacent or /pivots waits for the pivot graph
        index = await asyncio.to_thread(OccupationIndex.load, store)
        serving.index = (time.monotonic(), index)
        await self._warm_pathways(rest)
        return serving

    async def _warm_pathways(self, rest: WorkerPool) -> None:
        """Every REST worker reads the pivot graph before the first request (5 s on the full
        store, once per worker)."""
        from skillscape.pathways.jobs import PathwayJob

        size = self.settings.query_workers
        # an optimisation only: a store without similarities (or a failing worker) starts as before
        await asyncio.gather(
            *(rest.run(PathwayJob("warm"), timeout=300) for _ in range(size)), return_exceptions=True
        )

    async def _watch_versions(self) -> None:
        location = StoreLocation(self.settings.store_path)
        while True:
            await asyncio.sleep(self.settings.version_check_seconds)
            try:
                await self.refresh_version(location)
            except Exception:
                log.exception("could not open the newly published store version; serving the previous one")

    async def refresh_version(self, location: StoreLocation | None = None) -> bool:
        """Serve the published version if it is not the one served; True when it switched."""
        location = location or StoreLocation(self.settings.store_path)
        async with self._switch_lock:
            current = await asyncio.to_thread(location.current)
            old = self.serving
            if current is None or old is None or old.version is None or current == old.version:
                return False
            self.serving = await self._open(current)
            log.info("serving store version %s", current.name)
            task = asyncio.get_running_loop().create_task(self._retire(old))
            self._retiring.add(task)
            task.add_done_callback(self._retiring.discard)
            return True

    async def _retire(self, old: Serving) -> None:
        await asyncio.gather(old.rest.drain(DRAIN_SECONDS), old.public.drain(DRAIN_SECONDS))
        await asyncio.to_thread(old.store.close)

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        for task in list(self._retiring):
            with contextlib.suppress(Exception):
                await task
        serving, self.serving = self.serving, None
        if serving is not None:
            await asyncio.gather(serving.rest.close(), serving.public.close())
            await asyncio.to_thread(serving.store.close)

    def _serving(self) -> Serving:
        if self.serving is None:
            raise PoolBusy(5)
        return self.serving

    @property
    def rest(self) -> WorkerPool | None:
        return self.serving.rest if self.serving else None

    @property
    def public(self) -> WorkerPool | None:
        return self.serving.public if self.serving else None

    @property
    def store(self) -> GraphStore | None:
        return self.serving.store if self.serving else None

    @property
    def version(self) -> str | None:
        serving = self.serving
        return serving.version.name if serving is not None and serving.version is not None else None

    def cache_counts(self) -> dict[str, int] | None:
        """Entries, hits and misses of the result cache of the version served."""
        serving = self.serving
        if serving is None:
            return None
        cache = serving.cache
        return {"entries": cache.size(), "hits": cache.hits, "misses": cache.misses}

    # ------------------------------------------------------------------ running queries
    async def named(
        self,
        name: str,
        params: Mapping[str, str] | None = None,
        *,
        offset: int = 0,
        limit: int | None = None,
        graph_format: str = "jsonld",
        public: bool = False,
    ) -> NamedResult:
        """Run a named query (parameters checked and bound here, before it runs): in the REST
        pool, or with ``public`` in the low-priority pool of the public endpoint."""
        query = named.load(name)
        for parameter, text in query.occupation_values(params or {}).items():
            index = await self.occupation_index()
            try:
                index.resolve(text, parameter)
            except UnknownOccupation as exc:
                if exc.malformed:  # a malformed value is a bad request (400), naming what it expects
                    raise named.ParameterError(str(exc), parameter=parameter) from None
                raise
        if name in MATERIALISED and not any((params or {}).values()):
            stored = self.stored_answer(name)
            if stored is not None:  # the whole-graph answer the build stored with this version
                return stored_page(stored.result, offset, limit)
        bindings = query.bind(params or {})
        serving = self._serving()
        pool = serving.public if public else serving.rest
        job = NamedQueryJob(name, bindings, self.settings.query_row_limit, graph_format)

        async def run(job: NamedQueryJob) -> NamedResult:
            result: NamedResult = await pool.run(job)
            return result

        return page_of(await serving.cache.get(job, run), offset, limit)

    def stored_answer(self, name: str) -> Answer | None:
        """A whole-graph answer the build stored with the served version (read once)."""
        serving = self._serving()
        if name not in serving.answers:
            serving.answers[name] = read_answer(serving.version, name)
        return serving.answers[name]

    def source_roots(self) -> list[Path]:
        """Where a trace finds the source file of a row passage (see trace.py)."""
        serving = self._serving()
        if serving.roots is None:
            serving.roots = source_roots(self.settings.manifest_path, serving.version)
        return serving.roots

    def build_identity(self) -> dict[str, Any] | None:
        """When and by which skillscape the served store version was built (None: not recorded)."""
        version = self._serving().version
        return build_identity(version) if version is not None else None

    async def protocol(self, job: ProtocolQueryJob) -> ProtocolResult:
        """Run a query of the public SPARQL endpoint in its own pool."""
        result: ProtocolResult = await self._serving().public.run(job)
        return result

    # ------------------------------------------------------------------ occupations
    async def occupation_index(self, refresh: bool = False) -> OccupationIndex:
        """Every occupation's code, title, alternate and reported titles: read when a version is
        opened, from one query (``occupation-names``); a remote store's again after CACHE_SECONDS."""
        async with self._index_lock:
            serving = self._serving()
            cached = serving.index
            age = time.monotonic() - cached[0] if cached else None
            fixed = self.store_kind == "oxigraph"  # an embedded version never changes
            if cached is not None and (fixed or (age is not None and age < CACHE_SECONDS)):
                return cached[1]
            index = await asyncio.to_thread(OccupationIndex.load, serving.store)
            serving.index = (time.monotonic(), index)
            return index

    async def resolve_occupation(self, code: str, parameter: str | None = None) -> OccupationEntry:
        """The occupation for a code (a SOC code resolves to .00), or UnknownOccupation with the
        closest matches (the same ones the CLI gives: :meth:`OccupationIndex.suggest`)."""
        index = await self.occupation_index()
        return entry_of(index.resolve(code, parameter))

    async def search(self, text: str) -> list[Hit]:
        """Occupations by code, title, alternate or reported title, ranked (in memory)."""
        key = text.strip().lower()[:200]
        serving = self._serving()
        found = serving.searches.get(key)
        if found is None:
            index = await self.occupation_index()
            found = index.search(text)
            if self.settings.query_cache_entries > 0:  # 0: every search is answered afresh
                if len(serving.searches) > 1024:
                    serving.searches.clear()
                serving.searches[key] = found
        return found

    async def cached_stats(self) -> Any:
        serving = self._serving()
        cached = serving.stats
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        counts, summary = await asyncio.gather(self.named("stats"), self.named("summary"))
        serving.stats = (time.monotonic(), (counts, summary))
        return counts, summary


def occupation_entry(record: Mapping[str, Any]) -> OccupationEntry:
    alternates = tuple(t for t in str(record.get("alternateTitles") or "").split(" | ") if t)
    title = record.get("title")
    return OccupationEntry(str(record["code"]), str(title) if title else None, alternates)


def stored_page(result: QueryResult, offset: int, limit: int | None) -> NamedResult:
    """One page of a stored whole-graph answer."""
    end = None if limit is None else offset + limit
    page = QueryResult("select", result.variables, result.rows[offset:end])
    return NamedResult("select", result.variables, to_records(page), len(result.rows))


def entry_of(occupation: Occupation) -> OccupationEntry:
    return OccupationEntry(occupation.code, occupation.title, occupation.alternate_titles)


__all__ = [
    "ApiRuntime",
    "OccupationEntry",
    "Serving",
    "entry_of",
    "occupation_entry",
    "page_of",
    "stored_page",
]
