"""What an adapter is: it reads one kind of source and emits quads, and knows nothing of stores.

The build keeps the table of adapters by kind (``skillscape.build.adapters``)."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter
from skillscape.ingest.manifest import SourceEntry


class Adapter(abc.ABC):
    """Reads one kind of source and emits quads (with provenance) into the source's graph."""

    #: the manifest ``kind`` this adapter reads
    kind: ClassVar[str]
    #: bump when the mapping changes, so unchanged sources are re-read
    version: ClassVar[str] = "1"

    @classmethod
    def detect(cls, document: Document) -> bool:
        """True when ``document`` looks like this kind (used when no kind is given)."""
        return False

    @abc.abstractmethod
    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterable[ox.Quad]:
        """All quads for ``entry`` (a list, or a generator for large sources, so they stream).

        Raise :class:`SourceError` for malformed input; the build then discards the new
        store version, so a half-read source never reaches the published graph.
        """

    def pinned_files(self, entry: SourceEntry) -> list[Path] | None:
        """The files of other sources ``entry`` is read against, when it pins them (by sha256):
        the build then fingerprints the source by these files instead of by the sources in
        ``entry.uses``. None: it pins none."""
        return None


class DocumentAdapter(Adapter):
    """An adapter for one text document: subclasses implement :meth:`parse`."""

    media_type: ClassVar[str] = "text/plain"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> list[ox.Quad]:
        document = Document.read(entry.path, self.media_type)
        emitter = Emitter(document, graph, self.kind, read_at=read_at, title=entry.title or None)
        self.parse(document, emitter)
        return emitter.quads

    @abc.abstractmethod
    def parse(self, document: Document, emit: Emitter) -> None:
        """Emit every statement of ``document``; raise ``document.error(offset, reason)``."""


class UnknownKind(SourceError):
    pass


class PatchableAdapter(Adapter):
    """An adapter for a folder of tables where each data table gives quads that depend on itself
    and the reference tables only: when only data tables changed, the build can update the
    source's graph by difference (replace what those tables gave by what they give now)
    instead of reading the folder whole."""

    @property
    @abc.abstractmethod
    def patchable_tables(self) -> tuple[str, ...]:
        """The data tables, by name, in the order an update reads them."""

    def table_name(self, path: Path) -> str:
        """The name of the table a file of the folder holds."""
        return path.name

    def table_rows(self, path: Path) -> int:
        """The rows (lines) of the table in ``path``."""
        return path.read_bytes().count(b"\n")

    @abc.abstractmethod
    def read_tables(
        self,
        entry: SourceEntry,
        graph: ox.NamedNode,
        read_at: dt.datetime,
        names: Collection[str],
        folder: Path | None = None,
    ) -> list[ox.Quad]:
        """The quads the data tables ``names`` give in a whole read, and only those (``folder``:
        read the files there instead of ``entry.path``)."""

    def graph_header(self, entry: SourceEntry, graph: ox.NamedNode) -> list[ox.Quad]:
        """The quads a whole read writes about the graph itself, outside any table."""
        return []
