"""What a trace adds to the rows of ``provenance``: a row's content, and a derivation.

``trace`` (CLI) and ``/provenance`` (API) answer for every statement a named query returns:

* read from a passage (``provenance``): the quote and offsets, or the row selector with the
  row's cells read back from the verified source file (ingest/rows.py);
* derived by an algorithm (``derivation``, e.g. the similarities ``adjacent`` returns): the
  run, the algorithm's name, version and parameters, the graphs it read, what it relates.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from skillscape.ingest.manifest import load_manifest
from skillscape.ingest.rows import row_content
from skillscape.store.location import COPIES


def source_roots(manifest_path: Path, store_version: Path | None) -> list[Path]:
    """Where source files are kept: the manifest's sources (and its folder), and the copies of the
    O*NET release files kept with the store version."""
    roots: list[Path] = []
    if store_version is not None:
        roots.append(store_version / COPIES)
    if manifest_path.is_file():
        # a broken manifest must not break a trace: the folder is still searched
        with contextlib.suppress(Exception):
            roots.extend(entry.path for entry in load_manifest(manifest_path))
        roots.append(manifest_path.parent)
    return roots


def content_of_row(first: Mapping[str, Any], roots: Sequence[Path]) -> dict[str, str] | None:
    """The cells of the row a provenance record's ``row`` selector names, if the file is at hand."""
    if not first.get("row") or not first.get("identifier") or not first.get("sha256"):
        return None
    return row_content(str(first["identifier"]), str(first["sha256"]), str(first["row"]), roots)


def derivation_of(records: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """One derivation from the rows of the ``derivation`` query (one row per graph the run read)."""
    if not records:
        return None
    first = records[0]

    def related(prefix: str) -> dict[str, Any] | None:
        node = first.get(prefix)
        if node is None:
            return None
        return {"iri": str(node), "code": first.get(f"{prefix}Code"), "title": first.get(f"{prefix}Title")}

    used: dict[str, dict[str, Any]] = {}
    for record in records:
        graph = str(record["used"])
        used.setdefault(
            graph,
            {
                "graph": graph,
                "title": record.get("usedTitle"),
                "release": record.get("release"),
                "sha256": record.get("usedSha256"),
            },
        )
    return {
        "activity": str(first["activity"]),
        "algorithm": str(first["algorithm"]),
        "version": str(first["version"]),
        "parameters": _json(first.get("parameters")),
        "used": list(used.values()),
        "generatedAt": None if first.get("generatedAt") is None else str(first["generatedAt"]),
        "occupation": related("occupation"),
        "target": related("target"),
        "score": None if first.get("score") is None else float(first["score"]),
        "features": _json(first.get("features")) if first.get("features") else None,
        "evidence": None if first.get("evidence") is None else str(first["evidence"]),
    }


def _json(value: object) -> dict[str, Any]:
    try:
        parsed = json.loads(str(value or "{}"))
    except ValueError:
        return {"text": str(value)}
    return parsed if isinstance(parsed, dict) else {"value": parsed}


__all__ = ["content_of_row", "derivation_of", "source_roots"]
