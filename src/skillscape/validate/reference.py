"""The reference engine: pySHACL on an rdflib graph, with the ontology for class targets.

Slow (see PERFORMANCE-NOTES), but an independent implementation of SHACL: the tests run
both engines on every fixture and require the same results.

Literal typing: Oxigraph types plain strings as ``xsd:string``, rdflib keeps them untyped.
Data from a store or a file is therefore read with pyoxigraph and converted with
:mod:`skillscape.store.terms` (``xsd:string`` → plain), and the shapes are parsed by
rdflib, so both sides of every string comparison are plain literals.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib

from skillscape.errors import BadInput
from skillscape.resources import ontology_path
from skillscape.store.base import GraphStore
from skillscape.store.terms import from_rdflib, to_rdflib
from skillscape.validate.engine import FILE_FORMATS
from skillscape.validate.report import ValidationReport, Violation, term_text
from skillscape.validate.shapes import SH_IRI, VIOLATION, TripleIndex, read_path, shape_files

ENGINE = "pyshacl"
SH = rdflib.Namespace(SH_IRI)


def _graph_of(triples: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for item in triples:
        graph.add((to_rdflib(item.subject), to_rdflib(item.predicate), to_rdflib(item.object)))  # type: ignore[arg-type]
    return graph


def _read_file(path: Path) -> Iterable[ox.Triple | ox.Quad]:
    fmt = FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BadInput(f"{path}: unknown RDF file extension {path.suffix!r}")
    with path.open("rb") as handle:
        return list(ox.parse(handle, fmt, base_iri=path.resolve().as_uri()))


def data_graph(data: GraphStore | rdflib.Graph | Path | str) -> tuple[rdflib.Graph, bool]:
    """The data as an rdflib graph (union of all named graphs); True if it is our own copy."""
    if isinstance(data, rdflib.Graph):
        return data, False
    if isinstance(data, str | Path):
        return _graph_of(_read_file(Path(data))), True
    return _graph_of(data.quads()), True


def shapes_graph(shapes_dir: Path | None = None) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in shape_files(shapes_dir):
        graph.parse(path, format="turtle")
    return graph


def ontology_graph() -> rdflib.Graph:
    return _graph_of(_read_file(ontology_path()))


def validate_with_pyshacl(
    data: GraphStore | rdflib.Graph | Path | str, *, shapes_dir: Path | None = None
) -> ValidationReport:
    """Validate with pySHACL (no inference; the ontology supplies rdfs:subClassOf)."""
    graph, own = data_graph(data)
    conforms, results, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes_graph(shapes_dir),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        inplace=own,
    )
    violations = read_report(results)  # type: ignore[arg-type]
    return ValidationReport(conforms=bool(conforms), violations=violations, engine=ENGINE)


def read_report(results: rdflib.Graph) -> list[Violation]:
    """The results of a SHACL validation report graph."""
    index = TripleIndex(
        ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
        for s, p, o in results
    )
    violations = []
    # only the report's own results: nested ones (sh:detail) explain a result, they are not one
    for result in results.objects(None, SH.result):
        node = from_rdflib(result)
        path_term = index.value(node, ox.NamedNode(SH_IRI + "resultPath"))
        path = read_path(index, path_term) if path_term is not None else None
        value = index.value(node, ox.NamedNode(SH_IRI + "value"))
        message = index.value(node, ox.NamedNode(SH_IRI + "resultMessage"))
        severity = index.value(node, ox.NamedNode(SH_IRI + "resultSeverity"))
        violations.append(
            Violation(
                focus=term_text(index.value(node, ox.NamedNode(SH_IRI + "focusNode"))),  # type: ignore[arg-type]
                path=path.label() if path is not None else None,
                component=term_text(index.value(node, ox.NamedNode(SH_IRI + "sourceConstraintComponent"))),  # type: ignore[arg-type]
                shape=term_text(index.value(node, ox.NamedNode(SH_IRI + "sourceShape"))),  # type: ignore[arg-type]
                severity=severity.value if severity is not None else VIOLATION,
                message=message.value if message is not None else "",
                value=term_text(value) if value is not None else None,
                path_node=path,
            )
        )
    return violations
