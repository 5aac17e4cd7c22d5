"""A small but real store for the AI-use and durable-skill tests, built once per session.

The sources are real rows of three occupations: the O*NET 30.1 release cut down to them (every
reference file whole, as the pathway tests cut it), the Anthropic Economic Index release limited
to the task texts that join to them, the Working with AI IWA metrics and the durable-skill
mapping as they are, and the seed documents (the framework of 25-4031.00 with its level-based
AI-use and durable-skill statements). The real build reads them, derives the durable-skill
profiles and validates the whole graph.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from skillscape.build import BuildReport, build
from skillscape.ingest.document import Document
from skillscape.ingest.manifest import SourceEntry, load_manifest
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import MANIFEST, make_settings
from tests.ingest.test_aiexposure import aei_extract
from tests.pathways.conftest import small_entries

CODES = ("25-4031.00", "15-1252.00", "29-1141.00")
ENTRIES = {entry.id: entry for entry in load_manifest(MANIFEST)}
MAPPING = ENTRIES["mapping-onet-durable-skills"]
IWA = ENTRIES["microsoft-working-with-ai-iwa-metrics"]
AEI = ENTRIES["anthropic-economic-index-2025-03-27-tasks"]


@dataclasses.dataclass
class FrameworkStore:
    settings: Settings
    entries: list[SourceEntry]
    report: BuildReport
    release: Path

    def open(self) -> OxigraphStore:
        store = open_store(self.settings)
        assert isinstance(store, OxigraphStore)
        return store


def framework_entries(root: Path) -> tuple[list[SourceEntry], Path]:
    entries = small_entries(root, CODES)
    release = root / "onet-30.1"
    onet = {
        "release": "30.1",
        "folder": str(release),
        "occupation_data_sha256": Document.read(release / "Occupation Data.txt").sha256,
        "task_statements_sha256": Document.read(release / "Task Statements.txt").sha256,
        "iwa_reference_sha256": Document.read(release / "IWA Reference.txt").sha256,
    }
    aei = aei_extract(root / "aei", lambda code: code in CODES)
    entries += [
        MAPPING,
        dataclasses.replace(IWA, options={"onet": onet}, sha256=None, uses=()),
        dataclasses.replace(AEI, path=aei, options={"onet": onet}, sha256=None, files={}, uses=()),
    ]
    return entries, release


@pytest.fixture(scope="session")
def frameworks(tmp_path_factory: pytest.TempPathFactory) -> FrameworkStore:
    root = tmp_path_factory.mktemp("frameworks")
    entries, release = framework_entries(root / "sources")
    settings = make_settings(root).model_copy(update={"ingest_processes": 0})
    report = build(settings, entries=entries)
    return FrameworkStore(settings, entries, report, release)


@pytest.fixture
def store(frameworks: FrameworkStore) -> Iterator[OxigraphStore]:
    with frameworks.open() as handle:
        yield handle
