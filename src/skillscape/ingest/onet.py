"""An O*NET database release (a folder of tab-delimited files) → one named graph.

Each file of the release is an ``ss:SourceDocument`` (its name and the sha256 of the official,
uncompressed file; ``.txt.gz`` copies are read transparently), and every statement is derived
from one row of it (an RFC 7111 ``row=N`` passage; the header is row 1).

What each file becomes:

* ``Scales Reference`` — ``ss:MeasurementScale`` ``onet-<Scale ID>`` with its bounds.
* ``Content Model Reference`` — a concept per element (``skos:notation`` = Element ID,
  ``skos:definition``, ``skos:broader`` its parent element). Elements at the descriptor level of
  their domain (see :mod:`skillscape.ingest.onet_statements`) are the shared descriptor nodes
  ``iri.descriptor(kind, name)``; the others (categories, education and training elements,
  organisational context …) are ``iri.element(id)`` nodes of class ``ss:Descriptor``.
* ``Occupation Data`` — the occupations (title → ``skos:prefLabel``), each description an
  ``ss:DescriptionClaim``.
* ``IWA Reference`` / ``DWA Reference`` — intermediate and detailed work activities,
  ``skos:broader`` up to their work activity; ``UNSPSC Reference`` — the commodities
  (``ss:TechnologySkill``, notation = commodity code).
* ``Task Statements`` — ``ss:Task`` at ``iri.onet_task(release, Task ID)``; ``Emerging Tasks`` —
  ``ss:EmergingTask`` (a revision links to the task it revises with ``ss:task``);
  ``Tasks to DWAs`` — ``ss:TaskActivityLink``.
* ``Alternate Titles`` / ``Sample of Reported Titles`` — ``ss:ReportedTitleClaim``
  (``ss:aspect`` "alternate title" / "reported title"); ``Job Zones`` — ``ss:JobZoneClaim``.
* ``Skills``, ``Knowledge``, ``Work Styles`` (both the 29.1 and the 30.1 layouts),
  ``Interests``, ``Work Values``, ``Education, Training, and Experience`` — ``ss:Rating``; an
  education/training/experience category is ``ss:responseCategory`` (its label from the
  Categories file) with ``ss:rank`` = the category number.
* ``Level Scale Anchors`` — per descriptor, its level scale: an ``ss:ProficiencyScale``
  (``ss:descriptor`` the descriptor, ``ss:scale`` the measurement scale of the anchors, e.g. LV
  0–7) whose levels (``ss:ProficiencyLevel``) are the anchor values (``ss:rank`` = the value), each
  anchor an ``ss:LevelAnchor`` (``ss:level``, ``ss:descriptor``, ``ss:text``) derived from its row.
* ``Technology Skills`` / ``Tools Used`` — ``ss:TechnologySkillStatement`` (``ss:aspect``
  "technology" / "tool"; notation = commodity code; example → ``ss:Product``).

Nothing is dropped silently: a row whose occupation code is invalid or not in Occupation Data,
whose element, scale, category, task, DWA or commodity is not in the release's reference
files, becomes an ``ss:IngestIssue`` (severity "error") instead of its statement; a file of the
folder this adapter has no mapping for becomes a "warning" issue. A file that is cut off or
whose columns are shifted is a :class:`SourceError` (see :mod:`skillscape.ingest.onet_table`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import PatchableAdapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.onet_emit import KIND, Element, ReleaseContext, TableEmitter
from skillscape.ingest.onet_layouts import LAYOUTS, NEEDS, REFERENCE_FILES, REQUIRED
from skillscape.ingest.onet_statements import HANDLERS, PATCHABLE_FILES, ReleaseStatements
from skillscape.ingest.onet_table import official_name, read_bytes, read_table
from skillscape.model.namespaces import SS

__all__ = [
    "KIND",
    "LAYOUTS",
    "NEEDS",
    "PATCHABLE_FILES",
    "README",
    "REFERENCE_FILES",
    "REQUIRED",
    "Element",
    "OnetReleaseAdapter",
    "TableEmitter",
    "header_quads",
    "read_release_files",
    "release_name",
]

README = "Read Me.txt"
_RELEASE_LINE = re.compile(r"^O\*NET (?P<release>\S+) Database")


class OnetReleaseAdapter(PatchableAdapter):
    """A folder with the tab-delimited files of one O*NET database release."""

    kind: ClassVar[str] = KIND
    version: ClassVar[str] = "1"

    @property
    def patchable_tables(self) -> tuple[str, ...]:
        return PATCHABLE_FILES  # defined below the reader's handlers

    def table_name(self, path: Path) -> str:
        return official_name(path)

    def table_rows(self, path: Path) -> int:
        return read_bytes(path).count(b"\n")

    def read_tables(
        self,
        entry: SourceEntry,
        graph: ox.NamedNode,
        read_at: dt.datetime,
        names: Collection[str],
        folder: Path | None = None,
    ) -> list[ox.Quad]:
        return read_release_files(entry, graph, read_at, names, folder=folder)

    def graph_header(self, entry: SourceEntry, graph: ox.NamedNode) -> list[ox.Quad]:
        return header_quads(graph, release_name(entry))

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        folder = entry.path
        if not folder.is_dir():
            raise SourceError(folder, None, f"source {entry.id!r}: an O*NET release is a folder of files")
        files = _release_files(folder)
        release = _release_name(entry, files.get(README))
        reader = _ReleaseReader(ReleaseContext(release), graph, read_at, files)
        yield from header_quads(graph, release)
        for batch in reader.run():
            yield from batch


def header_quads(graph: ox.NamedNode, release: str) -> list[ox.Quad]:
    """The release (and kind) on the graph itself, so queries can pick a release's graph."""
    return [
        ox.Quad(graph, SS.release, literal(release), graph),
        ox.Quad(graph, SS.documentKind, literal(KIND), graph),
    ]


def release_name(entry: SourceEntry) -> str:
    """The release of ``entry`` (e.g. "30.1"), as :meth:`OnetReleaseAdapter.ingest` names it."""
    return _release_name(entry, _release_files(entry.path).get(README))


def read_release_files(
    entry: SourceEntry,
    graph: ox.NamedNode,
    read_at: dt.datetime,
    names: Collection[str],
    folder: Path | None = None,
) -> list[ox.Quad]:
    """The quads the files ``names`` of the release give in a full read, and only those.

    ``names`` are data files (none of :data:`REFERENCE_FILES`): the reference files are read
    too, for what the data files look up, but their quads are left out. ``folder``: read the
    files there instead of ``entry.path`` (e.g. the copies kept of an earlier version).
    """
    if any(name not in PATCHABLE_FILES for name in names):
        raise ValueError(f"not data files of a release: {sorted(set(names) - set(PATCHABLE_FILES))}")
    files = _release_files(folder or entry.path)
    reader = _ReleaseReader(ReleaseContext(release_name(entry)), graph, read_at, files)
    return [quad for batch in reader.run(only=frozenset(names)) for quad in batch]


def _release_files(folder: Path) -> dict[str, Path]:
    """Official file name → the file in the folder (``X.txt`` or ``X.txt.gz``)."""
    files: dict[str, Path] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name = official_name(path)
        if name in files:
            twice = f"{files[name].name}, {path.name}"
            raise SourceError(path, None, f"{name!r} is in the folder twice ({twice})")
        files[name] = path
    return files


def _release_name(entry: SourceEntry, readme: Path | None) -> str:
    """The release (e.g. "30.1"): the manifest's, checked against the Read Me's first line."""
    stated = None
    if readme is not None:
        text = read_bytes(readme).decode("utf-8", errors="replace")
        match = _RELEASE_LINE.match(text)
        if not match:
            raise SourceError(readme, 1, "expected the release's first line 'O*NET <release> Database'")
        stated = match["release"]
    if entry.release and stated and entry.release != stated:
        raise SourceError(
            readme or entry.path, 1, f"the Read Me is of O*NET {stated}, the manifest says {entry.release}"
        )
    release = entry.release or stated
    if not release:
        raise SourceError(entry.path, None, f"source {entry.id!r}: no release: give release: in the manifest")
    return release


class _ReleaseReader:
    """Reads the files of one release in dependency order, yielding quads in batches.

    Each file is checked against its layout, then handed to its :data:`HANDLERS` method."""

    def __init__(
        self, release: ReleaseContext, graph: ox.NamedNode, read_at: dt.datetime, files: dict[str, Path]
    ) -> None:
        self.ctx = release
        self.graph = graph
        self.read_at = read_at
        self.files = files
        self.statements = ReleaseStatements(release)

    def run(self, only: frozenset[str] | None = None) -> Iterator[list[ox.Quad]]:
        """Every file's quads; with ``only``, the quads of those data files alone (the reference
        files are still read, for what the data files look up)."""
        for name in REQUIRED:
            if name not in self.files:
                folder = next(iter(self.files.values())).parent if self.files else Path(".")
                raise SourceError(folder / name, None, "a required file of the release is missing")
        for name, needs in NEEDS.items():
            for needed in needs:
                if name in self.files and needed not in self.files:
                    raise SourceError(self.files[name], None, f"needs {needed!r} in the same release folder")
        for name, path in self.files.items():
            if only is not None:
                continue
            if name == README:
                yield self._readme(path)
            elif name not in HANDLERS:
                yield self._unknown(path)
        for name, handler in HANDLERS.items():
            found = self.files.get(name)
            if found is None or (only is not None and name not in only and name not in REFERENCE_FILES):
                continue
            table = read_table(found, LAYOUTS[name])
            emit = TableEmitter(table.document, self.graph, self.read_at, self.ctx.release, table)
            if only is None or name in only:
                yield from handler(self.statements, emit)
                yield emit.drain()
            else:
                for _ in handler(self.statements, emit):  # only what it defines for the files in ``only``
                    emit.drain()

    def _readme(self, path: Path) -> list[ox.Quad]:
        document = Document.from_bytes(path.with_name(official_name(path)), read_bytes(path))
        emit = Emitter(
            document, self.graph, KIND, read_at=self.read_at, title=f"O*NET {self.ctx.release}: {README}"
        )
        return emit.quads

    def _unknown(self, path: Path) -> list[ox.Quad]:
        data = read_bytes(path)
        document = Document(path, "", hashlib.sha256(data).hexdigest(), "application/octet-stream")
        emit = TableEmitter(document, self.graph, self.read_at, self.ctx.release)
        emit.issue(
            None,
            None,
            f"{official_name(path)!r} is not read: the O*NET adapter has no mapping for this file",
            severity="warning",
        )
        return emit.quads
