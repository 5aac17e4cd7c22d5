// The pivot paths drawn as an SVG graph: occupations in columns by the furthest step at which a
// path reaches them, each step an arrow that can be clicked (or focused and opened with Enter/Space).

import { s } from "./dom.js";
import { number } from "./format.js";

const COLUMN = 320;
const NODE_W = 180;
const NODE_H = 58;
const ROW_GAP = 26;
const PAD = 20;

export function stepKey(step) {
  return `${step.from.code}→${step.to.code}`;
}

function truncate(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Nodes (with their column) and unique edges of a pivot answer. */
export function layout(answer) {
  const nodes = new Map();
  const edges = new Map();
  const order = [];
  const addNode = (occupation, depth, role) => {
    const known = nodes.get(occupation.code);
    if (known) {
      // the furthest step at which a path reaches it: paths read left to right, with the
      // origin alone in the first column
      if (!known.origin) known.depth = Math.max(known.depth, depth);
      if (role === "destination") {
        known.destination = true;
        known.facts = occupation;
      }
      return;
    }
    nodes.set(occupation.code, { code: occupation.code, title: occupation.title || occupation.code, depth, destination: role === "destination", origin: role === "origin", facts: occupation });
    order.push(occupation.code);
  };
  addNode(answer.origin, 0, "origin");
  answer.paths.forEach((path, pathIndex) => {
    path.steps.forEach((step, i) => {
      const last = i === path.steps.length - 1;
      addNode(last ? { ...step.to, ...path.destination } : step.to, i + 1, last ? "destination" : "step");
      const key = stepKey(step);
      if (!edges.has(key)) edges.set(key, { key, step, from: step.from.code, to: step.to.code, paths: [] });
      edges.get(key).paths.push(pathIndex);
    });
  });
  const columns = new Map();
  for (const code of order) {
    const node = nodes.get(code);
    if (!columns.has(node.depth)) columns.set(node.depth, []);
    columns.get(node.depth).push(node);
  }
  const tallest = Math.max(...[...columns.values()].map((c) => c.length));
  const height = PAD * 2 + tallest * NODE_H + (tallest - 1) * ROW_GAP;
  for (const [depth, column] of columns) {
    const used = column.length * NODE_H + (column.length - 1) * ROW_GAP;
    const top = (height - used) / 2;
    column.forEach((node, i) => {
      node.x = PAD + depth * COLUMN;
      node.y = top + i * (NODE_H + ROW_GAP);
    });
  }
  const width = PAD * 2 + Math.max(...[...columns.keys()]) * COLUMN + NODE_W;
  return { nodes, edges, width, height };
}

function nodeFacts(facts) {
  const parts = [];
  if (facts.exposure !== null && facts.exposure !== undefined) parts.push(`exposure ${number(facts.exposure, 2)}`);
  if (facts.job_zone !== null && facts.job_zone !== undefined) parts.push(`zone ${facts.job_zone}`);
  return parts.join(" · ");
}

function edgePath(a, b, floor) {
  const x1 = a.x + NODE_W;
  const y1 = a.y + NODE_H / 2;
  const x2 = b.x;
  const y2 = b.y + NODE_H / 2;
  if (b.depth > a.depth + 1) {
    // a step that skips a column goes round under the nodes between
    const end = x2 - 6;
    const d =
      `M${x1},${y1} C${x1 + 50},${y1} ${x1 + 50},${floor} ${x1 + 100},${floor} ` +
      `L${end - 100},${floor} C${end - 50},${floor} ${end - 50},${y2} ${end},${y2}`;
    return { d, mid: [(x1 + end) / 2, floor - 4] };
  }
  if (b.depth === a.depth + 1) {
    const dx = (x2 - x1) / 2;
    const end = x2 - 6;
    // the label sits two thirds of the way along the curve, where the fanned-out edges are apart
    const t = 0.55;
    const u = 1 - t;
    const bx = u ** 3 * x1 + 3 * u * u * t * (x1 + dx) + 3 * u * t * t * (end - dx) + t ** 3 * end;
    const by = u ** 3 * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y2;
    return { d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${end},${y2}`, mid: [bx, by] };
  }
  // a step back to an earlier column (or within one): an arc under the nodes
  const bx1 = a.x + NODE_W / 2;
  const by1 = a.y + NODE_H;
  const bx2 = b.x + NODE_W / 2;
  const by2 = b.y + NODE_H + 6;
  const drop = Math.max(by1, by2) + 40;
  return { d: `M${bx1},${by1} C${bx1},${drop} ${bx2},${drop} ${bx2},${by2}`, mid: [(bx1 + bx2) / 2, drop - 10] };
}

/**
 * The SVG of a pivot answer. onSelect(step, key) is called when a step is clicked or opened from
 * the keyboard. Returns {svg, select(key)} to mark a step as selected.
 */
export function drawPivotGraph(answer, onSelect) {
  const { nodes, edges, width, height } = layout(answer);
  const under = [...edges.values()].some((e) => nodes.get(e.to).depth !== nodes.get(e.from).depth + 1);
  const extra = under ? 40 : 0;
  const floor = height + 10;
  const svg = s("svg", {
    class: "pivot-graph",
    viewBox: `0 0 ${width} ${height + extra}`,
    width,
    height: height + extra,
    role: "group",
    "aria-label": `Pivot paths from ${answer.origin.title || answer.origin.code}: ${edges.size} steps between ${nodes.size} occupations. Each step is a button.`,
    "data-testid": "pivot-graph",
  });
  svg.append(
    s(
      "defs",
      {},
      s(
        "marker",
        {
          id: "arrow",
          viewBox: "0 0 10 10",
          refX: "8",
          refY: "5",
          markerWidth: "10",
          markerHeight: "10",
          markerUnits: "userSpaceOnUse",
          orient: "auto-start-reverse",
        },
        s("path", { d: "M0,0 L10,5 L0,10 z" }),
      ),
    ),
  );
  const edgeGroup = s("g", { class: "edges" });
  const nodeGroup = s("g", { class: "nodes" });
  svg.append(edgeGroup, nodeGroup);
  const edgeNodes = new Map();
  for (const edge of edges.values()) {
    const a = nodes.get(edge.from);
    const b = nodes.get(edge.to);
    const { d, mid } = edgePath(a, b, floor);
    const score = Number(edge.step.score);
    const label = `Step from ${a.title} to ${b.title}, similarity ${number(score, 2)}`;
    const g = s(
      "g",
      { class: "edge", tabindex: "0", role: "button", "aria-label": label, "data-step": edge.key },
      s("title", {}, label),
      s("path", { class: "hit", d }),
      s("path", { class: "line", d, "marker-end": "url(#arrow)", "stroke-width": (1.5 + 3 * Math.max(0, Math.min(1, score))).toFixed(1) }),
      s("text", { x: mid[0], y: mid[1] - 4, "text-anchor": "middle" }, number(score, 2)),
    );
    const activate = () => onSelect(edge.step, edge.key);
    g.addEventListener("click", activate);
    g.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        activate();
      }
    });
    edgeGroup.append(g);
    edgeNodes.set(edge.key, g);
  }
  for (const node of nodes.values()) {
    const classes = ["node", node.origin ? "origin" : "", node.destination ? "destination" : ""].filter(Boolean).join(" ");
    const facts = nodeFacts(node.facts);
    nodeGroup.append(
      s(
        "g",
        { class: classes, transform: `translate(${node.x},${node.y})`, "data-code": node.code },
        s("title", {}, `${node.title} (${node.code})${facts ? `: ${facts}` : ""}`),
        s("rect", { width: NODE_W, height: NODE_H, rx: 6 }),
        s("text", { x: 8, y: 18 }, truncate(node.title, 27)),
        s("text", { x: 8, y: 34, class: "code" }, node.code + (node.origin ? " · origin" : "")),
        facts ? s("text", { x: 8, y: 50, class: "facts" }, facts) : null,
      ),
    );
  }
  return {
    svg,
    select(key) {
      for (const [k, g] of edgeNodes) g.classList.toggle("selected", k === key);
    },
  };
}
