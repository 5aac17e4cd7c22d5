"""Features read from the store, and the directional similarity computed from them."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from skillscape.pathways.features import Family, Features, read_features, tokens
from skillscape.pathways.similarity import (
    RANKER_FILE,
    Parameters,
    Ranker,
    Similarity,
    compute,
    default_parameters,
    family_scores,
    first_stage_inputs,
    idf,
    importance_weights,
    ranker_inputs,
    ranker_term,
    set_weights,
)
from skillscape.store.oxigraph import OxigraphStore
from tests.onet_fixtures import read_rows
from tests.pathways.conftest import CODES, RELEASE


@pytest.fixture(scope="module")
def features(small: object) -> Features:
    with small.open() as store:  # type: ignore[attr-defined]
        return read_features(store)


def test_features_are_the_release_rows_of_the_occupations(features: Features) -> None:
    assert features.release.name == RELEASE
    assert features.codes == sorted(CODES)
    header, rows = read_rows(RELEASE, "Skills.txt")
    code, element, scale, value = (
        header.index(c) for c in ("O*NET-SOC Code", "Element ID", "Scale ID", "Data Value")
    )
    skills = features.families["skills"]
    index = features.index()
    checked = 0
    for row in rows:
        if row[code] in index and row[scale] in ("IM", "LV"):
            node = next(d for d in features.descriptors.values() if d.notation == row[element])
            column = skills.items.index(node.iri)
            matrix = skills.importance if row[scale] == "IM" else skills.values.toarray()
            assert matrix[index[row[code]], column] == pytest.approx(float(Decimal(row[value])))
            checked += 1
    assert checked == 2 * 35 * len(CODES)


def test_activity_weights_count_the_tasks_linked_to_each_dwa(features: Features) -> None:
    _, rows = read_rows(RELEASE, "Tasks to DWAs.txt")
    expected: dict[tuple[str, str], int] = {}
    for row in rows:
        if row[0] in CODES:
            expected[row[0], row[2]] = expected.get((row[0], row[2]), 0) + 1
    family = features.families["activities"]
    by_notation = {d.iri: d.notation for d in features.descriptors.values() if d.kind == "dwa"}
    found = {
        (features.codes[i], by_notation[family.items[j]]): int(family.values[i, j])
        for i, j in zip(*family.values.nonzero(), strict=True)
    }
    assert found == expected


def test_text_tokens_drop_stop_words_and_plurals() -> None:
    assert tokens("Compile records of the books, and sort them.") == ["compile", "record", "book", "sort"]


def _family(rows: list[list[float]], importance: list[list[float]] | None = None) -> Family:
    values = sparse.csr_matrix(np.array(rows, dtype=float))
    weights = np.array(importance, dtype=float) if importance is not None else None
    return Family("f", [f"item{j}" for j in range(values.shape[1])], values, weights)


def test_set_coverage_is_directional() -> None:
    # A does items 0, 1; B does 0, 1, 2: A lacks what B needs, B has all A needs
    family = _family([[1, 1, 0], [1, 1, 1], [0, 0, 1]])
    scores, mask = family_scores(family, directional=1.0)
    assert mask.all()
    assert scores[1, 0] == pytest.approx(1.0)
    assert scores[0, 1] < 1.0
    weighted = set_weights(family.values).toarray()
    assert scores[0, 1] == pytest.approx(weighted[1, :2].sum() / weighted[1].sum())


def test_rated_coverage_counts_levels_above_the_origins_as_gaps() -> None:
    # levels of two skills; B needs skill 1 at 6 where A has 2, both rated important (IM 5)
    family = _family([[4, 2], [4, 6]], importance=[[5, 5], [5, 5]])
    scores, _ = family_scores(family, directional=1.0)
    assert scores[1, 0] == pytest.approx(1.0)  # B covers all A needs
    assert scores[0, 1] == pytest.approx((4 + 2) / (4 + 6))


def test_unimportant_elements_weigh_nothing() -> None:
    assert importance_weights(np.array([1.0, 3.0, 5.0])).tolist() == [0.0, 0.5, 1.0]
    family = _family([[4, 0], [4, 7]], importance=[[5, 1], [5, 1]])
    scores, _ = family_scores(family, directional=1.0)
    assert scores[0, 1] == pytest.approx(1.0)


def _reference(features: Features, parameters: Parameters, a: int, b: int) -> float:
    """S(A→B) for one pair, by the formula, one family at a time, with plain loops."""
    total = weight = 0.0
    for name, family in features.families.items():
        alpha = parameters.weights.get(name, 0.0)
        row_a = family.values.getrow(a).toarray().ravel()
        row_b = family.values.getrow(b).toarray().ravel()
        if alpha <= 0 or not row_a.any() or not row_b.any():
            continue
        if family.importance is None:
            tfidf = np.log1p(family.values.toarray()) * idf(family.values)[None, :]
            needed = sum(tfidf[b, j] for j in range(len(row_b)) if row_b[j] > 0)
            coverage = sum(tfidf[b, j] for j in range(len(row_b)) if row_a[j] > 0 and row_b[j] > 0) / needed
            cosine = float(tfidf[a] @ tfidf[b] / (np.linalg.norm(tfidf[a]) * np.linalg.norm(tfidf[b])))
        else:
            w = importance_weights(family.importance[b])
            coverage = sum(w[j] * min(row_a[j], row_b[j]) for j in range(len(w))) / sum(w * row_b)
            profile = importance_weights(family.importance) * family.values.toarray()
            centred = profile - profile.mean(axis=0)
            cosine = (
                centred[a] @ centred[b] / (np.linalg.norm(centred[a]) * np.linalg.norm(centred[b])) + 1
            ) / 2
        score = parameters.directional * coverage + (1 - parameters.directional) * cosine
        total += alpha * min(max(score, 0.0), 1.0)
        weight += alpha
    return total / weight


FAMILY_WEIGHTS = {
    "activities": 1.0,
    "iwa": 2.0,
    "skills": 1.0,
    "knowledge": 2.0,
    "work-styles": 0.5,
    "technology": 0.5,
    "tools": 0.5,
    "text": 4.0,
}


def test_vectorised_similarity_equals_the_formula_pair_by_pair(features: Features) -> None:
    parameters = Parameters(FAMILY_WEIGHTS, 0.5)
    similarity = compute(features, parameters)
    index = features.index()
    for a, b in [("25-4031.00", "43-4121.00"), ("43-4121.00", "25-4031.00"), ("29-1141.00", "15-1252.00")]:
        assert similarity.score[index[a], index[b]] == pytest.approx(
            _reference(features, parameters, index[a], index[b]), abs=1e-9
        )


def test_the_similarity_is_directional_on_real_occupations(features: Features) -> None:
    similarity = compute(features)
    # the fitted ranker's scores are probabilities, small among ten occupations: compare them
    # relative to the larger of the two directions
    larger = np.maximum(similarity.score, similarity.score.T)
    asymmetric = np.abs(similarity.score - similarity.score.T) / np.where(larger > 0, larger, 1.0)
    assert asymmetric.max() > 0.1
    index = features.index()
    # a library technician's move to library assistant is closer than to carpenter or nurse
    row = similarity.score[index["25-4031.00"]]
    assert row[index["43-4121.00"]] > row[index["47-2031.00"]]
    assert row[index["43-4121.00"]] > row[index["29-1141.00"]]


def test_neighbours_are_the_best_targets_best_first() -> None:
    score = np.array([[1.0, 0.2, 0.9, 0.5], [0.3, 1.0, 0.3, 0.1], [0.1, 0.4, 1.0, 0.4], [0, 0, 0, 1.0]])
    top, values = Similarity(["a", "b", "c", "d"], score, {}).neighbours(2)
    assert top.tolist() == [[2, 3], [0, 2], [1, 3], [0, 1]]
    assert values[0].tolist() == [0.9, 0.5]


def test_reading_features_needs_a_release(tmp_path: object) -> None:
    from skillscape.pathways.features import NoRelease

    with pytest.raises(NoRelease, match="O\\*NET release"):
        read_features(OxigraphStore())


def test_views_and_soc_levels_are_weighted_like_families(features: Features) -> None:
    index = features.index()
    a, b = index["43-4121.00"], index["43-9061.00"]
    cosine_only = compute(features, Parameters({"text": 1.0}, directional=0.0))
    view = compute(features, Parameters({"text.cosine": 1.0}))
    assert view.score[a, b] == pytest.approx(cosine_only.score[a, b])
    # same major group (43), another minor group: the major level counts, the minor does not
    soc = compute(features, Parameters({"soc.major": 1.0, "soc.minor": 1.0}))
    assert soc.score[a, b] == pytest.approx(0.5)
    mixed = compute(features, Parameters({"text.cosine": 3.0, "soc.major": 1.0}))
    assert mixed.score[a, b] == pytest.approx((3 * view.score[a, b] + 1.0) / 4)


def test_ranker_terms_standardise_over_the_origins_row_or_the_targets_column() -> None:
    values = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 3.0], [4.0, 4.0, 3.0]])
    inputs = {"x": values}
    row = ranker_term(inputs, "x|row")
    assert row[0] == pytest.approx((values[0] - 2.0) / np.std(values[0]), abs=1e-6)
    assert np.allclose(ranker_term({"x": np.full((2, 3), 4.0)}, "x|row"), 0.0)  # no spread: all alike
    col = ranker_term(inputs, "x|col")
    assert col[:, 2] == pytest.approx(np.zeros(3), abs=1e-6)  # every origin alike for target 2
    assert col[:, 0] == pytest.approx(ranker_term({"x": values.T}, "x|row")[0], abs=1e-6)
    hinge = ranker_term(inputs, "x|row>1")
    assert hinge == pytest.approx(np.maximum(row - 1.0, 0.0))
    with pytest.raises(ValueError, match="transform"):
        ranker_term(inputs, "x|diagonal")


def test_the_ranker_scores_are_the_logistic_of_its_terms(features: Features) -> None:
    ranker = Ranker({"text.cosine|row": 2.0, "rank:iwa.cosine|row>1": -0.5}, -1.0)
    similarity = compute(features, Parameters(weights={}, ranker=ranker))
    inputs = ranker_inputs(features, ranker.inputs())
    linear = (
        -1.0
        + 2.0 * ranker_term(inputs, "text.cosine|row")
        - 0.5 * ranker_term(inputs, "rank:iwa.cosine|row>1")
    )
    assert similarity.score == pytest.approx(1.0 / (1.0 + np.exp(-linear)))
    # the best target on the rank input is ranked 1: −log 1 = 0, the others below
    ranks = inputs["rank:iwa.cosine"]
    assert (ranks.max(axis=1) == 0.0).all()
    assert set(similarity.components) == {"text.cosine"}


def test_the_shipped_ranker_reads_back_and_names_its_fit(tmp_path: Path) -> None:
    ranker = Ranker.read(RANKER_FILE)
    assert ranker.terms and ranker.fitted["cv_precision_at_10"] > 0.6
    copy = tmp_path / "ranker.json"
    ranker.write(copy)
    assert Ranker.read(copy) == ranker
    stored = json.loads(default_parameters().as_json())
    assert stored["ranker"]["terms"] == dict(sorted(ranker.terms.items()))


def test_a_release_without_a_family_the_ranker_reads_gets_no_signal_from_it(features: Features) -> None:
    ranker = Ranker(
        {"knowledge.cosine|row": 1.0, "rank:knowledge.cosine|row": 1.0, "text.cosine|row": 1.0}, 0.0
    )
    without = Features(
        features.release,
        features.codes,
        features.titles,
        features.occupations,
        {name: family for name, family in features.families.items() if name != "knowledge"},
        features.descriptors,
    )
    scores = compute(without, Parameters(weights={}, ranker=ranker)).score
    text_only = compute(without, Parameters(weights={}, ranker=Ranker({"text.cosine|row": 1.0}, 0.0))).score
    assert np.isfinite(scores).all()
    assert scores == pytest.approx(text_only)


def test_a_second_stage_reads_the_first_stages_score_both_ways(features: Features) -> None:
    first = Ranker({"text.cosine|row": 1.5, "iwa.cosine|col": 0.5}, -2.0)
    second = Ranker(
        {"text.cosine|row": 0.2, "first|row>1": 1.0, "first.T|row": 0.7, "neighbours:first|row": -0.3},
        0.5,
        first=first,
    )
    assert second.inputs() == ["iwa.cosine", "text.cosine"]
    inputs = ranker_inputs(features, second.inputs())
    lin1 = -2.0 + 1.5 * ranker_term(inputs, "text.cosine|row") + 0.5 * ranker_term(inputs, "iwa.cosine|col")
    made = first_stage_inputs(lin1)
    assert made["first.T"] == pytest.approx(lin1.T)
    lin2 = (
        0.5
        + 0.2 * ranker_term(inputs, "text.cosine|row")
        + ranker_term(made, "first|row>1")
        + 0.7 * ranker_term(made, "first.T|row")
        - 0.3 * ranker_term(made, "neighbours:first|row")
    )
    similarity = compute(features, Parameters(weights={}, ranker=second))
    assert similarity.score == pytest.approx(1.0 / (1.0 + np.exp(-lin2)))
    assert Ranker.from_json(json.loads(json.dumps(second.as_json()))) == second
