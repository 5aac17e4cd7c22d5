"""The shape fixtures: ``tests/shapes/<shape>/{valid,invalid}/*.ttl``.

Each fixture is validated together with ``base.ttl`` (a small, valid context: a document,
its passages, an occupation, a scale …) and the ontology, each in its own named graph.
Instance IRIs in the fixtures are relative; the loader resolves them against a base
(``https://w3id.org/skillscape/id/`` by default), so that many fixtures can share one
store, each under its own base, without touching each other.

An invalid fixture lists what must fail in leading comment lines::

    # expect: <focus node> <constraint component>

with IRIs written ``<…>`` (relative ones resolved like the data) or as prefixed names
declared in the file. The directory names the shape family: ``Passage`` covers
``shapes:Passage`` and ``shapes:Passage-*``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from skillscape.model.namespaces import ID_IRI
from skillscape.resources import ontology_path
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate.engine import ONTOLOGY_GRAPH

HERE = Path(__file__).resolve().parent
BASE = HERE / "base.ttl"

_PREFIX = re.compile(r"^@prefix\s+([A-Za-z][\w-]*|):\s*<([^>]*)>\s*\.", re.MULTILINE)
_EXPECT = re.compile(r"^#\s*expect:\s*(\S+)\s+(\S+)\s*$")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Fixture:
    path: Path
    family: str
    valid: bool
    expectations: tuple[tuple[str, str], ...]
    prefixes: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        return self.path.relative_to(HERE).as_posix()

    def expected(self, base: str = ID_IRI) -> Counter[tuple[str, str]]:
        """The (focus node, constraint component) results that must be reported."""
        return Counter((self._resolve(f, base), self._resolve(c, base)) for f, c in self.expectations)

    def _resolve(self, token: str, base: str) -> str:
        if token.startswith("<") and token.endswith(">"):
            reference = token[1:-1]
            return reference if _ABSOLUTE.match(reference) else base + reference
        prefix, _, local = token.partition(":")
        namespaces = dict(self.prefixes)
        if prefix not in namespaces:
            raise ValueError(f"{self.path}: unknown prefix in expectation {token!r}")
        return namespaces[prefix] + local


def read_fixture(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    expectations = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _EXPECT.match(line):
            expectations.append((match.group(1), match.group(2)))
    kind = path.parent.name
    if kind not in ("valid", "invalid"):
        raise ValueError(f"{path}: fixtures live in valid/ or invalid/")
    if (kind == "invalid") != bool(expectations):
        raise ValueError(f"{path}: an invalid fixture needs '# expect:' lines, a valid one none")
    prefixes = tuple(_PREFIX.findall(text))
    return Fixture(path, path.parent.parent.name, kind == "valid", tuple(expectations), prefixes)


def all_fixtures() -> list[Fixture]:
    return [read_fixture(p) for p in sorted(HERE.glob("*/*/*.ttl"))]


def _quads(path: Path, graph: ox.NamedNode, base: str) -> list[ox.Quad]:
    with path.open("rb") as handle:
        triples = ox.parse(handle, ox.RdfFormat.TURTLE, base_iri=base)
        return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def load_ontology(store: OxigraphStore) -> None:
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH)


def load_fixture(store: OxigraphStore, fixture: Fixture | None, base: str = ID_IRI) -> None:
    """The base context and ``fixture``, their relative IRIs resolved against ``base``."""
    store.load(_quads(BASE, ox.NamedNode(base + "graph/base"), base))
    if fixture is not None:
        store.load(_quads(fixture.path, ox.NamedNode(base + "graph/fixture"), base))


def family(shape_iri: str) -> str:
    """``…/shapes#Passage-source-count`` → ``Passage``."""
    return shape_iri.rpartition("#")[2].split("-")[0]
