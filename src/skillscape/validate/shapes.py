"""The SHACL shapes of ``shapes/*.shacl.ttl``, read into a small model the compiler works on.

Only the constraint components the compiler can translate are accepted; a shape using any
other SHACL parameter is refused with a :class:`ShapeError` naming it, so a shape never
passes silently because an engine ignored part of it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path as FilePath

import pyoxigraph as ox

from skillscape.errors import BadInput
from skillscape.model.namespaces import RDF, RDFS, SH
from skillscape.resources import resource_dir

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Node = ox.NamedNode | ox.BlankNode

SH_IRI = SH.base
SHAPES_IRI = "https://w3id.org/skillscape/shapes#"
VIOLATION = SH_IRI + "Violation"


class ShapeError(BadInput):
    """A shape the engine cannot read or does not support."""


# ---------------------------------------------------------------------------- triples


class TripleIndex:
    """Subject → predicate → objects, for reading shapes (and reports) as a graph."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        self._out: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[tuple[str, Term], list[Node]] = defaultdict(list)
        for triple in triples:
            objects = self._out[triple.subject][triple.predicate.value]  # type: ignore[index]
            if triple.object not in objects:
                objects.append(triple.object)  # type: ignore[arg-type]
                self._in[(triple.predicate.value, triple.object)].append(triple.subject)  # type: ignore[index,arg-type]

    def objects(self, subject: Term, predicate: ox.NamedNode) -> list[Term]:
        node = self._out.get(subject)
        return list(node.get(predicate.value, [])) if node else []

    def value(self, subject: Term, predicate: ox.NamedNode) -> Term | None:
        values = self.objects(subject, predicate)
        return values[0] if values else None

    def subjects(self, predicate: ox.NamedNode, obj: Term) -> list[Node]:
        return list(self._in.get((predicate.value, obj), []))

    def subjects_with(self, predicate: ox.NamedNode) -> list[Node]:
        return [s for s, props in self._out.items() if predicate.value in props]  # type: ignore[misc]

    def predicates(self, subject: Term) -> list[str]:
        node = self._out.get(subject)
        return list(node) if node else []

    def items(self, head: Term) -> list[Term]:
        """The members of the RDF list starting at ``head``."""
        members: list[Term] = []
        seen: set[Term] = set()
        while head != RDF.nil:
            if head in seen:
                raise ShapeError(f"RDF list {head} is cyclic")
            seen.add(head)
            first = self.value(head, RDF.first)
            rest = self.value(head, RDF.rest)
            if first is None or rest is None:
                raise ShapeError(f"{head} is not a well-formed RDF list")
            members.append(first)
            head = rest
        return members


# ---------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class Path:
    """A SHACL property path: an IRI, or an operator over sub-paths."""

    kind: str  # iri | inverse | sequence | alternative | zeroOrMore | oneOrMore | zeroOrOne
    iri: str | None = None
    items: tuple[Path, ...] = ()

    def sparql(self) -> str:
        """The path in SPARQL property-path syntax."""
        if self.kind == "iri":
            return f"<{self.iri}>"
        if self.kind == "inverse":
            return "^" + self.items[0]._operand()
        if self.kind == "sequence":
            return "/".join(item._operand() for item in self.items)
        if self.kind == "alternative":
            return "|".join(item._operand() for item in self.items)
        suffix = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}[self.kind]
        return self.items[0]._operand() + suffix

    def _operand(self) -> str:
        text = self.sparql()
        return text if self.kind == "iri" else f"({text})"

    def label(self) -> str:
        """How a report names the path: the IRI itself for a predicate, SPARQL syntax otherwise."""
        return self.iri if self.kind == "iri" and self.iri else self.sparql()

    def triples(self) -> tuple[Node, list[ox.Triple]]:
        """The path as SHACL RDF (for a report's ``sh:resultPath``)."""
        if self.kind == "iri":
            return ox.NamedNode(self.iri or ""), []
        node = ox.BlankNode()
        triples: list[ox.Triple] = []
        if self.kind in ("sequence", "alternative"):
            heads = [item.triples() for item in self.items]
            list_head, list_triples = _rdf_list([h for h, _ in heads])
            for _, sub in heads:
                triples.extend(sub)
            triples.extend(list_triples)
            if self.kind == "sequence":
                return list_head, triples
            triples.append(ox.Triple(node, SH.alternativePath, list_head))
            return node, triples
        inner, sub = self.items[0].triples()
        triples.extend(sub)
        triples.append(
            ox.Triple(node, SH[f"{self.kind}Path" if self.kind != "inverse" else "inversePath"], inner)
        )
        return node, triples


def _rdf_list(members: list[Node]) -> tuple[Node, list[ox.Triple]]:
    if not members:
        return RDF.nil, []
    nodes = [ox.BlankNode() for _ in members]
    triples = []
    for index, (node, member) in enumerate(zip(nodes, members, strict=True)):
        triples.append(ox.Triple(node, RDF.first, member))
        rest = nodes[index + 1] if index + 1 < len(nodes) else RDF.nil
        triples.append(ox.Triple(node, RDF.rest, rest))
    return nodes[0], triples


_PATH_OPERATORS = {
    SH.inversePath.value: "inverse",
    SH.alternativePath.value: "alternative",
    SH.zeroOrMorePath.value: "zeroOrMore",
    SH.oneOrMorePath.value: "oneOrMore",
    SH.zeroOrOnePath.value: "zeroOrOne",
}


def read_path(graph: TripleIndex, node: Term) -> Path:
    """Read a SHACL path from its RDF form."""
    if isinstance(node, ox.NamedNode):
        return Path("iri", node.value)
    if isinstance(node, ox.Literal):
        raise ShapeError(f"a literal {node} is not a property path")
    if graph.value(node, RDF.first) is not None:
        members = graph.items(node)
        if len(members) < 2:
            raise ShapeError("a sequence path needs at least two members")
        return Path("sequence", items=tuple(read_path(graph, m) for m in members))
    for predicate, kind in _PATH_OPERATORS.items():
        target = graph.value(node, ox.NamedNode(predicate))
        if target is None:
            continue
        if kind == "alternative":
            return Path(kind, items=tuple(read_path(graph, m) for m in graph.items(target)))
        return Path(kind, items=(read_path(graph, target),))
    raise ShapeError(f"{node} is not a SHACL property path")


# ---------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Target:
    kind: str  # class | node | subjectsOf | objectsOf
    term: Term


@dataclass(frozen=True)
class Constraint:
    """One constraint: a component (``MinCount``, ``Class`` …) and its parameter value."""

    component: str
    value: object

    @property
    def component_iri(self) -> str:
        return f"{SH_IRI}{self.component}ConstraintComponent"


@dataclass(frozen=True)
class SparqlConstraint:
    node: Node
    select: str
    prefixes: tuple[tuple[str, str], ...]
    message: str | None


@dataclass
class Shape:
    node: Node
    path: Path | None = None
    targets: list[Target] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    message: str | None = None
    severity: str = VIOLATION
    deactivated: bool = False

    @property
    def name(self) -> str:
        return self.node.value if isinstance(self.node, ox.NamedNode) else f"_:{self.node.value}"


# parameter IRI (local name) -> component local name; "list" marks list-valued ones
_SIMPLE = {
    "class": "Class",
    "datatype": "Datatype",
    "nodeKind": "NodeKind",
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "minExclusive": "MinExclusive",
    "minInclusive": "MinInclusive",
    "maxExclusive": "MaxExclusive",
    "maxInclusive": "MaxInclusive",
    "minLength": "MinLength",
    "maxLength": "MaxLength",
    "hasValue": "HasValue",
    "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals",
}
_SHAPE_VALUED = {"node": "Node", "not": "Not"}
_LIST_VALUED = {"and": "And", "or": "Or", "xone": "Xone", "in": "In"}
_STRUCTURAL = {
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "property",
    "sparql", "message", "severity", "deactivated", "name", "description", "order", "group",
    "flags", "pattern", "prefixes", "declare", "defaultValue",
}  # fmt: skip
_TARGETS = {
    "targetClass": "class",
    "targetNode": "node",
    "targetSubjectsOf": "subjectsOf",
    "targetObjectsOf": "objectsOf",
}


class ShapesGraph:
    """Every shape of a shapes graph, read once; nested shapes are shared by identity."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        self.graph = TripleIndex(triples)
        self._shapes: dict[Node, Shape] = {}
        self._reading: set[Node] = set()

    def shape(self, node: Term) -> Shape:
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            raise ShapeError(f"a literal {node} is not a shape")
        if node in self._shapes:
            return self._shapes[node]
        shape = Shape(node)
        self._shapes[node] = shape  # registered first: recursive references resolve to it
        self._read(shape)
        return shape

    def top_level(self) -> list[Shape]:
        """Shapes with targets (or that are classes themselves: implicit class targets)."""
        candidates: list[Node] = []
        for kind in _TARGETS:
            candidates.extend(self.graph.subjects_with(SH[kind]))
        for cls in (RDFS.Class, ox.NamedNode("http://www.w3.org/2002/07/owl#Class")):
            for node in self.graph.subjects(RDF.type, cls):
                shape_types = {SH.NodeShape, SH.PropertyShape}
                if shape_types & set(self.graph.objects(node, RDF.type)):
                    candidates.append(node)
        seen: dict[Node, None] = dict.fromkeys(candidates)
        return [self.shape(node) for node in seen]

    # ------------------------------------------------------------------ reading
    def _read(self, shape: Shape) -> None:
        graph, node = self.graph, shape.node
        unknown = [
            p for p in graph.predicates(node)
            if p.startswith(SH_IRI) and self._local(p) not in
            (_SIMPLE.keys() | _SHAPE_VALUED.keys() | _LIST_VALUED.keys() | _STRUCTURAL)
        ]  # fmt: skip
        if unknown:
            raise ShapeError(
                f"shape {shape.name} uses SHACL parameters this engine does not support: {unknown}"
            )
        path = graph.value(node, SH.path)
        shape.path = read_path(graph, path) if path is not None else None
        shape.deactivated = _is_true(graph.value(node, SH.deactivated))
        severity = graph.value(node, SH.severity)
        shape.severity = severity.value if isinstance(severity, ox.NamedNode) else VIOLATION
        shape.message = _message(graph.objects(node, SH.message))
        for key, kind in _TARGETS.items():
            shape.targets.extend(Target(kind, term) for term in graph.objects(node, SH[key]))
        if {SH.NodeShape, SH.PropertyShape} & set(graph.objects(node, RDF.type)) and (
            {RDFS.Class, ox.NamedNode("http://www.w3.org/2002/07/owl#Class")}
            & set(graph.objects(node, RDF.type))
        ):
            shape.targets.append(Target("class", node))
        shape.constraints.extend(self._constraints(node))
        shape.properties.extend(self.shape(p) for p in graph.objects(node, SH.property))
        shape.sparql.extend(self._sparql(c) for c in graph.objects(node, SH.sparql))

    def _constraints(self, node: Node) -> Iterator[Constraint]:
        graph = self.graph
        for key, component in _SIMPLE.items():
            for value in graph.objects(node, SH[key]):
                yield Constraint(component, value)
        for key, component in _SHAPE_VALUED.items():
            for value in graph.objects(node, SH[key]):
                yield Constraint(component, self.shape(value))
        for key, component in _LIST_VALUED.items():
            for head in graph.objects(node, SH[key]):
                members = graph.items(head)
                if component == "In":
                    yield Constraint(component, tuple(members))
                else:
                    yield Constraint(component, tuple(self.shape(m) for m in members))
        for pattern in graph.objects(node, SH.pattern):
            flags = graph.value(node, SH.flags)
            yield Constraint("Pattern", (pattern.value, flags.value if flags is not None else ""))  # type: ignore[union-attr]

    def _sparql(self, node: Term) -> SparqlConstraint:
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            raise ShapeError(f"sh:sparql value {node} is not a node")
        select = self.graph.value(node, SH.select)
        if select is None:
            raise ShapeError(f"SPARQL constraint {node} has no sh:select")
        prefixes: list[tuple[str, str]] = []
        for owner in self.graph.objects(node, SH.prefixes):
            for declaration in self.graph.objects(owner, SH.declare):
                prefix = self.graph.value(declaration, SH.prefix)
                namespace = self.graph.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise ShapeError(f"prefix declaration of {owner} lacks sh:prefix or sh:namespace")
                prefixes.append((prefix.value, namespace.value))
        if "$PATH" in select.value or "$shapesGraph" in select.value or "$currentShape" in select.value:
            raise ShapeError(
                f"SPARQL constraint {node}: $PATH, $shapesGraph and $currentShape are not supported"
            )
        message = _message(self.graph.objects(node, SH.message))
        return SparqlConstraint(node, select.value, tuple(sorted(set(prefixes))), message)  # type: ignore[arg-type]

    @staticmethod
    def _local(iri: str) -> str:
        return iri[len(SH_IRI) :]


def _is_true(term: Term | None) -> bool:
    return isinstance(term, ox.Literal) and term.value in ("true", "1")


def _message(terms: list[Term]) -> str | None:
    literals = [t for t in terms if isinstance(t, ox.Literal)]
    for literal in literals:
        if literal.language in (None, "en") or (literal.language or "").startswith("en-"):
            return literal.value
    return literals[0].value if literals else None


# ---------------------------------------------------------------------------- files


def shape_files(directory: FilePath | None = None) -> list[FilePath]:
    """The shapes files, in a stable order."""
    root = directory or resource_dir("shapes")
    return sorted(root.glob("*.shacl.ttl"))


def shapes_digest(files: list[FilePath]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_triples(files: list[FilePath]) -> list[ox.Triple]:
    triples: list[ox.Triple] = []
    for path in files:
        with path.open("rb") as handle:
            try:
                triples.extend(ox.parse(handle, ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
            except SyntaxError as exc:
                raise ShapeError(f"{path}: {exc}") from exc
    return triples


@cache
def load_shapes(digest: str, files: tuple[FilePath, ...]) -> tuple[Shape, ...]:
    """The top-level shapes of ``files`` (cached by the files' content digest)."""
    del digest  # part of the cache key only
    return tuple(ShapesGraph(read_triples(list(files))).top_level())
