"""The pathway index: what ``adjacent`` and ``pivots`` read, computed once by the build.

An answer needs the pivot graph, and the profile (``pathways/occupation-features``) and level
ladders (``progression``) of every occupation on it. Read from the full store, the graph takes
8–17 s, a profile about 70 ms and a progression about 0.2 s, so a first question about an
origin took seconds (twenty-one profiles for ``adjacent``), and 16 clients queued behind them.

The build computes all of them on the closed, validated version (beside the validation, like
the whole-graph answers of :mod:`skillscape.query.materialised`): the profiles one occupation at
a time, the progressions of every occupation in one run of the same named query with its
occupation left open. It writes them to ``<version>/pathways/index.pickle`` with the build's
identity. A worker of the API loads the file when it starts; the store version is fixed, so the
index never goes stale. A store without one (an older layout, a remote or in-memory store), or
one written by another skillscape version, is read from the store as before.

The file is a pickle of this package's own classes, written and read by the same skillscape
version on the same machine; it is not an exchange format.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skillscape import __version__
from skillscape.pathways import curriculum, explain
from skillscape.pathways.loading import NoSimilarity, PivotData, load_pivot_data
from skillscape.query import named
from skillscape.store.base import GraphStore

FOLDER = "pathways"
FILE = "index.pickle"
#: the layout of the pickled classes and what their numbers mean (edge costs among them): an
#: index of another format is not read
FORMAT = 2


@dataclass
class PathwayIndex:
    """Everything a pathway answer reads, for every occupation of the pivot graph."""

    data: PivotData
    profiles: dict[str, explain.Profile]
    frameworks: dict[str, dict[tuple[str, str], list[explain.LevelStatement]]]
    ladders: dict[str, curriculum.Ladders]
    built: dict[str, Any] = field(default_factory=dict)  # when, by which skillscape, which store


def compute_index(store: GraphStore, say: Callable[[str], None] | None = None) -> PathwayIndex:
    """The index of ``store`` (raises :class:`NoSimilarity` when it has no similarities)."""
    say = say or (lambda message: None)
    started = time.perf_counter()
    data = load_pivot_data(store)
    graph = data.release.graph
    codes = sorted(data.graph.graph.nodes)
    query = named.load("pathways/occupation-features")
    profiles = {
        code: explain.profile(code, query.run(store, {"occupation": code, "graph": graph}).records())
        for code in codes
    }
    say(f"pathway index: {len(profiles)} profiles in {time.perf_counter() - started:.0f} s")
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    code_of = {iri: code for code, iri in data.iris.items()}
    progression = named.load("progression")
    for record in store.query(progression.bound({})).records():  # every occupation at once
        occupation = record.get("occupation")
        code = code_of.get(occupation.value) if occupation is not None else None
        if code is not None:
            rows[code].append(record)
    frameworks = {code: explain.framework(rows.get(code, [])) for code in codes}
    ladders = {code: curriculum.ladders(rows.get(code, [])) for code in codes}
    say(f"pathway index: {len(codes)} occupations in {time.perf_counter() - started:.0f} s")
    return PathwayIndex(data, profiles, frameworks, ladders)


def write_index(store: GraphStore, version: Path, say: Callable[[str], None] | None = None) -> bool:
    """Compute the index of ``store`` (the version at ``version``) and store it; False when the
    store has no similarities to index."""
    try:
        index = compute_index(store, say)
    except NoSimilarity:
        return False
    index.built = {
        "built": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "skillscape": __version__,
        "format": FORMAT,
        "store": version.name,
    }
    folder = version / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{FILE}.{os.getpid()}"
    with partial.open("wb") as handle:
        pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(folder / FILE)
    return True


def copy_index(source: Path, version: Path) -> bool:
    """Keep the index of ``source`` for ``version`` (a rebuild that changed nothing)."""
    import shutil

    if not (source / FOLDER / FILE).is_file():
        return False
    (version / FOLDER).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / FOLDER / FILE, version / FOLDER / FILE)
    return True


def read_index(version: Path | None) -> PathwayIndex | None:
    """The index stored with the store at ``version``, if this skillscape wrote one for it."""
    if version is None or not (version / FOLDER / FILE).is_file():
        return None
    try:
        with (version / FOLDER / FILE).open("rb") as handle:
            index = pickle.load(handle)  # written by this package's own build
    except (OSError, pickle.UnpicklingError, AttributeError, ImportError, EOFError):
        return None
    if not isinstance(index, PathwayIndex):
        return None
    if index.built.get("skillscape") != __version__ or index.built.get("format") != FORMAT:
        return None
    return index


__all__ = ["FILE", "FOLDER", "PathwayIndex", "compute_index", "copy_index", "read_index", "write_index"]
