"""Where the published store lives, and the atomic swap that publishes a new one.

``SKILLSCAPE_STORE`` (e.g. ``data/build/store``) is a symbolic link to one version folder
``<store>.versions/<stamp>``. A build writes a new version beside it and, only once the
new graph has validated, replaces the link in one ``rename`` — so readers see either the
old graph or the new one, and a failed build leaves the old one in place.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path


class StoreLocation:
    def __init__(self, path: Path | str) -> None:
        self.link = Path(path)
        self.versions = self.link.parent / (self.link.name + ".versions")

    def current(self) -> Path | None:
        """The published version folder, or None if nothing was published yet."""
        if self.link.is_symlink():
            target = self.link.resolve()
            return target if target.is_dir() else None
        if self.link.is_dir():  # a plain folder put there by hand or by an older layout
            return self.link
        return None

    def new_version(self) -> Path:
        """A fresh version path to build into (not created yet: a store or a backup creates it)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return self.versions / stamp

    def publish(self, version: Path) -> None:
        """Point the link at ``version`` atomically, then remove versions no longer needed."""
        previous = self.current()
        if self.link.exists() and not self.link.is_symlink():
            # adopt a plain folder as a version so the link can take its place
            adopted = self.versions / ("adopted-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f"))
            self.versions.mkdir(parents=True, exist_ok=True)
            self.link.rename(adopted)
            previous = adopted
        temporary = self.link.parent / (self.link.name + ".swap")
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(os.path.relpath(version, self.link.parent))
        os.replace(temporary, self.link)
        self._prune(keep={version, previous} if previous else {version})

    def discard(self, version: Path) -> None:
        """Remove a version that failed to build or validate."""
        shutil.rmtree(version, ignore_errors=True)

    def _prune(self, keep: set[Path]) -> None:
        keep_resolved = {p.resolve() for p in keep if p is not None}
        if not self.versions.is_dir():
            return
        for child in self.versions.iterdir():
            if child.resolve() not in keep_resolved:
                shutil.rmtree(child, ignore_errors=True)
