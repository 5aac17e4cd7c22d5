// Small DOM helpers: build elements without innerHTML (text is always text), tables, downloads.

const SVG_NS = "http://www.w3.org/2000/svg";

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setAttributes(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.setAttribute("class", value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, String(value));
  }
  return node;
}

/** An HTML element: h("a", {href: "/"}, "Home"). */
export function h(tag, attrs, ...children) {
  return append(setAttributes(document.createElement(tag), attrs), children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return append(setAttributes(document.createElementNS(SVG_NS, tag), attrs), children);
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export function replace(node, ...children) {
  clear(node);
  return append(node, children);
}

/** A message box: kind is "info", "error", "ok" or "warn". */
export function notice(kind, ...children) {
  const attrs = { class: `notice ${kind === "info" ? "" : kind}`.trim() };
  if (kind === "error") attrs.role = "alert";
  return h("div", attrs, ...children);
}

/** Say `text` to screen-reader users (one polite live region per page, made on first use). */
export function announce(text) {
  let region = document.getElementById("announcer");
  if (!region) {
    region = h("div", { id: "announcer", class: "visually-hidden", "aria-live": "polite" });
    document.body.append(region);
  }
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 60);
}

export function loading(text = "Loading…") {
  return h("p", { class: "loading", role: "status" }, text);
}

/** A table in a scrollable, keyboard-focusable region. columns: [{key, label, num, render}] */
export function dataTable({ caption, columns, rows, className = "" }) {
  const head = h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c.label ?? c.key))));
  const body = h(
    "tbody",
    {},
    rows.map((row) =>
      h(
        "tr",
        {},
        columns.map((c) => {
          const value = c.render ? c.render(row) : displayValue(row[c.key]);
          return h("td", { class: c.num ? "num" : null }, value);
        }),
      ),
    ),
  );
  const table = h("table", { class: className }, caption ? h("caption", {}, caption) : null, head, body);
  return h("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-label": caption || "Table" }, table);
}

export function displayValue(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** RFC 4180 CSV: every field quoted when it needs to be, CRLF line ends, a BOM for spreadsheets. */
export function toCSV(header, rows) {
  const field = (value) => {
    const text = displayValue(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [header, ...rows].map((row) => row.map(field).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

/** Offer text as a file download. */
export function download(filename, mediaType, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const link = h("a", { href: url, download: filename, class: "visually-hidden" }, filename);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A short, file-name-safe form of a text. */
export function slug(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}
