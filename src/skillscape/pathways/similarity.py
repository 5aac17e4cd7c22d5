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

The build's similarity (:func:`default_parameters`) is a fitted :class:`Ranker` over these
features instead: each family view and SOC level, five second-order inputs (occupations that
resemble the same occupations) and five rank inputs, each standardised over the origin's row and
over the target's column, and each of those also as hinges above 0.5, 1, 2 and 3 standard
deviations; S(A→B) is the logistic of the linear score, the probability that an expert lists B
as related to A. The weights
(``fitted_ranker.json`` beside this module) were fitted by :mod:`skillscape.pathways.ranker`
against expert-reviewed related occupations of a development half of the O*NET occupations;
``benchmarks/adjacency.py --write`` fits them and prints their cross-validated precision. The
weighted mean (:data:`FITTED_WEIGHTS`) stays for explicit weights and comparison.
Everything is matrix arithmetic (scipy sparse products, numpy broadcasting in row blocks); no
Python loop runs over pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
class Ranker:
    """A fitted linear ranker over transformed pair features: ``S(A→B) = σ(b + Σ_t w_t x_t(A→B))``.

    A term is named ``INPUT|TRANSFORM``. INPUT is a feature of :func:`feature_scores` (a family
    view or a SOC level), ``neighbours:F`` (how alike A's and B's whole rows of feature F are:
    occupations that resemble the same occupations) or ``rank:F`` (−log of B's rank among A's
    targets on F). TRANSFORM standardises the input over the origin's row (``row``: how B
    stands out among A's targets) or the target's column (``col``: how A stands out among the
    occupations that could move to B), optionally as a hinge (``row>1`` = max(z − 1, 0): only
    the part above one standard deviation), so a linear score can reward the top of a ranking
    more than the middle. σ maps the score to 0…1: the fitted probability that an expert would
    list B as related to A.

    A ranker may stand on a ``first`` one (fitted before it on the same terms): its terms may then
    also read ``first`` (the first ranker's linear score), ``first.T`` (that score from B to A),
    ``neighbours:first`` and ``neighbours:first.T``, so the second stage can reward a pair both
    directions rank high, or two occupations the first stage finds close to the same others.
    """

    terms: Mapping[str, float]
    intercept: float
    #: what the weights were fitted on and how well they rank (from ``benchmarks/adjacency.py``)
    fitted: Mapping[str, object] = field(default_factory=dict)
    first: Ranker | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ranker:
        first = data.get("first")
        return cls(
            dict(data["terms"]),
            float(data["intercept"]),
            dict(data.get("fitted", {})),
            cls.from_json(first) if first else None,
        )

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "terms": dict(sorted(self.terms.items())),
            "intercept": self.intercept,
            "fitted": dict(self.fitted),
        }
        if self.first is not None:
            data["first"] = self.first.as_json()
        return data

    @classmethod
    def read(cls, path: Path) -> Ranker:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def inputs(self) -> list[str]:
        """The inputs its terms (and its first stage's) read, but those made of the first stage."""
        own = {term.partition("|")[0] for term in self.terms}
        below = set(self.first.inputs()) if self.first is not None else set()
        return sorted((own | below) - set(FIRST_STAGE_INPUTS))

    def linear(self, inputs: dict[str, np.ndarray], size: int) -> np.ndarray:
        """The linear score of every pair (the first stage's inputs added to ``inputs``)."""
        if self.first is not None:
            first = self.first.linear(inputs, size)
            inputs |= first_stage_inputs(first)
        linear = np.full((size, size), self.intercept)
        for term, weight in self.terms.items():
            linear += weight * ranker_term(inputs, term)
        return linear


#: the inputs a second-stage term may read of the first stage's linear score
FIRST_STAGE_INPUTS = ("first", "first.T", "neighbours:first", "neighbours:first.T")


def first_stage_inputs(linear: np.ndarray) -> dict[str, np.ndarray]:
    """The inputs of :data:`FIRST_STAGE_INPUTS` from the first stage's linear score."""
    return {
        "first": linear,
        "first.T": linear.T,
        "neighbours:first": _neighbours(linear),
        "neighbours:first.T": _neighbours(linear.T),
    }


#: the ranker the build uses (fitted by ``benchmarks/adjacency.py --write``)
RANKER_FILE = Path(__file__).with_name("fitted_ranker.json")


@dataclass(frozen=True)
class Parameters:
    """What the similarity depends on besides its input (stored with every derived graph).

    With a ``ranker``, S is the ranker's score and ``weights``/``directional`` are not used;
    without one, S is the weighted mean of the features named in ``weights``.
    """

    weights: Mapping[str, float] = field(default_factory=lambda: dict(FITTED_WEIGHTS))
    directional: float = FITTED_DIRECTIONAL
    neighbours: int = 30
    ranker: Ranker | None = None

    def as_json(self) -> str:
        data: dict[str, object] = {"neighbours": self.neighbours}
        if self.ranker is None:
            data |= {"weights": dict(sorted(self.weights.items())), "directional": self.directional}
        else:
            data["ranker"] = self.ranker.as_json()
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def with_weights(self, **weights: float) -> Parameters:
        return Parameters({**self.weights, **weights}, self.directional, self.neighbours)


def default_parameters() -> Parameters:
    """The parameters the build derives the similarity with: the fitted ranker."""
    return Parameters(weights={}, ranker=Ranker.read(RANKER_FILE))


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
    parameters = parameters or default_parameters()
    if parameters.ranker is not None:
        return _ranked(features, parameters.ranker)
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


def _ranked(features: Features, ranker: Ranker) -> Similarity:
    inputs = ranker_inputs(features, ranker.inputs())
    plain = {name: inputs[name] for name in ranker.inputs() if ":" not in name}
    linear = ranker.linear(inputs, features.size)
    score = 1.0 / (1.0 + np.exp(-linear))
    return Similarity(list(features.codes), score, plain)


def ranker_inputs(features: Features, names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """The inputs of ranker terms: every feature of :func:`feature_scores` (0 where an occupation
    has no data for it), and the ``neighbours:`` and ``rank:`` inputs named in ``names`` (all 0
    when the release has no data for the family at all)."""
    found = {
        name: np.where(mask, scores, 0.0)
        for name, (scores, mask) in feature_scores(features, Parameters({}), every=True).items()
        if "." in name
    }
    absent = np.zeros((features.size, features.size))
    measured = set(found)
    for name in names or ():
        kind, _, base = name.partition(":")
        if name in found:
            continue
        if base not in measured:  # a family the release has no data for: no signal
            found[name] = absent
        elif kind == "neighbours":
            found[name] = _neighbours(found[base])
        elif kind == "rank":
            values = found[base].copy()
            np.fill_diagonal(values, -np.inf)
            order = np.argsort(np.argsort(-values, axis=1, kind="stable"), axis=1)
            found[name] = -np.log(order + 1.0)
        else:
            raise ValueError(f"unknown ranker input {name!r}")
    return found


def ranker_term(inputs: Mapping[str, np.ndarray], term: str) -> np.ndarray:
    """One term's values for every pair (see :class:`Ranker`)."""
    name, _, transform = term.partition("|")
    axis_name, _, hinge = transform.partition(">")
    if axis_name not in ("row", "col"):
        raise ValueError(f"unknown ranker transform in {term!r}")
    values = _standardise(inputs[name], axis=1 if axis_name == "row" else 0)
    return np.maximum(values - float(hinge), 0.0) if hinge else values


def _neighbours(values: np.ndarray) -> np.ndarray:
    """How alike two rows of ``values`` are (cosine of the row-standardised rows)."""
    unit = _standardise(values, axis=1)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True) + 1e-9
    return unit @ unit.T


def _standardise(values: np.ndarray, axis: int) -> np.ndarray:
    mean = values.mean(axis=axis, keepdims=True)
    spread = values.std(axis=axis, keepdims=True) + 1e-9
    return (values - mean) / spread


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
    "FIRST_STAGE_INPUTS",
    "FITTED_WEIGHTS",
    "RANKER_FILE",
    "Parameters",
    "Ranker",
    "Similarity",
    "compute",
    "default_parameters",
    "family_scores",
    "feature_scores",
    "first_stage_inputs",
    "idf",
    "importance_weights",
    "ranker_inputs",
    "ranker_term",
]
