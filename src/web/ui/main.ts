// The armras page (issue 15): four views over the library, chosen by tab or by the URL.
import { h } from "./dom.js";
import { PageState, type ViewName } from "./state.js";
import { esrView } from "./esr-view.js";
import { regView } from "./reg-view.js";
import { cperView } from "./cper-view.js";
import { simView } from "./sim-view.js";

const VIEWS: readonly { name: ViewName; title: string; make: (s: PageState) => HTMLElement }[] = [
  { name: "esr", title: "ESR", make: esrView },
  { name: "reg", title: "Registers", make: regView },
  { name: "cper", title: "CPER · GHES · HEST · BERT", make: cperView },
  { name: "sim", title: "Simulator", make: simView },
];

function start(): void {
  const state = new PageState(location.search);
  const main = h("main", { id: "main" });
  const made = new Map<ViewName, HTMLElement>();
  const tabs = VIEWS.map((v) => h("button", { class: "tab", id: `tab-${v.name}`, onclick: () => show(v.name) }, v.title));
  function show(name: ViewName): void {
    state.view = name;
    for (const [i, v] of VIEWS.entries()) tabs[i]!.classList.toggle("active", v.name === name);
    const el = made.get(name);
    if (el) {
      // Shown again: re-record this view's state in the URL.
      el.querySelector<HTMLInputElement | HTMLSelectElement>("input, select")?.dispatchEvent(new Event("change"));
    } else {
      const made1 = VIEWS.find((v) => v.name === name)!.make(state);
      made.set(name, made1);
      main.append(made1);
    }
    for (const [n, e] of made) e.hidden = n !== name;
  }
  document.body.prepend(
    h("header", {}, h("h1", {}, "armras"), h("span", { class: "tagline" }, "the Armv8.2 RAS error path, bit-accurate — runs offline, in this page"), h("nav", {}, tabs)),
    main,
  );
  show(state.view);
}

start();
