"""What a build stores with a closed store version, beside its validation."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from skillscape.store.oxigraph import OxigraphStore

Progress = Callable[[str], None]


def count_quads(version: Path) -> int:
    """The quads of the closed store ``version`` (a scan: 3 s for 7 M quads, so it runs beside
    the validation, not before it)."""
    store = OxigraphStore(version, read_only=True)
    try:
        return store.quad_count()
    finally:
        store.close()


def store_answers(version: Path, unchanged_from: Path | None, say: Progress) -> None:
    """The whole-graph answers the API serves without running them (``/stats``, the whole
    ``conflicting-claims``), stored with the version (query/materialised.py); kept as they are
    when the build changed nothing."""
    from skillscape.query.materialised import copy_answers, write_answers

    if unchanged_from is not None and copy_answers(unchanged_from, version):
        return
    say("storing the whole-graph answers (stats, conflicting claims)")
    store = OxigraphStore(version, read_only=True)
    try:
        built = write_answers(store, version)
    finally:
        store.close()
    timing = ", ".join(f"{name} {q['rows']:,} rows {q['seconds']} s" for name, q in built["queries"].items())
    say(f"stored the whole-graph answers: {timing}")


def store_pathway_index(version: Path, unchanged_from: Path | None, say: Progress) -> None:
    """What ``adjacent`` and ``pivots`` read (the pivot graph, every occupation's profile and
    level ladders), stored with the version (pathways/index.py); kept when nothing changed."""
    from skillscape.pathways.index import copy_index, write_index

    if unchanged_from is not None and copy_index(unchanged_from, version):
        return
    say("storing the pathway index (pivot graph, profiles, level ladders)")
    started = time.perf_counter()
    store = OxigraphStore(version, read_only=True)
    try:
        written = write_index(store, version, say)
    finally:
        store.close()
    if written:
        say(f"stored the pathway index in {time.perf_counter() - started:.0f} s")


__all__ = ["count_quads", "store_answers", "store_pathway_index"]
