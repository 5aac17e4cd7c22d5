// Reading the REST API of this app (same origin): JSON, paging, and errors a page can explain.

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
    this.body = body;
  }
}

/** A path with query parameters; empty and null values are left out. */
export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** The message of an error body: FastAPI's {"detail": "…"} or its validation list. */
function detailOf(body) {
  const detail = body && typeof body === "object" ? body.detail : null;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail.map((d) => `${(d.loc || []).slice(1).join(".") || "value"}: ${d.msg}`).join("; ");
  }
  return null;
}

export async function getJSON(path, { signal, accept = "application/json" } = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: accept }, signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "The server did not answer. Is it still running?", null);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  if (!response.ok) {
    throw new ApiError(response.status, detailOf(body) || response.statusText, body);
  }
  return body;
}

/** Every row of a paged list (follows `next` until the last page, at most `maxPages`). */
export async function allRows(path, { signal, maxPages = 40 } = {}) {
  let page = await getJSON(path, { signal });
  const rows = [...(page.rows ?? page.items ?? [])];
  let pages = 1;
  while (page.next && pages < maxPages) {
    const next = new URL(page.next, window.location.origin);
    page = await getJSON(next.pathname + next.search, { signal });
    rows.push(...(page.rows ?? page.items ?? []));
    pages += 1;
  }
  return { first: page, rows };
}

export const api = {
  search: (q, limit = 8, signal) => getJSON(url("/occupations", { q, limit }), { signal }),
  occupation: (code, signal) => getJSON(`/occupations/${encodeURIComponent(code)}`, { signal }),
  occupationRows: (code, name, signal) =>
    allRows(url(`/occupations/${encodeURIComponent(code)}/${name}`, { limit: 500 }), { signal }),
  named: (name, params, signal) => allRows(url(`/queries/${name}`, { ...params, limit: 1000 }), { signal }),
  namedPage: (name, params, signal) => getJSON(url(`/queries/${name}`, params), { signal }),
  provenance: (iri, signal) => getJSON(url("/provenance", { iri }), { signal }),
  adjacent: (code, k, signal) => getJSON(url(`/occupations/${encodeURIComponent(code)}/adjacent`, { k }), { signal }),
  pivots: (code, params, signal) =>
    getJSON(url(`/occupations/${encodeURIComponent(code)}/pivots`, params), { signal }),
  queries: (signal) => getJSON("/queries", { signal }),
};

/** Links between pages. */
export const pages = {
  occupation: (code) => `/occupation/${encodeURIComponent(code)}`,
  adjacent: (code) => `/occupation/${encodeURIComponent(code)}/adjacent`,
  pivots: (params) => url("/pivots", params),
  trace: (iri) => url("/trace", { iri }),
  search: (q) => url("/search", { q }),
};

/** The occupation code of a page path /occupation/{code}[/...]. */
export function codeFromPath() {
  const match = window.location.pathname.match(/^\/occupation\/([^/]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

/** A sentence for an error, for people (not a stack trace). */
export function explain(error) {
  if (error instanceof ApiError) {
    if (error.status === 0) return error.detail;
    if (error.status === 503) return "The server is busy or the query took too long. Please try again in a moment.";
    return error.detail || `The server answered ${error.status}.`;
  }
  return "Something went wrong while showing this page.";
}
