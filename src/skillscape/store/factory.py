"""Open the store the settings name: embedded Oxigraph by default, a SPARQL server if configured."""

from __future__ import annotations

from skillscape.settings import Settings
from skillscape.store.base import GraphStore, StoreError
from skillscape.store.location import StoreLocation
from skillscape.store.oxigraph import OxigraphStore


def open_store(settings: Settings) -> GraphStore:
    """A read-only handle on the published graph."""
    if settings.sparql_endpoint:
        from skillscape.store.remote import RemoteStore

        return RemoteStore.from_settings(settings)
    current = StoreLocation(settings.store_path).current()
    if current is None:
        raise StoreError(f"no store at {settings.store_path}: run `skillscape build` first")
    return OxigraphStore(current, read_only=True)
