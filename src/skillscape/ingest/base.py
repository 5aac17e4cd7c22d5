"""What an adapter is, and the registry that finds one for a kind or a document."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable
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


def _registry() -> dict[str, type[Adapter]]:
    from skillscape.ingest.adapters import ADAPTERS

    return {adapter.kind: adapter for adapter in ADAPTERS}


def adapter_for(kind: str) -> Adapter:
    registry = _registry()
    if kind not in registry:
        raise KeyError(f"unknown source kind {kind!r}; known kinds: {', '.join(sorted(registry))}")
    return registry[kind]()


def known_kinds() -> list[str]:
    return sorted(_registry())


def detect_kind(document: Document) -> str:
    """The one kind whose adapter recognises ``document``; otherwise a clear error."""
    matches = [kind for kind, adapter in _registry().items() if adapter.detect(document)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownKind(
            document.path,
            None,
            f"document of unknown kind: none of the known kinds ({', '.join(known_kinds())}) "
            "recognises it; pass --kind",
        )
    raise UnknownKind(
        document.path,
        None,
        f"ambiguous document: it looks like each of {', '.join(sorted(matches))}; pass --kind",
    )
