"""Content negotiation: the ``Accept`` header (with q-values) and the ``format=`` override."""

from __future__ import annotations

from dataclasses import dataclass

#: media types a client may ask for → result format keys (see skillscape.api.worker)
SELECT_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_ACCEPT = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
}
#: ``format=`` values; "json" and "xml" mean the results formats for SELECT/ASK and
#: JSON-LD / RDF/XML for CONSTRUCT/DESCRIBE
SELECT_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
GRAPH_ALIASES = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "xml": "rdfxml",
}


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header, most preferred first (malformed parts ignored)."""
    ranges: list[MediaRange] = []
    for order, part in enumerate((header or "").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        kind, _, subtype = media.partition("/")
        q = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        if kind and subtype:
            ranges.append(MediaRange(kind, subtype, q, order))
    return sorted(ranges, key=lambda r: (-r.q, -r.specificity, r.order))


def negotiate(header: str | None, offers: dict[str, str], default: str) -> str | None:
    """The offered format key the client prefers; ``default`` when it accepts anything, else None."""
    ranges = parse_accept(header)
    if not ranges:
        return default
    refused = {f"{r.type}/{r.subtype}" for r in ranges if r.q == 0}
    for media in ranges:
        if media.q == 0:
            continue
        if media.type == "*" and media.subtype == "*":
            return default
        for offered, key in offers.items():
            kind, _, subtype = offered.partition("/")
            if offered in refused:
                continue
            if media.type == kind and media.subtype in (subtype, "*"):
                return key
    return None


def choose(
    header: str | None,
    format_override: str | None,
    accept: dict[str, str],
    aliases: dict[str, str],
    default: str,
) -> str | None:
    """The format for one kind of result: ``format=`` wins over Accept; None if neither fits."""
    if format_override:
        value = format_override.strip().lower()
        if value in aliases:
            return aliases[value]
        return accept.get(value.split(";")[0].strip())
    return negotiate(header, accept, default)


def wants_jsonld(header: str | None, format_override: str | None = None) -> bool:
    """For resources: JSON-LD when asked for (``application/ld+json`` or ``format=jsonld``)."""
    if format_override:
        return format_override.strip().lower() in ("jsonld", "json-ld", "application/ld+json")
    offers = {"application/json": "json", "application/ld+json": "jsonld"}
    return negotiate(header, offers, "json") == "jsonld"


__all__ = [
    "GRAPH_ACCEPT",
    "GRAPH_ALIASES",
    "SELECT_ACCEPT",
    "SELECT_ALIASES",
    "choose",
    "negotiate",
    "parse_accept",
    "wants_jsonld",
]
