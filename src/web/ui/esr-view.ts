// ESR view: paste an ESR_ELx value (with or without 0x, as kernels print it) and see
// its class, the ISS fields as a bit diagram, the problems, Linux's text for a chosen
// kernel, and the plain explanation (the last two are `armras esr`'s own output).
import { parseUnsigned } from "../../arch/bits.js";
import { decode } from "../../sysregs/esr/codec.js";
import { checkDecoded } from "../../sysregs/esr/validate.js";
import { ESR_EC, ESR_IL, ESR_ISS2 } from "../../sysregs/esr/layout.js";
import type { DiagramField } from "../bit-diagram.js";
import { bitDiagram, fieldLegend } from "./bits-view.js";
import { cliText, h, panel, replace } from "./dom.js";
import { runCli, shellQuote } from "./cli.js";
import { kernelInput, type PageState } from "./state.js";
import { esrText } from "../text-forms.js";

export function esrView(state: PageState): HTMLElement {
  const input = h("input", { id: "esr-input", class: "value", value: state.params.get("esr") ?? "0x96000010", spellcheck: false, placeholder: "ESR value, e.g. 96000010 or 0xbe000011" });
  const kernel = kernelInput("esr-kernel", state);
  const el = h("select", { id: "esr-el" }, h("option", { value: "" }, "ESR_ELx"), h("option", { value: "1" }, "ESR_EL1"), h("option", { value: "2" }, "ESR_EL2"), h("option", { value: "3" }, "ESR_EL3"));
  const fromEl = h("select", { id: "esr-from-el" }, h("option", { value: "" }, "any EL"), ["0", "1", "2", "3"].map((e) => h("option", { value: e }, `EL${e}`)));
  const arch = h("select", { id: "esr-arch", title: "v8.2: later classes, codes and ISS2 are problems; later: accept them" }, h("option", { value: "v8.2" }, "Armv8.2"), h("option", { value: "later" }, "later"));
  const out = h("div", { class: "results" });
  const update = async () => {
    const text = esrText(input.value);
    state.setParams("esr", { esr: input.value.trim(), kernel: kernel.value.trim() });
    const parsed = parseUnsigned(text, 64);
    if (!parsed.ok) {
      const r = await runCli(["esr", input.value.trim()]);
      replace(out, h("p", { class: "error", id: "esr-error" }, parsed.error), cliText("esr-text", `esr ${shellQuote(input.value.trim())}`, r.stdout + r.stderr));
      return;
    }
    const d = decode(parsed.value);
    const elOpt = [...(el.value ? ["--el", el.value] : []), ...(fromEl.value ? ["--from-el", fromEl.value] : []), ...(arch.value !== "v8.2" ? ["--arch", arch.value] : [])];
    const problems = checkDecoded(d, {
      ...(el.value ? { el: Number(el.value) as 1 | 2 | 3 } : {}),
      ...(fromEl.value ? { fromEL: Number(fromEl.value) as 0 | 1 | 2 | 3 } : {}),
      arch: arch.value as "v8.2" | "later",
    }).map((p) => p.message);
    const kArgs = kernel.value.trim() ? ["--kernel", kernel.value.trim()] : [];
    const linux = await runCli(["esr", text, "--format", "linux", ...kArgs, ...elOpt]);
    const plain = await runCli(["esr", text, ...elOpt]);
    const top: DiagramField[] = [
      { name: "ISS2", msb: ESR_ISS2.msb, lsb: ESR_ISS2.lsb, value: BigInt(d.iss2) },
      { name: "EC", msb: ESR_EC.msb, lsb: ESR_EC.lsb, value: BigInt(d.ec), meaning: `${d.info.armName} [Linux: ${d.className}]` },
      { name: "IL", msb: ESR_IL.msb, lsb: ESR_IL.lsb, value: BigInt(d.il), meaning: d.il ? "32-bit instruction (or IL fixed at 1)" : "16-bit instruction" },
    ];
    const iss: DiagramField[] = d.issCase.fields.map((f) => {
      const v = d.fields[f.name] ?? 0;
      const meaning = f.values?.[v] ?? (d.fsc && (f.name === "DFSC" || f.name === "IFSC" || f.name === "FSC") ? d.fsc.meaning : undefined);
      return { name: f.name, msb: f.bits.msb, lsb: f.bits.lsb, value: BigInt(v), ...(meaning ? { meaning } : {}) };
    });
    const wide = d.hi !== 0;
    replace(out,
      h("p", { class: "summary", id: "esr-class" },
        h("b", {}, `EC 0x${d.ec.toString(16).padStart(2, "0")}`), ` ${d.info.armName} — Linux: `, h("code", {}, d.className), `, IL=${d.il}; ISS layout: ${d.layout.title}`),
      panel("esr-bits-panel", "Bits", bitDiagram([...top, ...iss], parsed.value, wide ? 64 : 32, "esr-bits"), fieldLegend(iss, "esr-legend")),
      panel("esr-problems-panel", "Validation", problems.length === 0 ? h("p", { class: "ok", id: "esr-problems" }, "no architectural problems") : h("ul", { class: "problems", id: "esr-problems" }, problems.map((p) => h("li", {}, p)))),
      panel("esr-linux-panel", `Linux ${kernel.value.trim() || "(newest modelled)"}`, cliText("esr-linux", ["esr", text, "--format", "linux", ...kArgs, ...elOpt].join(" "), linux.stdout + linux.stderr)),
      panel("esr-text-panel", "Explanation", cliText("esr-text", ["esr", text, ...elOpt].join(" "), plain.stdout + plain.stderr)),
    );
  };
  for (const c of [input, kernel, el, fromEl, arch]) c.addEventListener("change", () => void update());
  input.addEventListener("input", () => void update());
  void update();
  return h("div", { class: "view", id: "view-esr" },
    h("div", { class: "controls" }, h("label", {}, "ESR ", input), h("label", {}, "held in ", el), h("label", {}, "taken from ", fromEl), h("label", {}, "architecture ", arch), h("label", {}, "kernel ", kernel)),
    out);
}
