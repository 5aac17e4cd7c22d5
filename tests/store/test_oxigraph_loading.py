"""How the on-disk store writes: small loads in a transaction, large ones bulk-loaded.

Every bulk load adds a level-0 file to each index; past 20 of them RocksDB stalls the flush
that closing the store makes until compaction has merged them. A build makes a dozen small
loads after its one bulk load (each graph's metadata, the build marker), so those must not
add level-0 files.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from skillscape.store.oxigraph import SMALL_LOAD_QUADS, OxigraphStore

GRAPH = ox.NamedNode("https://example.org/graph")
VALUE = ox.NamedNode("https://example.org/value")


def _quads(count: int, start: int = 0) -> list[ox.Quad]:
    return [
        ox.Quad(ox.NamedNode(f"https://example.org/s{n}"), VALUE, ox.Literal(n), GRAPH)
        for n in range(start, start + count)
    ]


def _table_files(path: Path) -> set[str]:
    return {p.name for p in path.iterdir() if p.suffix == ".sst"}


def test_small_loads_add_no_table_files_and_large_ones_do(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = OxigraphStore(path)
    try:
        before = _table_files(path)
        assert store.load(_quads(SMALL_LOAD_QUADS - 1)) == SMALL_LOAD_QUADS - 1
        assert _table_files(path) == before
        assert store.load(_quads(SMALL_LOAD_QUADS, start=SMALL_LOAD_QUADS)) == SMALL_LOAD_QUADS
        assert _table_files(path) > before
    finally:
        store.close()
    reopened = OxigraphStore(path, read_only=True)
    try:
        assert reopened.count_up_to(GRAPH, 10 * SMALL_LOAD_QUADS) == 2 * SMALL_LOAD_QUADS - 1
    finally:
        reopened.close()


def test_a_small_file_is_loaded_without_a_bulk_load(tmp_path: Path) -> None:
    source = tmp_path / "small.nt"
    source.write_text('<https://example.org/a> <https://example.org/p> "x" .\n', encoding="utf-8")
    path = tmp_path / "store"
    store = OxigraphStore(path)
    try:
        before = _table_files(path)
        store.load_file(str(source), ox.RdfFormat.N_TRIPLES, GRAPH)
        assert _table_files(path) == before
        assert store.count_up_to(GRAPH, 10) == 1
    finally:
        store.close()
