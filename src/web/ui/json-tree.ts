// A JSON value as a collapsible tree (<details> per object and array), keys as they are
// (libcper's keys for CPER, our own for ACPI tables).
import { h, type Child } from "./dom.js";
import type { JsonPath } from "../json-spans.js";

/** Called with a node's path when the pointer enters it (undefined when it leaves the tree). */
export type TreeHover = (path: JsonPath | undefined) => void;

function leaf(v: unknown): HTMLElement {
  const cls = v === null ? "null" : typeof v;
  return h("span", { class: `jv ${cls}` }, typeof v === "string" ? JSON.stringify(v) : String(v));
}

function node(key: string, v: unknown, path: JsonPath, hover: TreeHover | undefined): Child {
  const enter = hover ? (e: Event) => {
    e.stopPropagation();
    hover(path);
  } : undefined;
  const p = JSON.stringify(path);
  if (v !== null && typeof v === "object") {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v as Record<string, unknown>);
    const count = Array.isArray(v) ? `[${entries.length}]` : `{${entries.length}}`;
    return h("details", { open: path.length < 3, class: "jnode" },
      h("summary", { onmouseover: enter, "data-path": p }, h("span", { class: "jk" }, key), " ", h("span", { class: "jcount" }, count)),
      h("div", { class: "jchildren" }, entries.map(([k, x]) => node(String(k), x, [...path, k], hover))));
  }
  return h("div", { class: "jleaf", onmouseover: enter, "data-path": p }, h("span", { class: "jk" }, key), ": ", leaf(v));
}

/** The tree; `hover` hears which node the pointer is on (for the hex view's highlight). */
export function jsonTree(value: unknown, id: string, rootName = "record", hover?: TreeHover): HTMLElement {
  const el = h("div", { class: "jtree", id }, node(rootName, value, [], hover));
  if (hover) el.addEventListener("mouseleave", () => hover(undefined));
  return el;
}
