"""Plain words: the step sentence, the constraints, why there is nothing and what would work;
gaps filtered for relevance."""

from __future__ import annotations

from skillscape.pathways import explain
from skillscape.pathways.explain import Profile, Rated
from skillscape.pathways.graph import Constraints


def test_a_step_says_what_transfers_what_to_learn_pay_and_exposure() -> None:
    transfers = [{"kind": "dwa", "name": "Sort materials", "importance": 1.0}]
    gaps = [{"kind": "knowledge", "name": "Clerical", "from_level": 2.0, "to_level": 4.5, "importance": 0.8}]
    wage = {"from": 34040.0, "to": 36000.0}
    exposure = {"from": 0.57, "to": 0.31, "measure": "dv_rating_beta"}
    text = explain.step_sentence(transfers, gaps, wage, exposure)
    assert text == (
        "Most of what you do transfers: sort materials; you would need to learn Clerical (from level 2 "
        "to 4.5); pay changes from $34,040 to $36,000; AI exposure drops from 0.57 to 0.31 "
        "(GPT-4 β, Eloundou et al.)."
    )


def test_the_constraints_are_stated_with_the_origins_figures() -> None:
    origin = {"exposure": 0.57, "wage": 34040.0}
    text = explain.constraints_sentence(origin, 0.9, 0.05, "dv_rating_beta")
    assert "less exposed to AI than your occupation by at least 0.05 (yours: 0.57" in text
    assert "paying at least 90% of your wage ($34,040)" in text


def test_an_empty_answer_says_which_condition_excluded_how_many_without_jargon() -> None:
    text = explain.empty_sentence(
        [("max_hops", 293), ("less_exposed", 100), ("min_wage_ratio", 0)],
        None,
        hops=3,
        drop=0.05,
        ratio=0.9,
        ceiling=1.0,
    )
    assert text == (
        "No occupation meets all the conditions (293 cannot be reached in 3 step(s); "
        "100 are not less exposed to AI by at least 0.05)"
    )
    assert "max_hops" not in text


def test_relaxations_try_more_steps_first_then_each_condition() -> None:
    tries = explain.relaxations(Constraints("m", max_hops=2, min_wage_ratio=0.9, min_exposure_drop=0.05), 4)
    assert tries[:2] == [{"max_hops": 3}, {"max_hops": 4}]
    assert {"min_exposure_drop": 0.0} in tries
    assert {"min_wage_ratio": 0.8} in tries and {"min_wage_ratio": None} in tries
    assert tries[-1] == {"max_hops": 4, "min_exposure_drop": 0.0, "min_wage_ratio": None}
    assert explain.relaxation_sentence({"max_hops": 4}, "29-1141.00", 1) == "4 steps reach 29-1141.00"
    assert (
        explain.relaxation_sentence({"min_wage_ratio": 0.8}, None, 3)
        == "With a wage floor of 80%: 3 destination(s)"
    )


def _profile(code: str, **rated: tuple[str, float, float]) -> Profile:
    found = Profile(code)
    for iri, (kind, importance, level) in rated.items():
        found.rated[iri] = Rated(iri, kind, iri, importance, level)
    return found


def test_a_knowledge_area_the_destination_barely_needs_is_no_gap_and_gaps_go_by_importance() -> None:
    origin = _profile("A", history=("knowledge", 2.0, 1.0), clerical=("knowledge", 3.0, 2.0))
    target = _profile(
        "B",
        history=("knowledge", 2.2, 4.0),  # barely needed (IM 2.2): not a gap
        clerical=("knowledge", 4.5, 5.0),
        typing=("skill", 3.5, 4.0),
    )
    gaps = explain.gaps(origin, target, None)
    assert [g["id"] for g in gaps] == ["clerical", "typing"]
    transfers = {t["id"] for t in explain.transfers(origin, target, None)}
    assert transfers.isdisjoint(g["id"] for g in gaps)
    assert all(g["from_level"] < g["to_level"] for g in gaps)
