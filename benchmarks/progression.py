"""How many occupations have a progression, why the others have none, and how fast it answers.

Runs the named query ``progression`` for every occupation of the store (in one process, on the
embedded store, as the CLI does), times each answer, and for each empty one asks
``internal/progression-coverage`` why. Prints tables; asserts nothing.

    .venv/bin/python benchmarks/progression.py [--store data/build/store]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from skillscape.query import named  # noqa: E402
from skillscape.query.progression import coverage, empty_reason  # noqa: E402
from skillscape.store.oxigraph import OxigraphStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "build" / "store")
    parser.add_argument("--show", type=int, default=200, help="Empty occupations listed (by code).")
    options = parser.parse_args()
    store = OxigraphStore(options.store.resolve(), read_only=True)
    occupations = {
        str(r["code"].value): str(r["title"].value) if r["title"] else ""  # type: ignore[union-attr]
        for r in named.load("occupation-search").run(store, {"q": ""}).records()
    }
    query = named.load("progression")
    seconds: list[float] = []
    rows: dict[str, int] = {}
    descriptors: dict[str, int] = {}
    for code in sorted(occupations):
        started = time.perf_counter()
        records = list(query.run(store, {"occupation": code}).records())
        seconds.append(time.perf_counter() - started)
        rows[code] = len(records)
        descriptors[code] = len({str(r["domain"].value) for r in records if r["required_level"] is not None})  # type: ignore[union-attr]
    empty = [code for code, n in rows.items() if n == 0]
    reasons: Counter[str] = Counter()
    listed = []
    for code in empty:
        found = coverage(store, code)
        why = empty_reason("", found).removeprefix(": ")
        reasons[why] += 1
        listed.append((code, occupations[code], found.rated))
    rated = [code for code in occupations if descriptors[code] > 0]
    print(f"store {options.store}: {len(occupations)} occupations")
    print()
    print("| | occupations |")
    print("|---|---:|")
    print(f"| with a non-empty progression | {len(occupations) - len(empty)} |")
    print(f"| with O*NET level anchors (rated descriptors) | {len(rated)} |")
    print(f"| empty | {len(empty)} |")
    for why, count in reasons.most_common():
        print(f"| — {why} | {count} |")
    print()
    per = sorted(descriptors[c] for c in rated)
    if per:
        print(
            f"descriptors per rated occupation: min {per[0]}, median {statistics.median(per)}, max {per[-1]}"
        )
    ordered = sorted(seconds)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(
        f"progression time per occupation: median {statistics.median(ordered) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms, total {sum(ordered):.1f} s"
    )
    print()
    print("empty occupations (code, title, level-rated descriptors):")
    for code, title, count in listed[: options.show]:
        print(f"  {code}  {title}  ({count})")
    store.close()


if __name__ == "__main__":
    main()
