// Adjacent occupations: the closest moves from an occupation, with what transfers and what is missing.

import { ApiError, api, codeFromPath, explain, pages } from "./api.js";
import { announce, h, notice, replace } from "./dom.js";
import { kindLabel, number } from "./format.js";
import { renderNotFound } from "./notfound.js";
import { traceLink } from "./trace.js";

const K = 20;

function transfers(items) {
  if (!items?.length) return h("p", { class: "muted small" }, "Nothing listed.");
  return h(
    "ul",
    { class: "transfer-list" },
    items.map((t) => h("li", {}, t.name, " ", h("span", { class: "badge" }, kindLabel(t.kind)))),
  );
}

function gaps(items) {
  if (!items?.length) return h("p", { class: "muted small" }, "No gap listed.");
  return h(
    "ul",
    { class: "gap-list" },
    items.map((g) =>
      h(
        "li",
        {},
        g.name,
        " ",
        h("span", { class: "badge" }, kindLabel(g.kind)),
        g.importance !== null && g.importance !== undefined ? h("span", { class: "muted small" }, ` importance ${number(g.importance)}`) : null,
      ),
    ),
  );
}

export function adjacentCard(origin, item, rank) {
  const share = Math.max(0, Math.min(1, Number(item.score)));
  const meter = h("span", { class: "meter", "aria-hidden": "true" }, h("span"));
  meter.firstChild.style.width = `${(share * 100).toFixed(1)}%`;
  return h(
    "li",
    { class: "card", "data-code": item.code },
    h(
      "h3",
      {},
      `${rank}. `,
      h("a", { href: pages.occupation(item.code) }, item.title || item.code),
      " ",
      h("span", { class: "badge" }, item.code),
    ),
    h("p", {}, `Similarity ${number(item.score, 3)}`, meter, item.statement ? traceLink(item.statement, `similarity to ${item.title}`) : null),
    h("h4", {}, "What transfers"),
    transfers(item.transfers),
    h("h4", {}, "What is missing"),
    gaps(item.gaps),
    h("p", { class: "small" }, h("a", { href: pages.pivots({ origin, to: item.code }) }, "Paths to this occupation")),
  );
}

async function main() {
  const page = document.getElementById("page");
  const code = codeFromPath();
  let profile;
  try {
    profile = await api.occupation(code);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) renderNotFound(page, code, error);
    else replace(page, h("h1", {}, "Adjacent occupations"), notice("error", explain(error)));
    return;
  }
  const title = profile.title || profile.code;
  document.title = `Adjacent to ${title} · skillscape`;
  const head = [
    h("h1", {}, "Adjacent to ", h("a", { href: pages.occupation(profile.code) }, title), " ", h("span", { class: "badge" }, profile.code)),
    h(
      "p",
      { class: "lede" },
      "The occupations closest to this one, by what they share: what transfers from here, and what someone would still need to learn.",
    ),
  ];
  let items;
  try {
    items = await api.adjacent(profile.code, K);
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404 && !error.body?.suggestions;
    replace(
      page,
      ...head,
      notice(
        missing ? "warn" : "error",
        missing ? "This server does not compute adjacent occupations (its graph has no occupation similarities)." : explain(error),
      ),
    );
    return;
  }
  const list = items.length
    ? h("ol", { class: "cards", id: "adjacent-list", role: "list" }, items.map((item, i) => adjacentCard(profile.code, item, i + 1)))
    : notice("info", "No adjacent occupation is known for this one: the graph holds no similarity from it.");
  replace(
    page,
    ...head,
    h("div", { class: "actions" }, h("a", { class: "button secondary", href: pages.pivots({ origin: profile.code }) }, "Explore pivot paths")),
    list,
  );
  page.dataset.ready = "true";
  announce(`${items.length} adjacent occupations.`);
}

main();
