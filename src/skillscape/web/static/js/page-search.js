// The home and search page: instant suggestions, then a result list for a submitted search.

import { ApiError, api, explain, getJSON, pages, url } from "./api.js";
import { announce, h, notice, replace } from "./dom.js";
import { number, plural } from "./format.js";
import { attachSuggestions } from "./suggest.js";

const EXAMPLES = ["library", "25-4031.00", "clerk"];

function resultItem(item) {
  const alternates = item.alternateTitles?.slice(0, 4).join(", ");
  return h(
    "li",
    {},
    h("a", { href: pages.occupation(item.code) }, item.title || item.code),
    " ",
    h("span", { class: "badge" }, item.code),
    alternates ? h("div", { class: "alt" }, `Also known as: ${alternates}`) : null,
  );
}

function examples() {
  return h(
    "p",
    {},
    "For example: ",
    EXAMPLES.map((q, i) => [i ? ", " : "", h("a", { href: pages.search(q) }, q)]),
    ".",
  );
}

async function closest(q) {
  // the profile endpoint answers an unknown code or title with the closest matches
  try {
    await api.occupation(q);
    return [];
  } catch (error) {
    return error instanceof ApiError && error.status === 404 ? error.body?.suggestions || [] : [];
  }
}

async function showResults(section, q) {
  const heading = h("h2", { id: "results-heading" }, "Results");
  if (!q) {
    replace(
      section,
      heading,
      notice(
        "info",
        h("p", {}, "Type part of an occupation's title, one of its alternate titles, or its O*NET-SOC code, then press Search."),
        examples(),
      ),
    );
    return;
  }
  replace(section, heading, h("p", { class: "loading", role: "status" }, `Searching for “${q}”…`));
  let page;
  try {
    page = await getJSON(url("/occupations", { q, limit: 50 }));
  } catch (error) {
    replace(section, heading, notice("error", explain(error)));
    return;
  }
  if (page.total === 0) {
    const near = await closest(q);
    replace(
      section,
      heading,
      notice(
        "warn",
        h("p", {}, `No occupation has “${q}” in its code, title or alternate titles.`),
        near.length
          ? [h("p", {}, "Closest matches:"), h("ul", { class: "results" }, near.map(resultItem))]
          : examples(),
      ),
    );
    return;
  }
  const list = h("ul", { class: "results", id: "result-list" }, page.items.map(resultItem));
  const parts = [heading, h("p", { role: "status" }, `${plural(page.total, "occupation")} match “${q}”.`), list];
  if (page.next) {
    const more = h("button", { type: "button", class: "secondary" }, "Show more");
    let next = page.next;
    more.addEventListener("click", async () => {
      const link = new URL(next, window.location.origin);
      const following = await getJSON(link.pathname + link.search);
      list.append(...following.items.map(resultItem));
      next = following.next;
      if (!next) more.remove();
    });
    parts.push(more);
  }
  replace(section, ...parts);
  announce(`${plural(page.total, "occupation")} found.`);
}

async function showStats() {
  try {
    const stats = await getJSON("/stats");
    const body = document.getElementById("stats-body");
    const counts = stats.counts || {};
    const wanted = ["occupations", "statements", "source documents", "cited sources", "named graphs"];
    replace(
      body,
      h(
        "ul",
        {},
        wanted.filter((k) => k in counts).map((k) => h("li", {}, h("strong", {}, number(counts[k], 0)), ` ${k}`)),
      ),
    );
    document.getElementById("stats").hidden = false;
  } catch {
    // the statistics are a nicety: the search works without them
  }
}

function main() {
  const input = document.getElementById("q");
  attachSuggestions(input);
  const params = new URLSearchParams(window.location.search);
  const section = document.getElementById("results");
  if (window.location.pathname === "/search") {
    const q = (params.get("q") || "").trim();
    input.value = q;
    document.title = q ? `“${q}” · Search · skillscape` : "Search · skillscape";
    showResults(section, q);
  } else {
    showStats();
  }
}

main();
