"""The build: gather what to decide by, plan (``plan.py``), carry the plan out (``execute.py``).

Sources are read by the adapters (``skillscape.ingest``, found by kind in ``adapters.py``) into a
new store version, which is validated and published atomically.
"""

from skillscape.build.add import ingest_file
from skillscape.build.execute import build, plan_build
from skillscape.build.plan import THRESHOLDS, BuildPlan, Thresholds
from skillscape.build.report import BuildFailed, BuildReport, SourceOutcome
from skillscape.build.sources import ingest_source
from skillscape.ingest.document import SourceError

__all__ = [
    "THRESHOLDS",
    "BuildFailed",
    "BuildPlan",
    "BuildReport",
    "SourceError",
    "SourceOutcome",
    "Thresholds",
    "build",
    "ingest_file",
    "ingest_source",
    "plan_build",
]
