// Instant suggestions for an occupation field: the ARIA 1.2 combobox pattern (list box popup).
//
// Up/Down move through the suggestions, Enter picks one, Escape closes the list. Picking a
// suggestion calls onPick({code, title}); the default opens the occupation's page.

import { api, pages } from "./api.js";
import { clear, h } from "./dom.js";

let counter = 0;

export function attachSuggestions(input, { onPick, limit = 8, delay = 120 } = {}) {
  counter += 1;
  const listId = `suggestions-${counter}`;
  const list = h("ul", { id: listId, class: "suggestions", role: "listbox", hidden: true });
  const live = h("div", { class: "visually-hidden", "aria-live": "polite" });
  input.insertAdjacentElement("afterend", list);
  list.insertAdjacentElement("afterend", live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("autocomplete", "off");

  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;
  const pick = onPick || ((item) => window.location.assign(pages.occupation(item.code)));

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) {
      const li = list.children[index];
      input.setAttribute("aria-activedescendant", li.id);
      li.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(found, total) {
    items = found;
    clear(list);
    found.forEach((item, i) => {
      const alternates = item.alternateTitles?.slice(0, 3).join(", ");
      const li = h(
        "li",
        { id: `${listId}-${i}`, role: "option", "aria-selected": "false", dataset: { code: item.code } },
        h("span", { class: "code" }, item.code),
        h("span", { class: "title" }, item.title || item.code),
        alternates ? h("span", { class: "alt" }, `also: ${alternates}`) : null,
      );
      li.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the field
      li.addEventListener("click", () => {
        close();
        pick(item);
      });
      list.append(li);
    });
    const open = found.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    active = -1;
    live.textContent = open
      ? `${total} occupation${total === 1 ? "" : "s"} found; use the arrow keys to choose.`
      : input.value.trim()
        ? "No matching occupation."
        : "";
  }

  async function lookup() {
    const q = input.value.trim();
    if (controller) controller.abort();
    if (!q) {
      render([], 0);
      return;
    }
    controller = new AbortController();
    try {
      const page = await api.search(q, limit, controller.signal);
      if (q === input.value.trim()) render(page.items, page.total);
    } catch (error) {
      if (error.name !== "AbortError") render([], 0);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, delay);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      if (list.hidden && items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      if (items.length) highlight((active + 1) % items.length);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      if (items.length) highlight(active <= 0 ? items.length - 1 : active - 1);
      event.preventDefault();
    } else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();
      const item = items[active];
      close();
      pick(item);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return { close, lookup };
}
