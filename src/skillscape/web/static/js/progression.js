// The progression table: skill domains as rows, proficiency levels as columns, statements in the
// cells — one table per proficiency scale — and its CSV export for curriculum designers.

import { dataTable, download, h, slug, toCSV } from "./dom.js";
import { traceLink } from "./trace.js";

/** Rows of the progression query grouped by scale: [{scale, levels: [{level, rank}], domains: [{domain, cells}]}]. */
export function groupProgression(rows) {
  const scales = new Map();
  for (const row of rows) {
    if (!scales.has(row.scale)) scales.set(row.scale, { scale: row.scale, levels: new Map(), domains: new Map() });
    const scale = scales.get(row.scale);
    scale.levels.set(row.level, Number(row.rank));
    if (!scale.domains.has(row.domain)) scale.domains.set(row.domain, new Map());
    const cells = scale.domains.get(row.domain);
    if (!cells.has(row.level)) cells.set(row.level, []);
    cells.get(row.level).push(row);
  }
  // the occupation's own practice (fewest domains) before the cross-cutting durable skills
  const ordered = [...scales.values()].sort((a, b) => a.domains.size - b.domains.size || a.scale.localeCompare(b.scale));
  return ordered.map((scale) => ({
    scale: scale.scale,
    levels: [...scale.levels.entries()].map(([level, rank]) => ({ level, rank })).sort((a, b) => a.rank - b.rank),
    domains: [...scale.domains.entries()].map(([domain, cells]) => ({ domain, cells })),
  }));
}

function citationsOf(row) {
  return String(row.citations || "")
    .split(" | ")
    .filter(Boolean);
}

function cell(statements) {
  if (!statements?.length) return h("span", { class: "muted" }, "—");
  return h(
    "ul",
    {},
    statements.map((row) => {
      const cites = citationsOf(row);
      return h(
        "li",
        { "data-statement": row.statement },
        row.text,
        traceLink(row.statement, row.text),
        cites.length ? h("span", { class: "citations" }, `Cites: ${cites.join("; ")}`) : null,
      );
    }),
  );
}

/** The CSV of one scale's table as shown: Domain, then one column per level. */
export function tableCSV(group) {
  const header = ["Domain", ...group.levels.map((l) => l.level)];
  const rows = group.domains.map(({ domain, cells }) => [
    domain,
    ...group.levels.map(({ level }) => (cells.get(level) || []).map((row) => row.text).join("\n")),
  ]);
  return toCSV(header, rows);
}

/** Every statement, one row each, with its scale, domain, level, citations and IRI. */
export function statementsCSV(rows) {
  const header = ["scale", "domain", "level", "rank", "text", "citations", "statement"];
  return toCSV(
    header,
    rows.map((r) => [r.scale, r.domain, r.level, r.rank, r.text, citationsOf(r).join("; "), r.statement]),
  );
}

export function renderProgression(container, code, rows) {
  const groups = groupProgression(rows);
  if (!groups.length) {
    container.append(h("p", { class: "muted" }, "No source gives proficiency-level statements for this occupation."));
    return;
  }
  const all = h("button", { type: "button", class: "secondary", id: "progression-csv-all" }, "Download every statement (CSV)");
  all.addEventListener("click", () => download(`progression-${code}-statements.csv`, "text/csv", statementsCSV(rows)));
  container.append(
    h(
      "p",
      { class: "muted small" },
      "Each cell lists what a worker does at that level; “source” opens the passage a statement was read from.",
    ),
  );
  groups.forEach((group, index) => {
    const columns = [
      { key: "domain", label: "Skill domain", render: (d) => h("strong", {}, d.domain) },
      ...group.levels.map(({ level }) => ({ key: level, label: level, render: (d) => cell(d.cells.get(level)) })),
    ];
    const table = dataTable({
      caption: `${group.scale}: ${group.domains.length} domain${group.domains.length === 1 ? "" : "s"} × ${group.levels.length} levels`,
      columns,
      rows: group.domains,
      className: "progression",
    });
    table.querySelector("table").dataset.scale = group.scale;
    // the first column holds row headers
    table.querySelectorAll("tbody tr").forEach((tr) => {
      const first = tr.firstElementChild;
      const th = h("th", { scope: "row" }, ...first.childNodes);
      tr.replaceChild(th, first);
    });
    const button = h(
      "button",
      { type: "button", class: "secondary", "data-csv": group.scale, id: `progression-csv-${index}` },
      `Download “${group.scale}” as CSV`,
    );
    button.addEventListener("click", () =>
      download(`progression-${code}-${slug(group.scale)}.csv`, "text/csv", tableCSV(group)),
    );
    container.append(h("h3", {}, group.scale), h("div", { class: "actions" }, button), table);
  });
  container.append(h("div", { class: "actions" }, all));
}
