"""Where the published store lives, the atomic swap that publishes a new one, the lock that lets
one build at a time write there, and the leases that keep a version while a process reads it.

``SKILLSCAPE_STORE`` (e.g. ``data/build/store``) is a symbolic link to one version folder
``<store>.versions/<stamp>``. A build writes a new version beside it and, only once the
new graph has validated, replaces the link in one ``rename`` — so readers see either the
old graph or the new one, and a failed build leaves the old one in place.

**One build at a time.** A build holds an exclusive ``flock`` on ``<store>.lock`` (beside the
link) from start to end; a second build finds it taken and stops with :class:`StoreBusy`
(or waits for it, when asked to). The kernel drops the lock when its holder ends, however it
ends, so a killed build never leaves the location locked.

**Versions kept while read.** A process reading a version holds a shared ``flock`` on the
file ``.lease`` inside it (:meth:`StoreLocation.lease`). A version is removed only by whoever
gets an exclusive lock on that file without waiting: a version some process holds is skipped,
and removed by a later build once nobody holds it. The lease ends with the process holding
it, too (a killed reader leaves no lease behind); a child process forked while a lease is
held shares it until it exits.

Removing a version renames it out of the way first, under its exclusive lock, so a reader
never leases a version that is on its way out: after taking its shared lock a reader checks
that the lease file it locked is still the one at the version's path, and otherwise tries
again (with the version the link now names).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from skillscape.store.base import StoreError

#: the file inside a version folder that readers hold a shared lock on
LEASE_FILE = ".lease"
#: the folder inside a version folder holding copies of the source files it was read from (per
#: source id), which a later build compares with and a trace reads rows back from
COPIES = "release-files"
#: the suffix of a version folder being removed (renamed so that no reader can lease it)
REMOVING_SUFFIX = ".removing"
#: how many times :meth:`StoreLocation.lease` looks at the link again when the version it
#: named was replaced and removed in between
LEASE_ATTEMPTS = 20


class StoreBusy(StoreError):
    """Another build holds the store location; this one did nothing."""


class VersionLease:
    """A shared hold on one version folder: while it is held, no build removes the folder.

    ``path`` is the version folder, ``version_id`` its name. ``release()`` (or leaving the
    ``with`` block, or closing the store that holds it) lets it go; releasing twice is harmless.
    ``held`` is False only for a version on a read-only file system (no lease file can be
    made there, and no build can remove anything there either).
    """

    def __init__(self, path: Path, handle: BinaryIO | None) -> None:
        self.path = path
        self._handle = handle
        self.held = handle is not None

    @property
    def version_id(self) -> str:
        return self.path.name

    @property
    def released(self) -> bool:
        return self._handle is None

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()  # closing the file drops the flock

    def __enter__(self) -> VersionLease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"VersionLease({str(self.path)!r}, held={self.held and not self.released})"


class StoreLocation:
    def __init__(self, path: Path | str) -> None:
        self.link = Path(path)
        self.versions = self.link.parent / (self.link.name + ".versions")
        self.lock_file = self.link.parent / (self.link.name + ".lock")

    def current(self) -> Path | None:
        """The published version folder, or None if nothing was published yet."""
        if self.link.is_symlink():
            target = self.link.resolve()
            return target if target.is_dir() else None
        if self.link.is_dir():  # a plain folder put there by hand or by an older layout
            return self.link
        return None

    def current_version_id(self) -> str | None:
        """The name of the published version folder (e.g. ``20261203T101716080226Z``), or None if
        nothing was published yet. It changes with every publish: a reader compares it with the
        ``version_id`` of its lease to know whether a newer version is out (a few µs: cheap
        enough to ask before every request)."""
        try:
            target = os.path.join(self.link.parent, os.readlink(self.link))
        except OSError:  # no link: nothing published, or a plain folder
            current = self.current()
            return current.name if current is not None else None
        return os.path.basename(target) if os.path.isdir(target) else None

    # --- one build at a time -------------------------------------------------------------

    @contextlib.contextmanager
    def lock(
        self, *, wait: bool = False, waiting: Callable[[str], None] | None = None
    ) -> Iterator[StoreLocation]:
        """Hold the location's build lock for the ``with`` block.

        Taken: :class:`StoreBusy` at once, naming the holder; with ``wait``, wait for it instead
        (``waiting`` is told once, with the same words, that it waits)."""
        self.lock_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_file, "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(handle)
                if not wait:
                    raise StoreBusy(
                        f"another build is writing the store at {self.link} ({holder}); "
                        "nothing was done: run this one again when it has finished, or pass --wait"
                    ) from None
                if waiting is not None:
                    waiting(f"waiting for another build of {self.link} to finish ({holder})")
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.seek(0)
            handle.truncate()
            started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
            handle.write(f"pid {os.getpid()}, started {started}\n".encode())
            handle.flush()
            try:
                yield self
            finally:
                handle.seek(0)
                handle.truncate()
                handle.flush()
                # closing the file (leaving ``with open``) releases the lock

    def _holder(self, handle: BinaryIO) -> str:
        handle.seek(0)
        text = handle.read(200).decode("utf-8", "replace").strip()
        return text or "process unknown"

    # --- versions ------------------------------------------------------------------------

    def new_version(self) -> Path:
        """A fresh version path to build into (not created yet: a store or a backup creates it)."""
        self.versions.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return self.versions / stamp

    def publish(self, version: Path) -> None:
        """Point the link at ``version`` atomically, then remove the versions no longer needed:
        all but ``version`` and the one it replaces, and those a process holds a lease on.
        Call it holding :meth:`lock`."""
        previous = self.current()
        if self.link.exists() and not self.link.is_symlink():
            # adopt a plain folder as a version so the link can take its place
            adopted = self.versions / ("adopted-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f"))
            self.versions.mkdir(parents=True, exist_ok=True)
            self.link.rename(adopted)
            previous = adopted
        # readers that may not create files there can still lease it
        (version / LEASE_FILE).touch(exist_ok=True)
        temporary = self.link.parent / (self.link.name + ".swap")
        if temporary.is_symlink() or temporary.exists():
            temporary.unlink()
        temporary.symlink_to(os.path.relpath(version, self.link.parent))
        os.replace(temporary, self.link)
        self._prune(keep={version, previous} if previous else {version})

    def discard(self, version: Path) -> None:
        """Remove a version that failed to build or validate (never published, so never leased)."""
        shutil.rmtree(version, ignore_errors=True)

    def remove_unused(self) -> list[Path]:
        """Remove what ``<store>.versions`` holds besides the published version and the versions
        a process holds a lease on: versions replaced since, and what killed builds left (never
        published). Return what was removed. Call it holding :meth:`lock`, before starting a
        new version."""
        current = self.current()
        return self._prune(keep={current} if current is not None else set())

    def lease(self, version: Path | str | None = None) -> VersionLease:
        """A shared lease on a version: while it is held no build removes the version.

        ``version``: None for the published version (if a build replaces and removes it in
        the instant between reading the link and taking the lease, the lease is taken on the
        version the link names then); a version id (a folder name under ``<store>.versions``)
        or a version folder for that version. Raises :class:`StoreError` when nothing is
        published, or the version asked for is no longer there.
        """
        if version is not None:
            path = version if isinstance(version, Path) else self.versions / version
            if isinstance(version, str) and (not version or "/" in version or version.startswith(".")):
                raise StoreError(f"no version {version!r} in {self.versions}")
            taken = self._try_lease(path)
            if taken is None:
                raise StoreError(
                    f"no version {path.name} in {path.parent}: it was removed or never published"
                )
            return taken
        for _ in range(LEASE_ATTEMPTS):
            current = self.current()
            if current is None:
                raise StoreError(f"no store at {self.link}: run `skillscape build` first")
            taken = self._try_lease(current)
            if taken is not None:
                return taken
            time.sleep(0.01)
        raise StoreError(f"the store at {self.link} kept changing while it was being opened; try again")

    def is_leased(self, version: Path) -> bool:
        """Whether some process holds a lease on ``version`` (a version folder)."""
        try:
            handle = open(version / LEASE_FILE, "rb")  # noqa: SIM115 - closed below
        except OSError:
            return False
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False

    def _try_lease(self, path: Path) -> VersionLease | None:
        lease_path = path / LEASE_FILE
        handle: BinaryIO
        try:
            handle = open(lease_path, "ab")  # noqa: SIM115 - the lease owns it
        except FileNotFoundError:
            return None  # the folder is gone (or on its way out)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreError(f"cannot take a lease on the store version {path}: {exc}") from exc
            # a reader that may not write there (another user, a read-only mount) locks it read-only
            try:
                handle = open(lease_path, "rb")  # noqa: SIM115 - the lease owns it
            except FileNotFoundError:
                if not path.is_dir():
                    return None
                if exc.errno == errno.EROFS:
                    return VersionLease(path, None)  # nothing can remove it from there either
                raise StoreError(f"cannot take a lease on the store version {path}: {exc}") from exc
        try:
            # waits only while a build removes this very version (or looks whether it is held)
            fcntl.flock(handle, fcntl.LOCK_SH)
            here = os.stat(lease_path)
        except FileNotFoundError:
            handle.close()  # removed while this waited
            return None
        mine = os.fstat(handle.fileno())
        if (here.st_dev, here.st_ino) != (mine.st_dev, mine.st_ino):
            handle.close()  # removed and something else put in its place
            return None
        return VersionLease(path, handle)

    def _prune(self, keep: set[Path]) -> list[Path]:
        keep_resolved = {p.resolve() for p in keep if p is not None}
        if not self.versions.is_dir():
            return []
        removed = []
        for child in sorted(self.versions.iterdir()):
            if child.resolve() not in keep_resolved and self._remove(child):
                removed.append(child)
        return removed

    def _remove(self, child: Path) -> bool:
        """Remove one entry of ``<store>.versions`` unless a process holds a lease on it."""
        if child.is_symlink() or not child.is_dir():
            child.unlink(missing_ok=True)  # e.g. a killed build's temporary file
            return True
        if child.name.endswith(REMOVING_SUFFIX):
            shutil.rmtree(child, ignore_errors=True)  # a removal cut short
            return True
        try:
            handle = open(child / LEASE_FILE, "ab")  # noqa: SIM115 - closed below
        except OSError:
            shutil.rmtree(child, ignore_errors=True)
            return True
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # read by some process: kept until nobody holds it
            # out of the way first, so that no reader can lease it once this lock is dropped
            doomed = child.with_name(f".{child.name}{REMOVING_SUFFIX}")
            try:
                os.rename(child, doomed)
            except OSError:
                doomed = child
            shutil.rmtree(doomed, ignore_errors=True)
        return True
