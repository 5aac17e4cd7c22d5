// Numbers, money and changes as people read them.

const LOCALE = "en-US";

export function number(value, digits = 2) {
  if (value === null || value === undefined || value === "") return "";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toLocaleString(LOCALE, { maximumFractionDigits: digits });
}

export function money(value, currency = "USD", period = "") {
  if (value === null || value === undefined || value === "") return "";
  const n = Number(value);
  const digits = Math.abs(n) < 100 ? 2 : 0;
  let text;
  try {
    text = n.toLocaleString(LOCALE, {
      style: "currency",
      currency: currency || "USD",
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
    });
  } catch {
    text = `${number(n)} ${currency}`;
  }
  return period ? `${text} ${period === "hourly" ? "an hour" : period === "annual" ? "a year" : period}` : text;
}

export function percent(value, digits = 0) {
  if (value === null || value === undefined || value === "") return "";
  return `${number(value, digits)}%`;
}

/** "+0.12" / "−0.05" / "±0" with a class saying which way it went. */
export function signed(value, digits = 2) {
  if (value === null || value === undefined || value === "") return { text: "", direction: "" };
  const n = Number(value);
  if (n === 0) return { text: "±0", direction: "same" };
  return { text: `${n > 0 ? "+" : "−"}${number(Math.abs(n), digits)}`, direction: n > 0 ? "up" : "down" };
}

export function plural(count, one, many = `${one}s`) {
  return `${number(count, 0)} ${count === 1 ? one : many}`;
}

const KINDS = { dwa: "work activity", iwa: "work activity group", "work-style": "work style", "work-activity": "work activity" };

/** A descriptor kind as people say it ("dwa" is a work activity). */
export function kindLabel(kind) {
  return KINDS[kind] || String(kind || "").replaceAll("-", " ");
}
