"""Directional occupation similarity, vectorised over all pairs at once.

For each feature family f, ``s_f(A→B)`` blends two views:

* **coverage** (directional): how much of what B needs A already has. For a set family
  (activities, technology, words) it is the share of B's weighted items that A has at all;
  for a rated family (skills, knowledge, work styles) it is
  ``Σ_j w_Bj · min(L_Aj, L_Bj) / Σ_j w_Bj · L_Bj`` with L the level and w B's importance of j,
  so a level B needs above A's counts as a gap;
* **cosine** (symmetric): how alike the two profiles are (set families: tf-idf vectors;
  rated families: importance-weighted levels centred on the mean occupation, mapped to 0…1).

``s_f = β · coverage + (1 − β) · cosine``, and ``S(A→B) = Σ_f α_f s_f / Σ_f α_f`` over the
families both occupations have data for. A weight may also name one view of a family
(``"knowledge.cosine"``, ``"iwa.coverage"``: that view alone, whatever β) or a level of the SOC
code hierarchy (``"soc.major"``, ``"soc.minor"``, ``"soc.broad"``, ``"soc.detailed"``: 1 when both
codes share that group, else 0), so S stays a weighted mean of scores in 0…1.

The default weights (:data:`FITTED_WEIGHTS`) were fitted by :mod:`skillscape.pathways.ranker`
(non-negative logistic regression over these features, 5-fold cross-validation by origin
occupation) against expert-reviewed related occupations of a development half of the O*NET
occupations; ``benchmarks/adjacency.py`` prints the fit and its cross-validated precision.
Everything is matrix arithmetic (scipy sparse products, numpy broadcasting in row blocks); no
Python loop runs over pairs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from skillscape.pathways.features import Family, Features

#: rows of A processed at once by the rated-family coverage (bounds memory: block × n × items)
_BLOCK = 128


#: the weights of the default similarity: fitted with ``benchmarks/adjacency.py --fit`` (non-negative
#: logistic regression, L2 1e-3, on features scaled to unit variance, weights given back on the
#: raw 0…1 features; 5-fold cross-validation by origin inside the development split of O*NET 30.1
#: Related Occupations: precision@10 0.59, recall@20 0.80). The fit put weight on the cosine view
#: of five families and none on the coverage views; the families keep a small directional share
#: (β = :data:`FITTED_DIRECTIONAL`: S(A→B) ≠ S(B→A), which cost 0.002 of dev precision@10) so that
#: what B needs and A lacks still counts. Families and SOC levels fitted at 0 are left out.
FITTED_DIRECTIONAL = 0.1
FITTED_WEIGHTS: Mapping[str, float] = {
    "iwa": 2.48,
    "knowledge": 2.505,
    "technology": 1.544,
    "text": 16.797,
    "work-styles": 0.82,
    "soc.major": 0.196,
    "soc.minor": 0.437,
    "soc.broad": 0.778,
    "soc.detailed": 0.721,
}
#: the SOC levels a weight may name, and how many leading characters of a code name the group
SOC_LEVELS = {"soc.major": 2, "soc.minor": 5, "soc.broad": 6, "soc.detailed": 7}
VIEWS = ("coverage", "cosine")


@dataclass(frozen=True)
class Parameters:
    """What the similarity depends on besides its input (stored with every derived graph)."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(FITTED_WEIGHTS))
    directional: float = FITTED_DIRECTIONAL
    neighbours: int = 30

    def as_json(self) -> str:
        data = {
            "weights": dict(sorted(self.weights.items())),
            "directional": self.directional,
            "neighbours": self.neighbours,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def with_weights(self, **weights: float) -> Parameters:
        return Parameters({**self.weights, **weights}, self.directional, self.neighbours)


@dataclass
class Similarity:
    """``score[a, b]`` = S(A→B); ``components[f][a, b]`` = s_f(A→B) (NaN where f has no data)."""

    codes: list[str]
    score: np.ndarray
    components: dict[str, np.ndarray]

    def neighbours(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """For every occupation, the indices and scores of its k best targets, best first."""
        n = self.score.shape[0]
        k = max(0, min(k, n - 1))
        if k == 0:
            return np.zeros((n, 0), dtype=int), np.zeros((n, 0))
        score = self.score.copy()
        np.fill_diagonal(score, -np.inf)
        top = np.argpartition(-score, k - 1, axis=1)[:, :k]
        values = np.take_along_axis(score, top, axis=1)
        order = np.lexsort((top, -values), axis=1)  # best first, ties by index
        return np.take_along_axis(top, order, axis=1), np.take_along_axis(values, order, axis=1)


def compute(features: Features, parameters: Parameters | None = None) -> Similarity:
    """S(A→B) for every ordered pair of the features' occupations."""
    parameters = parameters or Parameters()
    n = features.size
    total = np.zeros((n, n))
    weight = np.zeros((n, n))
    components: dict[str, np.ndarray] = {}
    for name, (scores, mask) in feature_scores(features, parameters).items():
        alpha = float(parameters.weights.get(name, 0.0))
        total += alpha * np.where(mask, scores, 0.0)
        weight += alpha * mask
        components[name] = np.where(mask, scores, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), 0.0)
    return Similarity(list(features.codes), score, components)


def feature_scores(
    features: Features, parameters: Parameters, every: bool = False
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every weighted feature's scores for all pairs (or every feature, ``every``), with where
    both occupations have data for it: families (blended by β), family views, SOC levels."""
    wanted = {name for name, alpha in parameters.weights.items() if float(alpha) > 0}
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, family in features.families.items():
        views = [f"{name}.{view}" for view in VIEWS]
        if not every and name not in wanted and not wanted.intersection(views):
            continue
        present = family.present()
        mask = np.outer(present, present)
        coverage, cosine = _rated(family) if family.rated else _set(family)
        coverage, cosine = np.clip(coverage, 0.0, 1.0), np.clip(cosine, 0.0, 1.0)
        if every or name in wanted:
            blended = parameters.directional * coverage + (1.0 - parameters.directional) * cosine
            found[name] = (blended, mask)
        for view, values in zip(views, (coverage, cosine), strict=True):
            if every or view in wanted:
                found[view] = (values, mask)
    everywhere = np.ones((features.size, features.size), dtype=bool)
    for level, width in SOC_LEVELS.items():
        if every or level in wanted:
            groups = np.array([code[:width] for code in features.codes])
            found[level] = ((groups[:, None] == groups[None, :]).astype(float), everywhere)
    return found


def family_scores(family: Family, directional: float) -> tuple[np.ndarray, np.ndarray]:
    """``s_f(A→B)`` for all pairs, and where both occupations have data for the family."""
    present = family.present()
    mask = np.outer(present, present)
    if family.rated:
        coverage, cosine = _rated(family)
    else:
        coverage, cosine = _set(family)
    scores = directional * coverage + (1.0 - directional) * cosine
    return np.clip(scores, 0.0, 1.0), mask


def idf(values: sparse.csr_matrix) -> np.ndarray:
    """Inverse document frequency of each item: rare items say more about an occupation."""
    n = max(values.shape[0], 1)
    df = np.asarray((values > 0).sum(axis=0)).ravel()
    return np.log((n + 1) / (df + 1))


def set_weights(values: sparse.csr_matrix) -> sparse.csr_matrix:
    """tf-idf: log(1 + weight) × idf for every (occupation, item)."""
    tf = values.copy().astype(float)
    tf.data = np.log1p(tf.data)
    return sparse.csr_matrix(tf.multiply(idf(values)[None, :]))


def _set(family: Family) -> tuple[np.ndarray, np.ndarray]:
    weighted = set_weights(family.values)
    has = (family.values > 0).astype(float)
    needed = np.asarray(weighted.sum(axis=1)).ravel()  # B's total weight
    shared = (has @ weighted.T).toarray()  # [a, b] = weight of B's items that A has
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(needed[None, :] > 0, shared / needed[None, :], 0.0)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    unit = sparse.diags(np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)) @ weighted
    cosine = (unit @ unit.T).toarray()
    return coverage, cosine


def importance_weights(importance: np.ndarray) -> np.ndarray:
    """O*NET importance 1–5 as a weight 0–1 (1 = not important at all = no weight)."""
    return np.clip((importance - 1.0) / 4.0, 0.0, 1.0)


def _rated(family: Family) -> tuple[np.ndarray, np.ndarray]:
    assert family.importance is not None
    level = family.values.toarray()
    w = importance_weights(family.importance)
    needed = (w * level).sum(axis=1)  # B's total requirement
    n = level.shape[0]
    covered = np.empty((n, n))
    for start in range(0, n, _BLOCK):
        block = level[start : start + _BLOCK]
        # [a, b, j] = min(L_aj, L_bj) weighted by B's importance of j
        covered[start : start + _BLOCK] = np.einsum(
            "abj,bj->ab", np.minimum(block[:, None, :], level[None, :, :]), w
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(needed[None, :] > 0, covered / needed[None, :], 0.0)
    profile = w * level
    centred = profile - profile.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(centred, axis=1)
    unit = centred / np.where(norms > 0, norms, 1.0)[:, None]
    cosine = (unit @ unit.T + 1.0) / 2.0
    return coverage, cosine


__all__ = [
    "FITTED_WEIGHTS",
    "Parameters",
    "Similarity",
    "compute",
    "family_scores",
    "feature_scores",
    "idf",
    "importance_weights",
]
