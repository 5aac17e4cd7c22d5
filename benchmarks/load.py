"""Load on the API: concurrent clients against `skillscape serve` on loopback.

Runs the server in its own process (as in production), with the result cache off (every
lookup is answered by the store: ``SKILLSCAPE_QUERY_CACHE_ENTRIES=0``; ``--cache`` keeps it on),
then:

0. cold start: the first request of each REST resource right after the server answers /health
   (target: each within 1 s);
1. steady: ``--clients`` concurrent clients send ``--requests`` requests over random occupations
   of the whole store: lookups (profile, search by a title or alternate title, progression),
   pathways (adjacent, pivots from random origins), traces, and light SPARQL queries;
2. heavy: the same, while one more client keeps sending a query that runs into the time limit
   (it is stopped with a 503 each time; those answers are expected and counted apart).

Prints throughput, p50/p95/p99 per kind of request, and errors (any non-2xx, except 404 where
a lookup is meant to miss). Targets on a 2-core machine at 16 clients: lookup p95 ≤ 50 ms,
pathway p95 ≤ 300 ms, zero 5xx over 10,000 requests, the same figures during the heavy phase.

    .venv/bin/python benchmarks/load.py                 # builds the seed graph in a temp folder
    .venv/bin/python benchmarks/load.py --store data/build/store --requests 10000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SPARQL = [
    "PREFIX ss: <https://w3id.org/skillscape/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?code ?title WHERE { ?o a ss:Occupation ; skos:notation ?code "
    "OPTIONAL { ?o skos:prefLabel ?title } }",
    "PREFIX ss: <https://w3id.org/skillscape/ontology#> "
    "SELECT ?s ?text WHERE { ?s a ss:AIUseStatement ; ss:text ?text } LIMIT 20",
    "PREFIX ss: <https://w3id.org/skillscape/ontology#> ASK { ?s a ss:Task }",
]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    expected_refusals: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds of the server's main process (event loop) in the phase
    client_cpu: float = 0.0  # CPU seconds of this load generator in the phase


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed_store(folder: Path) -> Path:
    """Build the five seed documents into ``folder`` with the real build."""
    from skillscape.build import build
    from skillscape.ingest.manifest import load_manifest
    from skillscape.settings import Settings

    manifest = ROOT / "data" / "sources" / "sources.yaml"
    seeds = (ROOT / "data" / "sources" / "seeds").resolve()
    settings = Settings(data_dir=folder / "data", store=folder / "store", sources_manifest=manifest)
    build(settings, entries=[e for e in load_manifest(manifest) if e.path.parent == seeds])
    return folder / "store"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    store: Path, port: int, workers: int, timeout: float, cache: bool
) -> tuple[subprocess.Popen[bytes], float]:
    """The server, and the seconds from its start until /health answered."""
    env = {
        **os.environ,
        "SKILLSCAPE_STORE": str(store),
        "SKILLSCAPE_QUERY_WORKERS": str(workers),
        "SKILLSCAPE_QUERY_TIMEOUT_SECONDS": str(timeout),
        "SKILLSCAPE_QUERY_CACHE_ENTRIES": "4096" if cache else "0",
    }
    command = [
        str(Path(sys.executable).with_name("skillscape")),
        "serve",
        "--port",
        str(port),
        "--no-access-log",
    ]
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process, time.monotonic() - started
        except httpx.HTTPError:
            time.sleep(0.2)
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "server exited")
    raise RuntimeError("the server did not start")


def request_mix(
    codes: list[str], names: list[str], statements: list[str], pathways: bool
) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, path, params) over every occupation: lookups, pathways, traces, one miss, SPARQL.

    Kinds are weighted by how many entries they have here: lookups most, then pathways."""
    mix: list[tuple[str, str, dict[str, str]]] = []
    for code in codes:
        mix += [
            ("lookup", f"/occupations/{code}", {}),
            ("lookup", f"/occupations/{code}/progression", {"limit": "20"}),
        ]
        if pathways:
            mix += [
                ("pathway", f"/occupations/{code}/adjacent", {"k": "10"}),
                ("pathway", f"/occupations/{code}/pivots", {"max_hops": "2", "k": "3"}),
            ]
    mix += [("lookup", "/occupations", {"q": name}) for name in names]
    for statement in statements:
        mix += [("trace", "/provenance", {"iri": statement})]
    mix.append(("miss", "/occupations/99-9999.00", {}))
    mix += [("sparql", "/sparql", {"query": q}) for q in SPARQL] * max(1, len(codes) // 50)
    return mix


def cold_start(base: str, code: str, statement: str) -> list[tuple[str, float, int]]:
    """The first request of each REST resource, right after the server started."""
    paths = [
        ("/stats", {}),
        ("/occupations", {"q": "nurse"}),
        (f"/occupations/{code}", {}),
        (f"/occupations/{code}/progression", {}),
        (f"/occupations/{code}/ai-use", {}),
        (f"/occupations/{code}/ai-exposure", {}),
        (f"/occupations/{code}/adjacent", {}),
        (f"/occupations/{code}/pivots", {}),
        ("/provenance", {"iri": statement}),
        ("/queries", {}),
        ("/queries/conflicting-claims", {"limit": "10"}),
        ("/sparql", {"query": SPARQL[2]}),
    ]
    found = []
    for path, params in paths:
        started = time.perf_counter()
        response = httpx.get(base + path, params=params, timeout=120)
        found.append((path.replace(code, "{code}"), time.perf_counter() - started, response.status_code))
    return found


def encoded(mix: list[tuple[str, str, dict[str, str]]]) -> list[tuple[str, str]]:
    """(kind, URL) with the query string encoded once, not per request."""
    return [(kind, path + ("?" + urlencode(params) if params else "")) for kind, path, params in mix]


async def client(
    http: httpx.AsyncClient, mix: list, remaining: list[int], tally: Tally, rng: random.Random
) -> None:
    while remaining[0] > 0:
        remaining[0] -= 1
        kind, url = rng.choice(mix)
        started = time.perf_counter()
        try:
            response = await http.get(url)
            status = response.status_code
        except httpx.HTTPError as exc:
            tally.errors[f"{kind}: {type(exc).__name__}"] += 1
            continue
        tally.latencies[kind].append(time.perf_counter() - started)
        if status == 404 and kind == "pathway":  # an occupation too thinly described to compare
            tally.errors["pathway: 404 (no similarities; expected)"] += 1
        elif not (200 <= status < 300 or (kind == "miss" and status == 404)):
            tally.errors[f"{kind}: HTTP {status}"] += 1


async def heavy_client(http: httpx.AsyncClient, stop: asyncio.Event, tally: Tally) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        response = await http.get("/sparql", params={"query": HEAVY}, timeout=120)
        tally.latencies["heavy (stopped at the limit)"].append(time.perf_counter() - started)
        if response.status_code == 503:
            tally.expected_refusals += 1
        else:
            tally.errors[f"heavy: HTTP {response.status_code}"] += 1


async def phase(
    base: str, mix: list, clients: int, requests: int, heavy: bool, seed: int, server: int
) -> Tally:
    """One client = one keep-alive connection (its own httpx client: a shared pool costs more CPU)."""
    tally = Tally()
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    https = [httpx.AsyncClient(base_url=base, limits=one, timeout=60) for _ in range(clients + 1)]
    try:
        stop = asyncio.Event()
        background = asyncio.create_task(heavy_client(https[-1], stop, tally)) if heavy else None
        if heavy:
            await asyncio.sleep(0.5)  # the heavy query is running before the measured requests start
        remaining = [requests]
        started, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(server), time.process_time()
        await asyncio.gather(
            *(client(https[i], mix, remaining, tally, random.Random(seed + i)) for i in range(clients))
        )
        tally.seconds = time.perf_counter() - started
        tally.server_cpu = cpu_seconds(server) - server_cpu
        tally.client_cpu = time.process_time() - client_cpu
        stop.set()
        if background is not None:
            await background
    finally:
        for http in https:
            await http.aclose()
    return tally


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(title: str, tally: Tally) -> None:
    total = sum(len(v) for k, v in tally.latencies.items() if not k.startswith("heavy"))
    print(f"\n## {title}: {total} requests in {tally.seconds:.1f} s = {total / tally.seconds:.0f} req/s")
    print(f"{'kind':<30}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, values in sorted(tally.latencies.items()):
        ms = [v * 1000 for v in values]
        print(
            f"{kind:<30}{len(ms):>7}{statistics.median(ms):>9.1f}{percentile(ms, 95):>9.1f}"
            f"{percentile(ms, 99):>9.1f}{max(ms):>9.1f}"
        )
    print(
        f"CPU per request: server event loop {tally.server_cpu / total * 1000:.2f} ms, "
        f"load generator {tally.client_cpu / total * 1000:.2f} ms; "
        f"machine load average {os.getloadavg()[0]:.1f}"
    )
    expected = {k: v for k, v in tally.errors.items() if "expected" in k}
    errors = {k: v for k, v in tally.errors.items() if k not in expected}
    server_errors = sum(v for k, v in errors.items() if " 5" in k)
    print(f"errors: {sum(errors.values())} (5xx: {server_errors})" + (f" {errors}" if errors else ""))
    if expected:
        print(f"expected answers: {expected}")
    if tally.expected_refusals:
        print(f"heavy queries stopped at the time limit (503, expected): {tally.expected_refusals}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, help="a built store (default: build the seed graph)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4, help="query workers per pool")
    parser.add_argument("--timeout", type=float, default=10.0, help="query time limit (s)")
    parser.add_argument("--cache", action="store_true", help="keep the server's result cache on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        store = args.store or seed_store(Path(temporary))
        port = free_port()
        server, startup = start_server(store, port, args.workers, args.timeout, args.cache)
        base = f"http://127.0.0.1:{port}"
        try:
            listing = httpx.get(base + "/occupations", params={"limit": 10_000}, timeout=60).json()["items"]
            known = [item["code"] for item in listing]
            first = "25-4031.00" if "25-4031.00" in known else known[0]  # the seeds' occupation
            tasks = httpx.get(f"{base}/queries/occupation-tasks", params={"occupation": first, "limit": 20})
            statements = [r["statement"] for r in tasks.json()["rows"]]
            print(f"server up (answers /health) {startup:.1f} s after start")
            print("\n## cold start: the first request of each resource")
            print(f"{'resource':<40}{'ms':>9}{'status':>8}")
            for path, seconds, status in cold_start(base, first, statements[0]):
                print(f"{path:<40}{seconds * 1000:>9.1f}{status:>8}")
            rng = random.Random(7)
            codes = [item["code"] for item in listing]
            names = [item["title"] for item in listing if item["title"]]
            names += [t for item in listing for t in item["alternateTitles"][:2]]
            names = rng.sample(names, min(len(names), 2 * len(codes)))
            has_pathways = httpx.get(f"{base}/occupations/{first}/adjacent").status_code == 200
            mix = encoded(request_mix(codes, names, statements, has_pathways))
            pid = server.pid
            asyncio.run(phase(base, mix, args.clients, 200, False, 0, pid))  # connections opened
            cache = "on" if args.cache else "off (every lookup answered by the store)"
            print(
                f"\n{args.clients} clients, {args.workers} workers per pool, time limit {args.timeout:g} s, "
                f"{len(codes)} occupations, result cache {cache}"
            )
            report("steady", asyncio.run(phase(base, mix, args.clients, args.requests, False, 1, pid)))
            heavy = asyncio.run(phase(base, mix, args.clients, args.requests, True, 2, pid))
            report("with a heavy query running", heavy)
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
