// The pivot explorer: an origin and constraints in, paths out — drawn as a graph and listed —
// and, for the step someone picks, its skill gap, exposure, wage and job-zone change.

import { ApiError, api, explain, pages } from "./api.js";
import { announce, h, loading, notice, replace } from "./dom.js";
import { kindLabel, money, number, plural, signed } from "./format.js";
import { drawPivotGraph, stepKey } from "./pivot-graph.js";
import { attachSuggestions } from "./suggest.js";
import { traceLink } from "./trace.js";

const CODE = /^\d{2}-\d{4}(\.\d{2})?$/;
const FIELDS = ["origin", "to", "max_hops", "max_exposure", "measure", "min_wage_ratio", "min_exposure_drop", "k"];
const CONSTRAINT_LABELS = {
  max_hops: "out of reach within the step limit",
  exposure_unknown: "with no exposure score on this measure",
  origin_exposure_unknown: "left out because the origin has no exposure score on this measure",
  less_exposed: "not less exposed to AI than the origin by the margin asked",
  max_exposure: "above the maximum AI exposure",
  origin_wage_unknown: "left out because the origin's wage is unknown",
  wage_unknown: "with no known wage",
  min_wage_ratio: "below the wage floor",
};

const state = { answer: null, graph: null, selected: null, measures: new Map() };

// ------------------------------------------------------------------ form

function form() {
  return document.getElementById("pivot-form");
}

function formValues() {
  const data = new FormData(form());
  return Object.fromEntries(FIELDS.map((name) => [name, String(data.get(name) ?? "").trim()]));
}

function setFormValues(params) {
  for (const name of FIELDS) {
    const field = form().elements.namedItem(name);
    if (field && params.has(name)) field.value = params.get(name);
  }
}

/** A code for what was typed: a code as is, else the best search match (null when none). */
async function resolveOccupation(text) {
  if (!text) return null;
  if (CODE.test(text)) return text;
  const page = await api.search(text, 1);
  return page.items[0]?.code ?? null;
}

async function loadMeasures() {
  const select = document.getElementById("measure");
  try {
    const { rows } = await api.named("exposure-measures", {});
    for (const row of rows) {
      state.measures.set(row.measure, row);
      const range = row.scaleMin !== null && row.scaleMax !== null ? ` (${number(row.scaleMin)}–${number(row.scaleMax)})` : "";
      select.append(h("option", { value: row.measure }, `${row.measure} — ${row.dataset || "dataset"}${range}`));
    }
  } catch {
    // the server's default measure still works
  }
  select.addEventListener("change", () => {
    const row = state.measures.get(select.value);
    const input = document.getElementById("max-exposure");
    if (row && row.scaleMax !== null) {
      input.max = row.scaleMax;
      input.min = row.scaleMin ?? 0;
      input.step = Number(row.scaleMax) > 10 ? "1" : "0.05";
      const hint = document.getElementById("max-exposure-hint");
      hint.textContent = `Of the destination, ${number(row.scaleMin ?? 0)} to ${number(row.scaleMax)}; empty: any`;
    }
  });
}

// ------------------------------------------------------------------ step details

function known(value) {
  return value !== null && value !== undefined;
}

/** "0.53 → 0.61 (+0.08)"; `coloured` marks a rise as worse (red) and a fall as better (green). */
function change(from, to, delta, digits = 2, coloured = false) {
  const d = signed(delta, digits);
  return h(
    "span",
    {},
    `${known(from) ? number(from, digits) : "?"} → ${known(to) ? number(to, digits) : "?"}`,
    d.text ? h("span", { class: coloured ? `change ${d.direction}` : "change" }, ` (${d.text})`) : null,
  );
}

function factsTable(step) {
  const rows = [];
  if (step.exposure && (known(step.exposure.from) || known(step.exposure.to))) {
    rows.push([
      "AI exposure",
      change(step.exposure.from, step.exposure.to, step.exposure.delta, 2, true),
      [step.exposure.measure, step.exposure.source].filter(Boolean).join(" — "),
    ]);
  } else rows.push(["AI exposure", h("span", { class: "muted" }, "not known for both"), ""]);
  if (step.job_zone && (known(step.job_zone.from) || known(step.job_zone.to))) {
    rows.push(["Job zone", change(step.job_zone.from, step.job_zone.to, step.job_zone.delta, 0), "O*NET job zone (1–5)"]);
  } else rows.push(["Job zone", h("span", { class: "muted" }, "not known"), ""]);
  if (step.wage && (known(step.wage.from) || known(step.wage.to))) {
    const ratio = known(step.wage.ratio) ? ` (× ${number(step.wage.ratio, 2)})` : "";
    const from = known(step.wage.from) ? money(step.wage.from) : "?";
    const to = known(step.wage.to) ? money(step.wage.to) : "?";
    rows.push(["Median wage", h("span", {}, `${from} → ${to}${ratio}`), step.wage.source || ""]);
  } else rows.push(["Median wage", h("span", { class: "muted" }, "not known"), ""]);
  return h(
    "div",
    { class: "table-wrap", role: "region", tabindex: "0", "aria-label": "What changes in this step" },
    h(
      "table",
      {},
      h("caption", {}, "What changes"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Measure"), h("th", { scope: "col" }, "From → to"), h("th", { scope: "col" }, "Source"))),
      h("tbody", {}, rows.map(([a, b, c]) => h("tr", {}, h("th", { scope: "row" }, a), h("td", {}, b), h("td", {}, c)))),
    ),
  );
}

function levelText(value) {
  return known(value) ? (typeof value === "number" ? number(value, 2) : String(value)) : "—";
}

function curriculum(items) {
  if (!items?.length) return h("p", { class: "muted" }, "No proficiency statements describe the skills to build for this step.");
  return h(
    "ul",
    { class: "curriculum" },
    items.map((item) => {
      const from = item.from_level ?? item.framework?.from_level;
      const to = item.to_level ?? item.framework?.to_level;
      const statements = item.statements || [];
      return h(
        "li",
        {},
        h("strong", {}, item.skill),
        item.kind ? [" ", h("span", { class: "badge" }, item.kind)] : null,
        `: from ${levelText(from)} to ${levelText(to)}`,
        item.scale ? h("span", { class: "muted small" }, ` (${item.scale})`) : null,
        statements.length
          ? h(
              "details",
              {},
              h("summary", {}, `What it takes (${plural(statements.length, "statement")})`),
              h(
                "ul",
                { class: "statement-list" },
                statements.map((st) =>
                  h("li", {}, st.level ? [h("span", { class: "badge" }, st.level), " "] : null, st.text, st.iri ? traceLink(st.iri, st.text) : null),
                ),
              ),
            )
          : null,
      );
    }),
  );
}

// The O*NET level anchors a gap climbs, from the origin's level to the target's (gap.anchors).
function anchorSteps(gap) {
  const anchors = gap.anchors || [];
  if (!anchors.length) return null;
  return h(
    "details",
    { class: "gap-anchors" },
    h("summary", {}, `From level ${levelText(gap.from_level)} to ${levelText(gap.to_level)}: ${plural(anchors.length, "level anchor")}`),
    h("ol", { class: "statement-list" }, anchors.map((a) => h("li", {}, h("span", { class: "badge" }, `Level ${a.rank}`), " ", a.text, traceLink(a.statement, a.text)))),
  );
}

function showStep(step, key) {
  state.selected = key;
  state.graph?.select(key);
  for (const button of document.querySelectorAll("[data-step-button]")) {
    button.setAttribute("aria-pressed", String(button.dataset.stepButton === key));
  }
  const panel = document.getElementById("step-details");
  const transfers = step.transfers || [];
  const gaps = step.gaps || [];
  replace(
    panel,
    h("h3", { id: "step-heading", tabindex: "-1" }, `${step.from.title || step.from.code} → ${step.to.title || step.to.code}`),
    h(
      "p",
      {},
      step.explanation || "",
      " ",
      h("a", { href: pages.occupation(step.to.code) }, `Open ${step.to.title || step.to.code}`),
    ),
    h("p", { class: "muted small" }, `Similarity ${number(step.score, 3)}.`),
    factsTable(step),
    h("h4", {}, `Skill gap (${gaps.length})`),
    gaps.length
      ? h(
          "ul",
          { class: "gap-list" },
          gaps.map((g) =>
            h("li", {}, g.name, " ", h("span", { class: "badge" }, kindLabel(g.kind)), g.importance !== null && g.importance !== undefined ? h("span", { class: "muted small" }, ` importance ${number(g.importance)}`) : null, anchorSteps(g)),
          ),
        )
      : h("p", { class: "muted" }, "No gap listed."),
    h("h4", {}, `What transfers (${transfers.length})`),
    transfers.length
      ? h("ul", { class: "transfer-list" }, transfers.map((t) => h("li", {}, t.name, " ", h("span", { class: "badge" }, kindLabel(t.kind)))))
      : h("p", { class: "muted" }, "Nothing listed."),
    h("h4", {}, "Skills to build"),
    curriculum(step.curriculum),
    h("h4", {}, "Sources"),
    step.citations?.length
      ? h("ul", {}, step.citations.map((c) => h("li", {}, traceLink(c.iri, c.label, c.label || c.iri))))
      : h("p", { class: "muted" }, "No statement is cited for this step."),
  );
  panel.hidden = false;
  document.getElementById("step-status").textContent = `Showing the step from ${step.from.title || step.from.code} to ${step.to.title || step.to.code}.`;
}

// ------------------------------------------------------------------ results

function occupationFacts(o) {
  const parts = [];
  if (o.exposure !== null && o.exposure !== undefined) parts.push(`AI exposure ${number(o.exposure, 2)}`);
  if (o.job_zone !== null && o.job_zone !== undefined) parts.push(`job zone ${o.job_zone}`);
  if (o.wage !== null && o.wage !== undefined) parts.push(`median wage ${money(o.wage)}`);
  return parts.join(", ");
}

function excludedText(excluded) {
  const parts = (excluded || [])
    .filter((e) => e.count > 0)
    .map((e) => `${plural(e.count, "occupation")} ${CONSTRAINT_LABELS[e.constraint] || `excluded by ${e.constraint}`}`);
  return parts.length ? `Left out: ${parts.join("; ")}.` : "";
}

function pathItem(path, index) {
  const d = path.destination;
  const facts = occupationFacts(d);
  return h(
    "li",
    { "data-destination": d.code },
    h("strong", {}, h("a", { href: pages.occupation(d.code) }, d.title || d.code)),
    ` (${d.code}) — ${plural(path.steps.length, "step")}, cost ${number(path.cost, 3)}${facts ? `; ${facts}` : ""}`,
    h(
      "div",
      { class: "steps", role: "group", "aria-label": `Steps of path ${index + 1}` },
      path.steps.map((step, i) =>
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            "aria-pressed": "false",
            "data-step-button": stepKey(step),
            onclick: () => showStep(step, stepKey(step)),
          },
          `${i + 1}. ${step.from.title || step.from.code} → ${step.to.title || step.to.code}`,
        ),
      ),
    ),
  );
}

function renderAnswer(container, answer) {
  state.answer = answer;
  const origin = answer.origin;
  const facts = occupationFacts(origin);
  const parts = [
    h("h2", { id: "paths-heading" }, `Paths from ${origin.title || origin.code}`),
    h(
      "p",
      { role: "status", id: "pivot-summary" },
      `${plural(answer.paths.length, "path")} found`,
      answer.measure ? `, exposure measured by ${answer.measure}` : "",
      ". ",
      facts ? `Origin: ${facts}. ` : "",
      answer.explanation ? `${answer.explanation} ` : "",
      answer.paths.length ? excludedText(answer.excluded) : "",
    ),
  ];
  if (!answer.paths.length) {
    parts.push(
      notice(
        "warn",
        h("p", {}, answer.message ? `${answer.message}.` : "No path satisfies these constraints."),
        answer.would_work
          ? null
          : h("p", {}, "Allow more steps, raise the maximum exposure, lower the wage floor or leave the target empty."),
      ),
    );
    replace(container, ...parts);
    return;
  }
  state.graph = drawPivotGraph(answer, showStep);
  parts.push(
    h("p", { class: "muted small" }, "Click a step (an arrow) or use Tab and Enter to see what it takes."),
    h("div", { class: "graph-wrap" }, state.graph.svg),
    h("p", { class: "visually-hidden", "aria-live": "polite", id: "step-status" }),
    h("section", { id: "step-details", class: "step-details", hidden: true, "aria-labelledby": "step-heading" }),
    h("h3", {}, "Paths"),
    h("ol", { class: "path-list", id: "path-list" }, answer.paths.map(pathItem)),
  );
  replace(container, ...parts);
}

async function search(event) {
  event?.preventDefault();
  const container = document.getElementById("pivot-results");
  const values = formValues();
  if (!values.origin) {
    replace(container, notice("error", "Choose an origin occupation: type a title or a code and pick a suggestion."));
    document.getElementById("origin").focus();
    return;
  }
  replace(container, loading("Searching for paths…"));
  let origin;
  let target;
  try {
    [origin, target] = await Promise.all([resolveOccupation(values.origin), resolveOccupation(values.to)]);
  } catch (error) {
    replace(container, notice("error", explain(error)));
    return;
  }
  if (!origin) {
    replace(container, notice("error", `No occupation matches “${values.origin}”.`));
    return;
  }
  if (values.to && !target) {
    replace(container, notice("error", `No occupation matches the target “${values.to}”.`));
    return;
  }
  const params = { ...values, origin: undefined, to: target || "" };
  history.replaceState(null, "", pages.pivots({ ...values, origin, to: target || "" }));
  try {
    const answer = await api.pivots(origin, params);
    renderAnswer(container, answer);
    container.dataset.ready = "true";
    announce(document.getElementById("pivot-summary")?.textContent || "");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.body?.suggestions) {
      replace(container, notice("error", explain(error)));
    } else if (error instanceof ApiError && error.status === 404) {
      replace(container, notice("warn", "This server does not compute pivot paths (its graph has no occupation similarities)."));
    } else {
      replace(container, notice("error", explain(error)));
    }
  }
}

function main() {
  attachSuggestions(document.getElementById("origin"), {
    onPick: (item) => {
      document.getElementById("origin").value = item.code;
    },
  });
  attachSuggestions(document.getElementById("target"), {
    onPick: (item) => {
      document.getElementById("target").value = item.code;
    },
  });
  form().addEventListener("submit", search);
  const params = new URLSearchParams(window.location.search);
  setFormValues(params);
  loadMeasures().then(() => {
    if (params.has("measure")) document.getElementById("measure").value = params.get("measure");
  });
  if (params.get("origin")) search();
}

main();
