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

Each claim names its column as ``ss:measure``. A code that the release lacks is a
``warning`` ss:IngestIssue naming it. Not mapped: JobFamily, isGreen, JobForecast,
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
    OnetReference,
    Row,
    Table,
    drain,
    ingest_issue,
    onet_reference,
)
from skillscape.ingest.base import Adapter
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.model.namespaces import SCHEMA, SS

CODE = "SOCcode"
NAME = "JobName"
BRIGHT = "isBright"
JOB_ZONE = "JobZone"
SALARY = "MedianSalary"
HOURLY_BELOW = Decimal(1000)
NO_VALUE = "-1"
FLAGS = {"True": True, "False": False}


class WageDataAdapter(Adapter):
    """``wage_data.csv``: median wage, job zone and bright-outlook flag per occupation."""

    kind: ClassVar[str] = "aei-wage-data"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        reference = onet_reference(entry)
        table = Table.open(entry.path, (CODE, NAME, BRIGHT, JOB_ZONE, SALARY), ",")
        emit = Emitter(
            table.document, graph, self.kind, read_at=read_at, title=entry.title or None, keep_content=False
        )
        terms = _Terms()
        occupations = Occupations(emit, reference)
        for row in table.rows():
            _row(emit, row, reference, occupations, terms)
            yield from drain(emit)
        yield from drain(emit)


class _Terms:
    """Literals every row repeats, made once."""

    def __init__(self) -> None:
        self.usd = literal("USD")
        self.periods = {"annual": literal("annual"), "hourly": literal("hourly")}
        self.measures = {column: literal(column) for column in (SALARY, JOB_ZONE, BRIGHT)}
        self.flags = {text: literal(value) for text, value in FLAGS.items()}


def _row(emit: Emitter, row: Row, reference: OnetReference, occupations: Occupations, terms: _Terms) -> None:
    code = row.occupation_code(CODE)
    if not reference.has_occupation(code):
        name = row[NAME].strip()
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
