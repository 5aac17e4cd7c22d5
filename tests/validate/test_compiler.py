"""The SHACL → SPARQL compiler on shapes that use every supported feature."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.store.memory import MemoryStore
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import ValidationReport, engine, validate_store, validate_with_pyshacl
from skillscape.validate.engine import compiled_checks
from skillscape.validate.shapes import ShapeError
from tests.shapes.cases import all_fixtures, load_fixture, load_ontology

FEATURES = Path(__file__).resolve().parent / "features"
SH = "http://www.w3.org/ns/shacl#"
EX = "http://example.org/"


def _features(store: OxigraphStore | MemoryStore) -> ValidationReport:
    store.load_file(str(FEATURES / "data.ttl"), ox.RdfFormat.TURTLE, ox.NamedNode("urn:x:data"))
    return validate_store(store, shapes_dir=FEATURES)


@pytest.fixture(scope="module")
def features() -> tuple[OxigraphStore, ValidationReport]:
    store = OxigraphStore()
    return store, _features(store)


def test_every_feature_agrees_with_pyshacl(features: tuple[OxigraphStore, ValidationReport]) -> None:
    store, report = features
    assert report.keys() == validate_with_pyshacl(store, shapes_dir=FEATURES).keys()


def test_every_feature_is_exercised(features: tuple[OxigraphStore, ValidationReport]) -> None:
    _, report = features
    components = {v.component.removeprefix(SH).removesuffix("ConstraintComponent") for v in report.violations}
    assert components == {
        "And", "Class", "Datatype", "HasValue", "In", "LessThanOrEquals", "MaxCount",
        "MaxExclusive", "MaxInclusive", "MaxLength", "MinCount", "MinExclusive", "Node",
        "NodeKind", "Not", "Pattern", "Xone",
    }  # fmt: skip
    paths = {v.path for v in report.violations}
    assert {
        f"<{EX}knows>/<{EX}knows>",
        f"^<{EX}knows>",
        f"<{EX}email>|<{EX}phone>",
        f"<{EX}parent>+",
    } <= paths
    focus_nodes = {v.focus for v in report.violations}
    assert f"{EX}ghost" in focus_nodes  # sh:targetNode reaches nodes the data never mentions
    assert f"{EX}bob" in focus_nodes  # an ex:Employee, reached through rdfs:subClassOf


def test_severity_and_deactivation(features: tuple[OxigraphStore, ValidationReport]) -> None:
    _, report = features
    nickname = [v for v in report.violations if v.path == f"{EX}nickname"]
    assert nickname and {v.severity for v in nickname} == {f"{SH}Warning"}
    assert not any(v.shape == f"{EX}PersonShape-off" for v in report.violations)
    assert not report.conforms  # any result, warnings included, means the data does not conform


def test_rdflib_engine_gives_the_same_results(features: tuple[OxigraphStore, ValidationReport]) -> None:
    _, report = features
    assert _features(MemoryStore()).keys() == report.keys()


def test_sparql_constraints_same_bound_per_node_or_run_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fixture = next(f for f in all_fixtures() if f.id == "ProficiencyLevel/invalid/duplicate-rank.ttl")
    store = OxigraphStore()
    load_ontology(store)
    load_fixture(store, fixture)
    monkeypatch.setattr(engine, "PREBIND_LIMIT", 1_000)
    bound = validate_store(store)
    monkeypatch.setattr(engine, "PREBIND_LIMIT", 0)
    once = validate_store(store)
    assert bound.keys() == once.keys() and len(bound.keys()) == 2


def _shapes_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "shapes"
    folder.mkdir(exist_ok=True)
    (folder / "test.shacl.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n" + body,
        encoding="utf-8",
    )
    return folder


def test_unsupported_shacl_is_refused(tmp_path: Path) -> None:
    folder = _shapes_dir(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .\n")
    with pytest.raises(ShapeError, match="closed"):
        compiled_checks(folder)


def test_compiled_queries_are_cached_and_follow_the_files(tmp_path: Path) -> None:
    folder = _shapes_dir(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:IRI .\n")
    first = compiled_checks(folder)
    assert compiled_checks(folder) is first
    _shapes_dir(tmp_path, "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:Literal .\n")
    second = compiled_checks(folder)
    assert second is not first and "isLiteral" in second[0].query
