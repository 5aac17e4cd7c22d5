"""Adding one document to the store: a build of the manifest's sources plus that document."""

from __future__ import annotations

from pathlib import Path

from skillscape.build.adapters import adapter_for, detect_kind
from skillscape.build.execute import Progress, build
from skillscape.build.report import BuildReport
from skillscape.ingest.document import Document
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.settings import Settings


def ingest_file(
    settings: Settings,
    path: Path,
    kind: str | None = None,
    progress: Progress | None = None,
    wait: bool = False,
) -> BuildReport:
    """Add one more document to the store: the manifest's sources plus this one."""
    path = path.resolve()
    if kind is None:
        kind = detect_kind(Document.read(path))
    else:
        adapter_for(kind)  # fail early on an unknown kind
    entry = SourceEntry(
        id=f"added-{path.stem}-{file_sha256(path)[:8]}", path=path, kind=kind, title=path.name
    )
    return build(settings, extra=[entry], progress=progress, wait=wait)


__all__ = ["ingest_file"]
