// Plain words for the AI-exposure measures the datasets name by column (dv_rating_beta …): what a
// person reads on the occupation page. The column name stays in the trace and in the API.

const ELOUNDOU = {
  alpha: ["direct exposure (E1)", "share of the occupation's tasks a language model alone could do at least 50% faster"],
  beta: ["exposure, tools half-counted (E1 + ½ E2)", "as E1, with tasks that need software built on the model counted half"],
  gamma: ["exposure with tools (E1 + E2)", "share of tasks a language model, alone or with software built on it, could do at least 50% faster"],
};

/** { label, meaning } for a measure (falls back to the measure's own name). */
export function measureLabel(measure) {
  const m = String(measure || "");
  const eloundou = m.match(/^(dv|human)_rating_(alpha|beta|gamma)$/);
  if (eloundou) {
    const [label, meaning] = ELOUNDOU[eloundou[2]];
    const rater = eloundou[1] === "dv" ? "rated by GPT-4" : "rated by people";
    return { label: `${label[0].toUpperCase()}${label.slice(1)}, ${rater}`, meaning: `0–1: ${meaning}.` };
  }
  if (m === "ai_applicability_score") {
    return {
      label: "AI applicability",
      meaning: "0–1: how much of the occupation's work people already do with an AI assistant, and how well it goes (Bing Copilot conversations).",
    };
  }
  if (m === "task_pct" || m === "pct") {
    return { label: "Share of AI conversations", meaning: "Share of the AI assistant conversations that concern this task." };
  }
  return { label: m.replace(/_/g, " "), meaning: "" };
}

/** A dataset's name without the file name it may carry ("… (occ_level.csv)"). */
export function datasetLabel(dataset) {
  return String(dataset || "").replace(/\s*\(([^()]*\.(csv|tsv|txt)(\.gz)?)\)\s*$/i, "").trim() || "Source";
}
