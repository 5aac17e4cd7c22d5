"""O*NET's O*NET-SOC 2010 → 2019 crosswalk (``onet_soc_2010_to_2019_crosswalk.csv``).

One row per pair, columns ``O*NET-SOC 2010 Code, O*NET-SOC 2010 Title, O*NET-SOC 2019 Code,
O*NET-SOC 2019 Title``. A 2010 code may map to several 2019 codes (an occupation split) and
several 2010 codes to one 2019 code (occupations merged). :func:`read_crosswalk` gives both
directions with the row of every pair, for any reader of older codes (the wage table, the
ESCO crosswalk); a code of the wrong form is a :class:`SourceError` naming file, line and column.

As a source (kind ``onet-soc-crosswalk``) the file is recorded as a source document (its sha256
and when it was read); sources that map codes through it pin it (``options.crosswalk``) and cite
its rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.aiexposure import Table
from skillscape.ingest.base import Adapter
from skillscape.ingest.document import SourceError
from skillscape.ingest.emit import Emitter
from skillscape.ingest.manifest import SourceEntry

OLD_CODE = "O*NET-SOC 2010 Code"
OLD_TITLE = "O*NET-SOC 2010 Title"
NEW_CODE = "O*NET-SOC 2019 Code"
NEW_TITLE = "O*NET-SOC 2019 Title"
COLUMNS = (OLD_CODE, OLD_TITLE, NEW_CODE, NEW_TITLE)


@dataclass
class SocCrosswalk:
    """Both directions of the crosswalk; ``rows[(old, new)]`` is the RFC 7111 row of the pair."""

    table: Table
    forward: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    backward: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    rows: dict[tuple[str, str], int] = field(default_factory=dict)

    def to_2019(self, code: str) -> list[str]:
        return list(self.forward.get(code, ()))

    def from_2010(self, code: str) -> list[str]:
        """The 2010 codes that map to the 2019 ``code``."""
        return list(self.backward.get(code, ()))


def read_crosswalk(path: Path, sha256: str | None = None) -> SocCrosswalk:
    """The crosswalk at ``path`` (its text's sha256 must be ``sha256`` when given)."""
    table = Table.open(path, COLUMNS, ",")
    if sha256 is not None and table.document.sha256 != sha256:
        raise SourceError(
            path, None, f"sha256 of the text is {table.document.sha256}, the manifest says {sha256}"
        )
    crosswalk = SocCrosswalk(table)
    for row in table.rows():
        old, new = row.occupation_code(OLD_CODE), row.occupation_code(NEW_CODE)
        if (old, new) in crosswalk.rows:
            continue
        crosswalk.rows[old, new] = row.number
        crosswalk.forward[old].append(new)
        crosswalk.backward[new].append(old)
    return crosswalk


class SocCrosswalkAdapter(Adapter):
    """The crosswalk as a source: its document (checked row by row), for the sources that use it."""

    kind: ClassVar[str] = "onet-soc-crosswalk"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> list[ox.Quad]:
        crosswalk = read_crosswalk(entry.path)
        emit = Emitter(
            crosswalk.table.document,
            graph,
            self.kind,
            read_at=read_at,
            title=entry.title or None,
            keep_content=False,
        )
        return emit.quads


__all__ = ["SocCrosswalk", "SocCrosswalkAdapter", "read_crosswalk"]
