"""Validation results: :class:`Violation`, :class:`ValidationReport`, and a SHACL report in Turtle."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from skillscape.model.namespaces import PREFIXES, RDF, SH
from skillscape.validate.shapes import SHAPES_IRI, Path

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def term_text(node: Term) -> str:
    """A term as text: an IRI as itself, a blank node as ``_:id``, a literal in N-Triples form."""
    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return str(node)


def text_term(text: str) -> Term:
    """The inverse of :func:`term_text`."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith('"'):
        triple = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), ox.RdfFormat.N_TRIPLES)))
        return triple.object  # type: ignore[return-value]
    return ox.NamedNode(text)


_DISPLAY_PREFIXES = {**PREFIXES, "shapes": SHAPES_IRI}
# Turtle output: no "id:" prefix, since most instance IRIs hold "/" that Turtle must escape
_TURTLE_PREFIXES = {
    "sh": SH.base,
    "shapes": SHAPES_IRI,
    **{k: v for k, v in PREFIXES.items() if k not in ("sh", "id")},
}


def compact(iri: str | None) -> str:
    """``https://w3id.org/skillscape/ontology#Task`` → ``ss:Task`` (for tables)."""
    if iri is None:
        return ""
    for prefix, namespace in sorted(_DISPLAY_PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result.

    ``focus``, ``shape`` and ``value`` are terms as text (an IRI as itself, ``_:id`` for a
    blank node, a literal in N-Triples form); ``path`` is the predicate IRI, or a property
    path in SPARQL syntax; ``component`` and ``severity`` are full SHACL IRIs.
    """

    focus: str
    path: str | None
    component: str
    shape: str
    severity: str
    message: str
    value: str | None = None
    path_node: Path | None = field(default=None, compare=False, repr=False)

    def key(self) -> tuple[str, str, str | None]:
        """What two engines must agree on: focus node, constraint component, path."""
        return (self.focus, self.component, self.path)


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    engine: str

    def keys(self) -> set[tuple[str, str, str | None]]:
        return {v.key() for v in self.violations}

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per violation, IRIs shortened with the project's prefixes."""
        rows = []
        for v in sorted(self.violations, key=lambda v: (v.shape, v.focus, v.path or "", v.value or "")):
            rows.append(
                {
                    "severity": compact(v.severity),
                    "focus": compact(v.focus),
                    "path": compact(v.path) if v.path else "",
                    "constraint": compact(v.component).removesuffix("ConstraintComponent"),
                    "shape": compact(v.shape),
                    "value": v.value or "",
                    "message": v.message,
                }
            )
        return rows

    def counts(self) -> Counter[tuple[str, str]]:
        """How many violations each (shape, component) produced."""
        return Counter((v.shape, v.component) for v in self.violations)

    def to_turtle(self) -> str:
        """The report as a SHACL ``sh:ValidationReport`` in Turtle."""
        report = ox.BlankNode()
        triples = [
            ox.Triple(report, RDF.type, SH.ValidationReport),
            ox.Triple(
                report, SH.conforms, ox.Literal("true" if self.conforms else "false", datatype=_BOOLEAN)
            ),
        ]
        for violation in self.violations:
            triples.extend(_result_triples(report, violation))
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_TURTLE_PREFIXES).decode("utf-8")  # type: ignore[union-attr]


_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")


def _result_triples(report: ox.BlankNode, violation: Violation) -> list[ox.Triple]:
    result = ox.BlankNode()
    triples = [
        ox.Triple(report, SH.result, result),
        ox.Triple(result, RDF.type, SH.ValidationResult),
        ox.Triple(result, SH.focusNode, text_term(violation.focus)),
        ox.Triple(result, SH.sourceConstraintComponent, ox.NamedNode(violation.component)),
        ox.Triple(result, SH.sourceShape, text_term(violation.shape)),
        ox.Triple(result, SH.resultSeverity, ox.NamedNode(violation.severity)),
        ox.Triple(result, SH.resultMessage, ox.Literal(violation.message)),
    ]
    if violation.path is not None:
        path = violation.path_node or Path("iri", violation.path)
        head, path_triples = path.triples()
        triples.append(ox.Triple(result, SH.resultPath, head))
        triples.extend(path_triples)
    if violation.value is not None:
        triples.append(ox.Triple(result, SH.value, text_term(violation.value)))
    return triples
