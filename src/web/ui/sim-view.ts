// Simulator view: a built-in scenario (or a pasted scenario JSON) run in the page and
// drawn as a sequence diagram: one lane per actor, one box per step (its rule and the
// upstream function it models on hover), arrows where control passes between actors,
// the registers written at exception entries, the CPER bytes firmware wrote (shown in
// the hex view), and each actor's final outcome. `armras sim`'s text is below it.
import { builtins, builtinText, DEFAULT_SCENARIO } from "../../sim/builtins.js";
import { parseScenario, runScenario, ScenarioError, type SimResult } from "../../sim/index.js";
import { LAYERS, type Layer } from "../../sim/trace.js";
import { iterate } from "../../cper/decode.js";
import type { DecodedItem } from "../../cper/model.js";
import { cperSpans } from "../cper-spans.js";
import { cliText, h, panel, replace } from "./dom.js";
import { runCli } from "./cli.js";
import { hexView } from "./hex-view.js";
import { kernelInput, type PageState } from "./state.js";

const LANE_NAME: Record<Layer, string> = {
  cpu: "CPU", firmware: "EL3 firmware", host: "host kernel", kvm: "KVM", vmm: "VMM (QEMU)", "guest-cpu": "guest CPU", guest: "guest kernel", process: "processes",
};

/** The lane an outcome's actor belongs to ("host:db" and "guest:app" are processes). */
export function laneOfActor(actor: string): Layer {
  if (actor.includes(":")) return "process";
  return (LAYERS as readonly string[]).includes(actor) ? (actor as Layer) : "process";
}

function diagram(r: SimResult, showBytes: (b: Uint8Array, n: number) => void): HTMLElement {
  const used = new Set<Layer>(r.steps.map((s) => s.layer));
  for (const a of Object.keys(r.outcome)) used.add(laneOfActor(a));
  const lanes = LAYERS.filter((l) => used.has(l));
  const col = (l: Layer) => lanes.indexOf(l) + 1;
  const rows = r.steps.length + 2;
  const grid = h("div", { class: "seq", id: "sim-diagram" });
  grid.style.gridTemplateColumns = `repeat(${lanes.length}, minmax(150px, 1fr))`;
  grid.style.gridTemplateRows = `repeat(${rows}, auto)`;
  lanes.forEach((l, i) => {
    grid.append(h("div", { class: "lifeline", style: `grid-column:${i + 1};grid-row:2 / ${rows + 1}` }));
    grid.append(h("div", { class: `lane-head lane-${l}`, style: `grid-column:${i + 1};grid-row:1`, "data-lane": l }, LANE_NAME[l]));
  });
  let prev: Layer | undefined;
  r.steps.forEach((s, i) => {
    const row = i + 2;
    if (prev !== undefined && prev !== s.layer) {
      const a = col(prev);
      const b = col(s.layer);
      const lo = Math.min(a, b);
      const span = Math.abs(a - b) + 1;
      const inset = `calc(100% / ${2 * span})`;
      grid.append(h("div", { class: `arrow ${b > a ? "right" : "left"}`, style: `grid-column:${lo} / span ${span};grid-row:${row}` },
        h("div", { class: "line", style: `left:${inset};right:${inset}` })));
    }
    prev = s.layer;
    const hover = [s.rule, s.models].filter(Boolean).join(" — ");
    const box = h("div", { class: `step lane-${s.layer}`, style: `grid-column:${col(s.layer)};grid-row:${row}`, title: hover || "no rule recorded", "data-step": String(s.n), "data-rule": s.rule ?? "", "data-models": s.models ?? "" },
      h("div", { class: "what" }, h("span", { class: "n" }, `${s.n}`), " ", s.log ? "prints:" : s.what),
      s.regs ? h("table", { class: "regs" }, Object.entries(s.regs).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {}, v)))) : null,
      s.log ? h("pre", { class: "log" }, s.log.join("\n")) : null,
      s.bytes ? h("button", { class: "bytes", onclick: () => showBytes(s.bytes!, s.n) }, `CPER bytes (${s.bytes.length}) → hex view`) : null,
      hover ? h("div", { class: "rule" }, hover) : null);
    grid.append(box);
  });
  lanes.forEach((l, i) => {
    const actors = Object.entries(r.outcome).filter(([a]) => laneOfActor(a) === l);
    grid.append(h("div", { class: "outcomes", style: `grid-column:${i + 1};grid-row:${rows}` },
      actors.map(([a, o]) => h("div", { class: `outcome ${o.state}`, title: o.reason, "data-actor": a }, h("b", {}, a), ` ${o.state}`, o.message ? h("div", { class: "msg" }, o.message) : null))));
  });
  return grid;
}

export function simView(state: PageState): HTMLElement {
  const list = builtins();
  const select = h("select", { id: "sim-scenario" }, list.map((b) => h("option", { value: b.name, title: b.description }, b.name)), h("option", { value: "" }, "(pasted JSON)"));
  const wanted = state.params.get("scenario");
  select.value = wanted !== null && list.some((b) => b.name === wanted) ? wanted : wanted === "" ? "" : DEFAULT_SCENARIO;
  const kernel = kernelInput("sim-kernel", state);
  const guestKernel = kernelInput("sim-guest-kernel", state, "guest-kernel");
  const pasted = h("textarea", { id: "sim-json", rows: 10, spellcheck: false, placeholder: "a scenario JSON (docs/sim.md#scenario-format)" });
  const out = h("div", { class: "results", id: "sim-results" });
  const hex = hexView("sim-hex");
  const hexTitle = h("p", { class: "hint", id: "sim-hex-title" }, "Click a step's CPER bytes to see them here.");

  const showBytes = (b: Uint8Array, n: number) => {
    const items: DecodedItem[] = [];
    for (const r of iterate(b)) if (r.ok) items.push(r.value);
    hex.show(b, cperSpans(items));
    hexTitle.textContent = `Step ${n}: ${b.length} bytes written by firmware`;
    hex.element.scrollIntoView({ block: "nearest" });
  };

  const update = async () => {
    const name = select.value;
    const k = kernel.value.trim();
    const gk = guestKernel.value.trim();
    state.setParams("sim", { scenario: name, kernel: k, "guest-kernel": gk });
    const text = name ? builtinText(name)! : pasted.value;
    if (name) pasted.value = text;
    const args = ["sim", name || "pasted.json", ...(k ? ["--kernel", k] : []), ...(gk ? ["--guest-kernel", gk] : [])];
    const cli = await runCli(args, { "pasted.json": pasted.value });
    let r: SimResult;
    try {
      r = runScenario(parseScenario(text, { ...(k ? { kernel: k } : {}), ...(gk ? { guestKernel: gk } : {}) }));
    } catch (e) {
      replace(out, h("p", { class: "error", id: "sim-error" }, e instanceof ScenarioError || e instanceof Error ? e.message : String(e)), cliText("sim-text", args.join(" "), cli.stdout + cli.stderr));
      return;
    }
    const first = r.steps.find((s) => s.bytes);
    if (first) showBytes(first.bytes!, first.n);
    else {
      hex.show(new Uint8Array(0), []);
      hexTitle.textContent = "No CPER bytes in this run.";
    }
    replace(out,
      h("p", { class: "summary", id: "sim-summary" }, h("b", {}, r.scenario), `: ${r.description}`, h("br"), `host kernel ${r.kernel.host}${r.kernel.guest ? `, guest kernel ${r.kernel.guest}` : ""}${r.vmm ? `, ${r.vmm}` : ""}`),
      panel("sim-diagram-panel", "Sequence", diagram(r, showBytes)),
      panel("sim-hex-panel", "CPER bytes", hexTitle, hex.element),
      panel("sim-text-panel", "Trace", h("details", {}, h("summary", {}, `armras ${args.join(" ")}`), cliText("sim-text", args.join(" "), cli.stdout + cli.stderr))),
    );
  };
  select.addEventListener("change", () => void update());
  kernel.addEventListener("change", () => void update());
  guestKernel.addEventListener("change", () => void update());
  const run = h("button", { id: "sim-run", onclick: () => { select.value = ""; void update(); } }, "run pasted JSON");
  void update();
  return h("div", { class: "view", id: "view-sim" },
    h("div", { class: "controls" }, h("label", {}, "scenario ", select), h("label", {}, "host kernel ", kernel), h("label", {}, "guest kernel ", guestKernel)),
    h("details", { class: "paste" }, h("summary", {}, "scenario JSON (edit or paste, then run)"), pasted, h("div", {}, run)),
    out);
}
