"""A bounded pool of query worker processes that can stop a query at its time limit.

pyoxigraph evaluates a query in Rust without checking for interruption, and a heavy query
(an aggregate over a cross product, an ``ORDER BY`` over millions of rows) produces nothing
to iterate until it finishes, so stopping lazily between rows does not bound it. Each query
therefore runs in a worker process; when it passes its time limit the pool kills the
process, starts a fresh one (which opens the store read-only again, in milliseconds) and
answers 503. Other requests are served by the remaining workers meanwhile.

Requests wait for a free worker in a queue of ``queue`` places; when it is full the pool
refuses at once (:class:`PoolBusy`, a 503 with ``Retry-After``) instead of piling up work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from skillscape.api.worker import serve
from skillscape.errors import LimitExceeded, Unavailable
from skillscape.settings import Settings

log = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("forkserver")
# "__main__" first: children then inherit the main module instead of re-running the main
# script each (for the `skillscape` command that re-imports the whole CLI, about a second).
_CONTEXT.set_forkserver_preload(
    [
        "__main__",
        "skillscape.api.worker",
        "skillscape.query.named",
        "rdflib.plugins.sparql.parser",  # classifies refused updates
        "rdflib.plugins.serializers.jsonld",  # JSON-LD responses
    ]
)
_START_SECONDS = 60.0


def start_forkserver() -> None:
    """Start the process that forks query workers now, so it boots while the app is imported."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


class PoolBusy(LimitExceeded):
    """Every worker is busy and the queue is full."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the query service is busy; retry in {retry_after} s", retry_after=retry_after)


class QueryTimeout(LimitExceeded):
    """A query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the query ran past its time limit of {seconds:g} s and was stopped")
        self.seconds = seconds


class WorkerLost(Unavailable):
    """A worker process died while answering (e.g. out of memory)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, retry_after=1)


class QueryOverMemory(LimitExceeded):
    """A query made its worker grow past the memory limit; the worker was replaced."""

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(
            f"the query needed more than the memory limit of {limit_bytes // (1 << 20):,} MiB "
            "per query and was stopped"
        )
        self.limit_bytes = limit_bytes


#: how often a busy worker's memory is read
_MEMORY_POLL_SECONDS = 0.05
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes(pid: int) -> int | None:
    """The resident memory of process ``pid`` (None when it cannot be read)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection


@dataclass
class PoolStats:
    workers: int
    idle: int
    waiting: int
    restarts: int
    timeouts: int
    overMemory: int


def _start_worker(settings: Settings, nice: int, plan_folder: Path) -> _Worker:
    parent, child = _CONTEXT.Pipe()
    process = _CONTEXT.Process(
        target=serve, args=(child, settings, nice, plan_folder), daemon=True, name="skillscape-query"
    )
    process.start()
    child.close()
    if not parent.poll(_START_SECONDS):
        process.kill()
        raise RuntimeError("a query worker did not start in time")
    status, detail = parent.recv()
    if status != "ready":
        process.join(5)
        raise RuntimeError(f"a query worker could not open the store: {detail}")
    return _Worker(process, parent)


def _stop_worker(worker: _Worker) -> None:
    with contextlib.suppress(Exception):
        worker.process.kill()
    with contextlib.suppress(Exception):
        worker.conn.close()
    with contextlib.suppress(Exception):
        worker.process.join(5)


def _finish(future: asyncio.Future[Any], worker: _Worker) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: an EOFError from a killed worker is expected
    _stop_worker(worker)


class WorkerPool:
    """``size`` worker processes, each with the store open, fed from a bounded queue."""

    def __init__(
        self,
        name: str,
        settings: Settings,
        *,
        size: int,
        queue: int,
        timeout: float,
        nice: int = 0,
        memory_limit: int | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self.size = max(1, size)
        self.queue = max(0, queue)
        self.timeout = timeout
        self.nice = nice
        #: resident bytes a worker may reach while answering (None: no limit)
        self.memory_limit = memory_limit
        self.plan_folder = Path(tempfile.mkdtemp(prefix=f"skillscape-{name}-"))
        self._busy = 0
        self._working: set[_Worker] = set()
        self._drained: asyncio.Event | None = None
        self._over_memory = 0
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._restarts = 0
        self._timeouts = 0
        self._closed = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._threads = ThreadPoolExecutor(max_workers=self.size + 2, thread_name_prefix=f"{name}-io")

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        worker = await asyncio.to_thread(_start_worker, self.settings, self.nice, self.plan_folder)
        self._all.add(worker)
        # the moment a worker ends (killed, out of memory), an idle one is replaced at once
        loop = asyncio.get_running_loop()
        loop.add_reader(worker.process.sentinel, self._ended, worker)
        return worker

    def stats(self) -> PoolStats:
        alive = [worker for worker in self._all if worker.process.is_alive()]
        return PoolStats(
            len(alive),
            sum(1 for worker in alive if worker not in self._working),
            self._waiting,
            self._restarts,
            self._timeouts,
            self._over_memory,
        )

    async def run(self, job: Any, timeout: float | None = None) -> Any:
        """Run ``job`` in a worker; raise :class:`PoolBusy`, :class:`QueryTimeout` or the job's error."""
        if self._closed:
            raise PoolBusy(5)
        limit = self.timeout if timeout is None else timeout
        worker = await self._acquire(limit)
        loop = asyncio.get_running_loop()
        pending: asyncio.Future[Any] | None = None
        self._busy += 1
        self._working.add(worker)
        try:
            worker.conn.send((job, limit))
            pending = loop.run_in_executor(self._threads, worker.conn.recv)
            reply = await self._watch(worker, pending, limit)
        except TimeoutError:
            self._timeouts += 1
            self._replace(worker, pending)
            raise QueryTimeout(limit) from None
        except QueryOverMemory:
            self._over_memory += 1
            self._replace(worker, pending)
            raise
        except (EOFError, OSError) as exc:
            self._replace(worker, pending)
            raise WorkerLost(f"a query worker stopped unexpectedly ({exc or type(exc).__name__})") from exc
        except BaseException:  # cancelled while the worker is busy: its answer cannot be awaited
            self._replace(worker, pending)
            raise
        finally:
            self._busy -= 1
            self._working.discard(worker)
            if self._busy == 0 and self._drained is not None:
                self._drained.set()
        self._idle.put_nowait(worker)
        status, value = reply
        if status == "error":
            raise value
        return value

    async def _watch(self, worker: _Worker, pending: asyncio.Future[Any], limit: float) -> Any:
        """The worker's reply; TimeoutError past ``limit`` seconds, QueryOverMemory when the
        worker's resident memory passes the pool's limit first."""
        if self.memory_limit is None:
            return await asyncio.wait_for(asyncio.shield(pending), limit)
        deadline = time.monotonic() + limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            done, _ = await asyncio.wait({pending}, timeout=min(_MEMORY_POLL_SECONDS, left))
            if done:
                return pending.result()
            used = resident_bytes(worker.process.pid or 0)
            if used is not None and used > self.memory_limit:
                raise QueryOverMemory(self.memory_limit)

    async def _acquire(self, limit: float) -> _Worker:
        if self._idle.empty() and self._waiting >= self.queue:
            raise PoolBusy(max(1, round(limit / 2)))
        self._waiting += 1
        deadline = time.monotonic() + limit
        try:
            while True:
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - time.monotonic()))
                if worker.process.is_alive():
                    return worker
                self._replace(worker, None)  # it died while idle (killed, out of memory)
        except TimeoutError:
            raise PoolBusy(max(1, round(limit / 2))) from None
        finally:
            self._waiting -= 1

    def _ended(self, worker: _Worker) -> None:
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        if worker in self._all and worker not in self._working:
            self._replace(worker, None)  # the dead one stays queued; _acquire skips it

    def _replace(self, worker: _Worker, pending: asyncio.Future[Any] | None) -> None:
        """Kill ``worker`` and start another; its pipe is closed only once no thread reads it."""
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(worker.process.sentinel)
        if worker not in self._all:
            return  # replaced already
        self._all.discard(worker)
        with contextlib.suppress(Exception):
            worker.process.kill()
        if pending is None:
            _stop_worker(worker)
        else:
            pending.add_done_callback(lambda future: _finish(future, worker))
        if self._closed:
            return
        self._restarts += 1
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        delay = 0.5
        while True:
            try:
                worker = await self._spawn()
                break
            except Exception:
                log.exception("pool %s: could not replace a query worker; trying again", self.name)
                if self._closed:
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
        if self._closed:
            self._all.discard(worker)
            _stop_worker(worker)
            return
        self._idle.put_nowait(worker)

    async def drain(self, grace: float) -> None:
        """Take no more jobs; wait up to ``grace`` seconds for running ones, then close."""
        self._closed = True
        if self._busy:
            self._drained = asyncio.Event()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._drained.wait(), grace)
        await self.close()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            _stop_worker(worker)
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.plan_folder, ignore_errors=True)


__all__ = [
    "PoolBusy",
    "PoolStats",
    "QueryOverMemory",
    "QueryTimeout",
    "WorkerLost",
    "WorkerPool",
    "resident_bytes",
    "start_forkserver",
]
