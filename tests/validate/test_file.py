"""`validate_file`: an RDF file in any of the usual formats, validated with the ontology."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_file, validate_with_pyshacl
from tests.shapes.cases import all_fixtures, load_fixture

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def _fixture_data() -> OxigraphStore:
    """A base context plus one invalid fixture (a task without its occupation), no ontology."""
    fixture = next(f for f in all_fixtures() if f.id == "Task/invalid/no-occupation.ttl")
    store = OxigraphStore()
    load_fixture(store, fixture)
    return store


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_each_format_gives_the_same_report(tmp_path: Path, suffix: str) -> None:
    store = _fixture_data()
    path = tmp_path / f"data{suffix}"
    fmt = FORMATS[suffix]
    if fmt.supports_datasets:
        with path.open("wb") as out:
            store.dump(out, fmt)
    else:
        buffer = io.BytesIO()
        store.dump(buffer, ox.RdfFormat.N_QUADS)
        ox.serialize((q.triple for q in ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)), str(path), fmt)
    report = validate_file(path)
    assert [(v.focus.rsplit("/", 1)[1], v.path) for v in report.violations] == [
        ("task-2", "https://w3id.org/skillscape/ontology#occupation")
    ]
    assert validate_with_pyshacl(path).keys() == report.keys()


def test_unknown_extension_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.csv"):
        validate_file(path)


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("<urn:x:a> <urn:x:b> .\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.ttl"):
        validate_file(path)
