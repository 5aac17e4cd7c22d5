"""What must stay the same for a graph of the published version to be kept as it is."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from skillscape import __version__
from skillscape.build.adapters import adapter_for
from skillscape.ingest.manifest import SourceEntry, file_sha256
from skillscape.resources import ontology_path, resource_dir


def fingerprint(entry: SourceEntry, sha256: str, used: Sequence[str] = ()) -> str:
    """What must stay the same for a source's graph to be reused (``used``: the sha256 of the
    sources it is read against, in the order of ``entry.uses``)."""
    adapter = adapter_for(entry.kind)
    key = "|".join(
        (sha256, entry.kind, adapter.version, __version__, repr(sorted(entry.options.items())), *used)
    )
    return hashlib.sha256(key.encode()).hexdigest()


def used_digests(entry: SourceEntry, digests: Mapping[str, str]) -> list[str]:
    """The sha256 of what ``entry`` is read against: the files of other sources it pins, when it
    pins them (so a change to another file of, say, an O*NET release leaves it as it is), else
    the sources in ``entry.uses``."""
    files = adapter_for(entry.kind).pinned_files(entry)
    if files is not None:
        return [file_sha256(path) for path in files]
    return [digests[source] for source in entry.uses]


def ontology_fingerprint() -> str:
    return hashlib.sha256(ontology_path().read_bytes()).hexdigest()


def shapes_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(resource_dir("shapes").glob("*.ttl")):
        digest.update(path.read_bytes())
    digest.update(ontology_path().read_bytes())
    return digest.hexdigest()


__all__ = ["fingerprint", "ontology_fingerprint", "shapes_fingerprint", "used_digests"]
