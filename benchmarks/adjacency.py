"""How good is the occupation similarity? Three measurements, for several feature/weight variants.

1. **Seed profile**: where each related occupation that the O*NET profile of 25-4031.00 (Library
   Technicians) lists appears in 25-4031.00's ranking (rank 1 = most similar).
2. **ESCO agreement**: for O*NET occupations reachable through the Nesta ESCO↔O*NET crosswalk,
   Spearman's ρ between S(A→B) and the ESCO skill overlap of the pair — the share of B's ESCO
   skills (essential weight 1, optional ½) that A's ESCO occupations also list (directional, like
   S). Reported over all ordered pairs, and as the mean ρ per origin.
3. **Coverage**: of the most AI-exposed quarter of occupations (default measure), how many have at
   least one destination within 2 hops that is less exposed and pays at least 90 % of their
   median wage (origins without a known wage are not counted).

4. **Expert judgement** (the measure that counts): precision@10 and recall@20 against O*NET 30.1
   Related Occupations for the development half of the occupations
   (``/work/shared/data/eval/related_occupations_dev.tsv``, or ``--dev``; tuning data, never in
   the repository or the graph), ranking only occupations of that half. Every variant is scored
   per fold of a 5-fold split by origin; the fitted ranker (:mod:`skillscape.pathways.ranker`)
   is fitted on four folds and scored on the fifth. The chosen model's weights are printed (they
   are ``FITTED_WEIGHTS`` in ``similarity.py``).

The similarity is computed in memory from the store's O*NET release for each variant (the store
keeps only the default variant's derived graph). Prints tables; asserts nothing.

    .venv/bin/python benchmarks/adjacency.py --store data/build/store
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from skillscape.pathways import loading  # noqa: E402
from skillscape.pathways.features import Features, read_features  # noqa: E402
from skillscape.pathways.graph import Constraints, Edge, PivotGraph  # noqa: E402
from skillscape.pathways.ranker import fit_logistic, folds, precision_recall  # noqa: E402
from skillscape.pathways.service import DEFAULT_MEASURE  # noqa: E402
from skillscape.pathways.similarity import (  # noqa: E402
    RANKER_FILE,
    Parameters,
    Ranker,
    Similarity,
    compute,
    default_parameters,
    feature_scores,
    first_stage_inputs,
    ranker_inputs,
    ranker_term,
)
from skillscape.query import named  # noqa: E402
from skillscape.store.location import StoreLocation  # noqa: E402
from skillscape.store.oxigraph import OxigraphStore  # noqa: E402

ESCO = ROOT / "data" / "sources" / "esco"
CROSSWALK = ESCO / "nesta_esco_onet_crosswalk_Nov2020.csv.gz"
RELATIONS = ESCO / "occupationSkillRelations.crosswalked.csv.gz"
SEED_OCCUPATION = "25-4031.00"
RELATION_WEIGHT = {"essential": 1.0, "optional": 0.5}

DEFAULT = Parameters()
ALL_EQUAL = Parameters({name: 1.0 for name in DEFAULT.weights}, DEFAULT.directional, DEFAULT.neighbours)


def only(*families: str) -> Parameters:
    return Parameters({f: 1.0 for f in families}, DEFAULT.directional, DEFAULT.neighbours)


FIRST_GUESS = Parameters(
    {
        "activities": 3.0,
        "iwa": 1.0,
        "skills": 2.0,
        "knowledge": 2.0,
        "work-styles": 0.5,
        "technology": 1.0,
        "tools": 0.5,
        "text": 2.0,
    },
    0.5,
    DEFAULT.neighbours,
)

DEV = Path("/work/shared/data/eval/related_occupations_dev.tsv")
PREVIOUS = Parameters(
    {
        "activities": 1.0,
        "iwa": 2.0,
        "skills": 1.0,
        "knowledge": 2.0,
        "work-styles": 0.5,
        "technology": 0.5,
        "tools": 0.5,
        "text": 4.0,
    },
    0.5,
    DEFAULT.neighbours,
)

VARIANTS: list[tuple[str, Parameters]] = [
    ("similarity 1.0 (hand-chosen weights, β=0.5)", PREVIOUS),
    ("activities (DWA) only", only("activities")),
    ("IWA only", only("iwa")),
    ("skills only", only("skills")),
    ("knowledge only", only("knowledge")),
    ("work styles only", only("work-styles")),
    ("technology only", only("technology")),
    ("tools only", only("tools")),
    ("text only", only("text")),
    ("all families, equal weights", ALL_EQUAL),
    ("activities+skills+knowledge", only("activities", "skills", "knowledge")),
    ("first guess (activities 3, skills 2, knowledge 2, text 2 …)", FIRST_GUESS),
    ("similarity 1.0, text 3, knowledge 2 → 1", PREVIOUS.with_weights(text=3.0, knowledge=1.0)),
    ("fitted weights, symmetric (β=0)", Parameters(DEFAULT.weights, 0.0, DEFAULT.neighbours)),
    ("fitted weights, coverage only (β=1)", Parameters(DEFAULT.weights, 1.0, DEFAULT.neighbours)),
    ("fitted weights, β=0.5", Parameters(DEFAULT.weights, 0.5, DEFAULT.neighbours)),
    ("similarity 2.0 (fitted weighted mean, β=0.1; fitted on the whole dev split)", DEFAULT),
    *(
        [("similarity 3.0 default (fitted ranker; fitted on the whole dev split)", default_parameters())]
        if RANKER_FILE.is_file()
        else []
    ),
]

#: the ranker's inputs beside the plain family views and SOC levels (each gets a row and a column
#: term, as the plain ones do)
RANKER_EXTRAS = (
    "neighbours:text.cosine",
    "neighbours:iwa.cosine",
    "neighbours:tasks.cosine",
    "neighbours:titles.cosine",
    "neighbours:knowledge.cosine",
    "rank:text.cosine",
    "rank:iwa.cosine",
    "rank:knowledge.cosine",
    "rank:tasks.cosine",
    "rank:titles.cosine",
)
RANKER_HINGES = (0.5, 1, 2, 3)
#: the second stage reads the first stage's score ("first", by row and by column) and these,
#: beside the first stage's own terms
SECOND_STAGE_INPUTS = ("first.T", "neighbours:first", "neighbours:first.T")
RANKER_PENALTIES = (1e-3, 1e-2)


@dataclass
class Scores:
    name: str
    seed_ranks: list[int | None]
    rho_pairs: float
    rho_origin: float
    covered: int
    eligible: int
    seconds: float


# ---------------------------------------------------------------------------- references


def seed_related(store: OxigraphStore) -> list[tuple[str, str]]:
    rows = named.load("pathways/related-occupations").run(store, {"occupation": SEED_OCCUPATION}).records()
    return [(r["code"].value, r["title"].value if r["title"] else "") for r in rows]  # type: ignore[union-attr]


def _csv(path: Path) -> list[dict[str, str]]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def esco_skills(codes: set[str]) -> tuple[dict[str, dict[str, float]], int, int]:
    """O*NET code -> ESCO skill -> weight, through the crosswalk (codes of the release only)."""
    mapped: dict[str, set[str]] = defaultdict(set)
    crosswalk = _csv(CROSSWALK)
    for row in crosswalk:
        if row["onet_code"] in codes:
            mapped[row["concept_uri"]].add(row["onet_code"])
    skills: dict[str, dict[str, float]] = defaultdict(dict)
    for row in _csv(RELATIONS):
        weight = RELATION_WEIGHT.get(row["relationType"])
        for code in mapped.get(row["occupationUri"], ()):
            if weight is not None:
                skills[code][row["skillUri"]] = max(weight, skills[code].get(row["skillUri"], 0.0))
    onet_codes = {r["onet_code"] for r in crosswalk}
    return dict(skills), len(onet_codes), len(onet_codes & codes)


def esco_overlap(skills: dict[str, dict[str, float]], order: list[str]) -> np.ndarray:
    """[a, b] = share of B's weighted ESCO skills that A lists."""
    items = sorted({s for profile in skills.values() for s in profile})
    column = {s: j for j, s in enumerate(items)}
    weights = np.zeros((len(order), len(items)))
    for i, code in enumerate(order):
        for skill, weight in skills[code].items():
            weights[i, column[skill]] = weight
    has = (weights > 0).astype(float)
    shared = has @ weights.T
    return shared / weights.sum(axis=1)[None, :]


# ---------------------------------------------------------------------------- measurements


def ranks(similarity: Similarity, origin: str, targets: list[str]) -> list[int | None]:
    index = {c: i for i, c in enumerate(similarity.codes)}
    row = similarity.score[index[origin]].copy()
    row[index[origin]] = -np.inf
    order = np.argsort(-row, kind="stable")
    position = {similarity.codes[j]: r + 1 for r, j in enumerate(order)}
    return [position.get(t) for t in targets]


def agreement(similarity: Similarity, overlap: np.ndarray, order: list[str]) -> tuple[float, float]:
    index = [similarity.codes.index(c) for c in order]
    ours = similarity.score[np.ix_(index, index)]
    off = ~np.eye(len(order), dtype=bool)
    rho_pairs = float(stats.spearmanr(ours[off], overlap[off]).statistic)
    per_origin = []
    for a in range(len(order)):
        keep = np.arange(len(order)) != a
        if np.ptp(overlap[a, keep]) > 0 and np.ptp(ours[a, keep]) > 0:
            per_origin.append(float(stats.spearmanr(ours[a, keep], overlap[a, keep]).statistic))
    return rho_pairs, statistics.fmean(per_origin)


def coverage(similarity: Similarity, parameters: Parameters, nodes: list, measure: str) -> tuple[int, int]:
    top, values = similarity.neighbours(parameters.neighbours)
    codes = similarity.codes
    edges = [
        Edge(codes[a], codes[b], float(v))
        for a in range(len(codes))
        for b, v in zip(top[a], values[a], strict=True)
    ]
    graph = PivotGraph([n for n in nodes if n.code in set(codes)], edges)
    exposed = sorted(
        (n for n in graph.graph.nodes if measure in graph.occupation(n).exposure),
        key=lambda c: -graph.occupation(c).exposure[measure].value,
    )
    quarter = exposed[: len(exposed) // 4]
    eligible = [c for c in quarter if graph.occupation(c).wage is not None]
    constraints = Constraints(measure, max_hops=2, k=1, min_wage_ratio=0.9)
    covered = sum(1 for c in eligible if graph.destinations(c, constraints).paths)
    return covered, len(eligible)


def measure_variant(
    name: str,
    parameters: Parameters,
    features: Features,
    related: list[str],
    overlap: np.ndarray,
    order: list[str],
    nodes: list,
    measure: str,
) -> Scores:
    started = time.perf_counter()
    similarity = compute(features, parameters)
    seconds = time.perf_counter() - started
    rho_pairs, rho_origin = agreement(similarity, overlap, order)
    covered, eligible = coverage(similarity, parameters, nodes, measure)
    return Scores(
        name, ranks(similarity, SEED_OCCUPATION, related), rho_pairs, rho_origin, covered, eligible, seconds
    )


# ---------------------------------------------------------------------------- output


def _rank(value: int | None) -> str:
    return "—" if value is None else str(value)


def print_seed_table(related: list[tuple[str, str]], results: list[Scores], chosen: str) -> None:
    scores = next(r for r in results if r.name == chosen)
    print(f"\nRelated occupations of {SEED_OCCUPATION} in its seed profile, ranked by the {chosen!r} variant")
    print("| related occupation | title | rank |")
    print("|---|---|---:|")
    for (code, title), rank in zip(related, scores.seed_ranks, strict=True):
        print(f"| {code} | {title} | {_rank(rank)} |")


def print_variant_table(results: list[Scores], k: int) -> None:
    print(
        "\nVariants (seed: ranks of the profile's related occupations; ESCO: Spearman ρ; "
        "coverage: 2 hops, ≥ 90 % wage)"
    )
    print(
        f"| variant | seed median rank | seed in top {k} | ESCO ρ (pairs) | ESCO ρ (per origin) "
        "| coverage | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        found = [x for x in r.seed_ranks if x is not None]
        median = statistics.median(found) if found else float("nan")
        within = sum(1 for x in found if x <= k)
        share = f"{r.covered}/{r.eligible} ({100 * r.covered / max(r.eligible, 1):.0f} %)"
        print(
            f"| {r.name} | {median:g} | {within}/{len(r.seed_ranks)} | {r.rho_pairs:.3f} | "
            f"{r.rho_origin:.3f} | {share} | {r.seconds:.1f} |"
        )


# ---------------------------------------------------------------------------- expert judgement


def read_dev(path: Path) -> dict[str, set[str]]:
    """Origin code -> related codes of the development split (a clear error when it is absent)."""
    if not path.is_file():
        raise SystemExit(
            f"{path}: the development split of O*NET Related Occupations is not there; "
            "give its path with --dev (it is tuning data, kept outside the repository)"
        )
    related: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            origin, target = row.get("O*NET-SOC Code"), row.get("Related O*NET-SOC Code")
            if not origin or not target:
                raise SystemExit(f"{path}, line {number}: expected O*NET-SOC Code and Related O*NET-SOC Code")
            related[origin].add(target)
    return related


def dev_table(features: Features, path: Path) -> Ranker:
    related = read_dev(path)
    index = features.index()
    dev = sorted(c for c in {*related, *(t for ts in related.values() for t in ts)} if c in index)
    rows = np.array([index[c] for c in dev])
    position = {c: i for i, c in enumerate(dev)}
    y = np.zeros((len(dev), len(dev)))
    for origin, targets in related.items():
        for target in targets:
            if origin in position and target in position:
                y[position[origin], position[target]] = 1
    fold = folds(len(dev))
    print(
        f"\nExpert judgement: {len(dev)} occupations of the development split, {int(y.sum())} related pairs"
    )
    print("| variant | precision@10 (5-fold CV) | recall@20 (5-fold CV) |")
    print("|---|---:|---:|")

    def per_fold(score: np.ndarray) -> tuple[float, float]:
        found = [precision_recall(score, y, np.where(fold == k)[0]) for k in range(5)]
        return statistics.fmean(f[0] for f in found), statistics.fmean(f[1] for f in found)

    for name, parameters in VARIANTS:
        p, r = per_fold(compute(features, parameters).score[np.ix_(rows, rows)])
        print(f"| {name} | {p:.3f} | {r:.3f} |")
    every = feature_scores(features, Parameters({}), every=True)
    names = sorted(n for n in every if "." in n)  # family views and SOC levels
    x = np.stack([np.where(every[n][1], every[n][0], 0.0)[np.ix_(rows, rows)] for n in names], axis=-1)
    for n in names:
        p, r = per_fold(x[:, :, names.index(n)])
        print(f"| {n} only | {p:.3f} | {r:.3f} |")
    scores: list[tuple[float, float]] = []
    for l2 in (1e-4, 1e-3, 1e-2):
        found = []
        for k in range(5):
            fitted = fit_logistic(x, y, np.where(fold != k)[0], l2)
            found.append(precision_recall(x @ fitted.weights, y, np.where(fold == k)[0]))
        p, r = statistics.fmean(f[0] for f in found), statistics.fmean(f[1] for f in found)
        print(f"| fitted weighted mean (views + SOC levels, L2 {l2:g}) | {p:.3f} | {r:.3f} |")
        scores.append((p, l2))
    return ranker_table(features, rows, y, fold, per_fold)


def ranker_terms(inputs: list[str], extras: tuple[str, ...] = RANKER_EXTRAS) -> list[str]:
    """Every term the ranker is fitted over: row and column standardised ``inputs`` and
    ``extras``, and their hinges."""
    terms = [f"{name}|{axis}" for name in (*inputs, *extras) for axis in ("row", "col")]
    return terms + [f"{term}>{h}" for h in RANKER_HINGES for term in terms]


def ranker_table(features: Features, rows: np.ndarray, y: np.ndarray, fold: np.ndarray, per_fold) -> Ranker:
    """Fit the ranker (free weights over transformed features) per fold and on the whole split:
    one stage at each penalty, then a second stage over the first's scores at the best one."""
    started = time.perf_counter()
    inputs = ranker_inputs(features, RANKER_EXTRAS)
    plain = sorted(name for name in inputs if ":" not in name)
    terms = ranker_terms(plain)
    x = np.stack([ranker_term(inputs, t)[np.ix_(rows, rows)] for t in terms], axis=-1)
    best: tuple[float, float, float] | None = None
    for l2 in RANKER_PENALTIES:
        found = []
        for k in range(5):
            fitted = fit_logistic(x, y, np.where(fold != k)[0], l2, nonnegative=False)
            found.append(precision_recall(x @ fitted.weights, y, np.where(fold == k)[0]))
        p, r = statistics.fmean(f[0] for f in found), statistics.fmean(f[1] for f in found)
        name = f"fitted ranker ({len(terms)} terms over {len(plain)} features, L2 {l2:g})"
        print(f"| {name} | {p:.3f} | {r:.3f} |")
        if best is None or p > best[0]:
            best = (p, r, l2)
    assert best is not None
    p, r, l2 = best
    chosen = _stage(x, y, np.arange(len(rows)), l2, terms)
    second_terms = ranker_terms(["first"], SECOND_STAGE_INPUTS)
    found = []
    for k in range(5):  # the first stage refitted without the held-out origins, as the second
        train = np.where(fold != k)[0]
        x2 = _second_stage_terms(_stage(x, y, train, l2, terms), inputs, features.size, rows, second_terms)
        fitted = fit_logistic(np.concatenate([x, x2], axis=-1), y, train, l2, nonnegative=False)
        score = np.concatenate([x, x2], axis=-1) @ fitted.weights
        found.append(precision_recall(score, y, np.where(fold == k)[0]))
    p2, r2 = statistics.fmean(f[0] for f in found), statistics.fmean(f[1] for f in found)
    name = f"fitted ranker, two stages ({len(terms) + len(second_terms)} terms, L2 {l2:g})"
    print(f"| {name} | {p2:.3f} | {r2:.3f} |")
    if p2 > p:
        x2 = _second_stage_terms(chosen, inputs, features.size, rows, second_terms)
        chosen = replace(
            _stage(np.concatenate([x, x2], axis=-1), y, np.arange(len(rows)), l2, terms + second_terms),
            first=chosen,
        )
        p, r = p2, r2
    stages = 2 if chosen.first is not None else 1
    print(
        f"\nChosen model: logistic ranker, {stages} stage(s), L2 {l2:g}, {len(chosen.terms)} terms, "
        f"fitted on all {len(rows)} origins ({time.perf_counter() - started:.0f} s)"
    )
    print("| strongest terms | weight |")
    print("|---|---:|")
    for term, weight in sorted(chosen.terms.items(), key=lambda item: -abs(item[1]))[:12]:
        print(f"| {term} | {weight:.3f} |")
    fitted = {
        "algorithm": "logistic regression, free weights, L2 on unit-variance terms",
        "reference": "O*NET 30.1 Related Occupations, development split",
        "origins": len(rows),
        "related_pairs": int(y.sum()),
        "penalty": l2,
        "stages": stages,
        "cv_folds": 5,
        "cv_precision_at_10": round(p, 4),
        "cv_recall_at_20": round(r, 4),
    }
    return replace(chosen, fitted=fitted)


def _stage(x: np.ndarray, y: np.ndarray, origins: np.ndarray, l2: float, terms: list[str]) -> Ranker:
    fitted = fit_logistic(x, y, origins, l2, nonnegative=False)
    weights = {t: round(float(w), 6) for t, w in zip(terms, fitted.weights, strict=True) if abs(w) > 1e-6}
    return Ranker(weights, round(float(fitted.intercept), 6))


def _second_stage_terms(
    first: Ranker, inputs: dict[str, np.ndarray], size: int, rows: np.ndarray, terms: list[str]
) -> np.ndarray:
    """The second-stage terms of the dev pairs, from ``first``'s linear score of every pair."""
    made = first_stage_inputs(first.linear(dict(inputs), size))
    return np.stack([ranker_term(made, t)[np.ix_(rows, rows)] for t in terms], axis=-1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "build" / "store")
    parser.add_argument("--measure", default=DEFAULT_MEASURE)
    parser.add_argument("--variants", default="", help="comma-separated variant names (default: all)")
    parser.add_argument("--dev", type=Path, default=DEV, help="development split of Related Occupations")
    parser.add_argument("--dev-only", action="store_true", help="only the expert-judgement table")
    parser.add_argument("--write", action="store_true", help=f"write the fitted ranker to {RANKER_FILE.name}")
    args = parser.parse_args()
    path = StoreLocation(args.store).current() or args.store
    with OxigraphStore(path, read_only=True) as store:
        started = time.perf_counter()
        features = read_features(store)
        print(
            f"features of {features.size} occupations (O*NET {features.release.name}) read in "
            f"{time.perf_counter() - started:.1f} s"
        )
        related = seed_related(store)
        nodes, _ = loading.nodes(store, features.release)
    ranker = dev_table(features, args.dev)
    if args.write:
        ranker.write(RANKER_FILE)
        print(f"wrote {RANKER_FILE.relative_to(ROOT)} ({len(ranker.terms)} terms)")
    if args.dev_only:
        return
    codes = set(features.codes)
    skills, crosswalk_codes, usable = esco_skills(codes)
    order = sorted(c for c in skills if skills[c])
    print(
        f"ESCO: {crosswalk_codes} O*NET-SOC 2010 codes in the crosswalk, {usable} of them in O*NET "
        f"{features.release.name}, {len(order)} with ESCO skills "
        f"({len(order) * (len(order) - 1)} ordered pairs)"
    )
    overlap = esco_overlap(skills, order)
    wanted = {v.strip() for v in args.variants.split(",") if v.strip()}
    results = [
        measure_variant(
            name, parameters, features, [c for c, _ in related], overlap, order, nodes, args.measure
        )
        for name, parameters in VARIANTS
        if not wanted or name in wanted
    ]
    print_variant_table(results, 20)
    chosen = next((r.name for r in results if r.name.startswith("similarity 2.0")), results[-1].name)
    print_seed_table(related, results, chosen)


if __name__ == "__main__":
    main()
