"""Response models of the REST resources (their JSON shape, and their OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Error(BaseModel):
    detail: str


class OccupationSummary(BaseModel):
    code: str = Field(description="O*NET-SOC code, e.g. 25-4031.00")
    title: str | None = Field(description="Authoritative title, else the first alternate title")
    alternateTitles: list[str] = Field(default_factory=list)
    href: str = Field(description="This occupation's profile in the API")
    matched: str | None = Field(default=None, description="In a search: the name that matched")
    matchedAs: str | None = Field(
        default=None, description="In a search: code, title, alternate title or reported title"
    )


class OccupationNotFoundDetail(BaseModel):
    detail: str
    suggestions: list[OccupationSummary]


class Page(BaseModel):
    total: int = Field(description="Rows in the whole result")
    limit: int
    offset: int
    next: str | None = Field(
        default=None, description="The next page, when there is one (also a Link header)"
    )


class OccupationPage(Page):
    items: list[OccupationSummary]


class StatementCount(BaseModel):
    type: str
    label: str
    count: int


class OccupationProfile(BaseModel):
    iri: str
    code: str
    title: str | None
    alternateTitles: list[str]
    documents: list[str] = Field(description="File names of the documents that introduced the occupation")
    statementCounts: list[StatementCount]
    links: dict[str, str]


class QueryRows(Page):
    query: str
    columns: list[str]
    rows: list[dict[str, Any]]
    boolean: bool | None = None


class OccupationRows(QueryRows):
    occupation: OccupationSummary
    #: why the answer has no rows, where the graph can say (e.g. an occupation O*NET does not rate)
    emptyReason: str | None = None


class Quote(BaseModel):
    exact: str | None
    start: int | None
    end: int | None


class DocumentRef(BaseModel):
    iri: str
    identifier: str
    sha256: str
    format: str
    readAt: str


class CitedSource(BaseModel):
    iri: str
    title: str
    version: str | None = None
    publisher: str | None = None
    licence: str | None = None


class UsedGraph(BaseModel):
    graph: str
    title: str | None = None
    release: str | None = None


class RelatedOccupation(BaseModel):
    iri: str
    code: str | None = None
    title: str | None = None


class Derivation(BaseModel):
    """How a derived statement was made: the algorithm's run and what it read."""

    activity: str
    algorithm: str
    version: str
    parameters: dict[str, Any] = Field(description="The algorithm's parameters, as the run recorded them")
    used: list[UsedGraph] = Field(description="The graphs the run read (e.g. an O*NET release)")
    generatedAt: str | None = None
    occupation: RelatedOccupation | None = None
    target: RelatedOccupation | None = None
    score: float | None = None
    features: dict[str, Any] | None = Field(default=None, description="Score per feature family")


class ProvenanceTrace(BaseModel):
    statement: str
    types: list[str]
    quote: Quote | None = Field(description="The exact passage and its code-point offsets (end exclusive)")
    row: str | None = Field(description="Row selector (RFC 7111) for rows of tabular sources")
    rowContent: dict[str, str] | None = Field(
        default=None,
        description="The row's values by column name, read back from the source file (its sha256 checked)",
    )
    document: DocumentRef | None = Field(description="The source document (none for a derived statement)")
    graph: str = Field(description="The named graph the statement was read into (or derived into)")
    citedSources: list[CitedSource]
    derivation: Derivation | None = Field(
        default=None, description="For a statement an algorithm derived: the run, algorithm and inputs"
    )


class StatementResource(BaseModel):
    iri: str
    id: str | None
    types: list[str]
    properties: dict[str, list[Any]] = Field(description="Property (compact IRI) → values, as stored")
    graphs: list[str]
    provenance: ProvenanceTrace | None
    links: dict[str, str]


class ParameterInfo(BaseModel):
    name: str
    type: str
    required: bool
    default: str | None
    doc: str


class NamedQueryInfo(BaseModel):
    name: str
    purpose: str
    parameters: list[ParameterInfo]
    columns: list[str]
    href: str


class PoolHealth(BaseModel):
    workers: int
    idle: int
    waiting: int
    restarts: int
    timeouts: int
    overMemory: int = Field(0, description="Queries stopped for passing the per-worker memory limit")


class CacheHealth(BaseModel):
    entries: int
    hits: int
    misses: int


class Health(BaseModel):
    status: str
    store: str = Field(description="oxigraph (embedded) or remote")
    version: str | None = Field(None, description="The published store version being served (embedded)")
    holdsData: bool
    pools: dict[str, PoolHealth]
    cache: CacheHealth | None = Field(None, description="The REST result cache of the version served")


class Stats(BaseModel):
    counts: dict[str, int]
    byClass: dict[str, int] = Field(description="Nodes per class (statements by kind, concepts, sources)")
    built: dict[str, Any] | None = Field(
        default=None,
        description="The build that computed these figures and stored them with the store version "
        "(when, which skillscape, which version); absent when they were counted on request",
    )


__all__ = [
    "CitedSource",
    "DocumentRef",
    "Error",
    "Health",
    "NamedQueryInfo",
    "OccupationNotFoundDetail",
    "OccupationPage",
    "OccupationProfile",
    "OccupationRows",
    "OccupationSummary",
    "Page",
    "ParameterInfo",
    "PoolHealth",
    "ProvenanceTrace",
    "QueryRows",
    "Quote",
    "StatementCount",
    "StatementResource",
    "Stats",
]
