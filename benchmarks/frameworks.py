"""AI use and durable-skill profiles on a built store: coverage and query latency.

For every occupation of the newest O*NET release in the store, runs the named queries ``ai-use``
and ``durable-skills`` (as the CLI and the API run them) and reports

1. **Coverage**: how many occupations have a non-empty answer, by row kind, split into rated
   occupations (those with O*NET skill ratings) and the others; the codes of rated occupations
   with an empty profile are listed.
2. **Latency**: per query, the median, 95th percentile and maximum wall time for one occupation.

Prints tables; asserts nothing.

    .venv/bin/python benchmarks/frameworks.py --store data/build/store
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from skillscape.pathways.features import newest_release
from skillscape.query import named
from skillscape.settings import Settings
from skillscape.store.factory import open_store

QUERIES = ("ai-use", "durable-skills")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=Path("data/build/store"))
    args = parser.parse_args()
    with open_store(Settings(store=args.store)) as store:
        release = newest_release(store)
        codes = sorted(_all_codes(store, release.graph))
        rated = _rated(store, release.graph)
        times: dict[str, list[float]] = {q: [] for q in QUERIES}
        kinds: dict[str, Counter[str]] = {q: Counter() for q in QUERIES}
        empty: dict[str, list[str]] = {q: [] for q in QUERIES}
        nonempty: dict[str, Counter[str]] = {q: Counter() for q in QUERIES}
        for code in codes:
            for name in QUERIES:
                started = time.perf_counter()
                result = named.load(name).run(store, {"occupation": code})
                rows = list(result.records())
                times[name].append(time.perf_counter() - started)
                group = "rated" if code in rated else "not rated"
                if rows:
                    nonempty[name][group] += 1
                    for kind in {str(r["kind"].value) for r in rows if r.get("kind") is not None}:
                        kinds[name][kind] += 1
                elif code in rated:
                    empty[name].append(code)
    print(f"O*NET {release.name}: {len(codes)} occupations, {len(rated)} rated (skill ratings)\n")
    print(
        "| query | rated, non-empty | not rated, non-empty | occupations with rows of each kind "
        "| median ms | p95 ms | max ms |"
    )
    print("|---|---:|---:|---|---:|---:|---:|")
    for name in QUERIES:
        spent = sorted(times[name])
        p95 = spent[int(0.95 * (len(spent) - 1))]
        by_kind = ", ".join(f"{k} {n}" for k, n in sorted(kinds[name].items()))
        print(
            f"| {name} | {nonempty[name]['rated']} of {len(rated)} | {nonempty[name]['not rated']} of "
            f"{len(codes) - len(rated)} | {by_kind} | {1000 * statistics.median(spent):.0f} | "
            f"{1000 * p95:.0f} | {1000 * spent[-1]:.0f} |"
        )
    for name in QUERIES:
        if empty[name]:
            print(f"\n{name}: rated occupations with no rows: {', '.join(empty[name])}")
    sys.stdout.flush()


def _all_codes(store: object, graph: str) -> set[str]:
    result = named.load("pathways/occupations").run(store, {"graph": graph})  # type: ignore[arg-type]
    return {r["code"].value for r in result.records() if r.get("code") is not None}


def _rated(store: object, graph: str) -> set[str]:
    result = named.load("derive/durable-skill-ratings").run(store, {"graph": graph})  # type: ignore[arg-type]
    return {r["code"].value for r in result.records() if r["scale"].value == "IM"}


if __name__ == "__main__":
    main()
