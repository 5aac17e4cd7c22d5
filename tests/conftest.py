"""Shared fixtures: real stores built by the real build, once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from skillscape.build import build
from skillscape.ingest.manifest import SourceEntry, load_manifest
from skillscape.resources import repository_root
from skillscape.settings import Settings

ROOT = repository_root() or Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "data" / "sources" / "sources.yaml"
SEED_DIR = ROOT / "data" / "sources" / "seeds"


def seed_entries() -> list[SourceEntry]:
    """The manifest's entries for the five seed documents."""
    return [e for e in load_manifest(MANIFEST) if e.path.parent == SEED_DIR.resolve()]


def make_settings(tmp: Path) -> Settings:
    return Settings(data_dir=tmp / "data", store=tmp / "store", sources_manifest=MANIFEST)


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose store holds the five seed documents, built and validated by `build`."""
    settings = make_settings(tmp_path_factory.mktemp("seed-build"))
    build(settings, entries=seed_entries())
    return settings


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty store location."""
    return make_settings(tmp_path)


@pytest.fixture(scope="session")
def build_seeds() -> Callable[[Settings], object]:
    return lambda settings: build(settings, entries=seed_entries())
