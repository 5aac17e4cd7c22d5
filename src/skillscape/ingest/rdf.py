"""RDF files as sources: curated graphs (mappings, hand-made additions) loaded as they are.

The file is parsed strictly; a syntax error names the file and the line. Statements in it
must already carry their provenance — the build validates them like everything else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import Adapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.manifest import SourceEntry

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


class RdfFileAdapter(Adapter):
    kind: ClassVar[str] = "rdf"

    @classmethod
    def detect(cls, document: Document) -> bool:
        if document.path.suffix.lower() not in FORMATS:
            return False
        try:
            next(iter(ox.parse(document.text.encode(), FORMATS[document.path.suffix.lower()])), None)
        except SyntaxError:
            return False
        return True

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        fmt = FORMATS.get(entry.path.suffix.lower())
        if fmt is None:
            raise SourceError(entry.path, None, f"not an RDF file extension (one of {', '.join(FORMATS)})")
        document = Document.read(entry.path, fmt.media_type)
        try:
            items = list(ox.parse(document.text.encode(), fmt))
        except SyntaxError as exc:
            line = _line_of(str(exc))
            raise SourceError(entry.path, line, f"RDF syntax error: {exc}") from exc
        for item in items:
            yield ox.Quad(item.subject, item.predicate, item.object, graph)


def _line_of(message: str) -> int | None:
    """The line number in pyoxigraph's message ("Parser error at line 3 column 9: …")."""
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
