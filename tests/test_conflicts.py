"""``conflicting-claims`` (issue 17, item 2): distinct claims only, per occupation or for the whole
graph (the whole-graph answer stored by the build), and successive releases of one dataset are
not conflicts (that is ``diff``'s answer). Real builds of two synthetic O*NET releases and the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skillscape.build import build
from skillscape.query import named
from skillscape.query.materialised import read_answer
from skillscape.query.results import to_records
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from skillscape.store.location import StoreLocation
from tests.conftest import make_settings, seed_entries
from tests.onet_fixtures import release_entry, release_files, write_release
from tests.test_cli import cli


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("conflicts")
    later = release_files()
    assert later["Job Zones.txt"][1][:2] == ["25-4031.00", "3"]
    later["Job Zones.txt"][1][1] = "4"  # the newer release changes the job zone
    entries = [
        release_entry(write_release(root / "98.1", release_files(), release="98.1"), "98.1"),
        release_entry(write_release(root / "99.1", later, release="99.1"), "99.1"),
        *seed_entries(),  # the seed pages disagree on the outlook of 25-4031.00 (−7 % and +3 %)
    ]
    settings = make_settings(root)
    build(settings, entries=entries)
    return settings


def test_releases_of_one_dataset_are_not_conflicts_sources_are(releases: Settings) -> None:
    with open_store(releases) as store:
        rows = to_records(named.load("conflicting-claims").run(store, {"occupation": "25-4031"}))
        zones = to_records(named.load("diff/releases").run(store))
    assert zones, "the two releases are in the store"
    zone = sorted((r["value"], r["document"]) for r in rows if r["property"].endswith("#jobZone"))
    # 98.1 said 3, 99.1 says 4: a change between releases (diff's answer), not a conflict; the
    # skills framework page also says 3, which does conflict with the newest release
    assert [value for value, _ in zone] == [3, 4]
    assert zone[0][1] != "Job Zones.txt" and zone[1][1] == "Job Zones.txt"
    outlook = sorted(r["value"] for r in rows if r["property"].endswith("#percentChange"))
    assert outlook == [-7.0, 3.0]
    keys = [tuple(sorted(r.items())) for r in rows]
    assert len(keys) == len(set(keys)), "distinct rows only"


def test_the_whole_graph_answer_is_stored_by_the_build_and_served(releases: Settings) -> None:
    version = StoreLocation(releases.store_path).current()
    stored = read_answer(version, "conflicting-claims")
    assert stored is not None and stored.built["store"] == Path(str(version)).name
    with open_store(releases) as store:
        computed = to_records(named.load("conflicting-claims").run(store))
    assert to_records(stored.result) == computed
    assert {r["code"] for r in computed} == {"25-4031.00", "43-4121.00"}
    result = cli(releases, "query", "conflicting-claims", "--format", "json", check=True)
    assert json.loads(result.stdout) == computed
    assert "stored by the build of" in result.stderr
