// The occupation page's progression section: the O*NET level anchors of every descriptor the
// occupation is rated on (rows: descriptors by importance; columns: levels; the occupation's
// required level marked), then the framework documents' level statements (progression.js).

import { dataTable, download, h, slug, toCSV } from "./dom.js";
import { number } from "./format.js";
import { renderProgression } from "./progression.js";
import { traceLink } from "./trace.js";

const isAnchor = (row) => row.required_level !== null && row.required_level !== undefined;

/** Anchor rows grouped by scale, descriptors in the order the query gives (most important first). */
export function groupAnchors(rows) {
  const scales = new Map();
  for (const row of rows.filter(isAnchor)) {
    if (!scales.has(row.scale)) scales.set(row.scale, { scale: row.scale, ranks: new Set(), descriptors: new Map() });
    const scale = scales.get(row.scale);
    scale.ranks.add(Number(row.rank));
    if (!scale.descriptors.has(row.domain)) {
      scale.descriptors.set(row.domain, {
        descriptor: row.domain,
        required: Number(row.required_level),
        importance: Number(row.importance),
        anchors: new Map(),
      });
    }
    scale.descriptors.get(row.domain).anchors.set(Number(row.rank), row);
  }
  return [...scales.values()].map((s) => ({
    scale: s.scale,
    ranks: [...s.ranks].sort((a, b) => a - b),
    descriptors: [...s.descriptors.values()],
  }));
}

/** Where an anchor sits against the required level: reached, the next step up, or neither. */
export function standing(descriptor, rank) {
  if (rank <= descriptor.required) return "reached";
  const above = [...descriptor.anchors.keys()].filter((r) => r > descriptor.required);
  return rank === Math.min(...above) ? "next" : "";
}

/** The level column the required level is marked in: the highest level it reaches (else the first). */
export function requiredColumn(ranks, required) {
  const within = ranks.filter((r) => r <= required);
  return within.length ? Math.max(...within) : ranks[0];
}

function anchorCell(group, descriptor, rank) {
  const row = descriptor.anchors.get(rank);
  const marks = [];
  if (rank === requiredColumn(group.ranks, descriptor.required)) {
    marks.push(h("span", { class: "badge required-level" }, `Required level ${number(descriptor.required, 2)}`), " ");
  }
  if (!row) return marks.length ? h("div", {}, marks) : h("span", { class: "muted" }, "—");
  const where = standing(descriptor, rank);
  return h(
    "div",
    { class: `anchor ${where}`, "data-statement": row.statement },
    marks,
    where === "next" ? h("span", { class: "badge" }, "Next step") : null,
    " ",
    row.text,
    traceLink(row.statement, row.text),
  );
}

function anchorsCSV(group) {
  const header = ["Descriptor", "Importance", "Required level", ...group.ranks.map((r) => `Level ${r}`)];
  const rows = group.descriptors.map((d) => [
    d.descriptor,
    d.importance,
    d.required,
    ...group.ranks.map((r) => d.anchors.get(r)?.text ?? ""),
  ]);
  return toCSV(header, rows);
}

function anchorTable(container, code, group, index) {
  const columns = [
    { key: "descriptor", label: "Descriptor", render: (d) => h("strong", {}, d.descriptor) },
    { key: "importance", label: "Importance (1–5)", num: true, render: (d) => number(d.importance, 2) },
    ...group.ranks.map((rank) => ({ key: `level-${rank}`, label: `Level ${rank}`, render: (d) => anchorCell(group, d, rank) })),
  ];
  const table = dataTable({
    caption: `${group.scale}: ${group.descriptors.length} descriptors by importance × levels 0–7 (O*NET level anchors)`,
    columns,
    rows: group.descriptors,
    className: "progression anchors",
  });
  table.querySelector("table").dataset.scale = group.scale;
  // the first column holds row headers
  table.querySelectorAll("tbody tr").forEach((tr) => tr.replaceChild(h("th", { scope: "row" }, ...tr.firstElementChild.childNodes), tr.firstElementChild));
  const button = h("button", { type: "button", class: "secondary", id: `anchors-csv-${index}` }, `Download “${group.scale}” as CSV`);
  button.addEventListener("click", () => download(`progression-${code}-${slug(group.scale)}.csv`, "text/csv", anchorsCSV(group)));
  container.append(h("h3", {}, group.scale), h("div", { class: "actions" }, button), table);
}

/** Render the section from the API's answer ({rows, first: {emptyReason}}). */
export function renderSectionProgression(container, code, answer) {
  const rows = answer.rows || [];
  if (!rows.length) {
    const reason = answer.first?.emptyReason;
    container.append(h("p", { class: "muted", id: "progression-empty" }, reason || "No source gives proficiency-level statements for this occupation."));
    return;
  }
  const groups = groupAnchors(rows);
  if (groups.length) {
    container.append(
      h(
        "p",
        { class: "muted small" },
        "For each skill and knowledge area this occupation is rated on, most important first: O*NET's level anchors up to the first one above the occupation's required level (the next step up).",
      ),
    );
    groups.forEach((group, index) => anchorTable(container, code, group, index));
  }
  const framework = rows.filter((row) => !isAnchor(row));
  if (framework.length) renderProgression(container, code, framework);
}
