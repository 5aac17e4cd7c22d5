"""The sources manifest (``data/sources/sources.yaml``): what the build reads, with attribution."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from skillscape.ingest.document import SourceError


@dataclass(frozen=True)
class SourceEntry:
    """One source: a file (or a folder, for a tabular release) and what to say about it."""

    id: str
    path: Path
    kind: str
    title: str = ""
    origin: str = ""
    release: str = ""
    licence: str = ""
    attribution: str = ""
    sha256: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    #: for a folder source (a tabular release): file name → sha256, each verified
    files: dict[str, str] = field(default_factory=dict)
    #: ids of other sources this one is read against (e.g. the O*NET release an exposure
    #: dataset is matched to): their content is part of this source's fingerprint, and their
    #: graphs are validated with this one's
    uses: tuple[str, ...] = ()

    def verify(self) -> str:
        """The sha256 of the file as it is now; a mismatch with the manifest is an error."""
        if not self.path.exists():
            raise SourceError(self.path, None, f"source {self.id!r}: file not found")
        for name, expected in self.files.items():
            member = self.path / name
            if not member.is_file():
                raise SourceError(member, None, f"source {self.id!r}: listed file not found")
            found = file_sha256(member)
            if found != expected:
                raise SourceError(
                    member, None, f"source {self.id!r}: sha256 is {found}, the manifest says {expected}"
                )
        actual = file_sha256(self.path)
        if self.sha256 and actual != self.sha256:
            raise SourceError(
                self.path,
                None,
                f"source {self.id!r}: sha256 is {actual}, the manifest says {self.sha256} "
                "(update sources.yaml if the change is intended)",
            )
        return actual


def file_sha256(path: Path) -> str:
    """sha256 of a file, or of a folder's files (name and content, sorted by name)."""
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(child.relative_to(path).as_posix().encode())
            digest.update(hashlib.sha256(child.read_bytes()).digest())
        return digest.hexdigest()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_KNOWN_KEYS = {
    "id",
    "path",
    "kind",
    "title",
    "origin",
    "release",
    "licence",
    "attribution",
    "sha256",
    "options",
    "files",
    "uses",
}


def load_manifest(path: Path) -> list[SourceEntry]:
    """Read and check the manifest; paths are relative to the manifest's folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(path, None, f"cannot read the sources manifest: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SourceError(path, line, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourceError(path, None, "expected a mapping with a 'sources' list")
    entries: list[SourceEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["sources"], start=1):
        if not isinstance(raw, dict):
            raise SourceError(path, None, f"source #{index} is not a mapping")
        unknown = set(raw) - _KNOWN_KEYS
        if unknown:
            raise SourceError(path, None, f"source #{index}: unknown keys {sorted(unknown)}")
        for key in ("id", "path", "kind"):
            if not raw.get(key):
                raise SourceError(path, None, f"source #{index}: missing {key!r}")
        if raw["id"] in seen:
            raise SourceError(path, None, f"source id {raw['id']!r} appears twice")
        seen.add(raw["id"])
        entries.append(
            SourceEntry(
                id=str(raw["id"]),
                path=(path.parent / str(raw["path"])).resolve(),
                kind=str(raw["kind"]),
                title=str(raw.get("title", "")),
                origin=str(raw.get("origin", "")),
                release=str(raw.get("release", "")),
                licence=str(raw.get("licence", "")),
                attribution=str(raw.get("attribution", "")),
                sha256=str(raw["sha256"]) if raw.get("sha256") else None,
                options=dict(raw.get("options") or {}),
                files={str(k): str(v) for k, v in (raw.get("files") or {}).items()},
                uses=tuple(str(u) for u in raw.get("uses") or ()),
            )
        )
    for entry in entries:
        missing = [used for used in entry.uses if used not in seen]
        if missing:
            raise SourceError(path, None, f"source {entry.id!r} uses unknown source(s) {missing}")
    return entries
