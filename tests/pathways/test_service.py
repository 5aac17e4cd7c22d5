"""Adjacent occupations and pivots as answered from the small real store (the JSON contracts)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from decimal import Decimal

import pytest

from skillscape.pathways import explain
from skillscape.pathways.graph import STEP_COST
from skillscape.pathways.plot import render_svg
from skillscape.pathways.service import (
    DEFAULT_MEASURE,
    MeasureUnknown,
    PathwayService,
    PivotRequest,
)
from skillscape.query import named
from skillscape.query.occupations import UnknownOccupation
from skillscape.store.oxigraph import OxigraphStore
from tests.onet_fixtures import read_rows
from tests.pathways.conftest import CODES, RELEASE, SmallStore

NODE_KEYS = {"code", "title", "exposure", "job_zone", "wage"}
STEP_KEYS = {
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
}


@pytest.fixture(scope="module")
def service(small: SmallStore) -> Iterator[PathwayService]:
    with small.open() as store:
        yield PathwayService(store)


def _levels(code: str, scale: str) -> dict[str, tuple[str, float]]:
    """Element ID -> (name, value) of an occupation's skills on a scale, from the release file."""
    header, rows = read_rows(RELEASE, "Skills.txt")
    at = {
        c: header.index(c) for c in ("O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value")
    }
    return {
        r[at["Element ID"]]: (r[at["Element Name"]], float(Decimal(r[at["Data Value"]])))
        for r in rows
        if r[at["O*NET-SOC Code"]] == code and r[at["Scale ID"]] == scale
    }


def test_adjacent_contract(service: PathwayService) -> None:
    found = service.adjacent("25-4031", 5)
    assert len(found) == 5
    assert [item["rank"] for item in found] == [1, 2, 3, 4, 5]
    for item in found:
        assert {"code", "title", "score", "transfers", "gaps"} <= set(item)
        assert all({"kind", "id", "name"} <= set(t) for t in item["transfers"])
        assert all({"kind", "id", "name", "importance"} <= set(g) for g in item["gaps"])
    scores = [item["score"] for item in found]
    assert scores == sorted(scores, reverse=True)


def test_skill_gaps_are_the_levels_the_destination_needs_above_the_origins(service: PathwayService) -> None:
    origin, target = "43-4121.00", "25-4031.00"
    mine, theirs, importance = _levels(origin, "LV"), _levels(target, "LV"), _levels(target, "IM")
    expected = {
        name
        for element, (name, level) in theirs.items()
        if level - mine[element][1] >= explain.MIN_LEVEL_GAP
        and importance[element][1] >= explain.MIN_IMPORTANCE
    }
    gaps = explain.gaps(service.profile(origin), service.profile(target), None)
    assert {g["name"] for g in gaps if g["kind"] == "skill"} == expected
    for gap in (g for g in gaps if g["kind"] == "skill"):
        element = next(e for e, (name, _) in theirs.items() if name == gap["name"])
        assert gap["from_level"] == pytest.approx(mine[element][1])
        assert gap["to_level"] == pytest.approx(theirs[element][1])
        assert gap["importance"] == pytest.approx((importance[element][1] - 1) / 4, abs=1e-3)
    order = [g["importance"] for g in gaps]
    assert order == sorted(order, reverse=True)


def test_transfers_are_shared_work_activities_and_skills_held_at_the_destinations_level(
    service: PathwayService,
) -> None:
    origin, target = service.profile("25-4031.00"), service.profile("43-4121.00")
    found = explain.transfers(origin, target, None)
    shared_dwas = set(origin.activities) & set(target.activities)
    assert {t["id"] for t in found if t["kind"] == "dwa"} == shared_dwas
    for item in (t for t in found if t["kind"] == "skill"):
        assert origin.rated[item["id"]].level >= target.rated[item["id"]].level


def test_unknown_code_names_the_closest_occupations(service: PathwayService) -> None:
    with pytest.raises(UnknownOccupation) as info:
        service.adjacent("25-4O31", 5)
    assert info.value.suggestions[0]["code"] == "25-4031.00"
    assert "Library Technicians" in str(info.value)
    with pytest.raises(UnknownOccupation) as pivot:
        service.pivots(PivotRequest("Library Technician"))
    assert any(s["code"] == "25-4031.00" for s in pivot.value.suggestions)


def test_unknown_measure_lists_the_known_ones(service: PathwayService) -> None:
    with pytest.raises(MeasureUnknown) as info:
        service.pivots(PivotRequest("43-4071.00", measure="vibes"))
    assert DEFAULT_MEASURE in info.value.known and "human_rating_beta" in info.value.known


def test_pivots_contract_and_constraints(service: PathwayService) -> None:
    answer = service.pivots(PivotRequest("43-4071.00", max_hops=2, k=3, min_wage_ratio=0.9))
    assert {"origin", "measure", "constraints", "paths", "excluded"} <= set(answer)
    assert set(answer["origin"]) >= NODE_KEYS and answer["measure"] == DEFAULT_MEASURE
    origin = answer["origin"]
    assert answer["paths"], answer.get("message")
    for path in answer["paths"]:
        assert {"destination", "cost", "steps"} <= set(path) and set(path["destination"]) >= NODE_KEYS
        assert path["destination"]["exposure"] < origin["exposure"]
        assert path["destination"]["wage"] >= 0.9 * origin["wage"]
        assert 1 <= len(path["steps"]) <= 2
        for step in path["steps"]:
            assert set(step) >= STEP_KEYS
            assert {"from", "to", "delta", "measure", "source"} <= set(step["exposure"])
            assert {"from", "to", "delta"} <= set(step["job_zone"])
            assert {"from", "to", "ratio", "source"} <= set(step["wage"])
            assert all({"iri", "label"} <= set(c) for c in step["citations"])
            assert all(
                {"skill", "from_level", "to_level", "statements"} <= set(c) for c in step["curriculum"]
            )
        assert path["cost"] == pytest.approx(sum(STEP_COST + 1 - s["score"] for s in path["steps"]), abs=1e-3)
    counted = sum(e["count"] for e in answer["excluded"]) + len(answer["paths"])
    assert counted <= len(CODES) - 1 and {e["constraint"] for e in answer["excluded"]} >= {"less_exposed"}


def test_a_step_cites_the_statements_behind_its_numbers(
    service: PathwayService, store: OxigraphStore
) -> None:
    answer = service.pivots(PivotRequest("43-4071.00", max_hops=1, k=1))
    step = answer["paths"][0]["steps"][0]
    cited = {c["iri"] for c in step["citations"]}
    exposure = named.load("ai-exposure").run(store, {"occupation": step["to"]["code"]}).records()
    beta = [r for r in exposure if r["measure"] is not None and r["measure"].value == DEFAULT_MEASURE]
    assert beta and beta[0]["statement"].value in cited  # type: ignore[union-attr]
    assert float(beta[0]["score"].value) == pytest.approx(step["exposure"]["to"], abs=1e-4)  # type: ignore[union-attr]
    assert any("/similarity/" in i for i in cited)


def test_constraints_nothing_meets_are_an_empty_answer_that_says_why(service: PathwayService) -> None:
    answer = service.pivots(PivotRequest("43-4071.00", max_exposure=-1.0))
    assert answer["paths"] == []
    excluded = {e["constraint"]: e["count"] for e in answer["excluded"]}
    assert excluded["max_exposure"] > 0
    assert sum(excluded.values()) == len(CODES) - 1
    assert "are more exposed to AI than -1.00" in answer["message"]
    assert "max_exposure" not in answer["message"] and answer["explanation"] == answer["message"]
    # what would work, checked: that relaxed setting does give results
    assert answer["would_work"]["changes"] == {"max_exposure": None}
    assert answer["message"].endswith(
        f"With no exposure ceiling: {answer['would_work']['results']} destination(s)"
    )


def test_default_pivots_pay_at_least_90_percent_and_are_less_exposed_by_the_margin(
    service: PathwayService,
) -> None:
    answer = service.pivots(PivotRequest("43-9061.00", max_hops=4, k=10))
    origin = answer["origin"]
    assert answer["constraints"]["min_wage_ratio"] == 0.9
    assert answer["constraints"]["min_exposure_drop"] == 0.05
    assert "at least 90% of your wage" in answer["explanation"]
    for path in answer["paths"]:
        goal = path["destination"]
        assert goal["wage"] >= 0.9 * origin["wage"]
        assert goal["exposure"] <= origin["exposure"] - 0.05
        for step in path["steps"]:
            assert step["explanation"].endswith("(GPT-4 β, Eloundou et al.).")
    if not answer["paths"]:
        assert "would_work" in answer or "No occupation" in answer["message"]
    relaxed = service.pivots(
        PivotRequest("43-9061.00", max_hops=4, k=10, min_wage_ratio=0, min_exposure_drop=0)
    )
    assert len(relaxed["paths"]) >= len(answer["paths"])


def test_an_origin_without_a_wage_cannot_use_the_wage_constraint(service: PathwayService) -> None:
    answer = service.pivots(PivotRequest("15-1252.00", min_wage_ratio=0.9))
    assert answer["origin"]["wage"] is None and answer["paths"] == []
    assert any(e["constraint"] == "origin_wage_unknown" and e["count"] > 0 for e in answer["excluded"])


def test_paths_to_a_destination_and_its_curriculum(service: PathwayService, store: OxigraphStore) -> None:
    answer = service.pivots(PivotRequest("43-4121.00", to="25-4031.00", max_hops=2, k=3))
    assert answer["paths"] and all(p["destination"]["code"] == "25-4031.00" for p in answer["paths"])
    assert answer["paths"][0]["steps"][0]["to"]["code"] in CODES
    last = answer["paths"][0]["steps"][-1]
    practice = [c for c in last["curriculum"] if c.get("kind") == "occupational practice"]
    rows = named.load("progression").run(store, {"occupation": "25-4031.00"}).records()
    first_level = [
        r["statement"].value
        for r in rows
        if r["domain"].value == "Library Technicians" and r["rank"].value == "1"
    ]  # type: ignore[union-attr]
    assert practice and [s["iri"] for s in practice[0]["statements"]] == first_level


def test_framework_levels_follow_the_onet_level() -> None:
    levels = (0.0, 1.0, 1.75, 1.8, 3.5, 7.0)
    assert [explain.framework_rank(level, "skill", 4) for level in levels] == [1, 1, 1, 2, 2, 4]
    rows = [
        {
            "scale": "Durable",
            "domain": "Critical Thinking",
            "level": name,
            "rank": str(rank),
            "text": name,
            "statement": f"s{rank}",
        }
        for rank, name in enumerate(("Emerging", "Developing", "Applying", "Exceeding"), start=1)
    ]
    gap = {"kind": "skill", "name": "Critical Thinking", "from_level": 2.0, "to_level": 5.5}
    (entry,) = explain.curriculum([gap], explain.framework(rows), "Somebody Else")
    assert entry["framework"]["from_level"] == "Developing" and entry["framework"]["to_level"] == "Exceeding"
    assert [s["iri"] for s in entry["statements"]] == ["s3", "s4"]


def test_the_drawing_is_an_svg_of_every_step(service: PathwayService) -> None:
    answer = service.pivots(PivotRequest("43-4071.00", max_hops=2, k=3))
    root = ET.fromstring(render_svg(answer))
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for path in answer["paths"]:
        assert path["destination"]["code"] in texts
    arrows = {(s["from"]["code"], s["to"]["code"]) for p in answer["paths"] for s in p["steps"]}
    assert len([e for e in root.iter() if e.tag.endswith("line")]) == len(arrows)
    empty = ET.fromstring(render_svg(service.pivots(PivotRequest("43-4071.00", max_exposure=-1.0))))
    assert "No occupation meets all the conditions" in " ".join(t.text or "" for t in empty.iter())
