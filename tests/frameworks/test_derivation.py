"""The durable-skill score on hand-made ratings: the formula, the weights, what is left out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from skillscape.pathways.durable import SKOS, DomainMapping, Rated, compute

CLOSE, BROAD = SKOS + "closeMatch", SKOS + "broadMatch"
DOMAIN = "https://w3id.org/skillscape/id/domain/collaboration"
OTHER = "https://w3id.org/skillscape/id/domain/fortitude"
MAPPINGS = [
    DomainMapping("m1", "1.D.2.d", CLOSE, DOMAIN, "Collaboration"),  # Cooperation, a work style
    DomainMapping("m2", "2.B.1.b", BROAD, DOMAIN, "Collaboration"),  # Coordination, a skill
    DomainMapping("m3", "1.D.4.a", CLOSE, OTHER, "Fortitude"),  # Stress Tolerance
]


def rated(label: str, **values: str) -> Rated:
    return Rated(label, {k: Decimal(v) for k, v in values.items()}, [f"rating/{label}/{k}" for k in values])


def test_the_score_is_the_weighted_mean_of_the_normalised_ratings() -> None:
    ratings = {
        ("occ/A", "11-1011.00"): {
            "1.D.2.d": rated("Cooperation", WI="1.5", DR="7"),
            "2.B.1.b": rated("Coordination", IM="4.0", LV="5.0"),
        }
    }
    (score,) = [s for s in compute(ratings, MAPPINGS) if s.domain == DOMAIN]
    cooperation, coordination = (1.5 + 3) / 6, (4.0 - 1) / 4
    assert score.score == pytest.approx(100 * (1.0 * cooperation + 0.5 * coordination) / 1.5)
    # the evidence lists the larger contribution first, with the ratings and the relation
    assert score.evidence.startswith(
        "Cooperation (work style, impact 1.50 of -3..3, distinctiveness rank 7 of 10"
    )
    assert "Coordination (skill, importance 4.00 of 5; broad match)" in score.evidence
    assert set(score.statements) == {
        "m1",
        "m2",
        "rating/Cooperation/WI",
        "rating/Cooperation/DR",
        "rating/Coordination/IM",
        "rating/Coordination/LV",
    }


def test_a_domain_without_rated_descriptors_gets_no_score() -> None:
    ratings = {("occ/A", "11-1011.00"): {"1.D.2.d": rated("Cooperation", WI="-3")}}
    scores = compute(ratings, MAPPINGS)
    assert [(s.domain, s.score) for s in scores] == [(DOMAIN, 0.0)]  # no Fortitude rating: no score


def test_a_descriptor_rated_only_on_an_unscored_scale_is_left_out() -> None:
    ratings = {
        ("occ/A", "11-1011.00"): {
            "1.D.2.d": rated("Cooperation", DR="9"),  # distinctiveness only: not scored
            "2.B.1.b": rated("Coordination", IM="5"),
        }
    }
    (score,) = compute(ratings, MAPPINGS)
    assert score.score == pytest.approx(100.0)
    assert "Cooperation" not in score.evidence
