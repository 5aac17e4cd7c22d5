"""An unknown occupation is the same error everywhere (issue 17, item 9): exit 2 in the CLI (named
queries, ``adjacent``, ``pivots``) and 404 over HTTP, with the same closest matches; a malformed
parameter names the parameter and what it expects, never a Python message."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.pathways.conftest import SmallStore
from tests.servers import live_api
from tests.test_cli import cli

UNKNOWN = "43-4122.00"  # well formed, not in the graph; close to 43-4121.00 by its digits


def closest(text: str) -> list[str]:
    """The codes after "closest:" in an error line."""
    match = re.search(r"closest: (.*)$", text.strip(), re.S)
    assert match, text
    return re.findall(r"\d{2}-\d{4}\.\d{2}", match.group(1))


@pytest.fixture(scope="module")
def http(small: SmallStore) -> Iterator[httpx.Client]:
    settings = small.settings.model_copy(update={"query_workers": 1, "query_queue": 8})
    with live_api(settings) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        yield client


def test_an_unknown_code_gets_the_same_closest_matches_everywhere(
    small: SmallStore, http: httpx.Client
) -> None:
    answers = {}
    for query in ("progression", "ai-exposure", "occupation-tasks"):
        result = cli(small.settings, "query", query, "--param", f"occupation={UNKNOWN}")
        assert result.returncode == 2, (query, result.stdout)  # was exit 0 with no rows
        answers[f"query {query}"] = closest(result.stderr)
    for command in ("adjacent", "pivots"):
        result = cli(small.settings, command, UNKNOWN)
        assert result.returncode == 2
        answers[command] = closest(result.stderr)
    for path in (
        f"/occupations/{UNKNOWN}",
        f"/occupations/{UNKNOWN}/progression",
        f"/occupations/{UNKNOWN}/adjacent",
    ):
        response = http.get(path)
        assert response.status_code == 404, path
        answers[path] = [s["code"] for s in response.json()["suggestions"]]
    response = http.get("/queries/progression", params={"occupation": UNKNOWN})
    assert response.status_code == 404
    answers["/queries/progression"] = [s["code"] for s in response.json()["suggestions"]]
    first = answers["query progression"]
    assert first and "43-4121.00" in first
    assert all(found == first for found in answers.values()), answers


def test_a_malformed_parameter_names_it_and_what_it_expects(small: SmallStore, http: httpx.Client) -> None:
    result = cli(small.settings, "query", "adjacent", "--param", "occupation=25-4031.00", "--param", "k=ten")
    assert result.returncode == 2
    assert "parameter k='ten': expected a whole number" in result.stderr
    assert "invalid literal" not in result.stderr and "Traceback" not in result.stderr
    result = cli(small.settings, "query", "progression", "--param", "occupation=library technician")
    assert result.returncode == 2
    assert "parameter occupation='library technician': expected an O*NET-SOC code" in result.stderr
    assert "25-4031.00" in closest(result.stderr)
    response = http.get("/queries/adjacent", params={"occupation": "25-4031.00", "k": "ten"})
    assert response.status_code == 400
    assert response.json()["detail"] == "parameter k='ten': expected a whole number (e.g. 10)"
    response = http.get("/queries/exposure-ranking", params={"measure": "x", "limit": "1"})
    assert response.status_code == 200  # a string parameter takes any text
