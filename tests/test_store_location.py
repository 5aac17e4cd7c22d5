"""One build at a time, versions kept while read: the store location as operators meet it.

Real builds of the seed documents into on-disk stores in a temporary folder, run in real
processes where it matters (the lock and the leases are ``flock``s, which act between open
files and end with the process). Tests wait for events (a folder appears, a process blocks on
a lock, a process ends), each with a generous upper bound, never for a fixed time.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from skillscape.build import build
from skillscape.query import named
from skillscape.settings import Settings
from skillscape.store.base import StoreError
from skillscape.store.factory import LeasedOxigraphStore, open_store
from skillscape.store.location import LEASE_FILE, StoreBusy, StoreLocation
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import seed_entries, seed_manifest

SCRIPT = Path(sys.executable).with_name("skillscape")

#: upper bound on any wait (a seed build takes about 2 s, a start of Python about 2 s)
PATIENCE = 120.0

#: a `skillscape` command that starts, says it is ready (argv[1]) and runs only once the file
#: argv[2] exists: two of them start their builds within milliseconds of each other
GATED_CLI = """
import sys, time
from pathlib import Path
from skillscape.cli import app
Path(sys.argv[1]).touch()
while not Path(sys.argv[2]).exists():
    time.sleep(0.002)
app(args=sys.argv[3:], prog_name="skillscape")
"""

#: a process that opens the published store as the API's workers do, prints the version it
#: reads, and keeps it open until its stdin closes
READER = """
import sys
from skillscape.settings import Settings
from skillscape.store.factory import open_store
store = open_store(Settings())
print(store.lease.version_id, flush=True)
sys.stdin.read()
"""


def until(condition: Callable[[], object], what: str, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.005)


def blocked_on(path: Path) -> set[int]:
    """The processes waiting for a flock on ``path`` (from /proc/locks: lines with ``->``)."""
    inode = os.stat(path).st_ino
    pids = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" in fields and fields[-3].endswith(f":{inode}"):
            pids.add(int(fields[-4]))
    return pids


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """An empty store location, the seed documents as its manifest."""
    return Settings(
        data_dir=tmp_path / "data", store=tmp_path / "store", sources_manifest=seed_manifest(tmp_path)
    )


def environment(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "SKILLSCAPE_STORE": str(settings.store_path),
        "SKILLSCAPE_DATA_DIR": str(settings.data_dir),
        "SKILLSCAPE_SOURCES_MANIFEST": str(settings.manifest_path),
        "COLUMNS": "400",
    }


def skillscape(settings: Settings, *args: str) -> subprocess.Popen[str]:
    """The installed ``skillscape`` command, started."""
    return subprocess.Popen(
        [str(SCRIPT), *args],
        env=environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def statement_count(settings: Settings) -> int:
    with open_store(settings) as store:
        rows = named.load("summary").run(store).records()
        return next(int(r["count"].value) for r in rows if r["what"].value == "Statement")  # type: ignore[union-attr]


def entries_of(location: StoreLocation) -> set[str]:
    return {path.name for path in location.versions.iterdir()}


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- one build at a time ------------------------------------------------------------------


def test_two_builds_started_at_once_one_publishes_the_other_exits_2(
    settings: Settings, tmp_path: Path
) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    before, statements = location.current(), statement_count(settings)
    go = tmp_path / "go"
    runs = []
    for n in range(2):
        ready = tmp_path / f"ready-{n}"
        runs.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", GATED_CLI, str(ready), str(go), "build", "--full"],
                    env=environment(settings),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    until(lambda: all(ready.exists() for ready, _ in runs), "both builds to be ready")
    go.touch()
    outcomes = []
    for _, run in runs:
        out, err = run.communicate(timeout=PATIENCE)
        outcomes.append((run.returncode, out, err))
    assert sorted(code for code, _, _ in outcomes) == [0, 2], [err for _, _, err in outcomes]
    (_, _, lost) = next(outcome for outcome in outcomes if outcome[0] == 2)
    assert "another build is writing the store at" in one_line(lost)
    assert f"{settings.store_path}" in one_line(lost) and "--wait" in lost
    assert "Traceback" not in lost
    published = location.current()
    assert published is not None and published != before, "the winner published a new version"
    assert statement_count(settings) == statements
    assert entries_of(location) == {published.name, before.name}, "nothing else was written or lost"  # type: ignore[union-attr]


@pytest.mark.parametrize("command", ["build", "ingest"])
def test_a_build_or_ingest_while_the_store_is_locked_exits_2_and_changes_nothing(
    settings: Settings, tmp_path: Path, command: str
) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    before = location.current()
    page = next(e for e in seed_entries() if e.kind == "ai-career-page")
    document = tmp_path / "archivists-page.txt"
    document.write_text(page.path.read_text(encoding="utf-8").replace("25-4031(SOC)", "25-4011(SOC)"))
    args = ["ingest", str(document)] if command == "ingest" else ["build", "--full"]
    with location.lock():
        run = skillscape(settings, *args)
        _, err = run.communicate(timeout=PATIENCE)
    assert run.returncode == 2, err
    message = one_line(err)
    assert message.startswith("error: another build is writing the store at"), message
    assert f"(pid {os.getpid()}, started " in message, "the message names the build holding the store"
    assert "Traceback" not in err
    assert location.current() == before and entries_of(location) == {before.name}  # type: ignore[union-attr]
    again = skillscape(settings, *args)
    _, err = again.communicate(timeout=PATIENCE)
    assert again.returncode == 0, err
    assert location.current() != before, "once the store is free the same command runs"


def test_build_wait_waits_for_the_running_build_then_publishes(settings: Settings) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    before = location.current()
    with location.lock():
        run = skillscape(settings, "build", "--wait")
        until(lambda: run.pid in blocked_on(location.lock_file), "the second build to wait for the lock")
        assert run.poll() is None and location.current() == before
    _, err = run.communicate(timeout=PATIENCE)
    assert run.returncode == 0, err
    assert location.current() not in (None, before)


def test_the_lock_names_its_holder_and_is_free_again_after(tmp_path: Path) -> None:
    location = StoreLocation(tmp_path / "store")
    with location.lock():
        with pytest.raises(StoreBusy, match=rf"pid {os.getpid()}, started 20"):
            build(Settings(store=location.link), entries=seed_entries())
        assert isinstance(StoreBusy("x"), StoreError), "the CLI maps StoreError to exit 2"
    with location.lock():  # released on leaving the block
        pass
    assert location.lock_file.read_text() == "", "no holder named once released"


def test_lock_wait_blocks_until_the_holder_leaves(tmp_path: Path) -> None:
    location = StoreLocation(tmp_path / "store")
    said: list[str] = []
    order: list[str] = []

    def second() -> None:
        with location.lock(wait=True, waiting=said.append):
            order.append("second")

    with location.lock():
        waiter = threading.Thread(target=second)
        waiter.start()
        until(lambda: os.getpid() in blocked_on(location.lock_file), "the second holder to wait")
        order.append("first")
    waiter.join(PATIENCE)
    assert order == ["first", "second"]
    assert said and "waiting for another build" in said[0] and f"pid {os.getpid()}" in said[0]


# --- killed builds ------------------------------------------------------------------------


def test_a_killed_build_leaves_the_store_and_the_next_build_removes_its_folder(settings: Settings) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    before, statements = location.current(), statement_count(settings)
    assert before is not None
    run = skillscape(settings, "build", "--full")
    strays: list[Path] = []

    def writing() -> bool:
        strays[:] = [p for p in location.versions.iterdir() if p != before and (p / "CURRENT").exists()]
        return bool(strays)

    until(writing, "the build to write its new version")
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=PATIENCE)
    assert run.returncode == -signal.SIGKILL, "killed mid-way (not finished before the kill)"
    assert location.current() == before
    assert statement_count(settings) == statements
    assert strays[0].is_dir(), "the killed build left its folder"

    build(settings, entries=seed_entries())
    assert not strays[0].exists(), "the next build removed it"
    published = location.current()
    assert published is not None and published != before
    assert entries_of(location) == {published.name, before.name}


def test_leftovers_of_killed_builds_and_removals_go_at_the_next_start(settings: Settings) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    before = location.current()
    assert before is not None
    (location.versions / "20200101T000000000000Z.carried.nq").write_text("<a> <b> <c> <d> .\n")
    (location.versions / ".20200101T000000000001Z.removing" / "sub").mkdir(parents=True)
    (location.versions / "20200101T000000000002Z").mkdir()
    build(settings, entries=seed_entries())
    assert entries_of(location) == {location.current().name, before.name}  # type: ignore[union-attr]


# --- versions kept while read -------------------------------------------------------------


def test_a_version_open_in_another_process_outlives_builds_until_that_process_ends(
    settings: Settings,
) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    first = location.current()
    assert first is not None
    reader = subprocess.Popen(
        [sys.executable, "-c", READER],
        env=environment(settings),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == first.name, "the reader leased the published version"
    assert location.is_leased(first)
    for _ in range(3):  # without the lease, the second of these would remove it
        build(settings, entries=seed_entries())
    assert location.current() != first
    assert (first / "CURRENT").exists() and location.is_leased(first)
    with OxigraphStore(first, read_only=True) as kept:
        assert kept.named_graphs(), "the version the reader holds is whole"

    reader.send_signal(signal.SIGKILL)  # the kernel ends its lease with it
    reader.communicate(timeout=PATIENCE)
    assert not location.is_leased(first)
    build(settings, entries=seed_entries())
    assert not first.exists()
    assert len(entries_of(location)) == 2


def test_an_open_store_holds_its_version_until_closed(settings: Settings) -> None:
    build(settings, entries=seed_entries())
    location = StoreLocation(settings.store_path)
    first = location.current()
    store = open_store(settings)
    assert isinstance(store, LeasedOxigraphStore) and store.lease.version_id == first.name  # type: ignore[union-attr]
    statements = named.load("summary").run(store).rows
    build(settings, entries=seed_entries())
    build(settings, entries=seed_entries())
    assert location.current_version_id() != store.lease.version_id, "a newer version is out"
    assert first is not None and (first / "CURRENT").exists() and location.is_leased(first)
    assert named.load("summary").run(store).rows == statements, "the open store still answers"
    store.close()
    assert store.lease.released
    build(settings, entries=seed_entries())
    assert first is not None and not first.exists()


# --- the lease, on its own ----------------------------------------------------------------


@pytest.fixture
def two_versions(tmp_path: Path) -> Iterator[tuple[StoreLocation, Path, Path]]:
    """A location whose link names the second of two version folders."""
    location = StoreLocation(tmp_path / "store")
    first, second = location.new_version(), location.new_version()
    while second.name == first.name:
        second = location.new_version()
    first.mkdir()
    location.publish(first)
    second.mkdir()
    location.publish(second)
    yield location, first, second


def test_lease_of_the_published_version_and_of_a_named_one(
    two_versions: tuple[StoreLocation, Path, Path],
) -> None:
    location, first, second = two_versions
    assert (second / LEASE_FILE).is_file(), "published with its lease file, for readers that may not write"
    with location.lease() as lease:
        assert lease.path == second and lease.version_id == location.current_version_id() == second.name
        assert lease.held and location.is_leased(second) and not location.is_leased(first)
    assert not location.is_leased(second)
    with location.lease(first.name) as older:
        assert older.path == first
        assert location.remove_unused() == [], "a held version is not removed"
        assert first.is_dir()
    assert location.remove_unused() == [first] and not first.exists()
    with pytest.raises(StoreError, match="no version"):
        location.lease(first.name)
    with pytest.raises(StoreError, match="no version"):
        location.lease("../elsewhere")


def test_lease_without_a_published_store(tmp_path: Path) -> None:
    location = StoreLocation(tmp_path / "store")
    assert location.current_version_id() is None
    with pytest.raises(StoreError, match="run `skillscape build` first"):
        location.lease()


def test_a_reader_never_leases_a_version_on_its_way_out(
    two_versions: tuple[StoreLocation, Path, Path],
) -> None:
    """A reader that read the link just before a build replaced the version and started removing
    it ends with a lease on the new version, not on the folder being removed."""
    location, _, second = two_versions
    third = location.new_version()
    third.mkdir()
    leases = []
    with open(second / LEASE_FILE, "ab") as removing:
        fcntl.flock(removing, fcntl.LOCK_EX)  # as a build removing ``second`` holds it
        reader = threading.Thread(target=lambda: leases.append(location.lease()))
        reader.start()
        until(lambda: os.getpid() in blocked_on(second / LEASE_FILE), "the reader to wait on the old version")
        location.link.unlink()
        location.link.symlink_to(os.path.relpath(third, location.link.parent))
        os.rename(second, second.with_name("." + second.name + ".removing"))
    reader.join(PATIENCE)
    assert [lease.path for lease in leases] == [third]
    leases[0].release()
