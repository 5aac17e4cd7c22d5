"""Exporters: an occupation's competency framework in the formats curriculum tools import
(CASE 1.0 CFPackage JSON, CTDL-ASN JSON-LD, Turtle)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from skillscape.export.case import to_case
from skillscape.export.ctdl import to_ctdl
from skillscape.export.framework import CONTRACTS, Framework, FrameworkError, assemble
from skillscape.query import named

FORMATS = ("case", "ctdl-asn", "ttl")
MEDIA_TYPES = {"case": "application/json", "ctdl-asn": "application/ld+json", "ttl": "text/turtle"}

Runner = Callable[[str, Mapping[str, str]], Sequence[Mapping[str, Any]]]


def query_plan(code: str) -> list[tuple[str, dict[str, str]]]:
    """The named queries (and parameters) a framework export reads, except the per-ESCO ones."""
    return [
        ("esco-framework-occupation", {"occupation": code}),
        ("occupation-skills", {"occupation": code}),
        ("progression", {"occupation": code}),
        ("durable-skills", {"occupation": code}),
        ("ai-use", {"occupation": code}),
        ("esco-crosswalk", {"occupation": code}),
    ]


def available(name: str) -> bool:
    return name in named.known_queries()


def collect(code: str, run: Runner) -> Framework:
    """Run the plan's queries through ``run`` (a missing query is left out) and assemble."""
    rows: dict[str, Sequence[Mapping[str, Any]] | None] = {}
    for name, params in query_plan(code):
        rows[name] = run(name, params) if available(name) else None
    mappings = rows.get("esco-crosswalk") or ()
    skills: list[Mapping[str, Any]] = []
    for mapping in mappings:
        skills.extend(run("esco-occupation-skills", {"esco": str(mapping["esco"])}))
    rows["esco-occupation-skills"] = skills
    return assemble(code, rows)


def render(framework: Framework, fmt: str) -> str:
    """The framework as text in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "case":
        return json.dumps(to_case(framework), indent=2, ensure_ascii=False) + "\n"
    if fmt == "ctdl-asn":
        return json.dumps(to_ctdl(framework), indent=2, ensure_ascii=False) + "\n"
    if fmt == "ttl":
        import rdflib

        graph = rdflib.Graph()
        graph.parse(data=json.dumps(to_ctdl(framework)), format="json-ld")
        graph.bind("ceasn", "https://purl.org/ctdlasn/terms/")
        graph.bind("asn", "http://purl.org/ASN/schema/core/")
        return str(graph.serialize(format="turtle"))
    raise FrameworkError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")


__all__ = [
    "CONTRACTS",
    "FORMATS",
    "MEDIA_TYPES",
    "Framework",
    "FrameworkError",
    "assemble",
    "collect",
    "render",
]
