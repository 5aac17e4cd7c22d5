"""What a build reports: per source what it did, the validation, the size and time."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from skillscape.ingest.manifest import SourceEntry
from skillscape.validate import ValidationReport


class BuildFailed(Exception):
    """The new graph did not validate; the published store is unchanged."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"validation failed with {len(report.violations)} violation(s)")
        self.report = report


@dataclass
class SourceOutcome:
    entry: SourceEntry
    graph: ox.NamedNode
    status: str  # "read", "updated" (some files of a release read again) or "unchanged"
    quads: int = 0


@dataclass
class BuildReport:
    store: Path
    outcomes: list[SourceOutcome] = field(default_factory=list)
    validation: ValidationReport | None = None
    quads: int = 0
    seconds: float = 0.0


__all__ = ["BuildFailed", "BuildReport", "SourceOutcome"]
