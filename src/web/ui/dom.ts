/// <reference lib="dom" />
// A few DOM helpers for the page (no framework): h() builds an element tree.
export type Child = Node | string | number | null | undefined | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") el.className = String(v);
    else if (k in el && k !== "list" && typeof (el as unknown as Record<string, unknown>)[k] !== "function" && !k.startsWith("data-") && !k.startsWith("aria-")) (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : (c as Node));
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A titled panel; `id` names it for the tests and for links. */
export function panel(id: string, title: string, ...children: Child[]): HTMLElement {
  return h("section", { class: "panel", id }, h("h3", {}, title), ...children);
}

/** Preformatted CLI text, marked with the command that printed it. */
export function cliText(id: string, command: string, text: string): HTMLElement {
  return h("div", { class: "cli" }, h("div", { class: "cmd" }, `$ armras ${command}`), h("pre", { id, class: "out" }, text));
}
