"""Two clauses of a query the embedded engine applies but does not report: its dataset
(``FROM`` / ``FROM NAMED``) and, for ``SELECT *``, the order its variables appear in.

The SPARQL endpoint queries every named graph together by default. A query that names its
dataset must get that dataset instead (SPARQL 1.1 Query §13.2), so the endpoint lets the engine
apply the query's own clause; and a ``SELECT *`` answers its columns in the order the variables
appear in the query, where the engine (pyoxigraph) sorts them by name. The engine says neither,
so both are read here with rdflib's SPARQL parser.

These readings decide only which of the store's graphs a read-only query sees and the order of
its columns; everything that bears on safety (``SERVICE``, updates) is decided on the engine's
own plan (:mod:`skillscape.store.query_plan`), and the set of columns is always the engine's. A
query rdflib cannot parse is taken to name no dataset and to keep the engine's column order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable


@lru_cache(maxsize=256)
def _parsed(query: str) -> CompValue | None:
    try:
        return parseQuery(query)[1]
    except (ParseException, ValueError, TypeError, RecursionError):
        return None


def declares_dataset(query: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause."""
    parsed = _parsed(query)
    return parsed is not None and "datasetClause" in parsed  # CompValue.get answers the key when absent


@lru_cache(maxsize=256)
def star_order(query: str) -> tuple[str, ...] | None:
    """For a ``SELECT *``, its variables in the order they first appear in the query; else None."""
    parsed = _parsed(query)
    if parsed is None or parsed.name != "SelectQuery" or "projection" in parsed:
        return None
    seen: dict[str, None] = {}
    stack: list[Any] = [parsed["where"]] if "where" in parsed else []
    while stack:
        node = stack.pop()
        if isinstance(node, Variable):
            seen.setdefault(str(node))
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(reversed(list(node)))
    return tuple(seen)


def column_order(query: str, variables: Sequence[str]) -> list[int] | None:
    """How to reorder the engine's ``variables`` (indexes into them) so that a ``SELECT *``
    answers in the query's order; None when they are in order already or it is no ``SELECT *``."""
    order = star_order(query)
    if not order:
        return None
    rank = {name: i for i, name in enumerate(order)}
    index = sorted(range(len(variables)), key=lambda i: (rank.get(variables[i], len(rank)), variables[i]))
    return None if index == list(range(len(variables))) else index


__all__ = ["column_order", "declares_dataset", "star_order"]
