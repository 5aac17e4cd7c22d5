// The provenance trace of one statement: the quoted passage highlighted in its document, the
// document's details and the sources the passage cites. Used by the trace page and, in a dialog,
// by every link to a statement's source on every page.

import { ApiError, api, explain, pages, url } from "./api.js";
import { h, loading, notice, replace } from "./dom.js";

const PREFIXES = {
  ss: "https://w3id.org/skillscape/ontology#",
  id: "https://w3id.org/skillscape/id/",
  skos: "http://www.w3.org/2004/02/skos/core#",
  dct: "http://purl.org/dc/terms/",
  prov: "http://www.w3.org/ns/prov#",
  oa: "http://www.w3.org/ns/oa#",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  schema: "https://schema.org/",
  xsd: "http://www.w3.org/2001/XMLSchema#",
};

/** ss:Task for https://w3id.org/skillscape/ontology#Task (known prefixes only). */
export function compact(iri) {
  const text = String(iri);
  for (const [prefix, base] of Object.entries(PREFIXES)) {
    if (text.startsWith(base) && text.length > base.length) return `${prefix}:${text.slice(base.length)}`;
  }
  return text;
}

/** The UTF-16 index of a code-point offset (the graph counts code points, JavaScript UTF-16 units). */
export function codePointIndex(text, offset) {
  let index = 0;
  for (let n = 0; n < offset && index < text.length; n += 1) {
    index += text.codePointAt(index) > 0xffff ? 2 : 1;
  }
  return index;
}

function heading(level, text) {
  return h(`h${level}`, {}, text);
}

function details(pairs) {
  const items = pairs.filter(([, value]) => value !== null && value !== undefined && value !== "");
  return h(
    "dl",
    { class: "details" },
    items.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
}

function statementProperties(rows) {
  const byProperty = new Map();
  for (const row of rows) {
    const key = compact(row.property);
    if (!byProperty.has(key)) byProperty.set(key, []);
    const values = byProperty.get(key);
    const shown = typeof row.value === "string" ? compact(row.value) : String(row.value);
    if (!values.includes(shown)) values.push(shown);
  }
  const pairs = [...byProperty.entries()]
    .filter(([key]) => key !== "prov:wasDerivedFrom")
    .map(([key, values]) => [key, values.join(" · ")]);
  return details(pairs);
}

function highlighted(content, quote) {
  const start = codePointIndex(content, quote.start);
  const end = codePointIndex(content, quote.end);
  const passage = content.slice(start, end);
  const mark = h("mark", { id: "quoted-passage" }, passage);
  const text = h("pre", { class: "document-text", tabindex: "0", "aria-label": "Document text" });
  text.append(content.slice(0, start), mark, content.slice(end));
  return { text, mark, matches: quote.exact === null || passage === quote.exact };
}

/** Scroll the document box (not the page) so that the highlighted passage is in view. */
function centreIn(box, mark) {
  box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
}

async function documentRecord(iri, signal) {
  try {
    const { rows } = await api.named("source-document", { document: iri }, signal);
    return rows[0] || null;
  } catch (error) {
    if (error.name === "AbortError") throw error;
    return null;
  }
}

async function propertiesOf(iri, signal) {
  try {
    return (await api.named("statement", { statement: iri }, signal)).rows;
  } catch (error) {
    if (error.name === "AbortError") throw error;
    return [];
  }
}

function valuesOf(rows, property) {
  return [...new Set(rows.filter((r) => r.property === property).map((r) => String(r.value)))];
}

/**
 * A statement that was derived (by an algorithm over other graphs), not read from a document:
 * its properties, the derivation activity and the algorithm with its parameters.
 * Resolves to false when the graph holds nothing about `iri`.
 */
async function renderDerived(container, iri, level, signal) {
  const rows = await propertiesOf(iri, signal);
  if (!rows.length) return false;
  const parts = [
    heading(level, "A derived statement"),
    notice("info", "This statement was computed from other graphs, not read from a document: its trace is the derivation below."),
    statementProperties(rows),
  ];
  for (const activity of valuesOf(rows, `${PREFIXES.prov}wasGeneratedBy`)) {
    const made = await propertiesOf(activity, signal);
    parts.push(heading(level, "Derivation"), details([["Activity", h("code", {}, activity)]]), statementProperties(made));
    for (const algorithm of valuesOf(made, `${PREFIXES.prov}wasAssociatedWith`)) {
      parts.push(heading(level, "Algorithm"), statementProperties(await propertiesOf(algorithm, signal)));
    }
  }
  replace(container, ...parts);
  return true;
}

/** The trace of a statement an algorithm made: the run, the algorithm, its parameters and inputs. */
function derivationParts(trace, rows, level, iri) {
  const d = trace.derivation;
  const occupation = (node) =>
    node ? h("a", { href: pages.occupation(node.code) }, `${node.code} ${node.title || ""}`.trim()) : "—";
  const read = d.used.map((u) =>
    h("span", {}, u.title || compact(u.graph), u.release ? ` (release ${u.release})` : "", " "),
  );
  const parts = [
    heading(level, "A derived statement"),
    notice("info", "This statement was computed by an algorithm from other graphs, not read from a document."),
    details([
      ["Algorithm", `${d.algorithm} ${d.version}`],
      ["Run", h("code", {}, d.activity)],
      ["Computed at", d.generatedAt || "—"],
      ["Read", read.length ? h("span", {}, ...read) : "—"],
      ["From", occupation(d.occupation)],
      ["To", occupation(d.target)],
      ["Score", d.score === null ? "—" : String(d.score)],
    ]),
    heading(level, "Parameters"),
    details(Object.entries(d.parameters).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)])),
  ];
  if (d.features) {
    parts.push(heading(level, "Score per feature family"));
    parts.push(details(Object.entries(d.features).map(([k, v]) => [k, String(v)])));
  }
  if (rows.length) parts.push(heading(level, "What the statement says"), statementProperties(rows));
  parts.push(
    h(
      "p",
      { class: "small" },
      h("a", { href: url("/provenance", { iri }) }, "This trace as JSON"),
      " · ",
      h("a", { href: pages.trace(iri) }, "Open on its own page"),
    ),
  );
  return parts;
}

/**
 * Render the trace of `iri` into `container`; headings start at `level`.
 * Resolves to the trace (or null when the statement has none).
 */
export async function renderTrace(container, iri, { level = 2, signal } = {}) {
  replace(container, loading("Tracing the statement to its source…"));
  let trace;
  let properties;
  try {
    [trace, properties] = await Promise.all([
      api.provenance(iri, signal),
      api.named("statement", { statement: iri }, signal).catch(() => ({ rows: [] })),
    ]);
  } catch (error) {
    if (error.name === "AbortError") return null;
    const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
    if (missing && (await renderDerived(container, iri, level, signal))) return { statement: iri, derived: true };
    replace(
      container,
      notice(
        "error",
        missing ? `No statement with a provenance trace at ${iri}.` : explain(error),
        " ",
        h("a", { href: "/" }, "Search occupations"),
      ),
    );
    return null;
  }
  if (trace.derivation) {
    replace(container, ...derivationParts(trace, properties.rows || [], level, iri));
    return trace;
  }
  const doc = await documentRecord(trace.document.iri, signal);
  const parts = [];
  parts.push(heading(level, "Quoted passage"));
  if (trace.quote && trace.quote.exact !== null) {
    parts.push(h("blockquote", { class: "quote", "data-testid": "exact-quote" }, trace.quote.exact));
    parts.push(
      trace.quote.start === null && trace.row
        ? h("p", { class: "small muted" }, `The row's cells: row selector `, h("code", {}, trace.row), ` (RFC 7111) of the table `, h("code", {}, trace.document.identifier), ".")
        : h(
            "p",
            { class: "small muted" },
            `Code points ${trace.quote.start}–${trace.quote.end} (end exclusive) of ${trace.document.identifier}.`,
          ),
    );
  } else if (trace.row) {
    parts.push(
      h("p", {}, `Row selector `, h("code", {}, trace.row), ` (RFC 7111) of the table `, h("code", {}, trace.document.identifier), "."),
    );
    if (trace.rowContent) {
      parts.push(
        h("p", {}, "The row, read back from the source file (its SHA-256 checked):"),
        details(Object.entries(trace.rowContent)),
      );
    }
  } else {
    parts.push(h("p", { class: "muted" }, "The trace records no quote for this statement."));
  }

  let mark = null;
  if (doc?.content && trace.quote && trace.quote.start !== null) {
    const shown = highlighted(doc.content, trace.quote);
    mark = shown.mark;
    parts.push(heading(level, "In its document"));
    parts.push(
      shown.matches
        ? notice("ok", "The quote is exactly the document's text at these offsets (highlighted below).")
        : notice("error", "The quote differs from the document's text at these offsets."),
    );
    parts.push(shown.text);
  } else if (doc && !doc.content) {
    parts.push(h("p", { class: "muted" }, "The build keeps no full text of this document (a tabular release is cited by row)."));
  }

  parts.push(heading(level, "Document"));
  parts.push(
    details([
      ["File", trace.document.identifier],
      ["Title", doc?.title],
      ["Kind", doc?.kind],
      ["Media type", trace.document.format],
      ["SHA-256", h("code", {}, trace.document.sha256)],
      ["Read at", trace.document.readAt],
      ["Source", doc?.graphTitle],
      ["Release", doc?.release],
      ["Attribution", doc?.attribution],
      ["Licence", doc?.licence],
    ]),
  );

  parts.push(heading(level, "Sources the passage cites"));
  if (trace.citedSources.length) {
    parts.push(
      h(
        "ul",
        { class: "cited-sources" },
        trace.citedSources.map((source) =>
          h(
            "li",
            {},
            h("strong", {}, source.title),
            source.version ? ` — version ${source.version}` : "",
            source.publisher ? ` — ${source.publisher}` : "",
            source.licence ? ` — licence: ${source.licence}` : "",
          ),
        ),
      ),
    );
  } else {
    parts.push(h("p", { class: "muted" }, "The passage cites no source of its own."));
  }
  parts.push(heading(level, "What the statement says"));
  parts.push(
    details([
      ["Statement", h("code", {}, trace.statement)],
      ["Kind", trace.types.map(compact).join(", ")],
      ["Named graph", doc?.graphTitle ? `${doc.graphTitle} (${compact(trace.graph)})` : compact(trace.graph)],
    ]),
  );
  if (properties.rows?.length) parts.push(statementProperties(properties.rows));

  parts.push(
    h(
      "p",
      { class: "small" },
      h("a", { href: url("/provenance", { iri }) }, "This trace as JSON"),
      " · ",
      h("a", { href: pages.trace(iri) }, "Open on its own page"),
    ),
  );
  replace(container, ...parts);
  if (mark) centreIn(mark.parentElement, mark);
  return trace;
}

// ------------------------------------------------------------------ links that open a trace

let dialog = null;
let dialogBody = null;
let controller = null;

function ensureDialog() {
  if (dialog) return dialog;
  dialogBody = h("div", { class: "dialog-body", id: "trace-dialog-body" });
  const close = h("button", { type: "button", class: "secondary", "data-close": "" }, "Close");
  dialog = h(
    "dialog",
    { class: "trace-dialog", "aria-labelledby": "trace-dialog-title" },
    h("div", { class: "dialog-head" }, h("h2", { id: "trace-dialog-title" }, "Provenance"), close),
    dialogBody,
  );
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener("close", () => controller?.abort());
  document.body.append(dialog);
  return dialog;
}

/** Open the trace of `iri` in a modal dialog (focus returns to the opener when it closes). */
export function openTrace(iri) {
  ensureDialog();
  controller?.abort();
  controller = new AbortController();
  if (!dialog.open) dialog.showModal();
  renderTrace(dialogBody, iri, { level: 3, signal: controller.signal });
}

/** A link to a statement's trace: opens the dialog, or the trace page with a modifier key. */
export function traceLink(iri, about = "", text = "source") {
  const label = about ? `Source of “${about.length > 80 ? about.slice(0, 77) + "…" : about}”` : "Source of this statement";
  const attrs = { href: pages.trace(iri), class: "trace-link", "data-statement": iri };
  if (text === "source") attrs["aria-label"] = label;
  const link = h("a", attrs, text);
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openTrace(iri);
  });
  return link;
}
