// Text and JSON renderings of a Decision (the `armras kernel` output contract).
import type { Action, Decision } from "./decision.js";

/** JSON-safe copy: bigint → "0x…" strings. */
export function toJsonValue(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `0x${x.toString(16)}` : x)));
}

export function actionText(a: Action): string {
  const hex = (n: bigint): string => `0x${n.toString(16)}`;
  switch (a.kind) {
    case "panic":
      return `[${a.actor}] panic("${a.message}")`;
    case "taint":
      return `[${a.actor}] add_taint(${a.flag})`;
    case "signal":
      return `[${a.actor}] ${a.signal} ${a.code} to ${a.target}${a.addr !== undefined ? ` si_addr=${hex(a.addr)}` : ""}${a.lsb !== undefined ? ` lsb=${a.lsb}` : ""}`;
    case "kill_task":
      return `[${a.actor}] ${a.how} (${a.target})`;
    case "memory_failure":
      return `[${a.actor}] memory_failure(${hex(a.pfn)}, ${a.flags.join("|") || "0"}) via ${a.via}`;
    case "soft_offline":
      return `[${a.actor}] soft_offline_page(${hex(a.pfn)})`;
    case "aer_recover_queue":
      return `[${a.actor}] aer_recover_queue(${a.severity})`;
    case "cxl_work":
      return `[${a.actor}] CXL work queued`;
    case "vendor_notifier":
      return `[${a.actor}] vendor notifier for ${a.sectionType}`;
    case "ghes_clear_ack":
      return `[${a.actor}] clear GHES source ${a.source} block_status${a.ack ? " + GHESv2 read-ack" : ""}`;
    case "inject_vserror":
      return `[kvm] inject vSError via ${a.via}, ESR ${typeof a.esr === "bigint" ? hex(a.esr) : a.esr}`;
    case "inject_sea":
      return `[vmm] inject SEA at EL${a.el}, ESR ${hex(a.esr)}`;
    case "resume_guest":
      return "[kvm] resume the guest";
    case "hwpoison_page_add":
      return `[vmm] kvm_hwpoison_page_add(${hex(a.ramAddr)})`;
    case "write_guest_cper":
      return `[vmm] write CPER for GPA ${hex(a.gpa)} to the guest's ${a.source} GHES: ${a.record}`;
    case "vmm_exit":
      return `[vmm] ${a.how}`;
  }
}

export function decisionJson(d: Decision, extra: Record<string, unknown>): unknown {
  const reasons = [...new Set(d.steps.map((s) => s.rule))];
  return toJsonValue({ ...extra, outcome: d.outcome, reason: d.reason, log: d.log, steps: d.steps, reasons, actions: d.actions, notes: d.notes });
}

export function decisionText(d: Decision, header: readonly string[]): string {
  const out = [...header];
  out.push(`outcome: ${Object.entries(d.outcome).map(([k, v]) => `${k}=${v}`).join(" ")}`);
  out.push(`reason:  ${d.reason.rule} ${d.reason.models}: ${d.reason.text}`);
  out.push("log:");
  if (d.log.length === 0) out.push("  (nothing printed)");
  for (const l of d.log) out.push(`  ${l}`);
  out.push("steps:");
  for (const s of d.steps) out.push(`  [${s.actor}] ${s.rule.padEnd(7)} ${s.models}: ${s.text}`);
  if (d.actions.length) {
    out.push("actions:");
    for (const a of d.actions) out.push(`  ${actionText(a)}`);
  }
  if (d.notes.length) {
    out.push("notes:");
    for (const n of d.notes) out.push(`  ${n}`);
  }
  return out.join("\n") + "\n";
}
