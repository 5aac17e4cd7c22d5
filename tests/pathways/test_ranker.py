"""The fitted ranker on synthetic pairs whose relatedness one feature decides."""

from __future__ import annotations

import numpy as np
import pytest

from skillscape.pathways.ranker import cross_validate, fit_logistic, folds, precision_recall


def _synthetic(n: int = 60, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    groups = np.arange(n) % 6  # ten occupations per group; related = same group
    y = (groups[:, None] == groups[None, :]).astype(float)
    np.fill_diagonal(y, 0)
    signal = np.clip(0.6 * y + rng.normal(0.2, 0.1, (n, n)), 0, 1)  # says the group, noisily
    noise = rng.uniform(0, 1, (n, n))  # says nothing
    return np.stack([noise, signal], axis=-1), y


def test_the_fit_weighs_the_informative_feature_and_not_the_noise() -> None:
    x, y = _synthetic()
    fitted = fit_logistic(x, y, np.arange(x.shape[0]))
    assert fitted.weights[1] > 1.0
    assert fitted.weights[0] < 0.1 * fitted.weights[1]
    assert (fitted.weights >= 0).all()


def test_precision_and_recall_count_the_related_among_the_top() -> None:
    y = np.array([[0, 1, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]], dtype=float)
    score = np.array([[9, 3, 2, 1], [0, 0, 0, 0], [0, 1, 9, 2], [0, 0, 0, 0]], dtype=float)
    # origin 0: top 2 = targets 1, 2 (one related); origin 2: top 2 = 3, 1 (none); 1 and 3 have none
    precision, recall = precision_recall(score, y, np.arange(4), k=2, k_recall=2)
    assert precision == pytest.approx((1 / 2 + 0) / 2)
    assert recall == pytest.approx((1 / 2 + 0) / 2)


def test_cross_validation_holds_out_whole_origins_and_finds_the_groups() -> None:
    x, y = _synthetic()
    fold = folds(x.shape[0])
    assert sorted(np.bincount(fold).tolist()) == [12] * 5
    precision, recall = cross_validate(x, y)
    noise_only, _ = precision_recall(x[:, :, 0], y, np.arange(x.shape[0]))
    assert precision > 0.8
    assert noise_only < 0.4
    assert recall > 0.8


def test_free_weights_may_be_negative_where_a_feature_speaks_against_relatedness() -> None:
    x, y = _synthetic()
    against = np.stack([x[..., 1], 1.0 - x[..., 1]], axis=-1)  # the second says the opposite
    bounded = fit_logistic(against, y, np.arange(x.shape[0]))
    free = fit_logistic(against, y, np.arange(x.shape[0]), nonnegative=False)
    assert bounded.weights[1] == 0.0
    assert free.weights[1] < 0.0
