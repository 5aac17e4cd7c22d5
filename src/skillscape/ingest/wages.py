"""Wage table of the Anthropic Economic Index's first release (2025-02-10), ``wage_data.csv``.

One row per O*NET-SOC **2010** occupation (``SOCcode``), with ``MedianSalary``, ``JobZone``
and ``isBright`` (O*NET's Bright Outlook flag), as the file's makers collected them from
O*NET OnLine. Each row of an occupation that exists (same code) in the release named by
``options.onet`` yields:

* an ss:WageClaim: ``ss:medianValue`` = MedianSalary, ``schema:currency "USD"``,
  ``ss:payPeriod``. The column holds annual salaries except for the few occupations O*NET
  reports only by the hour (actors, dancers, musicians …: values such as 17.54), so a
  value under 1,000 is taken as ``"hourly"``, any other as ``"annual"``;
* an ss:JobZoneClaim with ``ss:jobZone`` (1–5) when JobZone is given (``-1`` = none);
* an ss:OutlookClaim with ``ss:brightOutlook`` (true/false) from isBright.

Each claim names its column as ``ss:measure``.

Codes that changed in 2019: with ``options.crosswalk`` (``path`` and ``sha256`` of O*NET's
O*NET-SOC 2010→2019 crosswalk, :mod:`skillscape.ingest.soc_crosswalk`), an occupation of the
release that has no row of its own takes a **mapped** wage: the mean of the median wages of
every 2010 code the crosswalk maps to it (many-to-one: the mean of those wages; one-to-many: the
2010 wage for each of its 2019 codes), said in ``ss:method`` with the 2010 codes. It is derived
from the first wage row it used; the other wage rows and the crosswalk rows are its
``ss:evidence``. Wages of different pay periods are not averaged (such an occupation gets no
mapped wage). A mapped occupation takes no job zone or outlook (the release states its own).
A code that the release lacks and the crosswalk does not
carry to an occupation is a ``warning`` ss:IngestIssue naming it. Not mapped: JobFamily, isGreen, JobForecast,
ChanceAuto and WageGroup, whose meaning the file does not state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.aiexposure import (
    Occupations,
    OnetPinningAdapter,
    OnetReference,
    Row,
    Table,
    drain,
    ingest_issue,
    onet_reference,
)
from skillscape.ingest.document import SourceError
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.soc_crosswalk import SocCrosswalk, read_crosswalk
from skillscape.model.namespaces import SCHEMA, SS

CODE = "SOCcode"
NAME = "JobName"
BRIGHT = "isBright"
JOB_ZONE = "JobZone"
SALARY = "MedianSalary"
HOURLY_BELOW = Decimal(1000)
NO_VALUE = "-1"
FLAGS = {"True": True, "False": False}


class WageDataAdapter(OnetPinningAdapter):
    """``wage_data.csv``: median wage, job zone and bright-outlook flag per occupation."""

    kind: ClassVar[str] = "aei-wage-data"
    version: ClassVar[str] = "2"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        reference = onet_reference(entry)
        crosswalk = _crosswalk(entry)
        table = Table.open(entry.path, (CODE, NAME, BRIGHT, JOB_ZONE, SALARY), ",")
        emit = Emitter(
            table.document, graph, self.kind, read_at=read_at, title=entry.title or None, keep_content=False
        )
        terms = _Terms()
        occupations = Occupations(emit, reference)
        rows = list(table.rows())
        old_codes = {row.occupation_code(CODE) for row in rows}
        for row in rows:
            _row(emit, row, reference, occupations, terms, crosswalk, old_codes)
            yield from drain(emit)
        if crosswalk is not None:
            cross_emit = Emitter(
                crosswalk.table.document, graph, "onet-soc-crosswalk", read_at=read_at, keep_content=False
            )
            by_code = {row.occupation_code(CODE): row for row in rows}
            for code in sorted(set(crosswalk.backward)):
                if code in old_codes or not reference.has_occupation(code):
                    continue
                _mapped_wage(emit, cross_emit, code, by_code, crosswalk, occupations, terms)
                yield from drain(emit)
            yield from drain(cross_emit)
        yield from drain(emit)


def _crosswalk(entry: SourceEntry) -> SocCrosswalk | None:
    options = entry.options.get("crosswalk")
    if options is None:
        return None
    if not isinstance(options, dict) or not options.get("path") or not options.get("sha256"):
        raise SourceError(
            entry.path, None, f"source {entry.id!r}: options.crosswalk must give path and sha256"
        )
    base = entry.path if entry.path.is_dir() else entry.path.parent
    return read_crosswalk((base / str(options["path"])).resolve(), str(options["sha256"]))


def _mapped_wage(
    emit: Emitter,
    cross_emit: Emitter,
    code: str,
    by_code: dict[str, Row],
    crosswalk: SocCrosswalk,
    occupations: Occupations,
    terms: _Terms,
) -> None:
    """The mean of the wages of the 2010 codes the crosswalk maps to ``code`` (none: nothing)."""
    used = [(old, by_code[old]) for old in sorted(crosswalk.from_2010(code)) if old in by_code]
    if not used:
        return
    medians = [row.decimal(SALARY, Decimal(0), Decimal(10_000_000)) for _, row in used]
    periods = {"hourly" if m < HOURLY_BELOW else "annual" for m in medians}
    if len(periods) != 1:
        return
    mean = (sum(medians, Decimal(0)) / len(medians)).quantize(Decimal("0.01"))
    occupation = occupations(code)
    node = emit.statement(SS.WageClaim, f"{code}/wage-mapped", passage=emit.row_passage(used[0][1].number))
    # a statement is derived from exactly one passage (the first wage row); the other wage rows
    # and the crosswalk rows it used are named as evidence
    further = [emit.row_passage(row.number) for _, row in used[1:]]
    further += [cross_emit.row_passage(crosswalk.rows[old, code]) for old, _ in used]
    for passage in further:
        emit.add(node, SS.evidence, literal(passage.value))
    olds = ", ".join(old for old, _ in used)
    rule = "the median wage of" if len(used) == 1 else f"the mean of the median wages of the {len(used)}"
    emit.add(node, SS.occupation, occupation)
    emit.add(node, SS.medianValue, literal(mean))
    emit.add(node, SCHEMA.currency, terms.usd)
    emit.add(node, SS.payPeriod, terms.periods[periods.pop()])
    emit.add(node, SS.measure, terms.measures[SALARY])
    emit.add(
        node,
        SS.method,
        literal(
            f"mapped: {rule} O*NET-SOC 2010 occupation(s) {olds} that O*NET's O*NET-SOC 2010→2019 "
            f"crosswalk maps to {code}"
        ),
    )


class _Terms:
    """Literals every row repeats, made once."""

    def __init__(self) -> None:
        self.usd = literal("USD")
        self.periods = {"annual": literal("annual"), "hourly": literal("hourly")}
        self.measures = {column: literal(column) for column in (SALARY, JOB_ZONE, BRIGHT)}
        self.flags = {text: literal(value) for text, value in FLAGS.items()}


def _row(
    emit: Emitter,
    row: Row,
    reference: OnetReference,
    occupations: Occupations,
    terms: _Terms,
    crosswalk: SocCrosswalk | None = None,
    own: frozenset[str] | set[str] = frozenset(),
) -> None:
    code = row.occupation_code(CODE)
    if not reference.has_occupation(code):
        targets = crosswalk.to_2019(code) if crosswalk else []
        if any(reference.has_occupation(c) and c not in own for c in targets):
            return  # its wage reaches the 2019 occupation(s) as a mapped wage
        name = row[NAME].strip()
        if targets:
            name += f"; the crosswalk maps it to {', '.join(targets)}, which have wages of their own"
        ingest_issue(
            emit,
            f"row-{row.number}",
            row,
            f"O*NET-SOC 2010 code {code} ({name}) is not an occupation of O*NET {reference.release}: "
            "its wage, job zone and outlook are not attached",
            column=CODE,
        )
        return
    occupation = occupations(code, row[NAME])
    passage = emit.row_passage(row.number)
    _wage(emit, row, code, occupation, passage, terms)
    _job_zone(emit, row, code, occupation, passage, terms)
    _outlook(emit, row, code, occupation, passage, terms)


def _wage(
    emit: Emitter, row: Row, code: str, occupation: ox.NamedNode, passage: ox.NamedNode, terms: _Terms
) -> None:
    median = row.decimal(SALARY, Decimal(0), Decimal(10_000_000))
    node = emit.statement(SS.WageClaim, f"{code}/wage", passage=passage)
    emit.add(node, SS.occupation, occupation)
    emit.add(node, SS.medianValue, literal(median))
    emit.add(node, SCHEMA.currency, terms.usd)
    emit.add(node, SS.payPeriod, terms.periods["hourly" if median < HOURLY_BELOW else "annual"])
    emit.add(node, SS.measure, terms.measures[SALARY])


def _job_zone(
    emit: Emitter, row: Row, code: str, occupation: ox.NamedNode, passage: ox.NamedNode, terms: _Terms
) -> None:
    text = row[JOB_ZONE].strip()
    if text == NO_VALUE:
        return
    if text not in {"1", "2", "3", "4", "5"}:
        raise row.error(JOB_ZONE, f"expected a job zone 1–5 (or -1 for none), found {text!r}")
    node = emit.statement(SS.JobZoneClaim, f"{code}/job-zone", passage=passage)
    emit.add(node, SS.occupation, occupation)
    emit.value(node, SS.jobZone, int(text))
    emit.add(node, SS.measure, terms.measures[JOB_ZONE])


def _outlook(
    emit: Emitter, row: Row, code: str, occupation: ox.NamedNode, passage: ox.NamedNode, terms: _Terms
) -> None:
    text = row[BRIGHT].strip()
    if text not in FLAGS:
        raise row.error(BRIGHT, f"expected True or False, found {text!r}")
    node = emit.statement(SS.OutlookClaim, f"{code}/bright-outlook", passage=passage)
    emit.add(node, SS.occupation, occupation)
    emit.add(node, SS.brightOutlook, terms.flags[text])
    emit.add(node, SS.measure, terms.measures[BRIGHT])
