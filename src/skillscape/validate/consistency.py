"""OWL consistency of the ontology, by the HermiT reasoner (through owlready2, needs Java).

owlready2 reads RDF/XML, OWL/XML and N-Triples but not Turtle, so the ontology is first
converted to N-Triples with pyoxigraph.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from skillscape.resources import ontology_path


@dataclass(frozen=True)
class Reasoning:
    """What HermiT concluded about an ontology."""

    consistent: bool
    unsatisfiable: tuple[str, ...]  # IRIs of classes that can have no instance


def to_ntriples(source: Path, target: Path) -> Path:
    """Convert a Turtle file to N-Triples (the format owlready2 can read)."""
    with source.open("rb") as handle:
        ox.serialize(
            ox.parse(handle, ox.RdfFormat.TURTLE, base_iri=source.as_uri()),
            str(target),
            ox.RdfFormat.N_TRIPLES,
        )
    return target


def reason(path: Path | None = None) -> Reasoning:
    """Run HermiT on the ontology at ``path`` (default: the project's ontology)."""
    from owlready2 import OwlReadyInconsistentOntologyError, World, sync_reasoner_hermit

    source = Path(path) if path is not None else ontology_path()
    with tempfile.TemporaryDirectory(prefix="skillscape-owl-") as folder:
        ntriples = to_ntriples(source, Path(folder) / "ontology.nt")
        world = World()
        try:
            world.get_ontology(ntriples.as_uri()).load()
            try:
                sync_reasoner_hermit(world, infer_property_values=False, debug=0)
            except OwlReadyInconsistentOntologyError:
                return Reasoning(consistent=False, unsatisfiable=())
            nothing = "http://www.w3.org/2002/07/owl#Nothing"
            unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes() if c.iri != nothing))
            return Reasoning(consistent=True, unsatisfiable=unsatisfiable)
        finally:
            world.close()


def check_ontology_consistency(path: Path | None = None) -> bool:
    """True when HermiT finds the ontology consistent."""
    return reason(path).consistent
