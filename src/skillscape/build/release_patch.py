"""Update the graph of a source by difference when only some of its data tables changed.

Some sources are folders of tables where each quad comes from one table, and what a data table
gives depends on that table and the reference tables only (an adapter saying so is a
:class:`~skillscape.ingest.base.PatchableAdapter`; the O*NET release is one). So when only data
tables changed, the graph need not be read again whole: the quads those tables gave (read again
from the copies kept with the published version) are replaced by the quads they give now. Each
store version keeps a copy of the files of such sources, ``<version>/release-files/<source
id>/``, to compare with and to read the old quads from.

Whether a source is updated so or read whole is the plan's decision (``plan.py``); here are the
facts it decides by (:func:`table_changes`) and the update itself.

An update that changes none of the rows the occupation features are read from (the feature
queries give the same rows for what the changed tables gave and give now) keeps the graph's
``ss:featuresFingerprint``, so the similarity derived from those features is kept too.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from skillscape.build.adapters import adapter_for
from skillscape.build.plan import TableChanges
from skillscape.ingest.base import PatchableAdapter
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.model.namespaces import PROV, RDF, SKOS, SS
from skillscape.store.location import COPIES
from skillscape.store.oxigraph import OxigraphStore


@dataclass
class ReleasePatch:
    """What changes in the graph of ``entry``: its quads ``removed`` and ``added``.

    ``features_print``: the graph's ``ss:featuresFingerprint`` as published, to keep when the
    patch changes none of the quads the occupation features are read from (else None: the
    features changed, and the graph's new fingerprint is theirs).
    """

    entry: SourceEntry
    graph: ox.NamedNode
    files: list[str]
    removed: list[ox.Quad]
    added: list[ox.Quad]
    features_print: str | None = None


def patchable(entry: SourceEntry) -> PatchableAdapter | None:
    """The adapter of ``entry`` when its graph can be updated by difference (a folder source of a
    patchable kind), else None."""
    adapter = adapter_for(entry.kind)
    return adapter if isinstance(adapter, PatchableAdapter) and entry.path.is_dir() else None


def copies_folder(version: Path, entry: SourceEntry) -> Path:
    return version / COPIES / entry.id


def keep_copies(version: Path, entries: Sequence[SourceEntry]) -> None:
    """Copy the files of the sources among ``entries`` that can be updated by difference into
    the store ``version``."""
    for entry in entries:
        if patchable(entry) is None:
            continue
        target = copies_folder(version, entry)
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for path in entry.path.iterdir():
            if path.is_file():
                shutil.copyfile(path, target / path.name)


def _digests(adapter: PatchableAdapter, folder: Path) -> dict[str, str]:
    return {adapter.table_name(p): file_sha256(p) for p in folder.iterdir() if p.is_file()}


def table_changes(
    entry: SourceEntry, published: Path, fingerprint_of: Callable[[str], str]
) -> TableChanges | None:
    """How the tables of ``entry`` differ from the copies kept with the ``published`` version
    (None: it cannot be updated by difference, or no copies were kept). ``fingerprint_of``: the
    fingerprint of the source's graph for a sha256 of its files (here, of the copies)."""
    adapter = patchable(entry)
    copies = copies_folder(published, entry)
    if adapter is None or not copies.is_dir():
        return None
    before, now = _digests(adapter, copies), _digests(adapter, entry.path)
    changed = [name for name in now if name in before and now[name] != before[name]]
    unpatchable = [name for name in changed if name not in adapter.patchable_tables]
    rows, copies_print = 0, ""
    if changed and not unpatchable:  # else it is read whole: no need to count or hash more
        paths = {adapter.table_name(p): p for p in entry.path.iterdir() if p.is_file()}
        rows = sum(adapter.table_rows(paths[name]) for name in changed)
        changed.sort(key=adapter.patchable_tables.index)
        copies_print = fingerprint_of(file_sha256(copies))
    return TableChanges(
        same_tables=before.keys() == now.keys(),
        changed=tuple(changed),
        unpatchable=tuple(unpatchable),
        rows=rows,
        copies_fingerprint=copies_print,
    )


def compute_patch(
    entry: SourceEntry,
    graph: ox.NamedNode,
    published: OxigraphStore,
    published_path: Path,
    files: list[str],
    now: dt.datetime,
) -> ReleasePatch | None:
    """The quads the tables ``files`` gave (from the copies) and give now, as a patch of
    ``graph``; None when the published graph does not hold the quads the copies give (then read
    it whole)."""
    adapter = patchable(entry)
    assert adapter is not None, f"{entry.id} cannot be updated by difference"
    old = adapter.read_tables(entry, graph, now, files, folder=copies_folder(published_path, entry))
    # the documents were read at another time: take their read time as the store holds it
    documents = {q.subject for q in old if q.predicate == RDF.type and q.object == SS.SourceDocument}
    old = [q for q in old if not (q.predicate == SS.readAt and q.subject in documents)]
    for document in documents:
        old.extend(published.raw.quads_for_pattern(document, SS.readAt, None, graph))
    new = adapter.read_tables(entry, graph, now, files)
    old_set, new_set = set(old), set(new)
    removed = [q for q in dict.fromkeys(old) if q not in new_set]
    if not all(q in published.raw for q in removed):
        return None
    added = [q for q in dict.fromkeys(new) if q not in old_set]
    kept = None
    if _feature_rows(old, published, graph) == _feature_rows(new, published, graph):
        for quad in published.raw.quads_for_pattern(graph, SS.featuresFingerprint, None, graph):
            kept = quad.object.value if isinstance(quad.object, ox.Literal) else None
    return ReleasePatch(entry, graph, files, removed, added, kept)


def _feature_rows(quads: list[ox.Quad], published: OxigraphStore, graph: ox.NamedNode) -> object:
    """What the occupation features read of the rows of the changed files (``quads``: what the
    files give), in a store holding those quads, the types the published graph gives the nodes
    they describe without typing them, and the notations of the nodes they point to (the scale
    of a rating is matched by its notation)."""
    from skillscape.pathways.features import feature_quads, feature_rows

    raw = published.raw
    subjects = {q.subject for q in quads}
    untyped = subjects - {q.subject for q in quads if q.predicate == RDF.type}
    pointed = {q.object for q in quads if isinstance(q.object, ox.NamedNode | ox.BlankNode)} - subjects
    context = [
        *(t for node in untyped for t in raw.quads_for_pattern(node, RDF.type, None, graph)),
        *(n for node in pointed for n in raw.quads_for_pattern(node, SKOS.notation, None, graph)),
    ]
    store = OxigraphStore()
    try:
        store.raw.extend(feature_quads([*quads, *context]))
        return feature_rows(store, graph.value)
    finally:
        store.close()


def graph_metadata_quads(store: OxigraphStore, graph: ox.NamedNode) -> list[ox.Quad]:
    """The quads a build wrote about ``graph`` itself (and the build activity it names)."""
    raw = store.raw
    quads = list(raw.quads_for_pattern(graph, None, None, graph))
    for activity in [q.object for q in quads if q.predicate == PROV.wasGeneratedBy]:
        if isinstance(activity, ox.NamedNode):
            quads.extend(raw.quads_for_pattern(activity, None, None, graph))
    return quads


def apply_patch(store: OxigraphStore, patch: ReleasePatch, metadata: Sequence[ox.Quad]) -> None:
    """Apply ``patch`` to ``store`` and replace the graph's build metadata with ``metadata``
    (and the header the adapter writes on the graph)."""
    raw = store.raw
    for quad in [*patch.removed, *graph_metadata_quads(store, patch.graph)]:
        raw.remove(quad)
    adapter = patchable(patch.entry)
    header = adapter.graph_header(patch.entry, patch.graph) if adapter is not None else []
    store.load([*patch.added, *header, *metadata])


__all__ = [
    "ReleasePatch",
    "apply_patch",
    "compute_patch",
    "copies_folder",
    "keep_copies",
    "patchable",
    "table_changes",
]
