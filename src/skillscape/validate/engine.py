"""The fast engine: the shapes compiled to SPARQL and run on the store itself."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from skillscape.errors import BadInput
from skillscape.model import iri
from skillscape.resources import ontology_path
from skillscape.store.base import GraphStore, QueryResult, QuerySyntaxError
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate.compiler import Check, compile_shapes
from skillscape.validate.report import ValidationReport, Violation, compact, term_text
from skillscape.validate.shapes import ShapeError, load_shapes, shape_files, shapes_digest

ENGINE = "sparql"
ONTOLOGY_GRAPH = iri.source_graph("ontology")

#: a SPARQL constraint with at most this many focus nodes runs once per node with
#: ``$this`` bound by the engine; above it, once for all nodes, keeping the focus nodes' rows
PREBIND_LIMIT = 64

FILE_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

_DEFAULT_MESSAGES = {
    "Class": "The value is not an instance of the required class.",
    "Datatype": "The value does not have the required datatype.",
    "NodeKind": "The value is not of the required node kind.",
    "MinCount": "Fewer values than required.",
    "MaxCount": "More values than allowed.",
    "MinInclusive": "The value is below the allowed minimum.",
    "MinExclusive": "The value is not above the allowed minimum.",
    "MaxInclusive": "The value is above the allowed maximum.",
    "MaxExclusive": "The value is not below the allowed maximum.",
    "MinLength": "The value is shorter than allowed.",
    "MaxLength": "The value is longer than allowed.",
    "Pattern": "The value does not match the required pattern.",
    "In": "The value is not one of the allowed values.",
    "HasValue": "A required value is missing.",
    "Node": "The value does not conform to the required shape.",
    "Not": "The value conforms to a shape it must not conform to.",
    "And": "The value does not conform to all of the required shapes.",
    "Or": "The value conforms to none of the alternative shapes.",
    "Xone": "The value does not conform to exactly one of the shapes.",
    "LessThan": "The value is not less than the value it is compared with.",
    "LessThanOrEquals": "The value is greater than the value it is compared with.",
    "SPARQL": "A SPARQL constraint found a violation.",
}


def default_message(component: str) -> str:
    local = compact(component).removeprefix("sh:").removesuffix("ConstraintComponent")
    return _DEFAULT_MESSAGES.get(local, f"Violates {compact(component)}.")


@cache
def _checks_for(digest: str, files: tuple[Path, ...]) -> tuple[Check, ...]:
    return tuple(compile_shapes(load_shapes(digest, files)))


def compiled_checks(shapes_dir: Path | None = None) -> tuple[Check, ...]:
    """The compiled queries of the shapes in ``shapes_dir`` (default: the project's shapes)."""
    files = shape_files(shapes_dir)
    if not files:
        raise ShapeError(f"no *.shacl.ttl files in {shapes_dir or 'shapes/'}")
    return _checks_for(shapes_digest(files), tuple(files))


def validate_store(
    store: GraphStore, graphs: list[ox.NamedNode] | None = None, *, shapes_dir: Path | None = None
) -> ValidationReport:
    """Validate ``store`` (the union of ``graphs``, or of all graphs) against the shapes.

    The class hierarchy comes from the data: pass the ontology graph among ``graphs`` so
    that ``sh:targetClass ss:Statement`` reaches every subclass.
    """
    return report_of(run_check(store, check, graphs) for check in compiled_checks(shapes_dir))


def report_of(found: Iterable[Iterable[Violation]]) -> ValidationReport:
    """The report of the violations each check found (in check order), each violation once."""
    seen: set[tuple[str, str | None, str, str, str | None]] = set()
    violations: list[Violation] = []
    for violation in (v for batch in found for v in batch):
        key = (violation.focus, violation.path, violation.component, violation.shape, violation.value)
        if key not in seen:
            seen.add(key)
            violations.append(violation)
    return ValidationReport(conforms=not violations, violations=violations, engine=ENGINE)


def validate_file(path: Path, *, shapes_dir: Path | None = None) -> ValidationReport:
    """Load an RDF file and the ontology into an in-memory store and validate it."""
    path = Path(path)
    fmt = FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FILE_FORMATS))
        raise BadInput(f"{path}: unknown RDF file extension {path.suffix!r} (known: {known})")
    store = OxigraphStore()
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH)
    graph = None if fmt.supports_datasets else ox.NamedNode(path.resolve().as_uri())
    try:
        store.load_file(str(path), fmt, graph)
    except SyntaxError as exc:
        raise BadInput(f"{path}: not valid {fmt.name}: {exc}") from exc
    return validate_store(store, shapes_dir=shapes_dir)


# ---------------------------------------------------------------------------- running checks


def _query(
    store: GraphStore, check: Check, sparql: str, graphs: Sequence[ox.NamedNode] | None, **kw: object
) -> QueryResult:
    try:
        return store.query(sparql, graphs=graphs, **kw)  # type: ignore[arg-type]
    except QuerySyntaxError as exc:  # a bug of the compiler or of a shape's sh:select
        raise ShapeError(f"shape {check.shape.name}: the query does not parse: {exc}\n{sparql}") from exc


def run_check(
    store: GraphStore, check: Check, graphs: Sequence[ox.NamedNode] | None = None
) -> Iterator[Violation]:
    """The violations one compiled query finds."""
    if check.kind == "sparql":
        yield from _run_sparql(store, check, graphs)
        return
    result = _query(store, check, check.query, graphs)
    shape = check.shape
    path = shape.path
    for record in result.records():
        focus = record["this"]
        if focus is None:
            continue
        value = record.get("value") if path is not None else focus
        for component in _failed_components(check, record):
            yield Violation(
                focus=term_text(focus),
                path=path.label() if path is not None else None,
                component=component,
                shape=shape.name,
                severity=shape.severity,
                message=shape.message or default_message(component),
                value=term_text(value) if value is not None and check.kind == "value" else None,
                path_node=path,
            )


def _failed_components(check: Check, record: Mapping[str, object]) -> list[str]:
    if check.kind == "count":
        count = record.get("count")
        number = int(count.value) if isinstance(count, ox.Literal) else 0
        low, high = check.bounds
        failed = []
        if number < low:
            failed.append("http://www.w3.org/ns/shacl#MinCountConstraintComponent")
        if high is not None and number > high:
            failed.append("http://www.w3.org/ns/shacl#MaxCountConstraintComponent")
        return failed
    if len(check.components) == 1:
        return list(check.components)
    return [
        component for index, component in enumerate(check.components) if _is_true(record.get(f"f{index}"))
    ]


def _is_true(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


def _run_sparql(
    store: GraphStore, check: Check, graphs: Sequence[ox.NamedNode] | None
) -> Iterator[Violation]:
    focus_nodes = {
        row[0] for row in _query(store, check, check.target_query, graphs).rows if row[0] is not None
    }
    if not focus_nodes:
        return
    if len(focus_nodes) <= PREBIND_LIMIT:
        records = [
            {**record, "this": node}
            for node in focus_nodes
            for record in _query(store, check, check.query, graphs, bindings={"this": node}).records()
        ]
    else:
        records = [
            r for r in _query(store, check, check.query, graphs).records() if r.get("this") in focus_nodes
        ]
    constraint = check.constraint
    assert constraint is not None
    shape = check.shape
    for record in records:
        focus = record["this"]
        value = record.get("value")
        path = record.get("path")
        message = record.get("message")
        template = constraint.message or shape.message
        text = (
            message.value
            if isinstance(message, ox.Literal)
            else _fill(template, record)
            if template
            else None
        )
        yield Violation(
            focus=term_text(focus),  # type: ignore[arg-type]
            path=path.value
            if isinstance(path, ox.NamedNode)
            else (shape.path.label() if shape.path else None),
            component=check.components[0],
            shape=shape.name,
            severity=shape.severity,
            message=text or default_message(check.components[0]),
            value=term_text(value) if value is not None else term_text(focus),  # type: ignore[arg-type]
            path_node=None if isinstance(path, ox.NamedNode) else shape.path,
        )


_TEMPLATE_VARIABLE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def _fill(template: str, record: Mapping[str, object]) -> str:
    """Replace ``{?var}`` / ``{$var}`` in a message with the row's values."""

    def replace(match: re.Match[str]) -> str:
        value = record.get(match.group(1))
        if isinstance(value, ox.Literal | ox.NamedNode | ox.BlankNode):
            return value.value
        return match.group(0)

    return _TEMPLATE_VARIABLE.sub(replace, template)
