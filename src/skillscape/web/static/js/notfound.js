// The page for an occupation the graph does not hold: the closest matches and a search field.

import { pages } from "./api.js";
import { h, notice, replace } from "./dom.js";
import { attachSuggestions } from "./suggest.js";

export function renderNotFound(page, code, error) {
  const suggestions = error.body?.suggestions || [];
  document.title = "Occupation not found · skillscape";
  const input = h("input", { type: "search", id: "nf-q", name: "q", value: code });
  replace(
    page,
    h("h1", {}, "Occupation not found"),
    notice(
      "warn",
      h("p", {}, `The graph holds no occupation with the code or title “${code}”.`),
      suggestions.length
        ? [
            h("p", {}, "Did you mean:"),
            h(
              "ul",
              { class: "results", id: "suggested" },
              suggestions.map((s) =>
                h("li", {}, h("a", { href: pages.occupation(s.code) }, s.title || s.code), " ", h("span", { class: "badge" }, s.code)),
              ),
            ),
          ]
        : h("p", {}, "No occupation has a similar code or title."),
    ),
    h(
      "form",
      { class: "search-form", action: "/search", method: "get", role: "search" },
      h("div", { class: "combo" }, h("label", { for: "nf-q" }, "Search again"), input),
      h("button", { type: "submit" }, "Search"),
    ),
  );
  attachSuggestions(input);
}
