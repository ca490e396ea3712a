// Register view: any register of the register file (armras reg --list) with a value,
// as a bit diagram of its declared fields, and `armras reg`'s own text.
import { parseUnsigned } from "../../arch/bits.js";
import { ALL_REGISTERS, lookupSysReg } from "../../sysregs/catalog.js";
import { decodeRegister } from "../../sysregs/render.js";
import { bitDiagram, fieldLegend } from "./bits-view.js";
import { cliText, h, panel, replace } from "./dom.js";
import { runCli, shellQuote } from "./cli.js";
import type { PageState } from "./state.js";

export function regView(state: PageState): HTMLElement {
  const names = ALL_REGISTERS.map((r) => r.name);
  const select = h("select", { id: "reg-name" }, names.map((n) => h("option", { value: n }, n)));
  select.value = lookupSysReg(state.params.get("reg") ?? "HCR_EL2")?.name ?? "HCR_EL2";
  const input = h("input", { id: "reg-value", class: "value", value: state.params.get("value") ?? "0x80000000", spellcheck: false });
  const out = h("div", { class: "results" });
  const update = async () => {
    state.setParams("reg", { reg: select.value, value: input.value.trim() });
    const def = lookupSysReg(select.value)!;
    const text = input.value.trim();
    const parsed = parseUnsigned(text, def.width);
    const cli = await runCli(["reg", select.value, text]);
    if (!parsed.ok) {
      replace(out, h("p", { class: "error", id: "reg-error" }, parsed.error), cliText("reg-text", `reg ${shellQuote(select.value)} ${shellQuote(text)}`, cli.stdout + cli.stderr));
      return;
    }
    const d = decodeRegister(def, parsed.value);
    const fields = d.fields.filter((f) => !f.within).map((f) => ({ name: f.name, msb: f.msb, lsb: f.lsb, value: f.value, meaning: [f.meaning, f.desc].filter(Boolean).join(" — ") }));
    replace(out,
      h("p", { class: "summary" }, h("b", {}, def.name), ` ${d.desc} (${def.width} bits)`),
      panel("reg-bits-panel", "Bits", bitDiagram(fields, parsed.value, def.width, "reg-bits"), fieldLegend(fields, "reg-legend")),
      panel("reg-problems-panel", "Validation", d.problems.length === 0 ? h("p", { class: "ok" }, "no RES0/RES1 problems") : h("ul", { class: "problems" }, d.problems.map((p) => h("li", {}, p)))),
      panel("reg-text-panel", "Text", cliText("reg-text", `reg ${shellQuote(select.value)} ${shellQuote(text)}`, cli.stdout + cli.stderr)),
    );
  };
  select.addEventListener("change", () => void update());
  input.addEventListener("input", () => void update());
  void update();
  return h("div", { class: "view", id: "view-reg" }, h("div", { class: "controls" }, h("label", {}, "register ", select), h("label", {}, "value ", input)), out);
}
