"""Sources read in other processes while the build bulk-loads what they send.

Turning a source into quads is Python work; loading them is the store's work. On one process
they take turns. Here reader processes run the adapters and send their quads, as blocks of
N-Quads, through a bounded queue; the build process hands the store ONE bulk load whose input
is that stream, so reading and loading overlap and every source lands in a single bulk load.
(One bulk load of 6.3 M quads took 50 s here, the same quads as seven 1 M-quad bulk loads
93 s: each further load merges into what the earlier ones wrote.) The queue holds at most
:data:`QUEUE_BLOCKS` blocks of :data:`BLOCK_QUADS` quads, so neither side ever holds a whole
large source in memory.

A graph derived from one source can be derived here too, by a :class:`Tap` the build hands in
(the occupation similarity of the newest O*NET release: ``derivers.py``): the source's reader
gives the tap every block it sends; once the source is sent, the tap gives the derived graph,
which goes into the same bulk load (querying 6 M quads back out of the on-disk store took
longer).

A reader that fails raises its :class:`~skillscape.ingest.document.SourceError` (file, line,
reason) out of the bulk load in the build process, which then discards the new store version.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import multiprocessing
import queue as queues
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox

from skillscape.build.adapters import adapter_for
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri

#: quads per block a reader sends
BLOCK_QUADS = 50_000
#: blocks the queue holds before a reader waits for the loader
QUEUE_BLOCKS = 32
#: how long the loader waits for a block before it checks whether a reader failed (seconds)
POLL_SECONDS = 0.5

_blocks: Any = None  # the queue a reader process sends its blocks on


class Tap(Protocol):
    """Derives a graph from the quads of one source as its reader sends them."""

    def add(self, quads: Sequence[ox.Quad]) -> None:
        """Keep what the derivation needs of ``quads`` (a block the reader sent)."""

    def derived(self, read_at: dt.datetime) -> tuple[str, list[ox.Quad]]:
        """Once the source is sent: the derived graph's source id and its quads."""
        ...


#: makes the tap in the reader process: pickled to it, so a module-level function (or a
#: ``functools.partial`` of one)
TapFactory = Callable[[], Tap]


@dataclass(frozen=True)
class Finished:
    """A reader's last word on a source: every quad of it was sent."""

    source: str
    quads: int


#: a reader's first-generation garbage collection threshold (Python's default: 700): a reader
#: makes millions of small objects that live a block long, and the default collects so often
#: that it cost a fifth of reading O*NET 30.1 (31 CPU-s against 24 here)
READER_GC_THRESHOLD = 100_000


def _start_reader(blocks: Any) -> None:
    global _blocks
    _blocks = blocks
    gc.set_threshold(READER_GC_THRESHOLD, *gc.get_threshold()[1:])


def _read(entry: SourceEntry, read_at: dt.datetime, make_tap: TapFactory | None) -> int:
    """In a reader process: every quad of ``entry`` onto the queue, as N-Quads blocks; with
    ``make_tap``, then the graph its tap derives from them."""
    quads = iter(adapter_for(entry.kind).ingest(entry, iri.source_graph(entry.id), read_at))
    tap = None if make_tap is None else make_tap()
    total = 0
    while batch := list(itertools.islice(quads, BLOCK_QUADS)):
        _blocks.put(ox.serialize(batch, None, ox.RdfFormat.N_QUADS))
        if tap is not None:
            tap.add(batch)
        total += len(batch)
    _blocks.put(Finished(entry.id, total))
    if tap is not None:
        source, derived = tap.derived(read_at)
        for start in range(0, len(derived), BLOCK_QUADS):
            _blocks.put(ox.serialize(derived[start : start + BLOCK_QUADS], None, ox.RdfFormat.N_QUADS))
        _blocks.put(Finished(source, len(derived)))
    return total


class QuadStream:
    """The N-Quads the readers send, as one binary stream (what a bulk load reads).

    ``read`` returns the next block; it ends (``b""``) once every source has finished. A reader's
    error is raised from ``read`` as soon as it is seen.
    """

    def __init__(self, blocks: Any, futures: Sequence[Future[int]], sources: int) -> None:
        self._blocks = blocks
        self._futures = futures
        self._waiting = sources
        self._buffer = memoryview(b"")
        self.finished: list[Finished] = []

    def read(self, size: int = -1) -> bytes:
        while not self._buffer:
            if self._waiting == 0:
                return b""
            message = self._next()
            if isinstance(message, Finished):
                self.finished.append(message)
                self._waiting -= 1
            else:
                self._buffer = memoryview(message)
        if size is None or size < 0:
            size = len(self._buffer)
        piece, self._buffer = self._buffer[:size], self._buffer[size:]
        return bytes(piece)

    def _next(self) -> bytes | Finished:
        while True:
            try:
                message: bytes | Finished = self._blocks.get(timeout=POLL_SECONDS)
                return message
            except queues.Empty:
                pass
            for future in self._futures:
                if future.done() and future.exception() is not None:
                    raise future.exception()  # type: ignore[misc]


def read_in_processes(
    entries: Sequence[SourceEntry],
    read_at: dt.datetime,
    load: Callable[[QuadStream], None],
    *,
    workers: int = 1,
    tap: tuple[str, TapFactory] | None = None,
) -> dict[str, int]:
    """Read ``entries`` in ``workers`` processes while ``load`` bulk-loads the stream they send.

    ``tap``: the id of an entry to derive a graph from while it is read, and what makes the
    :class:`Tap` that derives it. Returns the quads sent per source id (and per derived graph),
    in the order they finished. The largest sources are started first.
    """
    if not entries:
        return {}
    order = sorted(entries, key=lambda e: source_size(e.path), reverse=True)
    tapped, make_tap = tap or (None, None)
    if tapped not in {entry.id for entry in entries}:
        tapped = None
    context = multiprocessing.get_context("spawn")
    blocks = context.Queue(maxsize=QUEUE_BLOCKS)
    with ProcessPoolExecutor(
        max_workers=max(1, min(workers, len(entries))),
        mp_context=context,
        initializer=_start_reader,
        initargs=(blocks,),
    ) as pool:
        futures: list[Future[int]] = [
            pool.submit(_read, e, read_at, make_tap if e.id == tapped else None) for e in order
        ]
        stream = QuadStream(blocks, futures, len(entries) + (0 if tapped is None else 1))
        try:
            load(stream)
        except BaseException:
            for future in futures:
                future.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()  # a failed build does not wait for the other readers
            raise
    return {done.source: done.quads for done in stream.finished}


def source_size(path: Any) -> int:
    """Bytes of a source file, or of every file under a source folder."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return int(path.stat().st_size) if path.exists() else 0


__all__ = ["BLOCK_QUADS", "QuadStream", "Tap", "TapFactory", "read_in_processes", "source_size"]
