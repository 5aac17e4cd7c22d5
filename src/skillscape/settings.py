"""Configuration: the one place settings are read (environment variables ``SKILLSCAPE_*``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from skillscape.resources import repository_root


def _default_data_dir() -> Path:
    root = repository_root()
    return (root / "data") if root else Path.cwd() / "data"


class Settings(BaseSettings):
    """Every setting has a safe default; override with ``SKILLSCAPE_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SKILLSCAPE_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir, description="Folder with sources/ and build/.")
    store: Path | None = Field(default=None, description="Store path (a link to the published version).")
    sources_manifest: Path | None = Field(default=None, description="The sources manifest (sources.yaml).")

    # remote store (a SPARQL 1.1 server) instead of the embedded one
    sparql_endpoint: str | None = None
    sparql_update_endpoint: str | None = None
    graph_store_endpoint: str | None = None
    sparql_user: str | None = None
    sparql_password: str | None = None
    #: how the credentials are sent: HTTP basic, or digest (Virtuoso's /sparql-graph-crud-auth)
    sparql_auth: Literal["basic", "digest"] = "basic"
    #: graphs the server keeps for itself (e.g. Virtuoso's system graphs), never part of the dataset
    sparql_ignored_graphs: list[str] = Field(default_factory=list)

    # public SPARQL endpoint limits
    query_timeout_seconds: float = 10.0
    query_row_limit: int = 10_000
    max_body_bytes: int = 1_048_576
    query_workers: int = 4
    query_queue: int = 16
    # resident memory one public query worker may reach (default: 4 workers in a quarter of 24 GiB)
    query_memory_mib: int = Field(default=1536, ge=64)
    # queries longer or more deeply nested than this are refused (400) before they reach a worker
    max_query_chars: int = Field(default=65_536, ge=64)
    max_query_depth: int = Field(default=64, ge=4)
    # how often the server looks for a newly published store version (embedded store)
    version_check_seconds: float = Field(default=1.0, ge=0)
    query_cache_entries: int = 4096  # REST lookups answered from memory (0: off)
    pathway_cache_entries: int = 1024  # encoded adjacent / pivots answers kept (0: off)
    service_allow_list: list[str] = Field(default_factory=list)
    cors_origins: list[str] = Field(default_factory=list)

    # build: processes reading sources beside the one loading them (unset: two for large sources)
    ingest_processes: int | None = Field(default=None, ge=0)
    # build: validation processes (0: one per core for a large graph, one for a small one)
    validation_workers: int = Field(default=0, ge=0)

    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def store_path(self) -> Path:
        return self.store if self.store is not None else self.data_dir / "build" / "store"

    @property
    def manifest_path(self) -> Path:
        if self.sources_manifest is not None:
            return self.sources_manifest
        return self.data_dir / "sources" / "sources.yaml"


def get_settings() -> Settings:
    return Settings()
