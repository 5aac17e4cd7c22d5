// The SPARQL page: the named queries as examples (run with their parameters, or copied into the
// editor), an editor for any read-only query, results as a table, and CSV / JSON downloads.

import { ApiError, api, explain, url } from "./api.js";
import { announce, clear, dataTable, download, h, loading, notice, replace } from "./dom.js";
import { plural } from "./format.js";
import { traceLink } from "./trace.js";

const STATEMENT_BASE = "https://w3id.org/skillscape/id/statement/";
const DEFAULT_EDITOR_EXAMPLE = "summary";
const ROWS_SHOWN = 1000;

const state = { queries: new Map(), lastEditorJSON: null };

function cellValue(value) {
  if (value === null || value === undefined) return "";
  const text = String(value);
  if (text.startsWith(STATEMENT_BASE)) return [h("code", { class: "small" }, text), traceLink(text)];
  if (/^https?:\/\//.test(text)) return h("code", { class: "small" }, text);
  return text;
}

function resultsTable(caption, columns, rows) {
  return dataTable({
    caption,
    columns: columns.map((c) => ({ key: c, label: c, render: (row) => cellValue(row[c]) })),
    rows,
    className: "results-table",
  });
}

function announceSummary() {
  announce(document.getElementById("result-summary")?.textContent || "");
}

function showError(error, text) {
  const target = document.getElementById("sparql-results");
  replace(target, notice("error", h("p", {}, text || explain(error))));
  announce(text || explain(error));
}

// ------------------------------------------------------------------ named queries

function group(name) {
  return name.includes("/") ? name.split("/")[0] : "";
}

function fillQueryList(select, queries) {
  const groups = new Map();
  for (const q of queries) {
    const key = group(q.name);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(q);
  }
  const order = [...groups.keys()].sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)));
  for (const key of order) {
    const options = groups.get(key).map((q) => h("option", { value: q.name }, q.name));
    if (key) select.append(h("optgroup", { label: key }, options));
    else select.append(...options);
  }
}

function paramField(parameter, initial) {
  const id = `param-${parameter.name}`;
  const hint = [parameter.doc, parameter.default !== null && parameter.default !== "" ? `Default: ${parameter.default}` : ""]
    .filter(Boolean)
    .join(" ");
  return h(
    "div",
    { class: "field" },
    h(
      "label",
      { for: id },
      parameter.name,
      parameter.required ? h("span", { class: "hint" }, `${parameter.type}, required`) : h("span", { class: "hint" }, `${parameter.type}, optional`),
    ),
    h("input", {
      type: "text",
      id,
      name: parameter.name,
      value: initial ?? parameter.default ?? "",
      required: parameter.required,
      "aria-describedby": hint ? `${id}-hint` : null,
      spellcheck: "false",
    }),
    hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null,
  );
}

function selectQuery(name) {
  const query = state.queries.get(name);
  const purpose = document.getElementById("named-purpose");
  const params = document.getElementById("named-params");
  const fromUrl = new URLSearchParams(window.location.search);
  purpose.textContent = query ? `${query.purpose} Columns: ${query.columns.join(", ") || "—"}.` : "";
  clear(params);
  for (const parameter of query?.parameters || []) params.append(paramField(parameter, fromUrl.get(parameter.name)));
}

function namedParams() {
  const params = {};
  for (const input of document.querySelectorAll("#named-params input")) {
    if (input.value.trim() !== "") params[input.name] = input.value.trim();
  }
  return params;
}

async function runNamed(event) {
  event.preventDefault();
  const name = document.getElementById("named-query").value;
  const query = state.queries.get(name);
  const params = namedParams();
  const missing = (query?.parameters || []).filter((p) => p.required && !(p.name in params));
  const target = document.getElementById("sparql-results");
  if (missing.length) {
    replace(target, notice("error", `Fill in ${missing.map((p) => p.name).join(", ")} to run ${name}.`));
    document.getElementById(`param-${missing[0].name}`)?.focus();
    return;
  }
  replace(target, loading(`Running ${name}…`));
  try {
    const page = await api.namedPage(name, { ...params, limit: ROWS_SHOWN });
    const csv = url(`/queries/${name}`, { ...params, format: "csv", limit: ROWS_SHOWN });
    const json = url(`/queries/${name}`, { ...params, format: "json", limit: ROWS_SHOWN });
    const summary =
      page.boolean !== null && page.boolean !== undefined
        ? `Answer: ${page.boolean ? "yes" : "no"}.`
        : `${plural(page.total, "row")}${page.total > page.rows.length ? `, showing the first ${page.rows.length}` : ""}.`;
    replace(
      target,
      h("p", { role: "status", id: "result-summary" }, `${name}: ${summary}`),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button secondary", href: csv, download: `${name.replaceAll("/", "-")}.csv` }, "Download CSV"),
        h("a", { class: "button secondary", href: json, download: `${name.replaceAll("/", "-")}.json` }, "Download JSON"),
      ),
      page.rows.length ? resultsTable(`Results of ${name}`, page.columns, page.rows) : h("p", { class: "muted" }, "No rows."),
    );
    announceSummary();
  } catch (error) {
    showError(error);
  }
}

async function loadExample(name, { focus = true } = {}) {
  const editor = document.getElementById("sparql-text");
  try {
    const response = await fetch(`/sparql-editor/examples/${name}`);
    if (!response.ok) throw new ApiError(response.status, `No example ${name}`, null);
    editor.value = await response.text();
    const query = state.queries.get(name);
    const unbound = (query?.parameters || []).map((p) => `?${p.name}`);
    const note = document.getElementById("editor-note");
    note.textContent = unbound.length
      ? `In the editor ${unbound.join(", ")} ${unbound.length === 1 ? "is" : "are"} not bound: add a VALUES clause to bind ${unbound.length === 1 ? "it" : "them"}.`
      : "";
    if (focus) editor.focus();
  } catch (error) {
    showError(error);
  }
}

// ------------------------------------------------------------------ the editor

async function postQuery(text, accept) {
  const body = new URLSearchParams({ query: text });
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const content = await response.text();
  if (!response.ok) {
    let detail = content;
    try {
      detail = JSON.parse(content).detail || content;
    } catch {
      // a plain-text error message
    }
    throw new ApiError(response.status, detail, null);
  }
  return { response, content };
}

function sparqlRows(json) {
  const vars = json.head?.vars || [];
  const rows = (json.results?.bindings || []).map((binding) =>
    Object.fromEntries(vars.map((v) => [v, binding[v] ? binding[v].value : null])),
  );
  return { vars, rows };
}

async function runEditor(event) {
  event?.preventDefault();
  const text = document.getElementById("sparql-text").value;
  const target = document.getElementById("sparql-results");
  if (!text.trim()) {
    replace(target, notice("error", "Write a query first, or copy a named query into the editor."));
    return;
  }
  replace(target, loading("Running the query…"));
  try {
    const { response, content } = await postQuery(text, "application/sparql-results+json, text/turtle;q=0.9");
    const media = (response.headers.get("content-type") || "").split(";")[0];
    const more = response.headers.get("x-next-offset");
    const limit = response.headers.get("x-row-limit");
    if (media !== "application/sparql-results+json") {
      state.lastEditorJSON = null;
      replace(
        target,
        h("p", { role: "status", id: "result-summary" }, "The query returned a graph (Turtle)."),
        h("div", { class: "actions" }, downloadButton("Download Turtle", () => download("results.ttl", "text/turtle", content))),
        h("pre", { class: "document-text", tabindex: "0" }, content),
      );
      announceSummary();
      return;
    }
    const json = JSON.parse(content);
    state.lastEditorJSON = content;
    if (typeof json.boolean === "boolean") {
      replace(target, h("p", { role: "status", id: "result-summary" }, `Answer: ${json.boolean ? "yes" : "no"}.`));
      announceSummary();
      return;
    }
    const { vars, rows } = sparqlRows(json);
    replace(
      target,
      h(
        "p",
        { role: "status", id: "result-summary" },
        `${plural(rows.length, "row")}.`,
        more ? ` More rows follow (the row limit is ${limit}); add LIMIT/OFFSET to page through them.` : "",
      ),
      h(
        "div",
        { class: "actions" },
        downloadButton("Download CSV", () => downloadCSV(text)),
        downloadButton("Download JSON", () => download("results.json", "application/sparql-results+json", state.lastEditorJSON)),
      ),
      rows.length ? resultsTable("Query results", vars, rows) : h("p", { class: "muted" }, "No rows."),
    );
    announceSummary();
  } catch (error) {
    const syntax = error instanceof ApiError && error.status === 400;
    showError(error, syntax ? `The query is not valid SPARQL: ${error.detail}` : null);
  }
}

function downloadButton(label, action) {
  const button = h("button", { type: "button", class: "secondary" }, label);
  button.addEventListener("click", action);
  return button;
}

async function downloadCSV(text) {
  try {
    const { content } = await postQuery(text, "text/csv");
    download("results.csv", "text/csv", content);
  } catch (error) {
    showError(error);
  }
}

// ------------------------------------------------------------------ the page

async function main() {
  const select = document.getElementById("named-query");
  document.getElementById("editor-form").append(h("p", { class: "hint", id: "editor-note", "aria-live": "polite" }));
  let queries;
  try {
    queries = await api.queries();
  } catch (error) {
    showError(error);
    return;
  }
  for (const q of queries) state.queries.set(q.name, q);
  fillQueryList(select, queries);
  const wanted = new URLSearchParams(window.location.search).get("query");
  select.value = state.queries.has(wanted) ? wanted : state.queries.has("progression") ? "progression" : queries[0]?.name;
  selectQuery(select.value);
  select.addEventListener("change", () => selectQuery(select.value));
  document.getElementById("named-form").addEventListener("submit", runNamed);
  document.getElementById("load-example").addEventListener("click", () => loadExample(select.value));
  document.getElementById("editor-form").addEventListener("submit", runEditor);
  document.getElementById("sparql-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runEditor(event);
  });
  if (state.queries.has(DEFAULT_EDITOR_EXAMPLE)) await loadExample(DEFAULT_EDITOR_EXAMPLE, { focus: false });
  document.body.dataset.ready = "true";
}

main();
