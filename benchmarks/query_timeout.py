"""Which way of stopping a query at its time limit actually bounds it?

1. Lazy iteration: pull result rows one by one and stop when the deadline passes.
2. A worker process killed at the deadline (what the API does, skillscape.api.pool).

For each query shape, the cooperative run gets a 1 s deadline and is abandoned after
``--patience`` seconds; the table shows when control came back. Then the worker pool's
answer time and the time to have a fresh worker again are measured.

    .venv/bin/python benchmarks/query_timeout.py --store data/build/store
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

QUERIES = {
    "streaming cross product": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",
    "COUNT over a cross product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "ORDER BY over a cross product": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
}
DEADLINE = 1.0


def cooperative(path: str, query: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    store = ox.Store.read_only(path)
    started = time.monotonic()
    rows = 0
    for _ in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
        rows += 1
        if time.monotonic() - started > DEADLINE:
            break
    out.put((time.monotonic() - started, rows))


def measure_cooperative(path: str, patience: float) -> None:
    context = multiprocessing.get_context("spawn")
    print(f"{'query':<32}{'control back after':>20}{'rows seen':>12}")
    for name, query in QUERIES.items():
        out: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
        process = context.Process(target=cooperative, args=(path, query, out))
        process.start()
        process.join(patience + 2)  # the child needs a moment to start and open the store
        if process.is_alive():
            process.kill()
            process.join()
            print(f"{name:<32}{'never (killed at ' + format(patience, 'g') + ' s)':>20}{'-':>12}")
        else:
            seconds, rows = out.get()
            print(f"{name:<32}{seconds:>19.2f}s{rows:>12,}")


async def measure_pool(path: str) -> None:
    from skillscape.api.pool import QueryTimeout, WorkerPool
    from skillscape.api.worker import ProtocolQueryJob
    from skillscape.settings import Settings

    pool = WorkerPool("bench", Settings(store=Path(path)), size=1, queue=1, timeout=DEADLINE)
    await pool.start()
    try:
        for name, query in QUERIES.items():
            job = ProtocolQueryJob(query, "json", "ntriples", limit=10**9)
            started = time.monotonic()
            try:
                await pool.run(job)
                outcome = "finished"
            except QueryTimeout:
                outcome = "stopped"
            answered = time.monotonic() - started
            while pool.stats().idle < 1:
                await asyncio.sleep(0.005)
            ready = time.monotonic() - started
            print(f"{name:<32}{outcome:>10}{answered:>12.2f}s{ready:>16.2f}s")
    finally:
        await pool.close()


def seed_store(folder: Path) -> Path:
    from load import seed_store as build_seeds  # benchmarks/load.py

    return build_seeds(folder)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, help="a built store (default: build the seed graph)")
    parser.add_argument("--patience", type=float, default=20.0)
    args = parser.parse_args()
    from skillscape.store.location import StoreLocation

    with tempfile.TemporaryDirectory() as temporary:
        store = args.store or seed_store(Path(temporary))
        path = str(StoreLocation(store).current() or store)
        print(f"## lazy iteration with a {DEADLINE:g} s deadline")
        measure_cooperative(path, args.patience)
        print(f"\n## worker process killed at {DEADLINE:g} s (skillscape.api.pool)")
        print(f"{'query':<32}{'outcome':>10}{'answered':>13}{'worker ready':>17}")
        asyncio.run(measure_pool(path))


if __name__ == "__main__":
    main()
