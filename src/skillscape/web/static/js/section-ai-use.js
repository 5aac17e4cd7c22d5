// The occupation page's "AI use" section: what a framework says a worker does with AI at each
// proficiency level, and what datasets of AI conversations measured on the occupation's tasks and
// on the work activities its tasks belong to, each figure in plain words with its source.
// Rows come from GET /occupations/{code}/ai-use (named query ai-use; column `kind`).

import { h, replace } from "./dom.js";
import { plural } from "./format.js";
import { traceLink } from "./trace.js";

function group(rows, key) {
  const groups = new Map();
  for (const row of rows) {
    const k = row[key];
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(row);
  }
  return groups;
}

function levelCards(rows) {
  const levels = [...group(rows, "level").entries()].sort((a, b) => Number(a[1][0].rank) - Number(b[1][0].rank));
  return h(
    "div",
    { class: "cards", id: "ai-use-levels" },
    levels.map(([level, statements]) =>
      h(
        "article",
        { class: "card" },
        h("h3", {}, level),
        h(
          "ul",
          { class: "statement-list" },
          statements.map((s) =>
            h(
              "li",
              {},
              s.title ? h("strong", {}, `${s.title}: `) : null,
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

/** One task or activity: its name, then each figure as a sentence with a link to its source row. */
function subjectBlock(label, figures) {
  return h(
    "details",
    { class: "ai-use-subject" },
    h("summary", {}, label, " ", h("span", { class: "muted" }, `(${plural(figures.length, "figure")})`)),
    h(
      "ul",
      { class: "statement-list" },
      figures.map((f) => h("li", {}, f.text, traceLink(f.statement, f.text))),
    ),
  );
}

function measured(id, heading, intro, rows) {
  const subjects = [...group(rows, "subject_label").entries()];
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  return h(
    "div",
    { class: "ai-use-measured", id },
    h("h3", {}, heading),
    h("p", {}, intro),
    subjects.map(([label, figures]) => subjectBlock(label, figures)),
    h("p", { class: "citations" }, `Source: ${datasets.join("; ")}. Each figure links to the row of the dataset it comes from.`),
  );
}

/** Render the section into `section` from the rows of the ai-use query. */
export function renderAiUse(section, rows) {
  const parts = [h("h2", { id: "ai-use-heading" }, "AI use")];
  if (!rows.length) {
    parts.push(h("p", { class: "muted" }, "No source says how workers in this occupation use AI."));
    replace(section, ...parts);
    return;
  }
  const levels = rows.filter((r) => r.kind === "level");
  const tasks = rows.filter((r) => r.kind === "task");
  const activities = rows.filter((r) => r.kind === "activity");
  if (levels.length) {
    parts.push(h("h3", {}, "By proficiency level, as a skills framework describes it"), levelCards(levels));
  }
  if (tasks.length) {
    parts.push(
      measured(
        "ai-use-tasks",
        "Observed on this occupation's tasks",
        "How people used an AI assistant (Claude) in conversations about each task: the share of those conversations in each way of working with it.",
        tasks,
      ),
    );
  }
  if (activities.length) {
    parts.push(
      measured(
        "ai-use-activities",
        "Observed on the work activities of its tasks",
        "How often people sought help from an AI assistant (Bing Copilot) with each work activity this occupation's tasks belong to, how often the AI performed it, and how well and how far it helped. These figures describe the activity across all occupations, not this occupation alone.",
        activities,
      ),
    );
  }
  replace(section, ...parts);
}
