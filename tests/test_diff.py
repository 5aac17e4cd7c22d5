"""`skillscape diff`: changes between two O*NET releases, on synthetic releases and on 29.1 → 30.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skillscape.build import build
from skillscape.diff import UnknownRelease, diff_releases
from skillscape.model import iri
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import make_settings
from tests.onet_fixtures import (
    onet_store,  # noqa: F401 - session fixture
    read_rows,
    release_entry,
    release_files,
    write_release,
)

SCRIPT = Path(sys.executable).with_name("skillscape")


def _later_release() -> dict[str, list[list[str]]]:
    """The synthetic release, with known changes."""
    files = release_files()
    tasks = files["Task Statements.txt"]
    tasks[2][2] = "Compile bibliographies and reading lists."  # 1002 reworded
    tasks.append(["25-4031.00", "1003", "Catalog new materials.", "Core", "12", "08/2025", "Incumbent"])
    del tasks[3]  # 2001 removed
    files["Occupation Data.txt"][2][1] = "Library Clerks"
    titles = files["Alternate Titles.txt"]
    del titles[1]  # "Library Aide" removed
    titles.append(["25-4031.00", "Media Technician", "n/a", "10"])
    tech = files["Technology Skills.txt"]
    tech[1][4] = "N"  # Adobe Acrobat is no longer a hot technology for 25-4031.00
    del tech[3]  # 43-4121.00 no longer lists Microsoft Outlook …
    tech.append(
        ["43-4121.00", "Adobe Acrobat", "43232202", "Document management software", "N", "N"]
    )  # … but this
    return files


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("two-releases")
    earlier = write_release(root / "98.1", release_files(), release="98.1")
    later = write_release(root / "99.1", _later_release(), release="99.1", gz=True)
    settings = make_settings(root)
    build(settings, entries=[release_entry(earlier, "98.1"), release_entry(later, "99.1")])
    return settings


def _flags(hot: bool, demand: bool, commodity: str = "43232202") -> dict[str, object]:
    return {"commodity": commodity, "hot technology": hot, "in demand": demand}


def test_synthetic_diff(two_releases: Settings) -> None:
    with open_store(two_releases) as store:
        result = diff_releases(store, "98.1", "99.1")
    found = {
        (c.what, c.change, c.occupation, c.key, _frozen(c.before), _frozen(c.after)) for c in result.changes
    }
    assert found == {
        ("task", "changed", "25-4031.00", "1002", _frozen({"text": "Compile bibliographies."}),
         _frozen({"text": "Compile bibliographies and reading lists."})),
        ("task", "added", "25-4031.00", "1003", None, _frozen({"text": "Catalog new materials."})),
        ("task", "removed", "43-4121.00", "2001", _frozen({"text": "Sort books for shelving."}), None),
        ("title", "changed", "43-4121.00", "43-4121.00", _frozen({"title": "Library Assistants, Clerical"}),
         _frozen({"title": "Library Clerks"})),
        ("alternate title", "removed", "25-4031.00", "Library Aide",
         _frozen({"title": "Library Aide"}), None),
        ("alternate title", "added", "25-4031.00", "Media Technician",
         None, _frozen({"title": "Media Technician"})),
        ("technology example", "changed", "25-4031.00", "Adobe Acrobat", _frozen(_flags(True, False)),
         _frozen(_flags(False, False))),
        ("technology example", "removed", "43-4121.00", "Microsoft Outlook",
         _frozen(_flags(False, False, "43233501")), None),
        ("technology example", "added", "43-4121.00", "Adobe Acrobat", None, _frozen(_flags(False, False))),
    }  # fmt: skip
    assert set(result.by_occupation()) == {"25-4031.00", "43-4121.00"}


def test_synthetic_diff_backwards_and_for_one_occupation(two_releases: Settings) -> None:
    with open_store(two_releases) as store:
        backwards = diff_releases(store, "99.1", "98.1")
        one = diff_releases(store, "98.1", "99.1", occupation="43-4121")
        same = diff_releases(store, "98.1", "98.1")
    assert {(c.what, c.key) for c in backwards.select("task", "added")} == {("task", "2001")}
    assert {(c.what, c.key) for c in backwards.select("task", "removed")} == {("task", "1003")}
    assert one.occupation == "43-4121.00"
    assert {c.occupation for c in one.changes} == {"43-4121.00"}
    assert len(one.changes) == 4
    assert same.changes == []


def test_unknown_release(two_releases: Settings) -> None:
    with open_store(two_releases) as store, pytest.raises(UnknownRelease, match=r"98\.1, 99\.1"):
        diff_releases(store, "98.1", "97.1")


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SKILLSCAPE_STORE": str(settings.store_path), "COLUMNS": "200"}
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_cli_diff(two_releases: Settings) -> None:
    as_json = _cli(two_releases, "diff", "--from", "98.1", "--to", "99.1", "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["counts"]["task/added"] == 1 and data["counts"]["technology example/changed"] == 1
    assert data["occupations"]["43-4121.00"]["title"]["changed"] == [
        {
            "key": "43-4121.00",
            "before": {"title": "Library Assistants, Clerical"},
            "after": {"title": "Library Clerks"},
        }
    ]
    table = _cli(two_releases, "diff", "--from", "98.1", "--to", "99.1", "--occupation", "25-4031.00")
    assert table.returncode == 0, table.stderr
    assert "Catalog new materials." in table.stdout and "43-4121.00" not in table.stdout
    unknown = _cli(two_releases, "diff", "--from", "98.1", "--to", "12.0")
    assert unknown.returncode == 2 and "12.0" in unknown.stderr


def _frozen(values: dict[str, object] | None) -> tuple | None:
    return None if values is None else tuple(sorted(values.items()))


# ---------------------------------------------------------------------- the real releases


@pytest.mark.slow
def test_real_diff_29_1_to_30_1(onet_store: OxigraphStore) -> None:  # noqa: F811
    result = diff_releases(onet_store, "29.1", "30.1")

    def found(what: str, change: str) -> set[tuple[str, str]]:
        return {(c.occupation, c.key) for c in result.select(what, change)}

    def table(release: str, name: str, *columns: str) -> list[tuple[str, ...]]:
        header, rows = read_rows(release, name)
        return [tuple(row[header.index(c)] for c in columns) for row in rows]

    # tasks, by Task ID
    before = {
        t: (code, text)
        for code, t, text in table("29.1", "Task Statements.txt", "O*NET-SOC Code", "Task ID", "Task")
    }
    after = {
        t: (code, text)
        for code, t, text in table("30.1", "Task Statements.txt", "O*NET-SOC Code", "Task ID", "Task")
    }
    assert found("task", "added") == {(after[t][0], t) for t in after.keys() - before.keys()}
    assert found("task", "removed") == {(before[t][0], t) for t in before.keys() - after.keys()}
    assert found("task", "changed") == {
        (after[t][0], t) for t in after.keys() & before.keys() if after[t][1] != before[t][1]
    }
    # occupation titles
    old = dict(table("29.1", "Occupation Data.txt", "O*NET-SOC Code", "Title"))
    new = dict(table("30.1", "Occupation Data.txt", "O*NET-SOC Code", "Title"))
    assert found("title", "changed") == {(c, c) for c in old.keys() & new.keys() if old[c] != new[c]}
    assert found("title", "added") == {(c, c) for c in new.keys() - old.keys()}
    # alternate titles
    old_alt = set(table("29.1", "Alternate Titles.txt", "O*NET-SOC Code", "Alternate Title"))
    new_alt = set(table("30.1", "Alternate Titles.txt", "O*NET-SOC Code", "Alternate Title"))
    assert found("alternate title", "added") == new_alt - old_alt
    assert found("alternate title", "removed") == old_alt - new_alt
    assert new_alt - old_alt  # 30.1 does add alternate titles
    # technology examples, keyed as the graph keys them (product node, commodity)
    columns = ("O*NET-SOC Code", "Example", "Commodity Code", "Hot Technology", "In Demand")

    def tech(release: str) -> dict[tuple[str, str, str], set[tuple[bool, bool]]]:
        keyed: dict[tuple[str, str, str], set[tuple[bool, bool]]] = {}
        for code, example, commodity, hot, demand in table(release, "Technology Skills.txt", *columns):
            keyed.setdefault((code, iri.product(example).value, commodity), set()).add(
                (hot == "Y", demand == "Y")
            )
        return keyed

    old_tech, new_tech = tech("29.1"), tech("30.1")

    def keyed(change: str) -> set[tuple[str, str, str]]:
        return {
            (c.occupation, iri.product(c.key).value, str((c.after or c.before or {})["commodity"]))
            for c in result.select("technology example", change)
        }

    assert keyed("added") == new_tech.keys() - old_tech.keys()
    assert keyed("removed") == old_tech.keys() - new_tech.keys()
    assert keyed("changed") == {k for k in new_tech.keys() & old_tech.keys() if new_tech[k] != old_tech[k]}
    assert keyed("changed")  # 30.1 changes hot-technology / in-demand flags
