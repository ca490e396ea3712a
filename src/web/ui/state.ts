// The page's state in its URL: ?esr=<hex>&kernel=<release>, ?cper=<hex>&kernel=<release>,
// ?scenario=<builtin>&kernel=<release>, ?reg=<name>&value=<v>. A link opens straight
// into that view; editing a view rewrites the URL in place (history.replaceState).
import { kernelChoices } from "../kernels.js";
import { h } from "./dom.js";

export type ViewName = "esr" | "reg" | "cper" | "sim";

/** The URL parameter that selects each view (first match wins). */
const VIEW_KEYS: readonly [string, ViewName][] = [["esr", "esr"], ["cper", "cper"], ["scenario", "sim"], ["reg", "reg"]];

export function viewOfParams(p: URLSearchParams): ViewName {
  const v = p.get("view");
  if (v === "esr" || v === "reg" || v === "cper" || v === "sim") return v;
  for (const [k, name] of VIEW_KEYS) if (p.has(k)) return name;
  return "esr";
}

/** The parameters each view writes (the others are dropped when it writes). */
const VIEW_PARAMS: Record<ViewName, readonly string[]> = { esr: ["esr", "kernel"], reg: ["reg", "value"], cper: ["cper", "kernel"], sim: ["scenario", "kernel", "guest-kernel"] };

export class PageState {
  readonly params: URLSearchParams;
  view: ViewName;
  constructor(search: string) {
    this.params = new URLSearchParams(search);
    this.view = viewOfParams(this.params);
  }

  /** Records a view's parameters in the URL when that view is the one shown (empty values are left out). */
  setParams(view: ViewName, values: Record<string, string>): void {
    for (const [k, v] of Object.entries(values)) this.params.set(k, v);
    if (view !== this.view) return;
    const next = new URLSearchParams();
    if (view === "reg" || view === "sim") next.set("view", view);
    for (const k of VIEW_PARAMS[view]) {
      const v = this.params.get(k) ?? "";
      if (v !== "") next.set(k, v);
    }
    try {
      history.replaceState(null, "", `${location.pathname}?${next.toString()}`);
    } catch {
      // Some browsers refuse replaceState on file:// URLs; the page works without it.
    }
  }
}

/** A kernel release input offering the releases whose behaviour differs (any release may be typed). */
export function kernelInput(id: string, state: PageState, param = "kernel"): HTMLInputElement {
  const listId = "kernel-releases";
  if (!document.getElementById(listId)) document.body.append(h("datalist", { id: listId }, kernelChoices().map((k) => h("option", { value: k }))));
  return h("input", { id, class: "kernel", list: listId, value: state.params.get(param) ?? "", placeholder: "6.18", size: 8, spellcheck: false });
}
