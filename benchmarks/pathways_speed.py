"""How fast are the occupation similarity and the pivot search? Prints tables; asserts nothing.

1. **Similarity for all occupations**: reading the feature families from the store (the bulk
   named queries of ``queries/pathways/``) and computing S(A→B) for every ordered pair
   (vectorised), then the top-k selection; each timed ``--repeat`` times (median and max).
   Target: ≤ 60 s for the whole.
2. **Pivots**: one process, one store, the service the API's workers use. The first question
   builds the pivot graph (cold); then ``--origins`` origins are asked once each to warm their
   profiles, and asked again ``--rounds`` times — p50/p95/max of those warm answers, and of the
   first-time answers (cold profiles) for comparison. Target: warm p95 ≤ 200 ms.
3. **Over HTTP** (``--http``): ``skillscape serve`` on a loopback port over the same store; the
   first question about each origin (``adjacent``, then ``pivots`` with the defaults) one at a
   time, then ``--clients`` clients asking the warmed origins at once, then as many origins
   nobody asked about yet, at once (every answer computed) — p50/p95/max per endpoint.
   Targets: warm ``pivots`` p95 ≤ 200 ms, ``adjacent`` p95 ≤ 50 ms, a first question ≤ 1 s.

    .venv/bin/python benchmarks/pathways_speed.py --store data/build/store
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from skillscape.pathways.features import read_features  # noqa: E402
from skillscape.pathways.service import PathwayService, PivotRequest  # noqa: E402
from skillscape.pathways.similarity import compute, default_parameters  # noqa: E402
from skillscape.store.location import StoreLocation  # noqa: E402
from skillscape.store.oxigraph import OxigraphStore  # noqa: E402


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def similarity_table(path: Path, repeat: int) -> None:
    reads, computes, tops = [], [], []
    size = 0
    parameters = default_parameters()
    for _ in range(repeat):
        with OxigraphStore(path, read_only=True) as store:
            seconds, features = timed(lambda store=store: read_features(store))
        reads.append(seconds)
        size = features.size  # type: ignore[attr-defined]
        seconds, similarity = timed(lambda features=features: compute(features, parameters))  # type: ignore[misc]
        computes.append(seconds)
        seconds, _ = timed(lambda similarity=similarity: similarity.neighbours(parameters.neighbours))  # type: ignore[attr-defined,misc]
        tops.append(seconds)
    totals = [a + b + c for a, b, c in zip(reads, computes, tops, strict=True)]
    print(f"\nSimilarity of all {size} occupations ({size * (size - 1):,} ordered pairs), {repeat} run(s)")
    print("| phase | median s | max s |")
    print("|---|---:|---:|")
    for name, values in (
        ("read features (bulk named queries)", reads),
        ("compute S(A→B), all pairs", computes),
        ("top-k per occupation", tops),
        ("total", totals),
    ):
        print(f"| {name} | {statistics.median(values):.2f} | {max(values):.2f} |")


def pivots_table(path: Path, origins: int, rounds: int, seed: int) -> None:
    with OxigraphStore(path, read_only=True) as store:
        opened, service = timed(lambda: PathwayService.open(store))
        assert isinstance(service, PathwayService)
        cold, _ = timed(lambda: service.data)
        cold += opened
        source = "the build's pathway index" if service.index is not None else "the store (no pathway index)"
        graph = service.data.graph
        codes = sorted(graph.graph.nodes)
        chosen = random.Random(seed).sample(codes, min(origins, len(codes)))
        requests = [
            PivotRequest(code, min_wage_ratio=0.9 if i % 2 else None, max_hops=3, k=5)
            for i, code in enumerate(chosen)
        ]
        first = [timed(lambda r=r: service.pivots(r))[0] for r in requests]
        warm = [timed(lambda r=r: service.pivots(r))[0] for _ in range(rounds) for r in requests]
        to = [
            timed(lambda a=a, b=b: service.pivots(PivotRequest(a, to=b, max_hops=3, k=5)))[0]
            for a, b in zip(chosen, reversed(chosen), strict=True)
            if a != b
        ]
    print(
        f"\nPivots ({graph.graph.number_of_nodes()} occupations, {graph.graph.number_of_edges():,} edges; "
        f"{len(requests)} origins)"
    )
    print(f"reading the pivot graph from {source} (once per process): {cold:.2f} s")
    print("| answers | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, values in (
        ("first question of an origin (profiles read)", first),
        ("warm: destinations, 3 hops, k=5", warm),
        ("--to a destination, 3 hops, k=5 (first time)", to),
    ):
        print(
            f"| {name} | {len(values)} | {1000 * percentile(values, 0.5):.1f} | "
            f"{1000 * percentile(values, 0.95):.1f} | {1000 * max(values):.1f} |"
        )


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status}")
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_table(path: Path, origins: int, rounds: int, clients: int, seed: int) -> None:
    with OxigraphStore(path, read_only=True) as store:
        codes = sorted(PathwayService.open(store).data.graph.graph.nodes)
    sample = random.Random(seed + 1).sample(codes, min(2 * origins, len(codes)))
    chosen, fresh = sample[:origins], sample[origins:]
    port = _free_port()
    env = {**os.environ, "SKILLSCAPE_STORE": str(path)}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "skillscape"), "serve", "--port", str(port), "--no-access-log"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/occupations"
    started = time.perf_counter()
    try:
        for _ in range(600):
            try:
                _get(f"http://127.0.0.1:{port}/openapi.json")
                break
            except OSError:
                time.sleep(0.2)
        ready = time.perf_counter() - started
        first_adjacent = [_get(f"{base}/{c}/adjacent") for c in chosen]
        first_pivots = [_get(f"{base}/{c}/pivots") for c in chosen]
        urls = [
            f"{base}/{c}/{what}" for _ in range(rounds) for c in chosen for what in ("adjacent", "pivots")
        ]
        with ThreadPoolExecutor(clients) as pool:
            times = list(pool.map(_get, urls))
            # origins nobody asked about yet: every answer computed, many at once
            unseen = list(pool.map(_get, [f"{base}/{c}/{w}" for c in fresh for w in ("adjacent", "pivots")]))
    finally:
        server.terminate()
        server.wait(timeout=30)
    warm_adjacent = times[0::2]
    warm_pivots = times[1::2]
    print(f"\nOver HTTP (uvicorn on loopback, {len(chosen)} origins, {clients} clients for the warm answers)")
    print(f"the server answered its first request {ready:.1f} s after it was started")
    print("| answers | n | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, values in (
        ("first question of an origin: adjacent", first_adjacent),
        ("first pivots of an origin (defaults)", first_pivots),
        (f"warm adjacent, {clients} clients", warm_adjacent),
        (f"warm pivots (defaults), {clients} clients", warm_pivots),
        (f"new origins, adjacent, {clients} clients", unseen[0::2]),
        (f"new origins, pivots (defaults), {clients} clients", unseen[1::2]),
    ):
        print(
            f"| {name} | {len(values)} | {1000 * percentile(values, 0.5):.1f} | "
            f"{1000 * percentile(values, 0.95):.1f} | {1000 * max(values):.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / "data" / "build" / "store")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--origins", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--http", action="store_true", help="also measure over HTTP")
    parser.add_argument("--http-only", action="store_true", help="only the HTTP table")
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    path = StoreLocation(args.store).current() or args.store
    if not args.http_only:
        similarity_table(path, args.repeat)
        pivots_table(path, args.origins, args.rounds, args.seed)
    if args.http or args.http_only:
        http_table(path, args.origins, args.rounds, args.clients, args.seed)


if __name__ == "__main__":
    main()
