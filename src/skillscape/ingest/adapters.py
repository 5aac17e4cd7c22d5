"""Every adapter the build knows, by kind."""

from __future__ import annotations

from skillscape.ingest.base import Adapter
from skillscape.ingest.career_page import CareerPageAdapter
from skillscape.ingest.exposure_analysis import ExposureAnalysisAdapter
from skillscape.ingest.framework import SkillsFrameworkAdapter
from skillscape.ingest.profile import OccupationProfileAdapter
from skillscape.ingest.rdf import RdfFileAdapter

ADAPTERS: tuple[type[Adapter], ...] = (
    OccupationProfileAdapter,
    SkillsFrameworkAdapter,
    ExposureAnalysisAdapter,
    CareerPageAdapter,
    RdfFileAdapter,
)
