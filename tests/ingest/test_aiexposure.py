"""The AI-exposure and wage adapters on the real dataset files, and the queries over them.

Expected counts and values are computed here from the files with the csv module and from
O*NET 30.1's own Occupation Data / Task Statements, independently of the adapters. The two
large sources (the task labels, the Economic Index release) and the query store use
extracts: the header plus the rows about SOC minor group 25-4000, copied verbatim from the real
files, so the tests stay fast while reading real rows.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gzip
import hashlib
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.build import ingest_source
from skillscape.build.adapters import adapter_for
from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry, load_manifest
from skillscape.ingest.soc_crosswalk import read_crosswalk
from skillscape.model import iri
from skillscape.model.namespaces import RDF, SS
from skillscape.query import named
from skillscape.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
ONET = SOURCES / "onet" / "30.1"
ENTRIES = {entry.id: entry for entry in load_manifest(SOURCES / "sources.yaml")}
ELOUNDOU_OCC = ENTRIES["eloundou-gpts-are-gpts-occupations"]
ELOUNDOU_TASKS = ENTRIES["eloundou-gpts-are-gpts-tasks"]
MICROSOFT = ENTRIES["microsoft-working-with-ai-applicability"]
IWA_METRICS = ENTRIES["microsoft-working-with-ai-iwa-metrics"]
AEI = ENTRIES["anthropic-economic-index-2025-03-27-tasks"]
WAGES = ENTRIES["anthropic-economic-index-2025-02-10-wages"]
SEED_EXPOSURE = ENTRIES["seed-ai-exposure-library-technicians-and-assistants"]
READ_AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
CODE = "25-4031.00"
GROUP = "25-4"  # the SOC minor group (librarians, curators, archivists) the extracts keep
RANKED = ("25-4031", "11-9199", "15-1252", "43-4121", "13-2011")  # SOC codes the ranking store keeps

OCC_MEASURES = [f"{r}_{a}" for r in ("dv_rating", "human_rating") for a in ("alpha", "beta", "gamma")]
LABELS = ("human_exposure_agg", "gpt4_exposure")
PATTERNS = ("directive", "feedback_loop", "validation", "task_iteration", "learning", "filtered")
PCT_FILE, PATTERN_FILE = "task_pct_v2.csv", "automation_vs_augmentation_by_task.csv"
STATEMENTS_FILE = "onet_task_statements.csv"
MEASURES_PER_FILE = {PCT_FILE: 1, PATTERN_FILE: len(PATTERNS) + 2}  # + automation, augmentation


# ---------------------------------------------------------------------- independent readings


def text_of(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8")


def member(folder: Path, name: str) -> Path:
    return folder / name if (folder / name).exists() else folder / f"{name}.gz"


def table(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text_of(path), newline=""), delimiter=delimiter))


def sha_of_text(path: Path) -> str:
    return hashlib.sha256(text_of(path).encode("utf-8")).hexdigest()


@cache
def occupations() -> dict[str, str]:
    rows = table(member(ONET, "Occupation Data.txt"), "\t")
    return {row["O*NET-SOC Code"]: row["Title"] for row in rows}


@cache
def onet_tasks() -> frozenset[tuple[str, int]]:
    rows = table(member(ONET, "Task Statements.txt"), "\t")
    return frozenset((row["O*NET-SOC Code"], int(row["Task ID"])) for row in rows)


@cache
def onet_codes_by_soc() -> dict[str, list[str]]:
    codes: dict[str, list[str]] = defaultdict(list)
    for code in sorted(occupations()):
        codes[code.split(".")[0]].append(code)
    return codes


def onet_codes_under(soc: str) -> list[str]:
    """The O*NET-SOC codes that start with ``soc`` followed by a dot."""
    return onet_codes_by_soc().get(soc, [])


@cache
def aei_join(folder: Path) -> dict[str, list[tuple[str, int]]]:
    join: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in table(member(folder, STATEMENTS_FILE)):
        join[row["Task"].strip().lower()].append((row["O*NET-SOC Code"], int(row["Task ID"])))
    return join


def attachable(pair: tuple[str, int]) -> bool:
    return pair in onet_tasks() or pair[0] in occupations()


# ---------------------------------------------------------------------- extracts


def extract(source: Path, target: Path, keep: Callable[[str], bool]) -> Path:
    """The header and the lines ``keep`` selects, copied verbatim into ``target``."""
    lines = text_of(source).splitlines(keepends=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(lines[0] + "".join(line for line in lines[1:] if keep(line)), encoding="utf-8")
    return target


def aei_extract(folder: Path, keep_code: Callable[[str], bool]) -> Path:
    """The release limited to the task texts that join to a kept code (and texts that join to none)."""
    join = aei_join(AEI.path)
    texts = {text for text, pairs in join.items() if any(keep_code(code) for code, _ in pairs)}

    def first(line: str, index: int) -> str:
        return next(csv.reader([line]))[index].strip().lower()

    for name in (PCT_FILE, PATTERN_FILE):
        extract(
            member(AEI.path, name),
            folder / name,
            lambda line: first(line, 0) in texts or first(line, 0) not in join,
        )
    extract(member(AEI.path, STATEMENTS_FILE), folder / STATEMENTS_FILE, lambda line: first(line, 3) in texts)
    return folder


def moved(entry: SourceEntry, path: Path) -> SourceEntry:
    """The entry read from ``path`` (an extract), its O*NET reference left where it is."""
    options = {**entry.options, "onet": {**entry.options["onet"], "folder": str(ONET)}}
    return dataclasses.replace(entry, path=path, sha256=None, files={}, options=options)


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SourceEntry]:
    tmp = tmp_path_factory.mktemp("extracts")
    return {
        "tasks": moved(
            ELOUNDOU_TASKS,
            extract(
                ELOUNDOU_TASKS.path,
                tmp / "e" / "full_labelset.tsv",
                lambda line: line.split("\t")[1].startswith(GROUP),
            ),
        ),
        "aei": moved(AEI, aei_extract(tmp / "aei", lambda code: code.startswith(GROUP))),
        "occ": moved(
            ELOUNDOU_OCC,
            extract(ELOUNDOU_OCC.path, tmp / "e" / "occ_level.csv", lambda line: line.startswith(RANKED)),
        ),
        "microsoft": moved(
            MICROSOFT,
            extract(
                MICROSOFT.path,
                tmp / "m" / "soc_ai_applicability_scores.csv",
                lambda line: line.startswith(RANKED),
            ),
        ),
    }


# ---------------------------------------------------------------------- running adapters


INDEXED = {
    p.value: p
    for p in (
        RDF.type,
        SS.message,
        SS.severity,
        SS.score,
        SS.occupation,
        SS.assessedTask,
        SS.measure,
        SS.method,
        SS.stringValue,
        SS.payPeriod,
        SS.brightOutlook,
        SS.medianValue,
        SS.text,
        SS.dataset,
        SS.workActivity,
    )
}


class Output:
    """An adapter's quads, indexed once by class and by the predicates the tests read."""

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.quads = quads
        self._predicates: dict[str, dict[ox.Term, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
        for quad in quads:
            name = quad.predicate.value
            if name in INDEXED:
                self._predicates[name][quad.subject].append(quad.object)
        self._types: dict[ox.Term, list[ox.Term]] = defaultdict(list)
        for subject, classes in self._predicates[RDF.type.value].items():
            for cls in classes:
                self._types[cls].append(subject)

    def of_type(self, cls: ox.NamedNode) -> list[ox.Term]:
        return self._types.get(cls, [])

    def by_predicate(self, predicate: ox.NamedNode) -> dict[ox.Term, list[ox.Term]]:
        assert predicate.value in INDEXED, f"{predicate} is not indexed"
        return self._predicates.get(predicate.value, {})

    def objects(self, subject: ox.Term, predicate: ox.NamedNode) -> list[ox.Term]:
        return self.by_predicate(predicate).get(subject, [])

    def issues(self) -> list[str]:
        messages = self.by_predicate(SS.message)
        return [str(messages[node][0].value) for node in self.of_type(SS.IngestIssue)]


def run(entry: SourceEntry) -> Output:
    return Output(list(adapter_for(entry.kind).ingest(entry, iri.source_graph(entry.id), READ_AT)))


@pytest.fixture(scope="module")
def eloundou_occ() -> Output:
    return run(ELOUNDOU_OCC)


@pytest.fixture(scope="module")
def eloundou_tasks(extracts: dict[str, SourceEntry]) -> Output:
    return run(extracts["tasks"])


@pytest.fixture(scope="module")
def microsoft() -> Output:
    return run(MICROSOFT)


@pytest.fixture(scope="module")
def aei(extracts: dict[str, SourceEntry]) -> Output:
    return run(extracts["aei"])


@pytest.fixture(scope="module")
def wages() -> Output:
    return run(WAGES)


# ---------------------------------------------------------------------- Eloundou et al.


def test_eloundou_occupation_level_counts_and_values(eloundou_occ: Output) -> None:
    rows = table(ELOUNDOU_OCC.path)
    known = [row for row in rows if row["O*NET-SOC Code"] in occupations()]
    expected = sum(1 for row in known for m in OCC_MEASURES if row[m].strip())
    assert len(eloundou_occ.of_type(SS.AIExposureAssessment)) == expected == 6 * len(rows)
    assert len(eloundou_occ.issues()) == len(rows) - len(known)

    row = next(r for r in rows if r["O*NET-SOC Code"] == CODE)
    sha = sha_of_text(ELOUNDOU_OCC.path)
    for measure in OCC_MEASURES:
        node = iri.statement(sha, f"{CODE}/{measure}")
        (score,) = eloundou_occ.objects(node, SS.score)
        assert Decimal(score.value) == Decimal(row[measure])
        assert eloundou_occ.objects(node, SS.occupation) == [iri.occupation(CODE)]
        assert [m.value for m in eloundou_occ.objects(node, SS.measure)] == [measure]
        (method,) = eloundou_occ.objects(node, SS.method)
        assert ("GPT-4" if measure.startswith("dv") else "annotators") in method.value


def test_eloundou_task_labels_become_scores_linked_to_onet_tasks(
    eloundou_tasks: Output, extracts: dict[str, SourceEntry]
) -> None:
    rows = table(extracts["tasks"].path, "\t")
    assert rows and all(r["O*NET-SOC Code"].startswith(GROUP) for r in rows)
    linked = [r for r in rows if (r["O*NET-SOC Code"], int(float(r["Task ID"]))) in onet_tasks()]
    unlinked = len(rows) - len(linked)
    assert len(eloundou_tasks.of_type(SS.AIExposureAssessment)) == len(LABELS) * len(rows)
    # a task that O*NET 30.1 lacks is kept as the row states it, and noted
    assert len(eloundou_tasks.of_type(SS.Task)) == unlinked > 0
    assert len(eloundou_tasks.issues()) == unlinked
    onet_nodes = {iri.onet_task("30.1", number) for _, number in onet_tasks()}
    targets = eloundou_tasks.by_predicate(SS.assessedTask)
    assert sum(1 for t in targets.values() if t[0] in onet_nodes) == len(LABELS) * len(linked)
    # the β convention: E0 → 0, E1 → 1, E2 → 0.5, the label kept beside the score
    labels = Counter(r[c] for r in rows for c in LABELS)
    scores = Counter(Decimal(s[0].value) for s in eloundou_tasks.by_predicate(SS.score).values())
    assert scores == {Decimal(0): labels["E0"], Decimal(1): labels["E1"], Decimal("0.5"): labels["E2"]}
    assert Counter(v[0].value for v in eloundou_tasks.by_predicate(SS.stringValue).values()) == labels

    first = linked[0]
    number = int(float(first["Task ID"]))
    node = iri.statement(sha_of_text(extracts["tasks"].path), f"task/{number}/gpt4_exposure")
    assert eloundou_tasks.objects(node, SS.assessedTask) == [iri.onet_task("30.1", number)]
    assert [v.value for v in eloundou_tasks.objects(node, SS.stringValue)] == [first["gpt4_exposure"]]


# ---------------------------------------------------------------------- Microsoft


def test_microsoft_soc_code_attaches_to_every_onet_soc_occupation_under_it(microsoft: Output) -> None:
    rows = {row["SOC Code"]: row for row in table(MICROSOFT.path)}
    occupation_of = microsoft.by_predicate(SS.occupation)
    scores = microsoft.by_predicate(SS.score)
    attached: dict[str, Decimal] = {}
    for node in microsoft.of_type(SS.AIExposureAssessment):
        (occupation,) = occupation_of[node]
        attached[occupation.value.rsplit("/", 1)[1]] = Decimal(scores[node][0].value)
    assert len(onet_codes_under("11-9199")) > 1
    for soc in ("11-9199", "15-1252", CODE[:7]):
        expected = onet_codes_under(soc)
        assert sorted(code for code in attached if code.startswith(soc + ".")) == expected
        assert {attached[code] for code in expected} == {Decimal(rows[soc]["ai_applicability_score"])}
    assert len(attached) == sum(len(onet_codes_under(soc)) for soc in rows)


def test_microsoft_unmatched_soc_codes_become_ingest_issues(microsoft: Output) -> None:
    unmatched = [r["SOC Code"] for r in table(MICROSOFT.path) if not onet_codes_under(r["SOC Code"])]
    issues = microsoft.issues()
    assert unmatched and len(issues) == len(unmatched)
    for code in unmatched:
        assert sum(code in message for message in issues) == 1
    assert {v[0].value for v in microsoft.by_predicate(SS.severity).values()} == {"warning"}


# ---------------------------------------------------------------------- Anthropic Economic Index


def test_aei_shares_join_to_onet_tasks_through_task_text(
    aei: Output, extracts: dict[str, SourceEntry]
) -> None:
    folder = extracts["aei"].path
    join = aei_join(folder)
    assessments = issues = 0
    fallback: set[tuple[str, int]] = set()
    for name, measures in MEASURES_PER_FILE.items():
        for row in table(folder / name):
            pairs = join.get(row["task_name"].strip().lower(), [])
            attached = [p for p in pairs if attachable(p)]
            fallback.update(p for p in attached if p not in onet_tasks())
            assessments += measures * len(attached)
            issues += not pairs or len(attached) < len(pairs)
    assert len(aei.of_type(SS.AIExposureAssessment)) == assessments > 0
    assert len(aei.issues()) == issues > 0
    assert any("'none'" in message for message in aei.issues())  # the row that joins to no task
    # the O*NET 20.1 statement stands in for a task that O*NET 30.1 lacks
    assert len(aei.of_type(SS.Task)) == len(fallback) > 0
    assert len(aei.of_type(SS.SourceDocument)) == 3


def test_aei_derived_automation_share_is_the_sum_of_its_patterns(
    aei: Output, extracts: dict[str, SourceEntry]
) -> None:
    folder = extracts["aei"].path
    join = aei_join(folder)
    row = next(
        r
        for r in table(folder / PATTERN_FILE)
        if any(p in onet_tasks() for p in join.get(r["task_name"], []))
    )
    code, number = next(p for p in join[row["task_name"]] if p in onet_tasks())
    node = iri.statement(sha_of_text(folder / PATTERN_FILE), f"automation/{code}/{number}")
    (score,) = aei.objects(node, SS.score)
    assert Decimal(score.value) == Decimal(row["directive"]) + Decimal(row["feedback_loop"])
    assert aei.objects(node, SS.assessedTask) == [iri.onet_task("30.1", number)]
    assert "directive + feedback_loop" in aei.objects(node, SS.method)[0].value


# ---------------------------------------------------------------------- wages


def test_wage_table_claims_and_unmatched_codes(wages: Output) -> None:
    rows = table(WAGES.path)
    known = [r for r in rows if r["SOCcode"] in occupations()]
    crosswalk = read_crosswalk(WAGES.path.parent / WAGES.options["crosswalk"]["path"])
    own = {r["SOCcode"] for r in rows}
    mapped = {
        new
        for r in rows
        for new in crosswalk.to_2019(r["SOCcode"])
        if new in occupations() and new not in own
    }
    unknown = [
        r["SOCcode"]
        for r in rows
        if r["SOCcode"] not in occupations()
        and not any(c in occupations() and c not in own for c in crosswalk.to_2019(r["SOCcode"]))
    ]
    claims = wages.of_type(SS.WageClaim)
    assert len(claims) == len(known) + len(mapped)
    assert len(known) + len(mapped) == 993  # of 1,016 occupations (829 by their own code)
    methods = wages.by_predicate(SS.method)
    assert len(methods) == len(mapped) and all(v[0].value.startswith("mapped: ") for v in methods.values())
    assert len(wages.of_type(SS.OutlookClaim)) == len(known)
    assert len(wages.of_type(SS.JobZoneClaim)) == sum(1 for r in known if r["JobZone"] != "-1")
    issues = wages.issues()
    assert unknown and len(issues) == len(unknown)
    assert all(any(code in message for message in issues) for code in unknown)
    periods = Counter(
        v[0].value for node, v in wages.by_predicate(SS.payPeriod).items() if node not in methods
    )
    hourly = sum(1 for r in known if Decimal(r["MedianSalary"]) < 1000)
    assert periods == {"annual": len(known) - hourly, "hourly": hourly}
    assert {v[0].value for v in wages.by_predicate(SS.brightOutlook).values()} == {"true", "false"}
    row = next(r for r in known if r["SOCcode"] == CODE)
    node = iri.statement(sha_of_text(WAGES.path), f"{CODE}/wage")
    assert [Decimal(v.value) for v in wages.objects(node, SS.medianValue)] == [Decimal(row["MedianSalary"])]


# ---------------------------------------------------------------------- bad input


def test_an_unknown_exposure_label_fails_naming_file_line_and_column(tmp_path: Path) -> None:
    path = extract(ELOUNDOU_TASKS.path, tmp_path / "full_labelset.tsv", lambda line: f"\t{CODE}\t" in line)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[2].split("\t")
    fields[lines[0].rstrip("\n").split("\t").index("gpt4_exposure")] = "E7"
    lines[2] = "\t".join(fields)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        run(moved(ELOUNDOU_TASKS, path))
    assert (error.value.path, error.value.line, error.value.column) == (path, 3, "gpt4_exposure")
    assert "E7" in error.value.reason


def test_a_malformed_soc_code_fails_naming_its_line(tmp_path: Path) -> None:
    path = extract(MICROSOFT.path, tmp_path / "scores.csv", lambda line: line.startswith("25-"))
    text = path.read_text(encoding="utf-8").replace(f"{CODE[:7]},", "25-403,", 1)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), start=1) if x.startswith("25-403,"))
    with pytest.raises(SourceError) as error:
        run(moved(MICROSOFT, path))
    assert (error.value.line, error.value.column) == (line, "SOC Code")


# ---------------------------------------------------------------------- queries


@pytest.fixture(scope="module")
def exposure_store(
    tmp_path_factory: pytest.TempPathFactory, extracts: dict[str, SourceEntry]
) -> Iterator[OxigraphStore]:
    """The extracts and the seed exposure page, in a real on-disk store."""
    store = OxigraphStore(tmp_path_factory.mktemp("exposure") / "store")
    activity = iri.build_activity("test")
    for entry in (*extracts.values(), SEED_EXPOSURE):
        ingest_source(store, entry, activity, READ_AT)
    yield store
    store.close()


def values(row: dict[str, ox.Term | None], *names: str) -> tuple[str | None, ...]:
    return tuple(None if row[name] is None else str(row[name].value) for name in names)  # type: ignore[union-attr]


def seed_assessments(store: OxigraphStore) -> int:
    graph, assessment, about = iri.source_graph(SEED_EXPOSURE.id), SS.AIExposureAssessment, SS.occupation
    (count,) = store.query(
        f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?a a <{assessment.value}> ; "
        f"<{about.value}> <{iri.occupation(CODE).value}> }} }}"
    ).rows[0]
    return int(count.value)  # type: ignore[union-attr]


def test_ai_exposure_lists_every_dataset_with_its_source(
    exposure_store: OxigraphStore, extracts: dict[str, SourceEntry]
) -> None:
    rows = list(named.load("ai-exposure").run(exposure_store, {"occupation": CODE}).records())
    task_rows = [r for r in table(extracts["tasks"].path, "\t") if r["O*NET-SOC Code"] == CODE]
    folder = extracts["aei"].path
    join = aei_join(folder)
    aei_expected = sum(
        measures
        * sum(1 for p in join.get(r["task_name"].strip().lower(), []) if p[0] == CODE and attachable(p))
        for name, measures in MEASURES_PER_FILE.items()
        for r in table(folder / name)
    )
    assert Counter(values(r, "dataset")[0] for r in rows) == {
        ELOUNDOU_OCC.title: len(OCC_MEASURES),
        ELOUNDOU_TASKS.title: len(LABELS) * len(task_rows),
        MICROSOFT.title: 1,
        AEI.title: aei_expected,
        SEED_EXPOSURE.title: seed_assessments(exposure_store),
    }
    assert aei_expected and task_rows and seed_assessments(exposure_store)
    entries = {e.title: e for e in (*extracts.values(), SEED_EXPOSURE)}
    for row in rows:
        dataset, source, licence, document = values(row, "dataset", "source", "licence", "document")
        entry = entries[str(dataset)]
        assert (source, licence) == (entry.attribution, entry.licence)
        assert document == entry.path.name or (entry.path.is_dir() and (entry.path / str(document)).is_file())
        assert row["statement"] is not None
        if entry is not SEED_EXPOSURE:
            assert None not in values(row, "measure", "score", "scale", "scaleMin", "scaleMax", "method")

    microsoft_row = next(r for r in rows if values(r, "dataset")[0] == MICROSOFT.title)
    score = next(r["ai_applicability_score"] for r in table(MICROSOFT.path) if r["SOC Code"] == CODE[:7])
    assert values(microsoft_row, "measure", "task") == ("ai_applicability_score", None)
    numbers = [Decimal(v or "nan") for v in values(microsoft_row, "score", "scaleMin", "scaleMax")]
    assert numbers == [Decimal(score), Decimal(0), Decimal(1)]
    linked = {n for r in task_rows if (CODE, n := int(float(r["Task ID"]))) in onet_tasks()}
    tasks = {values(r, "task")[0] for r in rows if values(r, "dataset")[0] == ELOUNDOU_TASKS.title}
    assert {iri.onet_task("30.1", n).value for n in linked} <= tasks


def ranked(rows: list[dict[str, ox.Term | None]]) -> list[tuple[int, Decimal, str | None]]:
    return [
        (int(values(r, "rank")[0] or 0), Decimal(values(r, "score")[0] or "nan"), values(r, "code")[0])
        for r in rows
    ]


def test_exposure_ranking_orders_by_score_then_code(exposure_store: OxigraphStore) -> None:
    occ_rows = [r for r in table(ELOUNDOU_OCC.path) if r["O*NET-SOC Code"].startswith(RANKED)]
    expected = sorted(
        ((Decimal(r["dv_rating_beta"]), r["O*NET-SOC Code"]) for r in occ_rows), key=lambda x: (-x[0], x[1])
    )
    result = list(named.load("exposure-ranking").run(exposure_store, {"measure": "dv_rating_beta"}).records())
    assert ranked(result) == [(i, score, code) for i, (score, code) in enumerate(expected, start=1)]
    assert {values(r, "dataset")[0] for r in result} == {ELOUNDOU_OCC.title}

    # one SOC score shared by several O*NET-SOC occupations: equal scores ranked by code
    soc_rows = [r for r in table(MICROSOFT.path) if r["SOC Code"].startswith(RANKED)]
    shared = sorted(
        (
            (Decimal(r["ai_applicability_score"]), code)
            for r in soc_rows
            for code in onet_codes_under(r["SOC Code"])
        ),
        key=lambda x: (-x[0], x[1]),
    )
    assert len({score for score, _ in shared}) < len(shared)  # ties are exercised
    result = list(
        named.load("exposure-ranking").run(exposure_store, {"measure": "ai_applicability_score"}).records()
    )
    assert [(rank, code) for rank, _, code in ranked(result)] == [
        (i, code) for i, (_, code) in enumerate(shared, start=1)
    ]


# ---------------------------------------------------------------------- AI use (observed figures)

AI_USE_PATTERNS = ("directive", "feedback_loop", "validation", "task_iteration", "learning")


def test_aei_collaboration_patterns_are_observed_ai_use_in_plain_words(
    aei: Output, extracts: dict[str, SourceEntry]
) -> None:
    folder = extracts["aei"].path
    join = aei_join(folder)
    expected = 0
    for row in table(folder / PATTERN_FILE):
        attached = [p for p in join.get(row["task_name"].strip().lower(), []) if attachable(p)]
        expected += len(AI_USE_PATTERNS) * len(attached)
    uses = aei.of_type(SS.ObservedAIUseStatement)
    assert len(uses) == expected > 0
    assert all(SS.AIExposureAssessment in aei.objects(node, RDF.type) for node in uses)
    assert {aei.objects(node, SS.measure)[0].value for node in uses} == set(AI_USE_PATTERNS)
    row = next(
        r
        for r in table(folder / PATTERN_FILE)
        if Decimal(r["directive"]) >= Decimal("0.1")
        and any(p in onet_tasks() for p in join.get(r["task_name"], []))
    )
    code, number = next(p for p in join[row["task_name"]] if p in onet_tasks())
    node = iri.statement(sha_of_text(folder / PATTERN_FILE), f"directive/{code}/{number}")
    (text,) = aei.objects(node, SS.text)
    share = f"{Decimal(row['directive']) * 100:.0f}%"
    assert text.value.startswith(
        f"In {share} of observed conversations with Claude about this task, people asked"
    )
    assert "Anthropic Economic Index" in aei.objects(node, SS.dataset)[0].value
    # the row the figure comes from is quoted, cells and all
    lines = text_of(folder / PATTERN_FILE).split("\n")
    number_of_row = next(
        n for n, line in enumerate(lines, start=1) if line.startswith(row["task_name"] + ",")
    )
    passage = ox.NamedNode(
        iri.row_passage(sha_of_text(folder / PATTERN_FILE), number_of_row).value + "#cells"
    )
    exact = [
        q.object.value for q in aei.quads if q.subject == passage and q.predicate.value.endswith("#exact")
    ]
    assert exact == [lines[number_of_row - 1].rstrip("\r")]
    # the excluded share and the derived sums are not AI-use statements
    for measure in ("filtered", "automation", "augmentation"):
        other = iri.statement(sha_of_text(folder / PATTERN_FILE), f"{measure}/{code}/{number}")
        assert SS.ObservedAIUseStatement not in aei.objects(other, RDF.type)


def iwa_reference() -> dict[str, str]:
    return {r["IWA ID"]: r["IWA Title"] for r in table(member(ONET, "IWA Reference.txt"), "\t")}


@pytest.fixture(scope="module")
def iwa_extract(tmp_path_factory: pytest.TempPathFactory) -> SourceEntry:
    """The header, the first eight IWA rows, and one row whose IWA ID O*NET 30.1 lacks."""
    lines = IWA_METRICS.path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:9]
    bogus = "4.A.9.z.9.I99" + rows[0][rows[0].index(",") :]
    path = tmp_path_factory.mktemp("iwa") / "iwa_metrics.csv"
    path.write_text("\n".join([header, *rows, bogus]) + "\n", encoding="utf-8")
    return moved(IWA_METRICS, path)


def test_iwa_metrics_become_observed_ai_use_on_the_release_activity(iwa_extract: SourceEntry) -> None:
    out = run(iwa_extract)
    titles = iwa_reference()
    rows = table(iwa_extract.path)
    known = [r for r in rows if r["IWA"] in titles]
    assert len(known) == 8
    uses = out.of_type(SS.ObservedAIUseStatement)
    assert len(uses) == 6 * len(known)
    sha = hashlib.sha256(iwa_extract.path.read_bytes()).hexdigest()
    for row in known:
        node = iri.statement(sha, f"share_user/{row['IWA']}")
        assert out.objects(node, SS.workActivity) == [iri.descriptor("iwa", titles[row["IWA"]])]
        # the store holds 18 fractional digits: the published float, rounded half-even to them
        expected = Decimal(row["share_user"]).quantize(Decimal(1).scaleb(-18))
        assert Decimal(out.objects(node, SS.score)[0].value) == expected
        assert "Working with AI" in out.objects(node, SS.dataset)[0].value
        (text,) = out.objects(node, SS.text)
        assert "people sought help with this activity" in text.value
        assert "Bing Copilot" in text.value
    (issue,) = out.issues()
    assert "4.A.9.z.9.I99" in issue and "30.1" in issue


def test_a_malformed_iwa_share_fails_naming_file_line_and_column(tmp_path: Path) -> None:
    lines = IWA_METRICS.path.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[2] = "1.5"  # share_user, outside 0–1
    path = tmp_path / "iwa_metrics.csv"
    path.write_text("\n".join([lines[0], ",".join(fields)]) + "\n", encoding="utf-8")
    with pytest.raises(SourceError) as failure:
        run(moved(IWA_METRICS, path))
    message = str(failure.value)
    assert "iwa_metrics.csv" in message and "line 2" in message and "share_user" in message
