"""Independent readings of the seed documents, for tests to compare the graph against.

These helpers count what a reader sees in the raw text with plain string handling —
deliberately not through the adapters — so a test can fail when an adapter drops or
invents something.
"""

from __future__ import annotations

import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "data" / "sources" / "seeds"
FRAMEWORK = SEEDS / "003_d788aa4af6d7dd5f.txt"
PROFILE = SEEDS / "004_9bdf7b0db950cac4.txt"

_ITEM = re.compile(r"^\s+\d+\.\s")


def _section(text: str, start_marker: str, end_marker: str) -> list[str]:
    start = text.index(start_marker)
    end = text.index(end_marker, start)
    return text[start:end].splitlines()


def framework_text() -> str:
    return FRAMEWORK.read_text(encoding="utf-8")


def proficiency_items_per_level() -> dict[str, int]:
    """Numbered items under each occupational proficiency level heading."""
    lines = _section(framework_text(), "\nEmerging\nEntry", "Authoritative source data")
    counts: dict[str, int] = {}
    level = ""
    for line in lines:
        if line in ("Emerging", "Developing", "Proficient", "Advanced"):
            level = line
            counts[level] = 0
        elif _ITEM.match(line):
            counts[level] += 1
    return counts


def ai_use_items() -> list[str]:
    lines = _section(framework_text(), "How a worker at each mastery level", "Evidence pack")
    return [line for line in lines if _ITEM.match(line)]


def durable_items_per_domain() -> dict[str, int]:
    """Numbered items per durable-skill domain, and what each domain heading declares."""
    lines = _section(framework_text(), "Ten durable-skill domains", "Show O*NET source anchors")
    counts: dict[str, int] = {}
    domain = ""
    for line in lines:
        heading = re.match(r"^(\d+)([A-Z][A-Za-z ]+?)(\d+) statements$", line)
        if heading:
            domain = heading.group(2)
            counts[domain] = 0
        elif _ITEM.match(line):
            counts[domain] += 1
    return counts


def declared_durable_totals() -> dict[str, int]:
    lines = _section(framework_text(), "Ten durable-skill domains", "Show O*NET source anchors")
    totals = {}
    for line in lines:
        heading = re.match(r"^(\d+)([A-Z][A-Za-z ]+?)(\d+) statements$", line)
        if heading:
            totals[heading.group(2)] = int(heading.group(3))
    return totals
