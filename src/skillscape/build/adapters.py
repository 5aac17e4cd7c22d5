"""Every adapter the build knows, by kind: the table that finds one for a kind or a document."""

from __future__ import annotations

from skillscape.errors import NotFound
from skillscape.ingest.aiexposure_anthropic import AnthropicTasksAdapter
from skillscape.ingest.aiexposure_eloundou import EloundouOccupationAdapter, EloundouTaskAdapter
from skillscape.ingest.aiexposure_microsoft import MicrosoftApplicabilityAdapter, MicrosoftIwaMetricsAdapter
from skillscape.ingest.base import Adapter, UnknownKind
from skillscape.ingest.career_page import CareerPageAdapter
from skillscape.ingest.document import Document
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

_BY_KIND: dict[str, type[Adapter]] = {adapter.kind: adapter for adapter in ADAPTERS}


def adapter_for(kind: str) -> Adapter:
    if kind not in _BY_KIND:
        raise NotFound(
            f"unknown source kind {kind!r}; known kinds: {', '.join(known_kinds())}", known=known_kinds()
        )
    return _BY_KIND[kind]()


def known_kinds() -> list[str]:
    return sorted(_BY_KIND)


def detect_kind(document: Document) -> str:
    """The one kind whose adapter recognises ``document``; otherwise a clear error."""
    matches = [kind for kind, adapter in _BY_KIND.items() if adapter.detect(document)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownKind(
            document.path,
            None,
            f"document of unknown kind: none of the known kinds ({', '.join(known_kinds())}) "
            "recognises it; pass --kind",
        )
    raise UnknownKind(
        document.path,
        None,
        f"ambiguous document: it looks like each of {', '.join(sorted(matches))}; pass --kind",
    )


__all__ = ["ADAPTERS", "adapter_for", "detect_kind", "known_kinds"]
