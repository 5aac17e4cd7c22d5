"""O*NET fixtures shared by the ingest and diff tests.

* ``onet_store`` — a store read ONCE per session from the manifest's O*NET 30.1 and 29.1
  releases and the O*NET-SOC structure, by the build's own ``ingest_source``.
* ``read_rows`` — an independent reader of the release files (for counts and expected values).
* ``release_files`` / ``write_release`` — small synthetic releases for bad-input and diff tests.
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from skillscape.build import ingest_source
from skillscape.ingest.manifest import SourceEntry, load_manifest
from skillscape.model import iri
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import MANIFEST

ONET_DIR = MANIFEST.parent / "onet"
SOC_FILE = MANIFEST.parent / "soc" / "onet_soc_2019_structure.csv"
ONET_IDS = ("onet-30.1", "onet-29.1", "onet-soc-2019-structure")

Rows = list[list[str]]


def onet_entries() -> list[SourceEntry]:
    return [e for e in load_manifest(MANIFEST) if e.id in ONET_IDS]


def release_dir(release: str) -> Path:
    return ONET_DIR / release


def read_text(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")


def read_rows(release: str, name: str) -> tuple[list[str], Rows]:
    """Header and data rows of a release file, read with nothing but ``str.split``."""
    folder = release_dir(release)
    path = folder / f"{name}.gz" if (folder / f"{name}.gz").exists() else folder / name
    lines = read_text(path).split("\r\n")
    assert lines[-1] == "", f"{name} does not end with CRLF"
    rows = [line.split("\t") for line in lines[:-1]]
    return rows[0], rows[1:]


def column(release: str, name: str, header_name: str) -> list[str]:
    header, rows = read_rows(release, name)
    at = header.index(header_name)
    return [row[at] for row in rows]


@cache
def _load_full(root: Path) -> Path:
    """Read the O*NET sources into an on-disk store as the build reads them (validation aside)."""
    root.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    activity = iri.build_activity(now.isoformat())
    store = OxigraphStore(root / "store")
    try:
        for entry in onet_entries():
            ingest_source(store, entry, activity, now)
    finally:
        store.close()
    return root / "store"


@pytest.fixture(scope="session")
def onet_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    """The O*NET 30.1 and 29.1 releases and the SOC structure, read ONCE per session.

    The sources go through the build's own ``ingest_source`` (named graph per source, graph
    metadata); the whole-graph validation of ~10 M quads is left to ``skillscape build`` and
    ``benchmarks/build.py`` (it takes minutes), while ``test_onet.py`` builds and validates a
    synthetic release end to end.
    """
    path = _load_full(tmp_path_factory.getbasetemp() / "onet-full")
    store = OxigraphStore(path, read_only=True)
    try:
        yield store
    finally:
        store.close()


# ---------------------------------------------------------------------- synthetic releases

_STATS = ["N", "Standard Error", "Lower CI Bound", "Upper CI Bound", "Recommend Suppress"]
SKILLS_HEADER = [
    "O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value", *_STATS,
    "Not Relevant", "Date", "Domain Source",
]  # fmt: skip

_BASE: dict[str, Rows] = {
    "Scales Reference.txt": [
        ["Scale ID", "Scale Name", "Minimum", "Maximum"],
        ["IM", "Importance", "1", "5"],
        ["LV", "Level", "0", "7"],
        ["RL", "Required Level Of Education (Categories 1-12)", "0", "100"],
        ["WI", "Work Styles Impact", "-3", "3"],
    ],
    "Content Model Reference.txt": [
        ["Element ID", "Element Name", "Description"],
        ["1", "Worker Characteristics", "Worker Characteristics"],
        ["1.D", "Work Styles", "Personal characteristics that can affect how well someone performs a job."],
        ["1.D.3", "Conscientious and Rule Oriented", "Conscientious and Rule Oriented"],
        ["1.D.3.b", "Attention to Detail", "Job requires being careful about detail."],
        ["2", "Worker Requirements", "Worker Requirements"],
        ["2.A", "Basic Skills", "Developed capacities that facilitate learning."],
        ["2.A.1", "Content", "Background structures needed to work with information."],
        ["2.A.1.a", "Reading Comprehension", "Understanding written sentences and paragraphs."],
        ["2.A.1.b", "Active Listening", "Giving full attention to what other people are saying."],
        ["2.D", "Education", "Prior educational experience required."],
        ["2.D.1", "Required Level of Education", "The level of education required."],
        ["4", "Occupational Requirements", "Occupational Requirements"],
        ["4.A", "Generalized Work Activities", "General types of job behaviors."],
        ["4.A.1", "Information Input", "Where and how are the information and data gained?"],
        ["4.A.1.a", "Looking for and Receiving Job-Related Information", "Looking for information."],
        ["4.A.1.a.1", "Getting Information", "Observing, receiving, and otherwise obtaining information."],
    ],
    "Occupation Data.txt": [
        ["O*NET-SOC Code", "Title", "Description"],
        ["25-4031.00", "Library Technicians", "Assist librarians by helping readers."],
        ["43-4121.00", "Library Assistants, Clerical", "Compile records, sort, shelve books."],
    ],
    "IWA Reference.txt": [
        ["Element ID", "IWA ID", "IWA Title"],
        ["4.A.1.a.1", "4.A.1.a.1.I02", "Read documents or materials to inform work processes."],
    ],
    "DWA Reference.txt": [
        ["Element ID", "IWA ID", "DWA ID", "DWA Title"],
        ["4.A.1.a.1", "4.A.1.a.1.I02", "4.A.1.a.1.I02.D01", "Read materials to determine needed actions."],
    ],
    "Task Statements.txt": [
        ["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"],
        ["25-4031.00", "1001", "Issue books to patrons.", "Core", "40", "08/2023", "Incumbent"],
        ["25-4031.00", "1002", "Compile bibliographies.", "Supplemental", "n/a", "08/2023", "Incumbent"],
        ["43-4121.00", "2001", "Sort books for shelving.", "n/a", "n/a", "07/2014", "Analyst"],
    ],
    "Tasks to DWAs.txt": [
        ["O*NET-SOC Code", "Task ID", "DWA ID", "Date", "Domain Source"],
        ["25-4031.00", "1001", "4.A.1.a.1.I02.D01", "03/2014", "Analyst"],
    ],
    "Skills.txt": [
        SKILLS_HEADER,
        [
            "25-4031.00",
            "2.A.1.a",
            "Reading Comprehension",
            "IM",
            "3.75",
            "8",
            "0.1250",
            "3.5",
            "4.0",
            "N",
            "n/a",
            "08/2023",
            "Analyst",
        ],
        [
            "25-4031.00",
            "2.A.1.a",
            "Reading Comprehension",
            "LV",
            "3.88",
            "8",
            "0.1250",
            "3.6",
            "4.1",
            "N",
            "N",
            "08/2023",
            "Analyst",
        ],
        [
            "43-4121.00",
            "2.A.1.b",
            "Active Listening",
            "IM",
            "3.12",
            "n/a",
            "n/a",
            "n/a",
            "n/a",
            "n/a",
            "n/a",
            "08/2023",
            "Analyst",
        ],
    ],
    "Level Scale Anchors.txt": [
        ["Element ID", "Element Name", "Scale ID", "Anchor Value", "Anchor Description"],
        [
            "2.A.1.a",
            "Reading Comprehension",
            "LV",
            "2",
            "Read step-by-step instructions for completing a form",
        ],
        [
            "2.A.1.a",
            "Reading Comprehension",
            "LV",
            "4",
            "Read a memo from management describing new policies",
        ],
        [
            "2.A.1.a",
            "Reading Comprehension",
            "LV",
            "6",
            "Read a scientific journal article describing surgical procedures",
        ],
        ["4.A.1.a.1", "Getting Information", "LV", "1", "Follow a standard blueprint"],
        ["4.A.1.a.1", "Getting Information", "LV", "4", "Review a budget"],
    ],
    "Work Styles.txt": [
        ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value", "Date", "Domain Source"],
        ["25-4031.00", "1.D.3.b", "Attention to Detail", "WI", "2.40", "12/2025", "AI/Expert"],
    ],
    "Education, Training, and Experience Categories.txt": [
        ["Element ID", "Element Name", "Scale ID", "Category", "Category Description"],
        ["2.D.1", "Required Level of Education", "RL", "1", "Less than a High School Diploma"],
        ["2.D.1", "Required Level of Education", "RL", "2", "High School Diploma"],
    ],
    "Education, Training, and Experience.txt": [
        [
            "O*NET-SOC Code",
            "Element ID",
            "Element Name",
            "Scale ID",
            "Category",
            "Data Value",
            *_STATS,
            "Date",
            "Domain Source",
        ],
        [
            "25-4031.00",
            "2.D.1",
            "Required Level of Education",
            "RL",
            "2",
            "55.10",
            "20",
            "4.1",
            "n/a",
            "n/a",
            "N",
            "08/2023",
            "Incumbent",
        ],
    ],
    "UNSPSC Reference.txt": [
        [
            "Commodity Code",
            "Commodity Title",
            "Class Code",
            "Class Title",
            "Family Code",
            "Family Title",
            "Segment Code",
            "Segment Title",
        ],
        [
            "43232202",
            "Document management software",
            "43232200",
            "Content management software",
            "43230000",
            "Software",
            "43000000",
            "Information Technology",
        ],
        [
            "43233501",
            "Electronic mail software",
            "43233500",
            "Information exchange software",
            "43230000",
            "Software",
            "43000000",
            "Information Technology",
        ],
    ],
    "Technology Skills.txt": [
        ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"],
        ["25-4031.00", "Adobe Acrobat", "43232202", "Document management software", "Y", "N"],
        ["25-4031.00", "Microsoft Outlook", "43233501", "Electronic mail software", "Y", "Y"],
        ["43-4121.00", "Microsoft Outlook", "43233501", "Electronic mail software", "N", "N"],
    ],
    "Tools Used.txt": [
        ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title"],
        ["25-4031.00", "Document scanners", "43232202", "Document management software"],
    ],
    "Alternate Titles.txt": [
        ["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"],
        ["25-4031.00", "Library Aide", "n/a", "08"],
        ["25-4031.00", "Circulation Technician", "Circ Tech", "08,10"],
        ["43-4121.00", "Library Clerk", "n/a", "10"],
    ],
    "Sample of Reported Titles.txt": [
        ["O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"],
        ["25-4031.00", "Library Technician", "Y"],
        ["25-4031.00", "Library Associate", "N"],
    ],
    "Job Zones.txt": [
        ["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"],
        ["25-4031.00", "3", "08/2023", "Analyst"],
    ],
    "Emerging Tasks.txt": [
        ["O*NET-SOC Code", "Task", "Category", "Original Task ID", "Original Task", "Date", "Domain Source"],
        ["25-4031.00", "Help patrons with e-readers.", "New", "n/a", "n/a", "08/2024", "Incumbent"],
        [
            "25-4031.00",
            "Compile digital bibliographies.",
            "Revision",
            "1002",
            "Compile bibliographies.",
            "08/2024",
            "Incumbent",
        ],
    ],
}


def release_files() -> dict[str, Rows]:
    """The rows of a small, consistent synthetic release (edit them, then ``write_release``)."""
    return copy.deepcopy(_BASE)


def write_release(
    folder: Path,
    files: dict[str, Rows],
    release: str = "99.1",
    gz: bool = False,
    raw: dict[str, str] | None = None,
) -> Path:
    """Write the files as the official text layout (TAB, CRLF); ``raw`` gives files verbatim."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Read Me.txt").write_text(f"O*NET {release} Database\nJanuary 2099 Release\n", encoding="utf-8")
    texts = {name: "".join("\t".join(row) + "\r\n" for row in rows) for name, rows in files.items()}
    texts.update(raw or {})
    for name, text in texts.items():
        data = text.encode("utf-8")
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / name).write_bytes(data)
    return folder


def release_entry(folder: Path, release: str = "99.1", source_id: str | None = None) -> SourceEntry:
    return SourceEntry(
        id=source_id or f"onet-{release}",
        path=folder,
        kind="onet-release",
        release=release,
        title=f"synthetic O*NET {release}",
    )
