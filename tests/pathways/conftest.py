"""A small but real store for the pathway tests, built once per session by the real build.

The sources are the real rows of ten occupations: an O*NET 30.1 release cut down to them
(every reference file whole), their rows of the Eloundou et al. occupation-level exposure table
and of the Anthropic Economic Index wage table, plus the seed documents (the O*NET profile of
25-4031.00 with its related occupations and wages, and the skills framework with the
proficiency levels the curriculum uses). The build reads them, derives the occupation
similarities and validates the whole graph, as `skillscape build` does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from skillscape.build import BuildReport, build
from skillscape.ingest.document import Document
from skillscape.ingest.manifest import SourceEntry
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import MANIFEST, make_settings, seed_entries
from tests.onet_fixtures import read_rows, release_entry, write_release

CODES = (
    "25-4031.00",  # Library Technicians (the seed occupation)
    "43-4121.00",  # Library Assistants, Clerical
    "25-4022.00",  # Librarians and Media Collections Specialists (no wage in the AEI table)
    "43-9061.00",  # Office Clerks, General
    "43-4171.00",  # Receptionists and Information Clerks
    "43-4071.00",  # File Clerks
    "43-3071.00",  # Tellers
    "29-1141.00",  # Registered Nurses
    "47-2031.00",  # Carpenters
    "15-1252.00",  # Software Developers (no wage in the AEI table)
)
RELEASE = "30.1"
WHOLE = (
    "Scales Reference.txt",
    "Content Model Reference.txt",
    "IWA Reference.txt",
    "DWA Reference.txt",
    "UNSPSC Reference.txt",
    "Level Scale Anchors.txt",
)
PER_OCCUPATION = (
    "Occupation Data.txt",
    "Task Statements.txt",
    "Tasks to DWAs.txt",
    "Skills.txt",
    "Knowledge.txt",
    "Work Styles.txt",
    "Technology Skills.txt",
    "Tools Used.txt",
    "Job Zones.txt",
    "Alternate Titles.txt",
)
EXPOSURE = MANIFEST.parent / "aiexposure" / "eloundou_gpts_are_gpts" / "occ_level.csv"
WAGES = MANIFEST.parent / "aiexposure" / "anthropic_economic_index" / "release_2025_02_10" / "wage_data.csv"


def release_rows(codes: tuple[str, ...] = CODES) -> dict[str, list[list[str]]]:
    """The 30.1 release cut down to ``codes`` (reference files whole), row for row."""
    files: dict[str, list[list[str]]] = {}
    for name in WHOLE:
        header, rows = read_rows(RELEASE, name)
        files[name] = [header, *rows]
    for name in PER_OCCUPATION:
        header, rows = read_rows(RELEASE, name)
        files[name] = [header, *(row for row in rows if row[0] in codes)]
    return files


def csv_rows(path: Path, column: str, codes: tuple[str, ...]) -> str:
    """The header and the rows of ``codes`` of a CSV file, as the file writes them."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    reader = csv.DictReader(io.StringIO("".join(lines)))
    assert reader.fieldnames and column in reader.fieldnames
    kept = [lines[0]]
    for line in lines[1:]:
        row = next(csv.DictReader(io.StringIO(lines[0] + line)))
        if row[column] in codes:
            kept.append(line)
    return "".join(kept)


def onet_option(folder: Path) -> dict[str, object]:
    occupation_data = Document.read(folder / "Occupation Data.txt")
    return {"release": RELEASE, "folder": str(folder), "occupation_data_sha256": occupation_data.sha256}


def small_entries(root: Path, codes: tuple[str, ...] = CODES) -> list[SourceEntry]:
    """Sources for a store of ``codes``: the cut-down release, exposure, wages, the seeds."""
    folder = write_release(root / "onet-30.1", release_rows(codes), release=RELEASE)
    exposure = root / "occ_level.csv"
    exposure.write_text(csv_rows(EXPOSURE, "O*NET-SOC Code", codes), encoding="utf-8")
    wages = root / "wage_data.csv"
    wages.write_text(csv_rows(WAGES, "SOCcode", codes), encoding="utf-8")
    option = {"onet": onet_option(folder)}
    return [
        *seed_entries(),
        release_entry(folder, RELEASE, source_id="onet-30.1"),
        SourceEntry(
            id="eloundou-occupations",
            path=exposure,
            kind="eloundou-occupation-exposure",
            title="GPTs are GPTs: occupation-level exposure (rows of the test occupations)",
            options=option,
        ),
        SourceEntry(
            id="aei-wages",
            path=wages,
            kind="aei-wage-data",
            title="Anthropic Economic Index wage data (rows of the test occupations)",
            options=option,
        ),
    ]


class SmallStore:
    """The settings of the small store, how it was built, and what it was built from."""

    def __init__(self, settings: Settings, entries: list[SourceEntry], report: BuildReport) -> None:
        self.settings = settings
        self.entries = entries
        self.report = report

    def open(self) -> OxigraphStore:
        store = open_store(self.settings)
        assert isinstance(store, OxigraphStore)
        return store


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> SmallStore:
    root = tmp_path_factory.mktemp("pathways")
    entries = small_entries(root / "sources")
    # read in this process: the similarity is then computed from the built store, the way
    # the reader processes' copy is checked against (test_derive)
    settings = make_settings(root).model_copy(update={"ingest_processes": 0})
    report = build(settings, entries=entries)
    return SmallStore(settings, entries, report)


@pytest.fixture
def store(small: SmallStore) -> Iterator[OxigraphStore]:
    with small.open() as handle:
        yield handle
