"""SHACL validation: shapes compiled to SPARQL on the store, pySHACL as the reference, HermiT."""

from skillscape.validate.engine import validate_file, validate_store
from skillscape.validate.reference import validate_with_pyshacl
from skillscape.validate.report import ValidationReport, Violation

__all__ = [
    "ValidationReport",
    "Violation",
    "validate_file",
    "validate_store",
    "validate_with_pyshacl",
]
