"""Open the store the settings name: embedded Oxigraph by default, a SPARQL server if configured."""

from __future__ import annotations

from skillscape.settings import Settings
from skillscape.store.base import GraphStore, StoreError
from skillscape.store.location import StoreLocation, VersionLease
from skillscape.store.oxigraph import OxigraphStore


class LeasedOxigraphStore(OxigraphStore):
    """A published version opened read-only, holding a lease on it until closed: no build
    removes the version while this handle is open. ``lease.version_id`` names the version."""

    def __init__(self, lease: VersionLease) -> None:
        self.lease = lease
        super().__init__(lease.path, read_only=True)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.lease.release()


def open_store(settings: Settings) -> GraphStore:
    """A read-only handle on the published graph (the embedded store's holds a lease on the
    version it reads until it is closed)."""
    if settings.sparql_endpoint:
        from skillscape.store.remote import RemoteStore

        return RemoteStore.from_settings(settings)
    location = StoreLocation(settings.store_path)
    if location.current() is None:
        raise StoreError(f"no store at {settings.store_path}: run `skillscape build` first")
    lease = location.lease()
    try:
        return LeasedOxigraphStore(lease)
    except BaseException:
        lease.release()
        raise
