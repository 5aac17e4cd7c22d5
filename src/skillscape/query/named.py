"""Load named queries from ``queries/`` and fill their parameters' slots with RDF terms.

Each ``.rq`` file opens with a comment header::

    # Purpose: every proficiency statement of an occupation, level by level.
    # Parameters:
    #   occupation (occupation): an O*NET-SOC code; a SOC code resolves to its .00
    # Columns: scale, domain, level, rank, statement, text, citations

A parameter is bound to the SPARQL variable of the same name (``?occupation``) where the
query says it enters: at each *slot* ``VALUES ?occupation { UNDEF }`` (a valid, unrestricting
``VALUES`` block as written). Binding turns each slot of a bound parameter into
``VALUES ?occupation { <term> }``, the term written by the engine's own serializer, never
pasted from the caller's text; the query's author places the slots (in each group, sub-query
or branch the parameter should restrict), and loading a query fails when a declared parameter
has no slot. A slot may also stand for an optional binding the header does not declare (the
``diff`` queries' ``?occupation``): left unbound, it restricts nothing.
:meth:`NamedQuery.run` returns only the header's columns. Parameter types: ``occupation`` (a
code, bound as the occupation IRI), ``iri``, ``string``, ``integer``, ``decimal``.
``name (type, default VALUE)`` makes a parameter optional; an empty default of a type other than
``string`` leaves the variable unbound (e.g. ``conflicting-claims`` without an occupation).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from skillscape.errors import BadInput, NotFound
from skillscape.model import iri
from skillscape.model.namespaces import XSD
from skillscape.resources import query_text, resource_dir
from skillscape.store.base import GraphStore, QueryResult, Term

_PARAM_LINE = re.compile(
    r"^#\s+(?P<name>[a-z][a-z0-9_]*)\s*\((?P<type>[a-z]+)(?:,\s*default\s+(?P<default>[^)]*))?\)\s*:\s*(?P<doc>.*)$"
)
PARAM_TYPES = ("occupation", "iri", "string", "integer", "decimal")
#: where a parameter enters a query: ``VALUES ?name { UNDEF }``
SLOT = re.compile(r"VALUES\s+\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\{\s*UNDEF\s*\}")


class UnknownQuery(NotFound):
    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no named query {name!r}; known queries: {', '.join(known)}", known=known)
        self.name = name


class ParameterError(BadInput):
    """A missing, unknown or malformed query parameter."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    doc: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    purpose: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    columns: tuple[str, ...] = field(default_factory=tuple)

    def bind(self, values: Mapping[str, str]) -> dict[str, Term]:
        """Convert textual parameter values to RDF terms, checking names and types."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ParameterError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                f"it takes: {', '.join(known) or 'none'}"
            )
        bindings: dict[str, Term] = {}
        for parameter in self.parameters:
            raw = values.get(parameter.name, parameter.default)
            if raw is None:
                raise ParameterError(f"query {self.name!r} needs --param {parameter.name}=…")
            if raw == "" and not parameter.required and parameter.type != "string":
                continue  # an optional parameter left empty stays unbound: the query reads every value
            bindings[parameter.name] = to_term(parameter, raw)
        return bindings

    @property
    def slots(self) -> frozenset[str]:
        """The variables the query has a slot for."""
        return frozenset(match["name"] for match in SLOT.finditer(self.text))

    def bound(self, bindings: Mapping[str, Term]) -> str:
        """The query text with each slot of a bound variable holding its term."""
        missing = sorted(set(bindings) - self.slots)
        if missing:
            raise ParameterError(
                f"query {self.name!r} has no slot for {', '.join('?' + m for m in missing)} "
                "(a 'VALUES ?name { UNDEF }' block)"
            )

        def fill(match: re.Match[str]) -> str:
            term = bindings.get(match["name"])
            return match[0] if term is None else f"VALUES ?{match['name']} {{ {term} }}"

        return SLOT.sub(fill, self.text)

    def occupation_values(self, values: Mapping[str, str]) -> dict[str, str]:
        """The values given to this query's occupation-typed parameters (name → text as given)."""
        wanted = [p.name for p in self.parameters if p.type == "occupation" and values.get(p.name)]
        return {name: values[name] for name in wanted}

    def run(self, store: GraphStore, values: Mapping[str, str] | None = None) -> QueryResult:
        """Run with ``values`` bound (an occupation that is not in the store gives an empty
        answer here; :func:`skillscape.query.occupations.check_occupations` tells it apart)."""
        values = values or {}
        result = store.query(self.bound(self.bind(values)))
        return project(result, self.columns) if self.columns and result.kind == "select" else result


def project(result: QueryResult, columns: tuple[str, ...]) -> QueryResult:
    """Keep only ``columns`` of a SELECT result, in that order."""
    if list(columns) == result.variables:
        return result
    missing = [c for c in columns if c not in result.variables]
    if missing:
        raise ValueError(f"the query does not select the declared column(s) {', '.join(missing)}")
    index = [result.variables.index(c) for c in columns]
    rows = [tuple(row[i] for i in index) for row in result.rows]
    return QueryResult(kind="select", variables=list(columns), rows=rows)


#: what a value of each parameter type must look like, as an error says it
EXPECTED = {
    "occupation": "an O*NET-SOC code (NN-NNNN.NN, e.g. 25-4031.00) or a SOC code (NN-NNNN)",
    "iri": "an absolute IRI (e.g. https://w3id.org/skillscape/id/…)",
    "integer": "a whole number (e.g. 10)",
    "decimal": "a decimal number (e.g. 0.5)",
    "string": "text",
}


def to_term(parameter: Parameter, raw: str) -> Term:
    """The RDF term for ``raw``; a malformed value raises ParameterError naming the parameter and
    what it expects (never the converter's own message)."""
    try:
        if parameter.type == "occupation":
            return iri.occupation(raw)
        if parameter.type == "iri":
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$", raw):
                raise ValueError("not an absolute IRI")
            return ox.NamedNode(raw)
        if parameter.type == "integer":
            if not re.fullmatch(r"\s*[+-]?\d{1,18}\s*", raw):
                raise ValueError("not a whole number")
            return ox.Literal(str(int(raw)), datatype=XSD.integer)
        if parameter.type == "decimal":
            value = Decimal(raw)
            if not value.is_finite():
                raise ValueError("not a finite number")
            return ox.Literal(str(value), datatype=XSD.decimal)
        return ox.Literal(raw)
    except (ValueError, InvalidOperation) as exc:
        shown = raw if len(raw) <= 60 else raw[:57] + "…"
        raise ParameterError(
            f"parameter {parameter.name}={shown!r}: expected {EXPECTED[parameter.type]}"
        ) from exc


def parse_header(name: str, path: Path, text: str) -> NamedQuery:
    purpose: list[str] = []
    parameters: list[Parameter] = []
    columns: tuple[str, ...] = ()
    section = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        lowered = body.lower()
        if lowered.startswith("purpose:"):
            section = "purpose"
            purpose.append(body.split(":", 1)[1].strip())
        elif lowered.startswith("parameters:"):
            section = "parameters"
            rest = body.split(":", 1)[1].strip()
            if rest and rest.lower() != "none":
                raise ValueError(f"{path}: list parameters on their own lines")
        elif lowered.startswith("columns:"):
            section = "columns"
            columns = tuple(c.strip() for c in body.split(":", 1)[1].split(",") if c.strip())
        elif section == "parameters" and (match := _PARAM_LINE.match(line)):
            if match["type"] not in PARAM_TYPES:
                raise ValueError(f"{path}: parameter type {match['type']!r} not in {PARAM_TYPES}")
            default = match["default"].strip() if match["default"] is not None else None
            parameters.append(Parameter(match["name"], match["type"], match["doc"].strip(), default))
        elif section == "purpose" and body:
            purpose.append(body)
    if not purpose:
        raise ValueError(f"{path}: the header needs a 'Purpose:' line")
    query = NamedQuery(name, path, text, " ".join(purpose), tuple(parameters), columns)
    unslotted = [p.name for p in parameters if p.name not in query.slots]
    if unslotted:
        raise ValueError(
            f"{path}: parameter(s) {', '.join(unslotted)} enter the query nowhere: add a slot "
            f"'VALUES ?{unslotted[0]} {{ UNDEF }}' in each group they restrict"
        )
    return query


def queries_dir() -> Path:
    return resource_dir("queries")


@cache
def _catalog() -> dict[str, Path]:
    root = queries_dir()
    catalog: dict[str, Path] = {}
    for path in sorted(root.rglob("*.rq")):
        name = path.relative_to(root).with_suffix("").as_posix()
        catalog[name] = path
    return catalog


def known_queries() -> list[str]:
    return sorted(_catalog())


@cache
def load(name: str) -> NamedQuery:
    """A named query: ``progression``, or ``checks/statements-without-source``."""
    path = _catalog().get(name)
    if path is None:
        raise UnknownQuery(name, [n for n in known_queries() if "/" not in n])
    return parse_header(name, path, query_text(name))


def load_file(path: Path) -> NamedQuery:
    """A query from a file outside the catalog (the header is optional there)."""
    text = path.read_text(encoding="utf-8")
    if not re.search(r"^#\s*purpose:", text, re.IGNORECASE | re.MULTILINE):
        return NamedQuery(path.stem, path, text, "", (), ())
    return parse_header(path.stem, path, text)
