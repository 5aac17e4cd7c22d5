"""``progression`` over real HTTP and from the command line, on the seeds plus a small O*NET release.

The store is built by the real build (with validation) from the five seed documents and the
synthetic release of ``tests/onet_fixtures.py``: Library Technicians (25-4031.00) are rated on
Reading Comprehension (LV 3.88, IM 3.75; anchors at 2, 4 and 6); Library Assistants (43-4121.00)
have an importance rating only, so no required level and no progression.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pytest

from skillscape.build import build
from skillscape.settings import Settings
from tests.api.conftest import api_settings
from tests.conftest import make_settings, seed_entries
from tests.onet_fixtures import release_entry, release_files, write_release
from tests.servers import live_api
from tests.test_cli import cli

COLUMNS = [
    "scale",
    "domain",
    "level",
    "rank",
    "statement",
    "text",
    "citations",
    "required_level",
    "importance",
]


@pytest.fixture(scope="module")
def rated_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("progression-build")
    settings = make_settings(tmp)
    release = release_entry(write_release(tmp / "onet", release_files()))
    report = build(settings, entries=[*seed_entries(), release])
    assert report.validation is not None and report.validation.conforms
    return settings


@pytest.fixture(scope="module")
def http(rated_settings: Settings) -> Iterator[httpx.Client]:
    with (
        live_api(api_settings(rated_settings)) as live,
        httpx.Client(base_url=live.url, timeout=30) as client,
    ):
        yield client


def test_progression_lists_framework_statements_and_the_anchors_up_to_the_next_step(
    http: httpx.Client,
) -> None:
    body = http.get("/occupations/25-4031.00/progression", params={"limit": 10_000}).json()
    assert body["columns"] == COLUMNS and body["emptyReason"] is None
    anchors = [r for r in body["rows"] if r["required_level"] is not None]
    assert [(r["scale"], r["domain"], r["rank"], r["required_level"], r["importance"]) for r in anchors] == [
        ("O*NET skill level", "Reading Comprehension", 2, 3.88, 3.75),
        ("O*NET skill level", "Reading Comprehension", 4, 3.88, 3.75),
    ]
    assert anchors[1]["text"] == "Read a memo from management describing new policies"
    framework = [r for r in body["rows"] if r["required_level"] is None]
    assert len(framework) == 127  # the seed framework page's statements stay beside the anchors
    # ordered by scale, then domain, then rank
    keys = [r["scale"] for r in body["rows"]]
    assert keys == sorted(keys)


def test_an_occupation_without_level_ratings_gets_an_empty_answer_that_says_why(http: httpx.Client) -> None:
    response = http.get("/occupations/43-4121.00/progression")
    assert response.status_code == 200
    body = response.json()
    assert body["rows"] == [] and body["total"] == 0
    assert "no O*NET release in the graph rates" in body["emptyReason"]


def test_an_unknown_code_is_a_404_with_the_closest_occupations(http: httpx.Client) -> None:
    response = http.get("/occupations/25-4032.00/progression")
    assert response.status_code == 404
    assert "25-4031.00" in [s["code"] for s in response.json()["suggestions"]]


def test_the_csv_export_carries_the_new_columns(http: httpx.Client) -> None:
    response = http.get("/queries/progression", params={"occupation": "25-4031.00", "format": "csv"})
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == COLUMNS
    assert sum(1 for r in rows if r["required_level"] == "3.88") == 2


def test_cli_says_why_an_answer_is_empty_and_fails_on_an_unknown_code(rated_settings: Settings) -> None:
    empty = cli(
        rated_settings, "query", "progression", "--param", "occupation=43-4121.00", "--format", "json"
    )
    assert empty.returncode == 0 and empty.stdout.strip() == "[]"
    assert "no O*NET release in the graph rates" in empty.stderr
    unknown = cli(rated_settings, "query", "progression", "--param", "occupation=25-4032.00")
    assert unknown.returncode == 2
    assert "closest" in unknown.stderr and "25-4031.00" in unknown.stderr
    rated = cli(rated_settings, "query", "progression", "-p", "occupation=25-4031", "-f", "csv", check=True)
    assert rated.stdout.splitlines()[0] == ",".join(COLUMNS) and rated.stderr == ""
