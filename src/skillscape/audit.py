"""Audit beyond SHACL: what documents declare against what they contain.

Each check is a named query in ``queries/audit/`` returning the columns
``severity, document, passage, message`` (one row per finding). Adding a check is
adding a ``.rq`` file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skillscape.query import named
from skillscape.query.results import python_value
from skillscape.store.base import GraphStore

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    document: str
    message: str
    passage: str | None

    def as_record(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "check": self.check,
            "document": self.document,
            "message": self.message,
            "passage": self.passage,
        }


def audit_checks() -> list[str]:
    return [name for name in named.known_queries() if name.startswith("audit/")]


def run_audit(store: GraphStore) -> list[Finding]:
    """Every finding of every audit check, most severe first."""
    findings: list[Finding] = []
    for name in audit_checks():
        query = named.load(name)
        for record in query.run(store).records():
            severity = str(python_value(record.get("severity")) or "warning")
            if severity not in SEVERITIES:
                raise ValueError(f"{name}: severity {severity!r} not in {SEVERITIES}")
            findings.append(
                Finding(
                    check=name.removeprefix("audit/"),
                    severity=severity,
                    document=str(python_value(record.get("document")) or ""),
                    message=str(python_value(record.get("message")) or ""),
                    passage=python_value(record.get("passage")),
                )
            )
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.check, f.document, f.message))
    return findings
