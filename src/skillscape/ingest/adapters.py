"""Every adapter the build knows, by kind."""

from __future__ import annotations

from skillscape.ingest.aiexposure_anthropic import AnthropicTasksAdapter
from skillscape.ingest.aiexposure_eloundou import EloundouOccupationAdapter, EloundouTaskAdapter
from skillscape.ingest.aiexposure_microsoft import MicrosoftApplicabilityAdapter, MicrosoftIwaMetricsAdapter
from skillscape.ingest.base import Adapter
from skillscape.ingest.career_page import CareerPageAdapter
from skillscape.ingest.esco import EscoClassificationAdapter
from skillscape.ingest.esco_crosswalk import EscoOnetCrosswalkAdapter
from skillscape.ingest.exposure_analysis import ExposureAnalysisAdapter
from skillscape.ingest.framework import SkillsFrameworkAdapter
from skillscape.ingest.onet import OnetReleaseAdapter
from skillscape.ingest.profile import OccupationProfileAdapter
from skillscape.ingest.rdf import RdfFileAdapter
from skillscape.ingest.soc import SocStructureAdapter
from skillscape.ingest.soc_crosswalk import SocCrosswalkAdapter
from skillscape.ingest.sssom import SssomMappingAdapter
from skillscape.ingest.wages import WageDataAdapter

ADAPTERS: tuple[type[Adapter], ...] = (
    OccupationProfileAdapter,
    SkillsFrameworkAdapter,
    ExposureAnalysisAdapter,
    CareerPageAdapter,
    RdfFileAdapter,
    EloundouOccupationAdapter,
    EloundouTaskAdapter,
    MicrosoftApplicabilityAdapter,
    MicrosoftIwaMetricsAdapter,
    AnthropicTasksAdapter,
    WageDataAdapter,
    OnetReleaseAdapter,
    SocStructureAdapter,
    EscoClassificationAdapter,
    EscoOnetCrosswalkAdapter,
    SssomMappingAdapter,
    SocCrosswalkAdapter,
)
