// The occupation page: profile, tasks, skills and knowledge, AI exposure (a headline per dataset,
// details folded), AI use (section-ai-use.js), durable skills (section-durable-skills.js) and the
// progression table — every statement with a link to its
// source passage. Of the O*NET releases in the graph the page shows the newest; what changed since
// the older one is `skillscape diff`'s answer, linked from the page.
//
// Sections: SECTIONS below lists them in page order, one line each. A section is an object
// { id, title, load(ctx), render(element, data, ctx) } — a module of its own adds one with one
// import and one line in SECTIONS (ctx: code, profile, rows(name) for /occupations/{code}/name, named(name) for a named query with the occupation).

import { ApiError, api, codeFromPath, explain, pages } from "./api.js";
import { announce, dataTable, h, loading, notice, replace } from "./dom.js";
import { money, number, percent, plural } from "./format.js";
import { renderSectionProgression } from "./section-progression.js";
import { renderNotFound } from "./notfound.js";
import { renderAiUse } from "./section-ai-use.js";
import { renderDurableSkills } from "./section-durable-skills.js";
import { traceLink } from "./trace.js";
import { datasetLabel, measureLabel } from "./exposure-labels.js";

// ------------------------------------------------------------------ O*NET releases

/** The newest O*NET release among rows (their `onetRelease` column), or "" when none is from one. */
function newestRelease(rows) {
  const releases = [...new Set(rows.map((r) => r.onetRelease).filter(Boolean))];
  releases.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return releases.at(-1) || "";
}

/** Rows of other sources and of the newest O*NET release; and the older releases left out. */
function currentRows(rows) {
  const newest = newestRelease(rows);
  const older = [...new Set(rows.map((r) => r.onetRelease).filter((r) => r && r !== newest))];
  return { rows: rows.filter((r) => !r.onetRelease || r.onetRelease === newest), newest, older };
}

function olderReleaseNote(code, newest, older) {
  if (!older.length) return null;
  return h(
    "p",
    { class: "small muted", "data-testid": "older-release" },
    `Shown: O*NET ${newest}. The graph also holds O*NET ${older.join(", ")}; what changed since: `,
    h("code", {}, `skillscape diff --from ${older[0]} --to ${newest} --occupation ${code}`),
    " (",
    h("a", { href: `/queries/diff/tasks?from=${encodeURIComponent(older[0])}&to=${encodeURIComponent(newest)}&format=csv` }, "task changes as CSV"),
    ").",
  );
}

function group(rows, key) {
  const groups = new Map();
  for (const row of rows) {
    const k = typeof key === "function" ? key(row) : row[key];
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(row);
  }
  return groups;
}

function sourceNote(row) {
  return h("span", { class: "citations", title: row.document }, `From ${row.source || row.document}`);
}

// ------------------------------------------------------------------ profile

function claimLine(row, content) {
  return h("li", {}, content, traceLink(row.statement, typeof content === "string" ? content : row.quote || ""), sourceNote(row));
}

function wageText(row) {
  const period = row.payPeriod || "";
  let value;
  if (row.medianValue !== null) value = `Median ${money(row.medianValue, row.currency, period)}`;
  else if (row.minValue !== null && row.maxValue !== null)
    value = `${money(row.minValue, row.currency)}–${money(row.maxValue, row.currency, period)}`;
  else if (row.minValue !== null) value = `From ${money(row.minValue, row.currency, period)}`;
  else if (row.maxValue !== null) value = `Up to ${money(row.maxValue, row.currency, period)}`;
  else value = row.text || row.quote || "Wage";
  const context = [row.year, row.experience].filter((x) => x !== null && x !== "").join(", ");
  return context ? `${value} (${context})` : value;
}

function outlookText(row) {
  if (row.brightOutlook !== null && row.brightOutlook !== undefined) {
    return row.brightOutlook ? "Bright Outlook occupation (O*NET)" : "Not flagged as a Bright Outlook occupation (O*NET)";
  }
  const parts = [];
  if (row.percentChange !== null) parts.push(`${Number(row.percentChange) > 0 ? "+" : ""}${number(row.percentChange)}%`);
  if (row.value) parts.push(row.value);
  if (row.periodStart !== null && row.periodEnd !== null) parts.push(`${row.periodStart}–${row.periodEnd}`);
  if (row.aspect) parts.push(`(${row.aspect})`);
  return parts.join(" ") || row.text || row.quote || "Outlook";
}

function educationText(row) {
  const level = row.educationLevel || row.value || row.text || "Education";
  return row.percentage !== null ? `${percent(row.percentage)}: ${level}` : level;
}

function factCard(title, rows, text) {
  if (!rows.length) return null;
  return h("div", { class: "card" }, h("h3", {}, title), h("ul", { class: "statement-list" }, rows.map((r) => claimLine(r, text(r)))));
}

function renderProfile(section, profile, allClaims) {
  const { rows: claims, newest, older } = currentRows(allClaims);
  const byClaim = group(claims, "claim");
  const descriptions = byClaim.get("description") || [];
  const lead =
    descriptions.find((r) => r.aspect === "description") || descriptions.find((r) => r.aspect === "summary") || null;
  const others = descriptions.filter((r) => r !== lead);
  const parts = [h("h2", { id: "profile-heading" }, "Profile")];
  if (lead) {
    parts.push(h("p", { class: "description" }, lead.text || lead.quote, traceLink(lead.statement, lead.text || "")), sourceNote(lead));
  }
  const cards = [
    factCard("Job zone", byClaim.get("job zone") || [], (r) => `Job zone ${r.jobZone ?? "?"}${r.value ? ` — ${r.value}` : ""}`),
    factCard("Wages", byClaim.get("wage") || [], wageText),
    factCard("Outlook", byClaim.get("outlook") || [], outlookText),
    factCard("Education", byClaim.get("education") || [], educationText),
  ].filter(Boolean);
  if (cards.length) parts.push(h("div", { class: "facts" }, cards));
  const note = olderReleaseNote(profile.code, newest, older);
  if (note) parts.push(note);
  if (profile.alternateTitles.length) {
    parts.push(h("h3", {}, "Also known as"), h("p", {}, profile.alternateTitles.join(" · ")));
  }
  if (others.length) {
    parts.push(
      h(
        "details",
        {},
        h("summary", {}, `More from the sources (${others.length})`),
        h(
          "ul",
          { class: "statement-list" },
          others.map((r) => claimLine(r, [r.aspect ? h("strong", {}, `${r.aspect}: `) : null, r.text || r.quote || r.value || ""])),
        ),
      ),
    );
  }
  parts.push(
    h(
      "details",
      {},
      h("summary", {}, `Documents and statements (${profile.documents.length} documents)`),
      h("p", {}, "Read from: ", profile.documents.join(", ")),
      dataTable({
        caption: "Statements about this occupation by kind",
        columns: [
          { key: "label", label: "Kind" },
          { key: "count", label: "Statements", num: true },
        ],
        rows: profile.statementCounts,
      }),
    ),
  );
  replace(section, ...parts);
}

// ------------------------------------------------------------------ tasks

function renderTasks(section, allRows, ctx) {
  const { rows, newest, older } = currentRows(allRows);
  const parts = [h("h2", { id: "tasks-heading" }, "Tasks")];
  if (!rows.length) {
    parts.push(h("p", { class: "muted" }, "No source lists tasks for this occupation."));
    replace(section, ...parts);
    return;
  }
  const bySource = group(rows, (r) => `${r.source || r.document}\u0000${r.document}`);
  parts.push(h("p", { class: "muted small" }, `${plural(rows.length, "task statement")} from ${plural(bySource.size, "source")}.`));
  const note = olderReleaseNote(ctx.code, newest, older);
  if (note) parts.push(note);
  let first = true;
  for (const [key, tasks] of bySource) {
    const [source, documentName] = key.split("\u0000");
    const details = h(
      "details",
      { open: first },
      h("summary", {}, `${source} (${tasks.length})`),
      h("p", { class: "small muted" }, `Document ${documentName}`),
      h(
        "ol",
        { class: "statement-list" },
        tasks.map((t) =>
          h("li", {}, t.text, t.taskType ? [" ", h("span", { class: "badge" }, t.taskType)] : null, traceLink(t.statement, t.text)),
        ),
      ),
    );
    parts.push(details);
    first = false;
  }
  replace(section, ...parts);
}

// ------------------------------------------------------------------ skills and knowledge

function rating(ratings, scale) {
  const r = ratings.find((x) => x.scale === scale);
  if (!r) return h("span", { class: "muted" }, "—");
  const min = Number(r.scaleMin ?? 0);
  const max = Number(r.scaleMax ?? 1);
  const share = max > min ? Math.max(0, Math.min(1, (Number(r.value) - min) / (max - min))) : 0;
  const meter = h("span", { class: "meter", "aria-hidden": "true" }, h("span", { "data-share": share.toFixed(3) }));
  meter.firstChild.style.width = `${(share * 100).toFixed(1)}%`;
  return h("span", {}, `${number(r.value)} of ${number(max, 0)}`, meter, traceLink(r.statement, `${r.name} ${r.scaleName || r.scale}`));
}

function renderSkills(section, allRows) {
  const { rows } = currentRows(allRows);
  const parts = [h("h2", { id: "skills-heading" }, "Skills & knowledge")];
  if (!rows.length) {
    parts.push(h("p", { class: "muted" }, "No source lists skills or knowledge for this occupation."));
    replace(section, ...parts);
    return;
  }
  const scales = new Map();
  for (const r of rows) if (r.scale) scales.set(r.scale, r.scaleName || r.scale);
  for (const [kind, label] of [
    ["skill", "Skills"],
    ["knowledge", "Knowledge"],
  ]) {
    const ofKind = rows.filter((r) => r.kind === kind);
    if (!ofKind.length) continue;
    const descriptors = [...group(ofKind, "descriptor").values()].map((statements) => ({
      name: statements[0].name,
      notation: statements[0].notation,
      ratings: statements.filter((s) => s.scale),
      lists: statements.filter((s) => !s.scale),
    }));
    const importance = (d) => Number(d.ratings.find((r) => r.scale === "IM")?.value ?? -1);
    descriptors.sort((a, b) => importance(b) - importance(a) || a.name.localeCompare(b.name));
    const columns = [
      { key: "name", label: kind === "skill" ? "Skill" : "Knowledge area", render: (d) => h("strong", {}, d.name) },
      ...[...scales.entries()].map(([scale, name]) => ({ key: scale, label: name, render: (d) => rating(d.ratings, scale) })),
      {
        key: "lists",
        label: "Listed by",
        render: (d) =>
          d.lists.length
            ? h("ul", { class: "statement-list" }, d.lists.map((s) => h("li", {}, s.source || s.document, traceLink(s.statement, `${s.name} in ${s.source || s.document}`))))
            : h("span", { class: "muted" }, "—"),
      },
    ];
    parts.push(dataTable({ caption: `${label} (${descriptors.length})`, columns, rows: descriptors }));
  }
  if (!scales.size) {
    parts.push(h("p", { class: "muted small" }, "The sources of this occupation list these without ratings; O*NET releases rate importance and level."));
  }
  replace(section, ...parts);
}

// ------------------------------------------------------------------ AI exposure

function scoreView(row) {
  if (row.score === null || row.score === undefined) return h("p", { class: "muted" }, "The source shows no score.");
  const min = Number(row.scaleMin ?? 0);
  const max = Number(row.scaleMax ?? 1);
  const share = max > min ? Math.max(0, Math.min(1, (Number(row.score) - min) / (max - min))) : 0;
  const meter = h("span", { class: "meter", "aria-hidden": "true" }, h("span"));
  meter.firstChild.style.width = `${(share * 100).toFixed(1)}%`;
  return h(
    "p",
    {},
    h("span", { class: "value" }, number(row.score, 3)),
    row.scaleMin !== null && row.scaleMax !== null ? ` on ${number(min)}–${number(max)}` : "",
    meter,
  );
}

function headline(row) {
  const { label, meaning } = measureLabel(row.measure);
  const value = number(row.score, 2);
  const scale = row.scaleMin !== null && row.scaleMax !== null ? ` on ${number(row.scaleMin)}–${number(row.scaleMax)}` : "";
  const standing =
    row.percentile !== null && row.occupations > 1
      ? `, higher than ${Math.round(Number(row.percentile))}% of the ${number(row.occupations, 0)} occupations it scores`
      : "";
  return h(
    "li",
    {},
    h("strong", {}, `${label}: `),
    h("span", { class: "value" }, value),
    scale,
    standing,
    ". ",
    meaning ? h("span", { class: "muted small" }, meaning) : null,
    traceLink(row.statement, `${label} ${value}`),
  );
}

function renderExposure(section, data) {
  const { rows, summary } = data;
  const parts = [h("h2", { id: "exposure-heading" }, "AI exposure")];
  if (!rows.length) {
    parts.push(h("p", { class: "muted" }, "No dataset or document assesses this occupation's exposure to AI."));
    replace(section, ...parts);
    return;
  }
  if (summary.length) {
    const byDataset = group(summary, (r) => datasetLabel(r.dataset));
    parts.push(
      h(
        "div",
        { id: "exposure-headline" },
        [...byDataset].map(([dataset, lines]) =>
          h("div", { class: "exposure-dataset" }, h("h3", {}, dataset), h("ul", { class: "statement-list" }, lines.map(headline))),
        ),
      ),
    );
  } else {
    parts.push(h("p", { class: "muted" }, "No dataset gives this occupation a score of its own; the details below say what the sources state."));
  }
  const details = h("div", {});
  renderExposureDetails(details, rows);
  parts.push(h("details", { id: "exposure-details" }, h("summary", {}, `Every assessment, with its method and source (${rows.length})`), details));
  replace(section, ...parts);
}

function renderExposureDetails(section, rows) {
  const parts = [];
  const whole = rows.filter((r) => !r.task);
  const tasks = rows.filter((r) => r.task);
  parts.push(
    h("p", { class: "muted small" }, "Each assessment as its source states it, side by side: scales and methods differ between sources."),
  );
  if (whole.length) {
    parts.push(
      h(
        "div",
        { class: "cards", id: "exposure-cards" },
        whole.map((r) =>
          h(
            "article",
            { class: "card" },
            h("h4", {}, datasetLabel(r.dataset || r.document)),
            r.measure ? h("p", { class: "small" }, h("strong", {}, "Measure: "), measureLabel(r.measure).label) : null,
            scoreView(r),
            r.scale ? h("p", { class: "small" }, h("strong", {}, "Scale: "), r.scale) : null,
            r.method ? h("p", { class: "small" }, h("strong", {}, "Method: "), r.method) : null,
            h(
              "p",
              { class: "small muted" },
              r.source ? [h("strong", {}, "Source: "), r.source, h("br")] : null,
              r.licence ? [h("strong", {}, "Licence: "), r.licence, h("br")] : null,
              h("strong", {}, "Document: "),
              r.document,
            ),
            traceLink(r.statement, `${r.dataset || ""} ${r.measure || ""} assessment`),
          ),
        ),
      ),
    );
  }
  for (const [dataset, assessed] of group(tasks, (r) => datasetLabel(r.dataset || r.document))) {
    parts.push(
      h(
        "details",
        {},
        h("summary", {}, `Task-level assessments: ${dataset} (${assessed.length})`),
        dataTable({
          caption: `Tasks assessed by ${dataset}`,
          columns: [
            { key: "taskText", label: "Task", render: (r) => r.taskText || r.task },
            { key: "measure", label: "Measure", render: (r) => measureLabel(r.measure).label },
            { key: "score", label: "Score", num: true, render: (r) => (r.score === null ? "—" : number(r.score, 3)) },
            { key: "statement", label: "Source", render: (r) => traceLink(r.statement, r.taskText || "") },
          ],
          rows: assessed,
        }),
      ),
    );
  }
  replace(section, ...parts);
}

// ------------------------------------------------------------------ AI use

// ------------------------------------------------------------------ the page

const SECTIONS = [
  { id: "profile", title: "Profile", load: (ctx) => ctx.named("occupation-claims"), render: (s, claims, ctx) => renderProfile(s, ctx.profile, claims) },
  { id: "tasks", title: "Tasks", load: (ctx) => ctx.named("occupation-tasks"), render: renderTasks },
  { id: "skills", title: "Skills & knowledge", load: (ctx) => ctx.named("occupation-skills"), render: renderSkills },
  {
    id: "exposure",
    title: "AI exposure",
    load: async (ctx) => {
      const [rows, summary] = await Promise.all([ctx.rows("ai-exposure"), ctx.named("occupation-exposure-summary")]);
      return { rows, summary };
    },
    render: renderExposure,
  },
  { id: "ai-use", title: "AI use", load: (ctx) => ctx.rows("ai-use"), render: renderAiUse },
  { id: "durable-skills", title: "Durable skills", load: (ctx) => ctx.rows("durable-skills"), render: renderDurableSkills },
  {
    id: "progression",
    title: "Progression",
    load: (ctx) => api.occupationRows(ctx.code, "progression"),  // with its emptyReason
    render: (s, data, ctx) => {
      replace(s, h("h2", { id: "progression-heading" }, "Progression"));
      renderSectionProgression(s, ctx.code, data);
    },
  },
];

function sectionShell(id, title) {
  return h("section", { id, "aria-labelledby": `${id}-heading` }, h("h2", { id: `${id}-heading` }, title), loading());
}

async function fill(element, section, ctx) {
  try {
    const data = await section.load(ctx);
    section.render(element, data, ctx);
  } catch (error) {
    replace(element, h("h2", { id: `${element.id}-heading` }, section.title), notice("error", `Could not load this section: ${explain(error)}`));
  }
}

async function main() {
  const page = document.getElementById("page");
  const code = codeFromPath();
  let profile;
  try {
    profile = await api.occupation(code);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) renderNotFound(page, code, error);
    else replace(page, h("h1", {}, "Occupation"), notice("error", explain(error)));
    return;
  }
  const title = profile.title || profile.alternateTitles[0] || profile.code;
  document.title = `${title} (${profile.code}) · skillscape`;
  const elements = Object.fromEntries(SECTIONS.map((s) => [s.id, sectionShell(s.id, s.title)]));
  replace(
    page,
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, title, " ", h("span", { class: "code" }, profile.code)),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button secondary", href: pages.adjacent(profile.code) }, "Adjacent occupations"),
        h("a", { class: "button secondary", href: pages.pivots({ origin: profile.code }) }, "Explore pivots from here"),
      ),
    ),
    h("nav", { class: "toc", "aria-label": "On this page" }, h("ul", {}, SECTIONS.map((s) => h("li", {}, h("a", { href: `#${s.id}` }, s.title))))),
    Object.values(elements),
  );
  const c = profile.code;
  const ctx = {
    code: c,
    profile,
    rows: (name) => api.occupationRows(c, name).then((r) => r.rows),
    named: (name) => api.named(name, { occupation: c }).then((r) => r.rows),
  };
  await Promise.all(SECTIONS.map((section) => fill(elements[section.id], section, ctx)));
  if (window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  page.dataset.ready = "true";
  announce(`${title} loaded.`);
}

main();
