"""Whether a query names its own dataset (``FROM`` / ``FROM NAMED``).

The SPARQL endpoint queries every named graph together by default. A query that names its
dataset must get that dataset instead (SPARQL 1.1 Query §13.2), so the endpoint lets the
engine apply the query's own clause. The embedded engine (pyoxigraph) applies ``FROM`` and
``FROM NAMED`` when it is given no dataset of its own but does not say whether a query has
them, so the clause is read here with rdflib's SPARQL parser.

This reading decides only which of the store's graphs a read-only query sees; everything that
bears on safety (``SERVICE``, updates) is decided on the engine's own plan
(:mod:`skillscape.store.query_plan`). A query rdflib cannot parse is taken to name no dataset.
"""

from __future__ import annotations

from functools import lru_cache

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery


@lru_cache(maxsize=256)
def declares_dataset(query: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause."""
    try:
        parsed = parseQuery(query)
    except (ParseException, ValueError, TypeError, RecursionError):
        return False
    return "datasetClause" in parsed[1]  # CompValue.get answers the key itself when absent


__all__ = ["declares_dataset"]
