"""Where the project's non-Python resources live (ontology, shapes, queries).

In a source checkout (the usual, editable install) they are the top-level folders of
the repository; in a built wheel they are packaged under ``skillscape/_resources``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    """Return the folder ``name`` (``ontology``, ``shapes`` or ``queries``)."""
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    packaged = _PACKAGE_DIR / "_resources" / name
    if packaged.is_dir():
        return packaged
    raise FileNotFoundError(f"resource folder {name!r} not found (looked in {checkout}, {packaged})")


def query_text(name: str) -> str:
    """The text of the named query ``name`` (``progression``, ``internal/quad-count``): the one
    place ``queries/*.rq`` files are read (:mod:`skillscape.query.named` parses their headers)."""
    path = resource_dir("queries") / f"{name}.rq"
    if not path.is_file():
        raise FileNotFoundError(f"no query file {path}")
    return path.read_text(encoding="utf-8")


def ontology_path() -> Path:
    return resource_dir("ontology") / "skillscape.ttl"


def repository_root() -> Path | None:
    """The checkout's root folder, or None when running from an installed wheel."""
    root = _PACKAGE_DIR.parent.parent
    return root if (root / "pyproject.toml").is_file() else None
