"""Query results as plain Python values, JSON, CSV and tables."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from skillscape.store.base import QueryResult, Term

_INTEGER_TYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
_DECIMAL_TYPES = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("decimal", "double", "float")}
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def python_value(term: Term | None) -> Any:
    """The natural JSON value of a term: IRIs and strings as str, numbers as numbers."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in _DECIMAL_TYPES:
                return float(Decimal(term.value))
            if datatype == _BOOLEAN:
                return term.value in ("true", "1")
        except ArithmeticError:
            return term.value
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value


def to_records(result: QueryResult) -> list[dict[str, Any]]:
    """A SELECT result as a list of objects keyed by column."""
    return [{k: python_value(v) for k, v in record.items()} for record in result.records()]
