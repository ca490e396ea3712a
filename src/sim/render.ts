// Text for people (layered, bit-exact values) and JSON for tools.
import { hexLines } from "./adapters/cper.js";
import type { SimResult } from "./run.js";
import type { Layer } from "./trace.js";

const LAYER_NAME: Record<Layer, string> = {
  cpu: "CPU", firmware: "EL3 firmware", host: "host kernel", kvm: "KVM", vmm: "VMM (QEMU)", "guest-cpu": "guest CPU", guest: "guest kernel", process: "process",
};

export function renderText(r: SimResult): string {
  const out: string[] = [];
  out.push(`scenario ${r.scenario}: ${r.description}`);
  out.push(`host kernel ${r.kernel.host}${r.kernel.guest ? `, guest kernel ${r.kernel.guest}` : ""}${r.vmm ? `, ${r.vmm}` : ""}`);
  if (r.assumed.length) out.push(`assumed (not in the scenario): ${r.assumed.map((a) => `${a.key} = ${a.value}`).join("; ")}`);
  out.push("");
  for (const s of r.steps) {
    const head = `${String(s.n).padStart(3)} ${`+${s.t}ms`.padStart(8)}  ${LAYER_NAME[s.layer].padEnd(13)} `;
    out.push(head + (s.log ? "prints:" : s.what) + (s.rule ? `  [${s.rule}${s.models ? ` ${s.models}` : ""}]` : ""));
    const pad = " ".repeat(head.length + 2);
    if (s.regs) for (const [k, v] of Object.entries(s.regs)) out.push(`${pad}${k.padEnd(22)} ${v}`);
    if (s.bytes) for (const l of hexLines(s.bytes)) out.push(`${pad}${l}`);
    if (s.log) for (const l of s.log) out.push(`${pad}| ${l}`);
  }
  out.push("", "outcome:");
  for (const [actor, o] of Object.entries(r.outcome)) out.push(`  ${actor.padEnd(24)} ${o.state.padEnd(8)} ${o.reason}`);
  if (r.notes.length) {
    out.push("", "notes:");
    for (const n of r.notes) out.push(`  - ${n}`);
  }
  return out.join("\n") + "\n";
}

export function toJson(r: SimResult): unknown {
  return {
    scenario: r.scenario,
    description: r.description,
    kernel: r.kernel,
    ...(r.vmm ? { vmm: r.vmm } : {}),
    outcome: r.outcome,
    log: r.log,
    vmmLog: r.vmmLog,
    notes: r.notes,
    assumed: r.assumed,
    steps: r.steps.map((s) => (s.bytes ? { ...s, bytes: hexLines(s.bytes) } : s)),
  };
}
