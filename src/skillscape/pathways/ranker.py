"""Fit the weights of the occupation similarity against a reference list of related occupations.

Pure numpy/scipy over plain arrays; no I/O (the benchmark reads the reference and the features).
``X[a, b, k]`` is feature k of the pair A→B (each in 0…1), ``Y[a, b]`` is 1 when the reference
lists B as related to A. The ranker is a logistic regression over the pairs, with non-negative
weights on plain features (a higher similarity of any kind never makes a pair less related) and
free weights on transformed ones (:class:`~skillscape.pathways.similarity.Ranker`), an L2 penalty,
fitted on features scaled to unit variance and returned on the raw features: the similarity is
then ``Σ_k w_k x_k / Σ_k w_k``, which ranks the targets of an origin exactly as the fitted
linear score does. Cross-validation holds out whole origin occupations (:func:`folds`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize


@dataclass(frozen=True)
class Fit:
    weights: np.ndarray  # one per feature, on the raw features
    intercept: float


def fit_logistic(
    x: np.ndarray, y: np.ndarray, rows: np.ndarray, l2: float = 1e-3, nonnegative: bool = True
) -> Fit:
    """Logistic regression on the pairs of the origins ``rows`` (self pairs left out), with
    non-negative weights unless ``nonnegative`` is False (terms that transform other terms, where a
    negative weight corrects the one before: :class:`skillscape.pathways.similarity.Ranker`)."""
    n = x.shape[0]
    off = np.ones((n, n), dtype=bool)
    np.fill_diagonal(off, False)
    pairs = x[rows][off[rows]]
    labels = y[rows][off[rows]].astype(float)
    scale = pairs.std(axis=0) + 1e-9
    z = pairs / scale
    k = z.shape[1]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w[:k] + w[k]
        p = 1.0 / (1.0 + np.exp(-s))
        value = -np.mean(labels * np.log(p + 1e-12) + (1 - labels) * np.log(1 - p + 1e-12))
        value += l2 * float(np.sum(w[:k] ** 2))
        grad = np.append(z.T @ (p - labels) / len(labels) + 2 * l2 * w[:k], np.mean(p - labels))
        return float(value), grad

    bounds = [(0.0 if nonnegative else None, None)] * k + [(None, None)]
    result = optimize.minimize(loss, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    return Fit(result.x[:k] / scale, float(result.x[k]))


def precision_recall(
    score: np.ndarray, y: np.ndarray, rows: np.ndarray, k: int = 10, k_recall: int = 20
) -> tuple[float, float]:
    """Mean precision@k and recall@k_recall over the origins ``rows`` that have related targets."""
    precisions, recalls = [], []
    for a in rows:
        related = y[a].sum()
        if related == 0:
            continue
        row = score[a].astype(float).copy()
        row[a] = -np.inf
        order = np.argsort(-row, kind="stable")
        precisions.append(y[a, order[:k]].sum() / k)
        recalls.append(y[a, order[:k_recall]].sum() / related)
    if not precisions:
        return float("nan"), float("nan")
    return float(np.mean(precisions)), float(np.mean(recalls))


def folds(n: int, k: int = 5, seed: int = 0) -> np.ndarray:
    """The fold (0…k−1) of each of n origins, at random with a fixed seed."""
    return np.random.default_rng(seed).permutation(n) % k


def cross_validate(
    x: np.ndarray, y: np.ndarray, k: int = 5, l2: float = 1e-3, seed: int = 0
) -> tuple[float, float]:
    """Precision@10 and recall@20 of the fitted ranker on held-out origins, averaged over k folds."""
    fold = folds(x.shape[0], k, seed)
    results = []
    for held in range(k):
        train, test = np.where(fold != held)[0], np.where(fold == held)[0]
        fitted = fit_logistic(x, y, train, l2)
        results.append(precision_recall(x @ fitted.weights, y, test))
    return float(np.mean([r[0] for r in results])), float(np.mean([r[1] for r in results]))


__all__ = ["Fit", "cross_validate", "fit_logistic", "folds", "precision_recall"]
