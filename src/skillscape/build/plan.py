"""What a build will do, decided before it does anything: the plan.

:func:`plan` is pure: it opens no store and reads no file. The executor (``execute.py``) first
gathers what the decisions need — the fingerprints and quad counts of the published version
(:class:`PublishedState`) and, per source, the fingerprint its graph gets now, its size on disk
and, for a folder that can be updated by difference, how its tables differ from the copies kept
with the published version (:class:`SourceFacts`) — then plans, then carries the plan out.

Two decisions need the new store's size, which is only known once the sources are read: whether
a scoped validation is too large to be scoped, whether validation runs in several processes,
and whether the store is compacted. The plan states the rule and :func:`plan_checks` (pure too)
settles it from the counts the executor takes then.

Every size a build decides by is a field of :class:`Thresholds`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.pathways.derive import DERIVED_GRAPHS, SIMILARITY_SOURCE
from skillscape.pathways.durable import DURABLE_GRAPH, DURABLE_SOURCE

ONTOLOGY_GRAPH = iri.source_graph("ontology").value
BUILD_GRAPH = iri.source_graph("build").value
#: every graph a build derives (kept from the published store; each checks its own fingerprint)
ALL_DERIVED_GRAPHS = (*DERIVED_GRAPHS, DURABLE_GRAPH.value)
#: the graphs a new version copied from the published one keeps whatever the sources
ALWAYS_KEPT = (BUILD_GRAPH, *ALL_DERIVED_GRAPHS)
#: the graphs of documents added with ``skillscape ingest`` start with this
ADDED_PREFIX = iri.source_graph("added").value + "-"


@dataclass(frozen=True)
class Thresholds:
    """The sizes a build decides by, each measured on the full O*NET 30.1 build."""

    #: a new version starts as a copy of the published store when at most this many of its
    #: quads are to be replaced; deleting quads from an on-disk store is slow (a transaction per
    #: quad, every index), so when more are, it starts empty and reads every source again
    drop_limit_quads: int = 200_000
    #: an update by difference only when the changed tables have at most this many rows
    #: together. Statement IRIs carry the file's sha256, so a changed file re-keys every quad of
    #: every row (about 20 a row) and each goes out of the on-disk store and in again, one
    #: transaction per quad, and is validated again. A change to Skills (62,580 rows, 1.2 M
    #: quads) took 210 s so, against about 120 s to read the release whole.
    patch_limit_rows: int = 10_000
    #: sources this large together (bytes on disk, compressed as stored) are read in other
    #: processes while the store loads them
    staged_reading_bytes: int = 3_000_000
    #: a validation scoped to graphs holding more quads than this validates the whole graph
    #: instead: a scope restricts every check to its graphs, which costs more than it saves on
    #: large graphs (the O*NET 30.1 graph scoped: 92 s; the whole store: 32 s)
    scoped_validation_quads: int = 500_000
    #: below this many quads in the store, starting validation processes costs more than it saves
    parallel_validation_quads: int = 500_000
    #: a build that bulk-loaded at least this many quads compacts the store before it closes it.
    #: A bulk load leaves overlapping level-0 files in every index: queries on the full store ran
    #: 3 to 7 times slower on them (an occupation profile 98 ms, against 16 ms compacted) and the
    #: checks 15 % slower; compacting took 17 s
    compact_after_quads: int = 500_000


THRESHOLDS = Thresholds()


# --- what the executor gathers -------------------------------------------------------------


@dataclass(frozen=True)
class PublishedState:
    """The published version, as far as a plan needs it."""

    #: every named graph
    graphs: frozenset[str]
    #: graph IRI → the fingerprint the build recorded for it
    fingerprints: Mapping[str, str]
    #: graph → its quads, counted up to ``drop_limit_quads + 1``, for the graphs a build may
    #: replace (a graph left out is taken to hold more than the limit)
    quads: Mapping[str, int]


@dataclass(frozen=True)
class TableChanges:
    """How the tables of a source that can be updated by difference differ from the copies kept
    with the published version."""

    #: the same tables as the copies (none added or removed)
    same_tables: bool
    #: the tables whose content changed
    changed: tuple[str, ...]
    #: those of them an update by difference cannot take (reference tables, unmapped files)
    unpatchable: tuple[str, ...]
    #: the rows of the changed tables together (counted only when every one is patchable)
    rows: int
    #: the fingerprint the source's graph had when read from the copies (likewise)
    copies_fingerprint: str
    #: False once an update found that the published graph is not what the copies give
    published_matches_copies: bool = True


@dataclass(frozen=True)
class SourceFacts:
    """One source of the manifest, as found on disk now."""

    #: what the source's graph is fingerprinted by now (see ``fingerprints.fingerprint``)
    fingerprint: str
    #: bytes on disk (of every file, for a folder)
    size: int
    #: for a source that can be updated by difference and whose copies were kept
    changes: TableChanges | None = None


@dataclass(frozen=True)
class Request:
    """What was asked for, and the build's own inputs."""

    #: read every source again, keep nothing of the published version
    full: bool = False
    #: reading processes as configured (None: decided by the sources' size)
    processes: int | None = None
    #: the processor count, the most reading processes a plan asks for being two
    cpus: int = 1
    #: the fingerprints of the ontology and of the shapes (with the ontology) now
    ontology_fingerprint: str = ""
    shapes_fingerprint: str = ""
    #: the source the occupation similarity is derived from (the manifest's newest O*NET release)
    similarity_source: str | None = None


# --- the plan ------------------------------------------------------------------------------


class Start(StrEnum):
    NEW = "new"  # an empty store: nothing published, or a full build
    COPY = "copy"  # a copy of the published store
    EMPTY = "empty"  # an empty store holding only the added documents of the published one


class Action(StrEnum):
    REUSE = "reuse"  # keep the graph as published
    PATCH = "patch"  # update the graph by difference from the kept copies
    READ = "read"  # read the source whole


@dataclass(frozen=True)
class StartStep:
    how: Start
    reason: str
    #: the graphs of the published version the new version holds at the start
    held: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SourceStep:
    source: str
    graph: str
    action: Action
    reason: str
    #: the tables an update by difference reads
    tables: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """A step the build takes or not, and why."""

    name: str
    needed: bool
    reason: str


@dataclass(frozen=True)
class ReadingStep:
    #: reading processes (0: read in this process)
    processes: int
    reason: str


@dataclass(frozen=True)
class ValidationRule:
    """How the build validates, as far as it is known before reading."""

    whole: bool
    reason: str


@dataclass(frozen=True)
class BuildPlan:
    request: Request
    thresholds: Thresholds
    start: StartStep
    ontology: Step
    sources: tuple[SourceStep, ...]
    #: graphs of the published version the new one leaves out (sources no longer in the manifest)
    dropped: tuple[str, ...]
    reading: ReadingStep
    #: the source read in processes whose similarity is derived while it is read
    derive_from: str | None
    derived: tuple[Step, ...]
    validation: ValidationRule
    #: the fingerprints of the graphs the new version holds from the published one
    reused: Mapping[str, str] = field(default_factory=dict)
    #: source id → the sources it is read against (their graphs are validated with it)
    uses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def step(self, source: str) -> SourceStep:
        return next(step for step in self.sources if step.source == source)

    def with_action(self, action: Action) -> list[str]:
        """The ids of the sources the plan takes ``action`` on, in manifest order."""
        return [step.source for step in self.sources if step.action == action]


def plan(
    manifest: Sequence[SourceEntry],
    published: PublishedState | None,
    sources: Mapping[str, SourceFacts],
    request: Request | None = None,
    thresholds: Thresholds = THRESHOLDS,
) -> BuildPlan:
    """What a build of ``manifest`` does, given the ``published`` version (None: there is none)
    and the facts about each source (by id)."""
    request = request or Request()
    graphs = {entry.id: iri.source_graph(entry.id).value for entry in manifest}
    if published is None or request.full:
        start = StartStep(Start.NEW, "a full build" if request.full else "nothing is published yet")
        recorded: Mapping[str, str] = {}
        candidates = {entry.id: Candidate(Action.READ, _why_new(request)) for entry in manifest}
    else:
        recorded = published.fingerprints
        candidates = {
            entry.id: _candidate(recorded.get(graphs[entry.id]), sources[entry.id], thresholds)
            for entry in manifest
        }
        start = _start(published, graphs, candidates, request, thresholds)
    reused = {graph: print_ for graph, print_ in recorded.items() if graph in start.held}
    steps = tuple(_settled(entry.id, graphs[entry.id], candidates[entry.id], reused) for entry in manifest)
    read = [step.source for step in steps if step.action == Action.READ]
    reading = _reading(read, sources, request, thresholds)
    derive_from = (
        request.similarity_source if reading.processes and request.similarity_source in read else None
    )
    return BuildPlan(
        request=request,
        thresholds=thresholds,
        start=start,
        ontology=_ontology(reused, request.ontology_fingerprint),
        sources=steps,
        dropped=_dropped(start, graphs.values()),
        reading=reading,
        derive_from=derive_from,
        derived=_derived(derive_from),
        validation=_validation_rule(start, reused, request),
        reused=reused,
        uses={entry.id: tuple(entry.uses) for entry in manifest},
    )


def _why_new(request: Request) -> str:
    return "a full build reads every source" if request.full else "nothing is published yet"


@dataclass(frozen=True)
class Candidate:
    """What to do with one source, judged by the published version alone."""

    action: Action
    reason: str
    tables: tuple[str, ...] = ()


def _candidate(recorded: str | None, facts: SourceFacts, thresholds: Thresholds) -> Candidate:
    if recorded is None:
        return Candidate(Action.READ, "not in the published version")
    if recorded == facts.fingerprint:
        return Candidate(Action.REUSE, "unchanged (its fingerprint is the one published)")
    changes = facts.changes
    if changes is None:
        return Candidate(Action.READ, "changed")
    refusal = _why_not_patch(changes, recorded, thresholds)
    if refusal is not None:
        return Candidate(Action.READ, f"changed; read whole: {refusal}")
    reason = f"only {', '.join(changes.changed)} changed ({changes.rows:,} rows)"
    return Candidate(Action.PATCH, reason, changes.changed)


def _why_not_patch(changes: TableChanges, recorded: str, thresholds: Thresholds) -> str | None:
    """Why a changed source cannot be updated by difference (None: it can)."""
    if not changes.same_tables:
        return "tables were added or removed"
    if not changes.changed:
        return "no table changed (the adapter, its options or the software did)"
    if changes.unpatchable:
        return f"{', '.join(changes.unpatchable)} changed, which other tables are read against"
    if changes.rows > thresholds.patch_limit_rows:
        return f"the changed tables hold {changes.rows:,} rows, over {thresholds.patch_limit_rows:,}"
    if changes.copies_fingerprint != recorded:
        return "the published graph was read otherwise (adapter, options or software) than now"
    if not changes.published_matches_copies:
        return "the published graph is not what the kept copies give"
    return None


def _start(
    published: PublishedState,
    graphs: Mapping[str, str],
    candidates: Mapping[str, Candidate],
    request: Request,
    thresholds: Thresholds,
) -> StartStep:
    """A copy of the published store when few of its quads are to be replaced, else an empty
    store that carries over only the documents added with ``ingest`` (reading the manifest's
    sources again is faster than copying their quads out of the published store: 28 k quads/s
    there, every term looked up by its id; a build reads and loads 80 k quads/s)."""
    kept = {graphs[source] for source, candidate in candidates.items() if candidate.action != Action.READ}
    if published.fingerprints.get(ONTOLOGY_GRAPH) == request.ontology_fingerprint:
        kept.add(ONTOLOGY_GRAPH)
    present = published.graphs
    keep = {g for g in present if g in kept or g in ALWAYS_KEPT or g.startswith(ADDED_PREFIX)}
    limit = thresholds.drop_limit_quads
    replaced = sum(min(published.quads.get(g, limit + 1), limit + 1) for g in present if g not in keep)
    if replaced <= limit:
        return StartStep(
            Start.COPY,
            f"a copy of the published store ({replaced:,} quads to replace, at most {limit:,})",
            frozenset(present),
        )
    added = frozenset(g for g in keep if g.startswith(ADDED_PREFIX))
    return StartStep(
        Start.EMPTY,
        f"empty, reading every source again: over {limit:,} quads to replace; "
        f"{len(added)} added document(s) carried over",
        added,
    )


def _settled(source: str, graph: str, candidate: Candidate, reused: Mapping[str, str]) -> SourceStep:
    if candidate.action != Action.READ and graph not in reused:
        return SourceStep(source, graph, Action.READ, "the store starts empty (too much to replace)")
    return SourceStep(source, graph, candidate.action, candidate.reason, candidate.tables)


def _ontology(reused: Mapping[str, str], fingerprint: str) -> Step:
    if reused.get(ONTOLOGY_GRAPH) == fingerprint:
        return Step("ontology", False, "unchanged")
    if ONTOLOGY_GRAPH in reused:
        return Step("ontology", True, "changed")
    return Step("ontology", True, "not in the store")


def _dropped(start: StartStep, manifest_graphs: Iterable[str]) -> tuple[str, ...]:
    wanted = {*manifest_graphs, ONTOLOGY_GRAPH, *ALWAYS_KEPT}
    return tuple(sorted(g for g in start.held if g not in wanted and not g.startswith(ADDED_PREFIX)))


def _reading(
    read: Sequence[str],
    sources: Mapping[str, SourceFacts],
    request: Request,
    thresholds: Thresholds,
) -> ReadingStep:
    if not read:
        return ReadingStep(0, "nothing to read")
    if request.processes is not None:
        where = f"in {request.processes} process(es)" if request.processes else "in this process"
        return ReadingStep(request.processes, f"{where}, as configured (ingest_processes)")
    size = sum(sources[source].size for source in read)
    if size >= thresholds.staged_reading_bytes:
        processes = min(2, request.cpus)
        return ReadingStep(
            processes,
            f"in {processes} process(es) while the store loads: {size:,} bytes to read, "
            f"at least {thresholds.staged_reading_bytes:,}",
        )
    return ReadingStep(
        0, f"in this process: {size:,} bytes to read, under {thresholds.staged_reading_bytes:,}"
    )


def _derived(derive_from: str | None) -> tuple[Step, ...]:
    similarity = (
        f"derived from {derive_from} while it is read"
        if derive_from is not None
        else "brought up to date after reading (computed again only when its inputs changed)"
    )
    return (
        Step(SIMILARITY_SOURCE, True, similarity),
        Step(
            DURABLE_SOURCE,
            True,
            "brought up to date after reading (computed again only when its inputs changed)",
        ),
    )


def _validation_rule(start: StartStep, reused: Mapping[str, str], request: Request) -> ValidationRule:
    if request.full:
        return ValidationRule(True, "a full build validates the whole graph")
    if start.how == Start.NEW:
        return ValidationRule(True, "a first build validates the whole graph")
    if BUILD_GRAPH not in reused:
        return ValidationRule(True, "the store starts empty: the whole graph")
    if reused[BUILD_GRAPH] != request.shapes_fingerprint:
        return ValidationRule(True, "the shapes or the ontology changed: the whole graph")
    return ValidationRule(False, "the graphs that changed and those they are read against")


def describe(build_plan: BuildPlan) -> list[tuple[str, str, str]]:
    """The plan as lines of (step, what, why), in the order the build takes them."""
    limits = build_plan.thresholds
    lines = [("start", build_plan.start.how.value, build_plan.start.reason)]
    ontology = build_plan.ontology
    lines.append(("ontology", "load" if ontology.needed else "reuse", ontology.reason))
    for step in build_plan.sources:
        lines.append((step.source, step.action.value, step.reason))
    for graph in build_plan.dropped:
        lines.append(("drop", graph, "no longer in the manifest"))
    lines.append(("reading", f"{build_plan.reading.processes} process(es)", build_plan.reading.reason))
    for derived in build_plan.derived:
        lines.append((derived.name, "derive", derived.reason))
    validation = build_plan.validation
    if validation.whole:
        lines.append(("validation", "whole graph", validation.reason))
    else:
        lines.append(
            (
                "validation",
                "scoped",
                f"{validation.reason}; the whole graph if they hold over "
                f"{limits.scoped_validation_quads:,} quads once written",
            )
        )
    lines.append(
        (
            "validation",
            "processes",
            f"several when the new store holds at least {limits.parallel_validation_quads:,} quads, else one",
        )
    )
    lines.append(
        ("compaction", "maybe", f"when at least {limits.compact_after_quads:,} quads are read whole")
    )
    return lines


# --- what is settled once the sources are read ---------------------------------------------


@dataclass(frozen=True)
class Checks:
    """How the new store is validated and whether it is compacted, once its size is known."""

    #: the graphs a scoped validation looks at (None: the whole graph)
    scope: tuple[str, ...] | None
    #: whether that validation runs at all (a scoped one only when some graph changed)
    validate: bool
    #: several validation processes (else one)
    parallel: bool
    compact: bool
    reasons: tuple[str, ...]


def validation_scope(build_plan: BuildPlan, changed: Sequence[str]) -> tuple[str, ...]:
    """The graphs to validate after ``changed`` sources (and derived graphs) were written: those,
    the sources they are read against (their references must resolve), and the ontology."""
    ids = dict.fromkeys([*changed, *(used for source in changed for used in build_plan.uses.get(source, ()))])
    return (*(iri.source_graph(source).value for source in ids), ONTOLOGY_GRAPH)


def plan_checks(
    build_plan: BuildPlan, changed: Sequence[str], scope_quads: int, store_quads: int, read_quads: int
) -> Checks:
    """Settle validation and compaction: ``changed``, the sources and derived graphs written;
    ``scope_quads``, the quads of :func:`validation_scope` (counted up to
    ``scoped_validation_quads + 1``); ``store_quads``, the quads of the new store (counted up to
    ``parallel_validation_quads``); ``read_quads``, the quads read whole."""
    limits = build_plan.thresholds
    reasons: list[str] = []
    scope: tuple[str, ...] | None = None
    if build_plan.validation.whole:
        reasons.append(build_plan.validation.reason)
    elif scope_quads > limits.scoped_validation_quads:
        reasons.append(
            f"the whole graph: the changed graphs hold over {limits.scoped_validation_quads:,} quads, "
            "too many to scope"
        )
    else:
        scope = validation_scope(build_plan, changed)
        reasons.append(f"scoped to {len(scope)} graph(s): {build_plan.validation.reason}")
    parallel = store_quads >= limits.parallel_validation_quads
    reasons.append(
        f"in several processes: the store holds at least {limits.parallel_validation_quads:,} quads"
        if parallel
        else f"in one process: the store holds under {limits.parallel_validation_quads:,} quads"
    )
    compact = read_quads >= limits.compact_after_quads
    reasons.append(
        f"compacting: {read_quads:,} quads read, at least {limits.compact_after_quads:,}"
        if compact
        else f"not compacting: {read_quads:,} quads read, under {limits.compact_after_quads:,}"
    )
    return Checks(scope, scope is None or bool(changed), parallel, compact, tuple(reasons))


__all__ = [
    "THRESHOLDS",
    "Action",
    "BuildPlan",
    "Checks",
    "PublishedState",
    "Request",
    "SourceFacts",
    "SourceStep",
    "Start",
    "TableChanges",
    "Thresholds",
    "describe",
    "plan",
    "plan_checks",
    "validation_scope",
]
