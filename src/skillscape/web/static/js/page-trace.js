// The trace page: /trace?iri=… shows one statement's provenance.

import { announce, h, notice, replace } from "./dom.js";
import { renderTrace } from "./trace.js";

async function main() {
  const container = document.getElementById("trace");
  const iri = (new URLSearchParams(window.location.search).get("iri") || "").trim();
  if (!iri) {
    replace(
      container,
      notice(
        "info",
        "Open a trace from a statement's “source” link on an occupation page, or give a statement IRI as ",
        h("code", {}, "?iri="),
        ".",
      ),
    );
    return;
  }
  const trace = await renderTrace(container, iri, { level: 2 });
  if (trace) document.title = `Provenance of ${trace.statement.split("/").slice(-2).join("/")} · skillscape`;
  container.dataset.ready = "true";
  if (trace) announce("Trace loaded.");
}

main();
