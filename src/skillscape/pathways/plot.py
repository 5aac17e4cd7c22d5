"""A drawing of a set of pivot paths as SVG (no plotting library needed).

Columns are hops (the origin on the left); each occupation is a box coloured by its AI exposure
on the answer's measure (green = less exposed, red = more; grey = unknown) with its code, title,
exposure and wage; each step is an arrow labelled with its similarity score. Input is the JSON
answer of :meth:`skillscape.pathways.service.PathwayService.pivots`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

BOX_W, BOX_H = 230, 64
COL_GAP, ROW_GAP = 90, 22
MARGIN, HEADER = 24, 56


def _colour(exposure: float | None, low: float, high: float) -> str:
    if exposure is None:
        return "#d9d9d9"
    share = 0.5 if high <= low else (exposure - low) / (high - low)
    share = min(max(share, 0.0), 1.0)
    red, green = int(90 + 150 * share), int(200 - 110 * share)
    return f"rgb({red},{green},110)"


def _short(text: str, width: int = 34) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _layout(answer: Mapping[str, Any]) -> tuple[dict[str, tuple[int, int]], dict[str, dict[str, Any]]]:
    """Column and row of every occupation, and its node data."""
    nodes: dict[str, dict[str, Any]] = {answer["origin"]["code"]: answer["origin"]}
    columns: dict[str, int] = {answer["origin"]["code"]: 0}
    for path in answer.get("paths", []):
        for hop, step in enumerate(path["steps"], start=1):
            code = step["to"]["code"]
            columns[code] = max(columns.get(code, 0), hop)
            nodes.setdefault(
                code, {"code": code, "title": step["to"]["title"], "exposure": step["exposure"]["to"]}
            )
        nodes[path["destination"]["code"]] = path["destination"]
    rows: dict[int, int] = {}
    place: dict[str, tuple[int, int]] = {}
    for code, column in sorted(columns.items(), key=lambda item: (item[1], item[0])):
        place[code] = (column, rows.get(column, 0))
        rows[column] = rows.get(column, 0) + 1
    return place, nodes


def _xy(column: int, row: int) -> tuple[int, int]:
    return MARGIN + column * (BOX_W + COL_GAP), HEADER + row * (BOX_H + ROW_GAP)


def render_svg(answer: Mapping[str, Any]) -> str:
    """The paths of a pivots answer as an SVG document."""
    place, nodes = _layout(answer)
    exposures = [n["exposure"] for n in nodes.values() if n.get("exposure") is not None]
    low, high = (min(exposures), max(exposures)) if exposures else (0.0, 1.0)
    columns = max(c for c, _ in place.values()) + 1
    rows = max(r for _, r in place.values()) + 1
    width = 2 * MARGIN + columns * BOX_W + (columns - 1) * COL_GAP
    height = HEADER + rows * (BOX_H + ROW_GAP) + MARGIN
    origin = answer["origin"]
    title = f"Pivots from {origin['code']} {origin['title']} — exposure measure {answer.get('measure', '')}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{MARGIN}" y="24" font-size="15" font-weight="bold">{escape(_short(title, 110))}</text>',
        f'<text x="{MARGIN}" y="42" fill="#555">green: less exposed to AI, red: more; '
        "arrows: steps, labelled with the similarity of the move</text>",
    ]
    if not answer.get("paths"):
        parts.append(
            f'<text x="{MARGIN}" y="{height - 8}" fill="#a00">'
            f"{escape(answer.get('message', 'no paths'))}</text>"
        )
    drawn: set[tuple[str, str]] = set()
    for path in answer.get("paths", []):
        for step in path["steps"]:
            a, b = step["from"]["code"], step["to"]["code"]
            if (a, b) in drawn:
                continue
            drawn.add((a, b))
            x1, y1 = _xy(*place[a])
            x2, y2 = _xy(*place[b])
            sx, sy, tx, ty = float(x1 + BOX_W), y1 + BOX_H / 2, float(x2), y2 + BOX_H / 2
            if place[b][0] <= place[a][0]:  # a step back or within a column: go round below
                sx, sy, tx, ty = x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2 + BOX_H
            parts.append(
                f'<line x1="{sx}" y1="{sy}" x2="{tx}" y2="{ty}" stroke="#555" stroke-width="1.5" '
                'marker-end="url(#arrow)"/>'
            )
            parts.append(
                f'<text x="{(sx + tx) / 2}" y="{(sy + ty) / 2 - 4}" text-anchor="middle" fill="#333">'
                f"{step['score']:.2f}</text>"
            )
    for code, (column, row) in place.items():
        x, y = _xy(column, row)
        node = nodes[code]
        exposure = node.get("exposure")
        wage = node.get("wage")
        detail = "exposure " + ("?" if exposure is None else f"{exposure:.2f}")
        if wage is not None:
            detail += f" · ${wage:,.0f}"
        stroke = "#000" if code == origin["code"] else "#444"
        parts.append(
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" '
            f'fill="{_colour(exposure, low, high)}" stroke="{stroke}" '
            f'stroke-width="{2 if column == 0 else 1}"/>'
        )
        parts.append(f'<text x="{x + 8}" y="{y + 18}" font-weight="bold">{escape(code)}</text>')
        parts.append(f'<text x="{x + 8}" y="{y + 36}">{escape(_short(node.get("title", "")))}</text>')
        parts.append(f'<text x="{x + 8}" y="{y + 54}" fill="#222">{escape(detail)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


__all__ = ["render_svg"]
