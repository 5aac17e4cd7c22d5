"""Sources read in other processes while the build loads what they have already read.

Turning a source into quads is Python work; loading them is the store's work. On one process
they take turns. Here reader processes run the adapters and write their quads as N-Quads
chunks into a staging folder; the build process bulk-loads each chunk as soon as it is
written, so reading and loading overlap (and several small sources are read side by side).
Chunks are N-Quads because that is what the store parses fastest; each holds at most
:data:`CHUNK_QUADS` quads, so neither side ever holds a whole large source in memory.

A reader that fails raises its :class:`~skillscape.ingest.document.SourceError` (file, line,
reason) in the build process, which then discards the new store version.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import queue as queues
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri

CHUNK_QUADS = 1_000_000
#: how long the build waits for a chunk before it checks whether a reader failed (seconds)
POLL_SECONDS = 0.5

_chunks: Any = None  # the queue a reader process announces its chunks on


@dataclass(frozen=True)
class Chunk:
    """A file of N-Quads one reader wrote (``path=None``: the source is finished)."""

    source: str
    path: str | None
    quads: int


def _start_reader(chunks: Any) -> None:
    global _chunks
    _chunks = chunks


def _read(entry: SourceEntry, read_at: dt.datetime, folder: str) -> int:
    """In a reader process: every quad of ``entry`` into N-Quads chunks, announced one by one."""
    from skillscape.ingest.base import adapter_for

    quads = iter(adapter_for(entry.kind).ingest(entry, iri.source_graph(entry.id), read_at))
    total = 0
    for number in itertools.count():
        batch = list(itertools.islice(quads, CHUNK_QUADS))
        if not batch:
            break
        path = Path(folder) / f"{iri.slug(entry.id)}-{number:05d}.nq"
        ox.serialize(batch, str(path), ox.RdfFormat.N_QUADS)
        total += len(batch)
        _chunks.put(Chunk(entry.id, str(path), len(batch)))
    _chunks.put(Chunk(entry.id, None, total))
    return total


def read_in_processes(
    entries: Sequence[SourceEntry],
    read_at: dt.datetime,
    folder: Path,
    load: Callable[[Path], None],
    *,
    workers: int = 1,
) -> Iterator[tuple[SourceEntry, int]]:
    """Read ``entries`` in ``workers`` processes; ``load`` each chunk file (then it is deleted).

    Yields each entry with its quad count once all its chunks are loaded, in the order the
    sources finish. The largest sources are started first.
    """
    if not entries:
        return
    folder.mkdir(parents=True, exist_ok=True)
    by_id = {entry.id: entry for entry in entries}
    order = sorted(entries, key=lambda e: e.path.stat().st_size if e.path.is_file() else 0, reverse=True)
    context = multiprocessing.get_context("spawn")
    chunks = context.Queue()
    with ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(entries))),
        mp_context=context,
        initializer=_start_reader,
        initargs=(chunks,),
    ) as pool:
        futures: list[Future[int]] = [pool.submit(_read, e, read_at, str(folder)) for e in order]
        try:
            finished = 0
            while finished < len(entries):
                chunk = _next_chunk(chunks, futures)
                if chunk.path is None:
                    finished += 1
                    yield by_id[chunk.source], chunk.quads
                    continue
                path = Path(chunk.path)
                load(path)
                path.unlink()
        except BaseException:
            for future in futures:
                future.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()  # a failed build does not wait for the other readers
            raise


def _next_chunk(chunks: Any, futures: list[Future[int]]) -> Chunk:
    """The next announced chunk; a reader's error as soon as it has failed."""
    while True:
        try:
            chunk: Chunk = chunks.get(timeout=POLL_SECONDS)
            return chunk
        except queues.Empty:
            pass
        failed = next((f.exception() for f in futures if f.done() and f.exception() is not None), None)
        if failed is not None:
            raise failed


__all__ = ["CHUNK_QUADS", "read_in_processes"]
