"""Update an O*NET release graph by difference when only some of its data files changed.

Each quad of a release graph comes from one file of the release, and what a data file gives
depends on that file and the release's reference files only (:data:`onet.REFERENCE_FILES`).
So when only data files changed, the graph need not be read again whole: the quads those
files gave (read again from the copies kept with the published version) are replaced by the
quads they give now. Each store version keeps a copy of the release files it was read from,
``<version>/release-files/<source id>/``, to compare with and to read the old quads from.

When a reference file, the Read Me or an unmapped file changed, a file was added or removed,
no copies were kept, or the changed files are large (:data:`PATCH_LIMIT_ROWS`), the release is
read whole, as before.

An update that changes none of the rows the occupation features are read from (the feature
queries give the same rows for what the changed files gave and give now) keeps the release's
``ss:featuresFingerprint``, so the similarity derived from those features is kept too.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from skillscape.ingest import onet
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.ingest.onet_table import official_name, read_bytes
from skillscape.model.namespaces import PROV, RDF, SKOS, SS
from skillscape.store.oxigraph import OxigraphStore

COPIES = "release-files"


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


#: an update by difference only when the changed files have at most this many rows together.
#: Statement IRIs carry the file's sha256, so a changed file re-keys every quad of every row
#: (about 20 a row) and each goes out of the on-disk store and in again, one transaction per
#: quad, and is validated again. A change to Skills (62,580 rows, 1.2 M quads) took 210 s so,
#: against about 120 s to read the release whole.
PATCH_LIMIT_ROWS = 10_000


def copies_folder(version: Path, entry: SourceEntry) -> Path:
    return version / COPIES / entry.id


def keep_copies(version: Path, entries: Sequence[SourceEntry]) -> None:
    """Copy the files of the O*NET releases among ``entries`` into the store ``version``."""
    for entry in entries:
        if entry.kind != onet.KIND or not entry.path.is_dir():
            continue
        target = copies_folder(version, entry)
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for path in entry.path.iterdir():
            if path.is_file():
                shutil.copyfile(path, target / path.name)


def _digests(folder: Path) -> dict[str, str]:
    return {official_name(p): file_sha256(p) for p in folder.iterdir() if p.is_file()}


def changed_files(entry: SourceEntry, published: Path) -> list[str] | None:
    """The data files of the release that differ from the copies kept with the ``published``
    version, or None when the release must be read whole."""
    if entry.kind != onet.KIND:
        return None
    copies = copies_folder(published, entry)
    if not copies.is_dir() or not entry.path.is_dir():
        return None
    before, now = _digests(copies), _digests(entry.path)
    if before.keys() != now.keys():
        return None
    changed = [name for name in now if now[name] != before[name]]
    if not changed or any(name not in onet.PATCHABLE_FILES for name in changed):
        return None
    paths = {official_name(p): p for p in entry.path.iterdir() if p.is_file()}
    if sum(read_bytes(paths[name]).count(b"\n") for name in changed) > PATCH_LIMIT_ROWS:
        return None
    return sorted(changed, key=onet.PATCHABLE_FILES.index)


def compute_patch(
    entry: SourceEntry,
    graph: ox.NamedNode,
    published: OxigraphStore,
    published_path: Path,
    files: list[str],
    now: dt.datetime,
) -> ReleasePatch | None:
    """The quads ``files`` gave (from the copies) and give now, as a patch of ``graph``; None
    when the published graph does not hold the quads the copies give (then read it whole)."""
    old = onet.read_release_files(entry, graph, now, files, folder=copies_folder(published_path, entry))
    # the documents were read at another time: take their read time as the store holds it
    documents = {q.subject for q in old if q.predicate == RDF.type and q.object == SS.SourceDocument}
    old = [q for q in old if not (q.predicate == SS.readAt and q.subject in documents)]
    for document in documents:
        old.extend(published.raw.quads_for_pattern(document, SS.readAt, None, graph))
    new = onet.read_release_files(entry, graph, now, files)
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
    (and the release header)."""
    raw = store.raw
    for quad in [*patch.removed, *graph_metadata_quads(store, patch.graph)]:
        raw.remove(quad)
    header = onet.header_quads(patch.graph, onet.release_name(patch.entry))
    store.load([*patch.added, *header, *metadata])


__all__ = [
    "ReleasePatch",
    "apply_patch",
    "changed_files",
    "compute_patch",
    "copies_folder",
    "keep_copies",
]
