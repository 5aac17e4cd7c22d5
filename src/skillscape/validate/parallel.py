"""Validation of an on-disk store by several processes at once.

pyoxigraph evaluates a query on one thread and holds the GIL while it does, so threads give
no speed-up; processes do. Each worker opens the store read-only (RocksDB allows any number
of read-only openers once the writer has closed it) and runs whole compiled checks, handed out
one at a time so that a long check does not hold the others back.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate.engine import compiled_checks, report_of, run_check, validate_store
from skillscape.validate.report import ValidationReport, Violation

_reader: OxigraphStore | None = None


def default_workers() -> int:
    """One worker per core this process may use."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _open_reader(path: str) -> None:
    global _reader
    _reader = OxigraphStore(path, read_only=True)


def _run(index: int, graphs: list[str] | None, shapes_dir: str | None) -> list[Violation]:
    assert _reader is not None, "the worker has no store"
    check = compiled_checks(Path(shapes_dir) if shapes_dir else None)[index]
    scope = [ox.NamedNode(g) for g in graphs] if graphs is not None else None
    return list(run_check(_reader, check, scope))


def validate_path(
    path: Path,
    graphs: list[ox.NamedNode] | None = None,
    *,
    workers: int | None = None,
    shapes_dir: Path | None = None,
) -> ValidationReport:
    """Validate the closed on-disk store at ``path`` (the union of ``graphs``, or all graphs).

    The same report as :func:`~skillscape.validate.engine.validate_store`, violations in the
    same order; with one worker it is that function on a read-only store.
    """
    workers = workers or default_workers()
    checks = compiled_checks(shapes_dir)
    if workers <= 1 or len(checks) <= 1:
        store = OxigraphStore(path, read_only=True)
        try:
            return validate_store(store, graphs, shapes_dir=shapes_dir)
        finally:
            store.close()
    names = [g.value for g in graphs] if graphs is not None else None
    folder = str(shapes_dir) if shapes_dir else None
    context = multiprocessing.get_context("spawn")  # no fork of a process holding store threads
    with ProcessPoolExecutor(
        max_workers=min(workers, len(checks)),
        mp_context=context,
        initializer=_open_reader,
        initargs=(str(path),),
    ) as pool:
        futures = [pool.submit(_run, index, names, folder) for index in range(len(checks))]
        return report_of(future.result() for future in futures)


__all__ = ["default_workers", "validate_path"]
