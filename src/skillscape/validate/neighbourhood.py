"""Validation of some nodes of a large store: their checks run on a copy of what they read.

After a small change to a large graph (a few files of an O*NET release updated by difference),
the nodes whose quads changed are the ones to check again. Scoping the checks to the graph
would check millions of unchanged nodes; instead the nodes, with the quads their shapes read,
are copied into an in-memory store and validated there by the same compiled checks:

* the ontology graph (the class hierarchy the targets and ``sh:class`` use);
* every quad about a focus node, and every quad pointing at one (inverse paths, counts);
* every quad about the nodes those point to, out to :data:`HOPS` hops (the values a check
  reads: their class, the source document of a passage …).

Only violations of the focus nodes are reported: the other nodes are there as context and
are not copied whole. A constraint that compares a focus node with unrelated nodes (e.g. a
rank unique among all levels of a scale) sees only the nodes copied; ``skillscape validate``
checks the whole graph.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pyoxigraph as ox

from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate.engine import validate_store
from skillscape.validate.report import ValidationReport, term_text

#: how far from a focus node the quads its checks may read are copied
HOPS = 2

Node = ox.NamedNode | ox.BlankNode


def neighbourhood(store: OxigraphStore, focus: Collection[Node], ontology: ox.NamedNode) -> list[ox.Quad]:
    """The quads the checks of ``focus`` read (see the module's description)."""
    raw = store.raw
    quads: list[ox.Quad] = list(raw.quads_for_pattern(None, None, None, ontology))
    for node in focus:
        quads.extend(raw.quads_for_pattern(None, None, node, None))
    seen: set[Node] = set(focus)
    frontier: list[Node] = list(focus)
    for hop in range(HOPS + 1):
        following: list[Node] = []
        for node in frontier:
            for quad in raw.quads_for_pattern(node, None, None, None):
                quads.append(quad)
                value = quad.object
                if isinstance(value, (ox.NamedNode, ox.BlankNode)) and value not in seen and hop < HOPS:
                    seen.add(value)
                    following.append(value)
        frontier = following
    return quads


def validate_nodes(
    path: Path, focus: Collection[Node], ontology: ox.NamedNode, *, shapes_dir: Path | None = None
) -> ValidationReport:
    """Validate the nodes ``focus`` of the closed on-disk store at ``path``."""
    store = OxigraphStore(path, read_only=True)
    try:
        quads = neighbourhood(store, focus, ontology)
    finally:
        store.close()
    copy = OxigraphStore()
    try:
        copy.raw.extend(quads)
        report = validate_store(copy, shapes_dir=shapes_dir)
    finally:
        copy.close()
    names = {term_text(node) for node in focus}
    violations = [v for v in report.violations if v.focus in names]
    return ValidationReport(conforms=not violations, violations=violations, engine=report.engine)


__all__ = ["HOPS", "neighbourhood", "validate_nodes"]
