"""Plain strings: ``xsd:string`` in Oxigraph, untyped in rdflib; all engines must agree.

``sh:in`` over strings and ``sh:datatype xsd:string`` compare terms. The SPARQL engine
sees Oxigraph's typed strings, pySHACL sees rdflib's plain ones (the store's terms are
converted, see ``skillscape.store.terms``); both must give the same results.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_store, validate_with_pyshacl
from skillscape.validate.reference import data_graph

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:period ;
    sh:property [ sh:path ex:period ; sh:in ( "annual" "hourly" ) ; sh:datatype xsd:string ] .
"""
DATA = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:plain ex:period "annual" .
ex:typed ex:period "hourly"^^xsd:string .
ex:tagged ex:period "annual"@en .
ex:other ex:period "monthly" .
"""
EX = "http://example.org/"
EXPECTED = {  # the language-tagged string is neither in the list nor an xsd:string
    (f"{EX}tagged", "http://www.w3.org/ns/shacl#InConstraintComponent"),
    (f"{EX}tagged", "http://www.w3.org/ns/shacl#DatatypeConstraintComponent"),
    (f"{EX}other", "http://www.w3.org/ns/shacl#InConstraintComponent"),
}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    (shapes / "strings.shacl.ttl").write_text(SHAPES, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    return shapes, data


def _pairs(keys: set[tuple[str, str, str | None]]) -> set[tuple[str, str]]:
    return {(focus, component) for focus, component, _ in keys}


def test_all_engines_agree_on_strings(files: tuple[Path, Path]) -> None:
    shapes, data = files
    reports = {}
    for name, store in (("oxigraph", OxigraphStore()), ("rdflib", MemoryStore())):
        store.load_file(str(data), ox.RdfFormat.TURTLE, ox.NamedNode("urn:x:data"))
        reports[name] = validate_store(store, shapes_dir=shapes)
        reports[f"pyshacl on {name}"] = validate_with_pyshacl(store, shapes_dir=shapes)
    reports["pyshacl on the file"] = validate_with_pyshacl(data, shapes_dir=shapes)
    for name, report in reports.items():
        assert _pairs(report.keys()) == EXPECTED, name


def test_store_strings_reach_pyshacl_untyped(files: tuple[Path, Path]) -> None:
    _, data = files
    store = OxigraphStore()
    store.load_file(str(data), ox.RdfFormat.TURTLE, ox.NamedNode("urn:x:data"))
    stored = {q.object for q in store.raw.quads_for_pattern(ox.NamedNode(f"{EX}typed"), None, None, None)}
    assert stored == {ox.Literal("hourly")}  # Oxigraph: datatype xsd:string
    graph, _ = data_graph(store)
    assert set(graph.objects(rdflib.URIRef(f"{EX}typed"), None)) == {rdflib.Literal("hourly")}


def test_typed_strings_in_rdflib_are_the_trap(files: tuple[Path, Path]) -> None:
    """Why the conversion matters: rdflib keeps "x"^^xsd:string apart from "x"."""
    shapes, _ = files
    graph = rdflib.Graph()
    graph.add(
        (
            rdflib.URIRef(f"{EX}typed"),
            rdflib.URIRef(f"{EX}period"),
            rdflib.Literal("hourly", datatype=rdflib.XSD.string),
        )
    )
    found = _pairs(validate_with_pyshacl(graph, shapes_dir=shapes).keys())
    assert found == {(f"{EX}typed", "http://www.w3.org/ns/shacl#InConstraintComponent")}
