"""Audit beyond SHACL: what documents declare against what they contain.

Each check is a named query in ``queries/audit/`` returning the columns
``severity, document, passage, message`` (one row per finding). Adding a check is
adding a ``.rq`` file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from skillscape.errors import BadInput, NotFound
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
    """The checks by name (``declared-count-mismatch`` …), one per ``queries/audit/*.rq``."""
    return [name.removeprefix("audit/") for name in named.known_queries() if name.startswith("audit/")]


class UnknownCheck(NotFound):
    def __init__(self, names: list[str], known: list[str]) -> None:
        super().__init__(
            f"no audit check {', '.join(map(repr, names))}; known checks: {', '.join(known)}", known=known
        )


@dataclass(frozen=True)
class AuditFilter:
    """Which findings to show: checks by name (none: all), the least severity shown, and text in
    the document's identifier (case-insensitive)."""

    checks: tuple[str, ...] = ()
    severity: str = "info"
    document: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise BadInput(f"severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        unknown = [c for c in self.checks if c not in audit_checks()]
        if unknown:
            raise UnknownCheck(unknown, audit_checks())

    def keeps(self, finding: Finding) -> bool:
        return SEVERITIES.index(finding.severity) <= SEVERITIES.index(self.severity) and (
            self.document.lower() in finding.document.lower()
        )


def run_audit(store: GraphStore, only: AuditFilter | None = None) -> list[Finding]:
    """Every finding of the checks ``only`` selects (all by default), most severe first."""
    only = only or AuditFilter()
    findings: list[Finding] = []
    for check in only.checks or audit_checks():
        name = f"audit/{check}"
        query = named.load(name)
        for record in query.run(store).records():
            severity = str(python_value(record.get("severity")) or "warning")
            if severity not in SEVERITIES:
                raise BadInput(f"{name}: severity {severity!r} not in {SEVERITIES}", parameter="severity")
            finding = Finding(
                check=check,
                severity=severity,
                document=str(python_value(record.get("document")) or ""),
                message=str(python_value(record.get("message")) or ""),
                passage=python_value(record.get("passage")),
            )
            if only.keeps(finding):
                findings.append(finding)
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.check, f.document, f.message))
    return findings


def summary_line(findings: list[Finding]) -> str:
    """``3,097 findings: 0 errors, 3,090 warnings, 7 info; ingest-issues 3,000, …`` (most first)."""
    severities = Counter(f.severity for f in findings)
    checks = Counter(f.check for f in findings)
    by_severity = ", ".join(
        f"{severities[s]:,} {s}{'s' if s != 'info' and severities[s] != 1 else ''}" for s in SEVERITIES
    )
    by_check = ", ".join(f"{name} {count:,}" for name, count in checks.most_common())
    line = f"{len(findings):,} finding{'s' if len(findings) != 1 else ''}: {by_severity}"
    return line + (f"; by check: {by_check}" if by_check else "")
