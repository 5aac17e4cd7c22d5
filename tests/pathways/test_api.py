"""The two endpoints over real HTTP: uvicorn on loopback, query workers, the small real store."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from skillscape.pathways.service import PathwayService, PivotRequest
from tests.api.conftest import api_settings
from tests.pathways.conftest import CODES, SmallStore
from tests.servers import LiveApi, live_api


@pytest.fixture(scope="module")
def pathways_api(small: SmallStore) -> Iterator[LiveApi]:
    with live_api(api_settings(small.settings, query_workers=1)) as live:
        yield live


@pytest.fixture
def http(pathways_api: LiveApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pathways_api.url, timeout=120) as client:
        yield client


def test_adjacent_endpoint(http: httpx.Client) -> None:
    response = http.get("/occupations/25-4031/adjacent", params={"k": 3})
    assert response.status_code == 200, response.text
    found = response.json()
    assert len(found) == 3
    for item in found:
        assert {"code", "title", "score", "transfers", "gaps"} <= set(item)
        assert all({"kind", "id", "name", "importance"} <= set(g) for g in item["gaps"])
    assert [i["score"] for i in found] == sorted((i["score"] for i in found), reverse=True)


def test_pivots_endpoint(http: httpx.Client) -> None:
    response = http.get(
        "/occupations/43-4071.00/pivots", params={"max_hops": 2, "k": 2, "min_wage_ratio": 0.9}
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["origin"]["code"] == "43-4071.00" and answer["measure"] == "dv_rating_beta"
    step = answer["paths"][0]["steps"][0]
    assert {
        "from",
        "to",
        "score",
        "transfers",
        "gaps",
        "curriculum",
        "exposure",
        "job_zone",
        "wage",
        "citations",
    } <= set(step)
    assert step["from"]["code"] == "43-4071.00" and "from" in step["exposure"] and "from" in step["wage"]
    assert {e["constraint"] for e in answer["excluded"]} >= {"max_hops", "less_exposed", "min_wage_ratio"}


def test_pivots_to_a_destination(http: httpx.Client) -> None:
    answer = http.get("/occupations/43-4121.00/pivots", params={"to": "25-4031", "k": 2}).json()
    assert [p["destination"]["code"] for p in answer["paths"]] == ["25-4031.00", "25-4031.00"]
    assert answer["constraints"]["to"] == "25-4031.00"


def test_constraints_nothing_meets_answer_200_with_what_excluded_them(http: httpx.Client) -> None:
    response = http.get("/occupations/43-4071.00/pivots", params={"max_exposure": -1})
    assert response.status_code == 200
    answer = response.json()
    assert answer["paths"] == [] and sum(e["count"] for e in answer["excluded"]) == len(CODES) - 1


def test_unknown_occupation_is_404_with_suggestions(http: httpx.Client) -> None:
    for path in ("/occupations/25-4O31/adjacent", "/occupations/25-4O31/pivots"):
        response = http.get(path)
        assert response.status_code == 404
        assert response.json()["suggestions"][0]["code"] == "25-4031.00"
    unknown_target = http.get("/occupations/25-4031/pivots", params={"to": "99-9999.00"})
    assert unknown_target.status_code == 404


def test_unknown_measure_is_400_and_bad_parameters_422(http: httpx.Client) -> None:
    response = http.get("/occupations/43-4071.00/pivots", params={"measure": "vibes"})
    assert response.status_code == 400 and "dv_rating_beta" in response.json()["known"]
    assert http.get("/occupations/43-4071.00/pivots", params={"max_hops": 9}).status_code == 422
    assert http.get("/occupations/43-4071.00/adjacent", params={"k": 0}).status_code == 422


def test_both_endpoints_are_in_the_openapi_document(http: httpx.Client) -> None:
    paths = http.get("/openapi.json").json()["paths"]
    assert "/occupations/{code}/adjacent" in paths and "/occupations/{code}/pivots" in paths


def test_an_answer_asked_again_is_the_same_answer_the_service_gives(
    http: httpx.Client, small: SmallStore
) -> None:
    params = {"max_hops": 3, "k": 3, "min_wage_ratio": 0}
    first = http.get("/occupations/25-4031.00/pivots", params=params)
    again = http.get("/occupations/25-4031.00/pivots", params=params)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content  # the kept encoding
    with small.open() as store:
        expected = PathwayService.open(store).pivots(
            PivotRequest("25-4031.00", max_hops=3, k=3, min_wage_ratio=0)
        )
    assert first.json() == json.loads(json.dumps(expected))
    other = http.get("/occupations/25-4031.00/pivots", params={**params, "k": 1})
    assert len(other.json()["paths"]) == 1  # another question is not answered from the kept one
