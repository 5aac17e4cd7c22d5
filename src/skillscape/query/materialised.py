"""Whole-graph answers the build computes once and stores with the store version it built.

Some named queries read the whole graph: the figures of ``/stats`` (``stats``, ``summary``),
``conflicting-claims`` without an occupation and ``statements-without-source`` (tens of seconds
to minutes on the full store, past the API's limit). The build runs them on the closed,
validated version and writes each answer as SPARQL 1.1 Query Results JSON into
``<version>/answers/<name>.srj``, with ``answers/build.json`` saying which build made them
(when, which skillscape, which store version). The API and the CLI serve these answers for the
same query without parameters; the store version is fixed, so they never go stale. A store
without them (an older layout, a remote store) runs the query.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from skillscape import __version__
from skillscape.query import named
from skillscape.store.base import GraphStore, QueryResult, Term

#: the named queries whose whole-graph answer the build stores
MATERIALISED = ("stats", "summary", "conflicting-claims", "statements-without-source", "occupation-names")
FOLDER = "answers"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Answer:
    result: QueryResult
    built: dict[str, Any]  # when, by which skillscape, which store version


def _term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    data: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        data["datatype"] = term.datatype.value
    return data


def write_answers(store: GraphStore, version: Path, names: tuple[str, ...] = MATERIALISED) -> dict[str, Any]:
    """Run ``names`` without parameters on ``store`` (the version at ``version``) and store the answers."""
    folder = version / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    built: dict[str, Any] = {
        "built": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "skillscape": __version__,
        "store": version.name,
        "queries": {},
    }
    for name in names:
        started = time.perf_counter()
        result = named.load(name).run(store)
        bindings = [
            {var: _term(value) for var, value in zip(result.variables, row, strict=True) if value is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
        (folder / f"{name}.srj").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        seconds = round(time.perf_counter() - started, 2)
        built["queries"][name] = {"rows": len(result.rows), "seconds": seconds}
    (folder / "build.json").write_text(json.dumps(built, indent=2), encoding="utf-8")
    return built


def copy_answers(source: Path, version: Path) -> bool:
    """Keep the answers of ``source`` for ``version`` (a rebuild that changed nothing)."""
    import shutil

    if not (source / FOLDER / "build.json").is_file():
        return False
    shutil.copytree(source / FOLDER, version / FOLDER, dirs_exist_ok=True)
    built = json.loads((version / FOLDER / "build.json").read_text(encoding="utf-8"))
    built["store"] = version.name
    (version / FOLDER / "build.json").write_text(json.dumps(built, indent=2), encoding="utf-8")
    return True


def build_identity(version: Path | None) -> dict[str, Any] | None:
    if version is None or not (version / FOLDER / "build.json").is_file():
        return None
    return json.loads((version / FOLDER / "build.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def read_answer(version: Path | None, name: str) -> Answer | None:
    """The stored whole-graph answer of ``name`` for the store at ``version``, if the build made one."""
    built = build_identity(version)
    if built is None or version is None:
        return None
    path = version / FOLDER / f"{name}.srj"
    if name not in built.get("queries", {}) or not path.is_file():
        return None
    solutions = ox.parse_query_results(path.read_bytes(), ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    variables = [v.value for v in solutions.variables]
    rows = [tuple(solution[v] for v in variables) for solution in solutions]
    result = QueryResult(kind="select", variables=variables, rows=rows)
    query = named.load(name)
    if query.columns:
        result = named.project(result, query.columns)
    return Answer(result, built)


__all__ = ["MATERIALISED", "Answer", "build_identity", "copy_answers", "read_answer", "write_answers"]
