// The occupation page's "Durable skills" section: the occupation's profile over the ten
// durable-skill domains, derived from its O*NET work-style and skill ratings through the curated
// mapping (with the descriptors behind each score), and a framework's durable-skill statements.
// Rows come from GET /occupations/{code}/durable-skills (named query durable-skills; column `kind`).

import { dataTable, h, replace } from "./dom.js";
import { number } from "./format.js";
import { traceLink } from "./trace.js";

function bar(score) {
  const value = Math.max(0, Math.min(100, Number(score)));
  const meter = h("span", { class: "meter", "aria-hidden": "true" }, h("span"));
  meter.firstChild.style.width = `${value.toFixed(1)}%`;  // CSSOM: allowed under the page's CSP
  return h("span", {}, number(value, 1), meter);
}

function frameworkStatements(rows) {
  const byDomain = new Map();
  for (const row of rows) {
    if (!byDomain.has(row.domain)) byDomain.set(row.domain, []);
    byDomain.get(row.domain).push(row);
  }
  return h(
    "div",
    { id: "durable-framework" },
    h("h3", {}, "What a skills framework says, by level"),
    [...byDomain.entries()].map(([domain, statements]) =>
      h(
        "details",
        {},
        h("summary", {}, `${domain} (${statements.length})`),
        h(
          "ul",
          { class: "statement-list" },
          statements.map((s) =>
            h(
              "li",
              {},
              h("strong", {}, `${s.level}${s.title ? ` · ${s.title}` : ""}: `),
              s.text,
              traceLink(s.statement, s.title || s.text),
              s.citations ? h("span", { class: "citations" }, `Cites: ${s.citations.split(" | ").join("; ")}`) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

/** Render the section into `section` from the rows of the durable-skills query. */
export function renderDurableSkills(section, rows) {
  const parts = [h("h2", { id: "durable-skills-heading" }, "Durable skills")];
  const derived = rows.filter((r) => r.kind === "derived");
  const framework = rows.filter((r) => r.kind === "framework");
  if (!derived.length && !framework.length) {
    parts.push(
      h("p", { class: "muted" }, "No durable-skill profile: O*NET gives no work-style or skill ratings for this occupation."),
    );
    replace(section, ...parts);
    return;
  }
  if (derived.length) {
    parts.push(
      h(
        "p",
        {},
        "How strongly the occupation calls on each of the ten durable-skill domains, on a 0–100 scale: the weighted mean of its O*NET ratings (work-style impact, skill importance) of the descriptors a curated mapping relates to the domain. The evidence lists those descriptors; each score links to how it was computed.",
      ),
      dataTable({
        caption: "Durable-skill domain profile",
        columns: [
          { key: "domain", label: "Domain" },
          { key: "score", label: "Score (0–100)", num: true, render: (r) => bar(r.score) },
          { key: "evidence", label: "From these ratings" },
          { key: "statement", label: "Derivation", render: (r) => traceLink(r.statement, `${r.domain} score`) },
        ],
        rows: [...derived].sort((a, b) => Number(b.score) - Number(a.score)),
      }),
    );
  }
  if (framework.length) parts.push(frameworkStatements(framework));
  replace(section, ...parts);
}
