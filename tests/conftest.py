"""Shared fixtures: real stores built by the real build, once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

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


def seed_manifest(folder: Path) -> Path:
    """A manifest of the five seed documents only (paths made absolute), written in ``folder``."""
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    seeds = [dict(raw, path=str((MANIFEST.parent / raw["path"]).resolve())) for raw in data["sources"]]
    seeds = [raw for raw in seeds if Path(raw["path"]).parent == SEED_DIR.resolve()]
    path = folder / "seed-sources.yaml"
    path.write_text(yaml.safe_dump({"sources": seeds}, allow_unicode=True), encoding="utf-8")
    return path


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


#: test folders whose tests share an expensive session fixture (a store built for them, a browser):
#: under pytest-xdist each folder's tests run on one worker, so the fixture is made once
SHARED_FIXTURE_FOLDERS = frozenset({"e2e", "frameworks", "pathways"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(item.path).relative_to(Path(__file__).parent).parts
        if len(parts) > 1 and parts[0] in SHARED_FIXTURE_FOLDERS:
            item.add_marker(pytest.mark.xdist_group(parts[0]))
