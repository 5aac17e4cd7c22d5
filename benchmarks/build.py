"""The full build of the sources manifest: time, memory, and the cost against a bare bulk load.

Measured, each phase in a child process of its own (peak RSS = ``ru_maxrss`` of that child
and its children, from ``wait4``):

1. ``build``     — the whole manifest (seeds, O*NET 30.1 and 29.1, SOC, AI exposure …) into an
                   empty store, with validation;
2. ``bulk_load`` — pyoxigraph's own ``bulk_load`` of the very same quads, dumped as N-Quads,
                   into an empty store (the floor for loading them);
3. ``rebuild``   — the build again with nothing changed (graphs reused by fingerprint);
4. ``changed``   — the build after one small data file of the O*NET 30.1 release changed
                   (``Job Zones.txt``, 923 rows: the release graph is updated by difference;
                   the similarity is kept, since the change — the date of a job zone — touches
                   no feature row; the other sources reused);
5. ``changed``   — then after one large data file changed (``Skills.txt``, 62,580 rows, one
                   data value: too large to update by difference, so the build starts empty
                   and reads every source again).

The sources are copied to a temporary folder first, so that steps 4 and 5 can change files there.

    .venv/bin/python benchmarks/build.py [--manifest data/sources/sources.yaml] [--without onet-29.1]

``--without onet-29.1`` measures the build the targets are set for: seeds, O*NET 30.1, the SOC
structure and the AI-exposure tables (29.1 is there for ``diff``).

Prints a table; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RELEASE_FOLDER = Path("onet/30.1")
#: the files steps 4 and 5 change: (file, column, the new value of its first row's cell)
CHANGES = (
    ("Job Zones.txt.gz", 2, lambda value: "01/2026"),  # the date of the first job zone
    ("Skills.txt.gz", 4, lambda value: f"{float(value) + 0.01:.2f}"),  # the first data value
)


# ---------------------------------------------------------------------- phases (child side)


def phase_build(store: Path, manifest: Path) -> dict[str, Any]:
    from skillscape.build import build
    from skillscape.settings import Settings

    marks: list[tuple[float, str]] = []
    started = time.perf_counter()
    settings = Settings(data_dir=store.parent, store=store, sources_manifest=manifest)
    report = build(settings, progress=lambda message: marks.append((time.perf_counter() - started, message)))
    total = time.perf_counter() - started
    reading = [t for t, m in marks if ": reading " in m]
    validating = next((t for t, m in marks if m.startswith("validating")), total)
    # reading ends with the last source's quad count (the similarity is derived while O*NET is
    # read, or after it: "occupation-similarity: computing from …")
    read = [t for t, m in marks if m.endswith(" quads") and ": reading " not in m and "similarity" not in m]
    ingested = max(read) if read else validating
    return {
        "seconds": total,
        "ingest_seconds": ingested - reading[0] if reading else 0.0,
        "derive_seconds": validating - ingested,
        "validate_seconds": total - validating,
        "quads": report.quads,
        "read": [o.entry.id for o in report.outcomes if o.status == "read"],
        "quads_read": sum(o.quads for o in report.outcomes),
        "conforms": None if report.validation is None else report.validation.conforms,
    }


def phase_dump(store: Path, target: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    from skillscape.store.location import StoreLocation

    current = StoreLocation(store).current()
    assert current is not None, "no published store"
    raw = ox.Store.read_only(str(current))
    with target.open("wb") as out:
        raw.dump(out, ox.RdfFormat.N_QUADS)
    return {"quads": len(raw)}


def phase_bulk_load(source: Path, store: Path) -> dict[str, Any]:
    import pyoxigraph as ox

    started = time.perf_counter()
    raw = ox.Store(str(store))
    raw.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    return {"seconds": time.perf_counter() - started, "quads": len(raw)}


PHASES = {"build": phase_build, "dump": phase_dump, "bulk_load": phase_bulk_load}


# ---------------------------------------------------------------------- driver (parent side)


def _tree_rss(root: int) -> int:
    """Resident bytes of process ``root`` and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    total = 0
    for pid in tree:
        try:
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * os.sysconf(
                "SC_PAGE_SIZE"
            )
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_phase(name: str, *args: Path) -> dict[str, Any]:
    """Run a phase in a child process; its result, wall time, the peak RSS of its largest
    process (``wait4``) and the peak of all its processes together (sampled every 0.5 s)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--phase", name, *map(str, args)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    together = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.5):
            together[0] = max(together[0], _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = child.stdout.read()
    done.set()
    sampler.join()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"phase {name} failed (exit {child.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["peak_mib"] = usage.ru_maxrss / 1024  # Linux: KiB
    result["together_mib"] = together[0] / 2**20
    return result


def change_one_file(path: Path, column: int, edit: Callable[[str], str], manifest: Path) -> None:
    """Rewrite one cell of the first row of a release file and update its sha256 in the manifest copy."""
    from skillscape.ingest.manifest import file_sha256

    before = file_sha256(path)
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    head, first, rest = text.split("\r\n", 2)
    columns = first.split("\t")
    columns[column] = edit(columns[column])
    path.write_bytes(gzip.compress((head + "\r\n" + "\t".join(columns) + "\r\n" + rest).encode(), mtime=0))
    text = manifest.read_text(encoding="utf-8").replace(before, file_sha256(path))
    manifest.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--manifest", type=Path, default=ROOT / "data" / "sources" / "sources.yaml")
    parser.add_argument(
        "--without", action="append", default=[], metavar="ID", help="leave this source out (repeatable)"
    )
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("args", nargs="*", type=Path)
    options = parser.parse_args()
    if options.phase:
        print(json.dumps(PHASES[options.phase](*options.args)))
        return

    work = Path(tempfile.mkdtemp(prefix="skillscape-bench-"))
    try:
        sources = work / "sources"
        shutil.copytree(options.manifest.parent, sources)
        manifest = sources / options.manifest.name
        if options.without:
            data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
            data["sources"] = [raw for raw in data["sources"] if raw["id"] not in options.without]
            manifest.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        store = work / "build" / "store"
        rows: list[tuple[str, dict[str, Any]]] = []

        first = run_phase("build", store, manifest)
        rows.append(("full build (+ validation)", first))
        dump = work / "all.nq"
        run_phase("dump", store, dump)
        bulk = run_phase("bulk_load", dump, work / "bulk")
        rows.append(("pyoxigraph bulk_load of the same N-Quads", bulk))
        rows.append(("rebuild, nothing changed", run_phase("build", store, manifest)))
        for name, column, edit in CHANGES:
            folder_sha = _folder_sha(sources)
            change_one_file(sources / RELEASE_FOLDER / name, column, edit, manifest)
            # the release folder's own sha256 changes too (it hashes every file of the folder)
            text = manifest.read_text(encoding="utf-8").replace(folder_sha, _folder_sha(sources))
            manifest.write_text(text, encoding="utf-8")
            rows.append((f"rebuild, {name.removesuffix('.gz')} changed", run_phase("build", store, manifest)))
        _print(rows, first, bulk, dump.stat().st_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _folder_sha(sources: Path) -> str:
    from skillscape.ingest.manifest import file_sha256

    return file_sha256(sources / RELEASE_FOLDER)


def _print(
    rows: list[tuple[str, dict[str, Any]]], first: dict[str, Any], bulk: dict[str, Any], size: int
) -> None:
    print(
        f"{'phase':<48} {'wall s':>8} {'peak RSS MiB':>13} {'all procs MiB':>14} {'quads':>11} "
        f"{'quads/s':>9}  notes"
    )
    for name, row in rows:
        quads = row.get("quads_read") or row.get("quads") or 0
        seconds = row.get("ingest_seconds") or row.get("seconds") or row["wall"]
        rate = f"{quads / seconds:,.0f}" if quads and seconds and row.get("quads_read", 1) else "-"
        notes = []
        if "read" in row:
            notes.append(f"read {len(row['read'])} source(s)")
            notes.append(
                f"ingest (similarity derived while O*NET is read) {row['ingest_seconds']:.1f} s, "
                f"store compacted and closed {row['derive_seconds']:.1f} s, "
                f"validate + publish {row['validate_seconds']:.1f} s"
            )
            if row.get("conforms") is not None:
                notes.append("conforms" if row["conforms"] else "DOES NOT CONFORM")
        memory = f"{row['peak_mib']:>13,.0f} {row['together_mib']:>14,.0f}"
        figures = f"{row['wall']:>8.1f} {memory} {quads:>11,} {rate:>9}"
        print(f"{name:<48} {figures}  {'; '.join(notes)}")
    ratio = first["ingest_seconds"] / bulk["seconds"] if bulk["seconds"] else float("nan")
    print(
        f"\ningest / bulk_load = {ratio:.2f}  ({first['quads']:,} quads in the store; "
        f"N-Quads dump {size / 2**20:,.0f} MiB; CPUs {os.cpu_count()})"
    )


if __name__ == "__main__":
    main()
