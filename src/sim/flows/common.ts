// Helpers shared by the flows: running a kernel decision with a forwarding trace,
// the GHES environment each kernel sees, exception entries into the trace.
import { hex } from "../../arch/bits.js";
import type { EL } from "../../arch/el.js";
import type { Actor, Decision, Trace } from "../../kernel/decision.js";
import { has } from "../../linux/boundaries.js";
import type { KernelVersion } from "../../linux/version.js";
import { seaFaultInfo } from "../../kernel/fault-info.js";
import { applyActions, type SigbusToVmm } from "../actions.js";
import { VBAR, type EntryKind } from "../adapters/exceptions.js";
import type { GhesEnv } from "../adapters/kernel.js";
import { ForwardingTrace, type Layer } from "../trace.js";
import type { World } from "../world.js";

/** Runs kernel code against a forwarding trace, then carries out its actions. */
export function kernel(w: World, actor: Actor, body: (t: ForwardingTrace) => void, layer: Layer = "host"): { d: Decision; vmm: SigbusToVmm[] } {
  const t = new ForwardingTrace(w.tr, actor, layer);
  body(t);
  const d: Decision = t.steps.length > 0 ? t.finish() : { outcome: { host: "running" }, reason: { actor, rule: "-", models: "-", text: "-" }, steps: [], log: [], actions: t.actions, notes: t.notes };
  if (t.steps.length > 0) w.decisions.push({ d, decided: t.decided });
  return { d, vmm: applyActions(w, actor, d) };
}

export function hostEnv(w: World): GhesEnv {
  const h = w.s.host;
  return {
    kernel: h.kernel,
    mf: { kernel: h.kernel, recovery: h.memoryFailureRecovery, earlyKillSysctl: h.memoryFailureEarlyKill },
    page: (pfn) => w.hostPage(pfn),
    ...(w.current ? { current: w.current } : {}),
    panicTimeout: 0,
    memoryFailureConfig: h.config.MEMORY_FAILURE,
  };
}

export function guestEnv(w: World): GhesEnv {
  const g = w.s.guest!;
  return {
    kernel: g.kernel,
    mf: { kernel: g.kernel, recovery: true, earlyKillSysctl: false },
    page: (pfn) => w.guestPage(pfn),
    ...(w.guestCurrent ? { current: w.guestCurrent } : {}),
    panicTimeout: 0,
    memoryFailureConfig: g.config.MEMORY_FAILURE,
  };
}

/** The EL the host kernel runs at: EL2 with VHE (E2H=1), else EL1. */
export function hostEL(w: World): 1 | 2 {
  return w.s.machine.features.EL2 && w.s.machine.features.FEAT_VHE ? 2 : 1;
}

export interface Entry {
  readonly from: EL;
  readonly to: EL;
  readonly kind: EntryKind;
  readonly esr?: bigint;
  readonly far?: bigint;
  /** IPA of a stage-2 abort taken to EL2 (HPFAR_EL2). */
  readonly ipa?: bigint;
  readonly pc: bigint;
  readonly why: string;
  readonly layer?: Layer;
  /** Taken while a guest runs (HCR_EL2 is the guest's). */
  readonly guest?: boolean;
  /** Software (KVM) emulates this entry and writes ESR itself (v6.18 kvm_inject_serror_esr(): no IL). */
  readonly emulatedEsr?: bigint;
}

/** Records an architectural exception entry (registers written by AArch64.TakeException). */
export function enter(w: World, e: Entry): void {
  const vbar = e.layer === "guest-cpu" ? VBAR[1] : VBAR[e.to as 1 | 2 | 3];
  const guestSide = e.layer === "guest-cpu" || e.guest === true;
  const r = w.entries.take({ from: e.from, target: e.to, kind: e.kind, pc: e.pc, vbar, scr: w.s.machine.scrEl3, hcr: guestSide ? w.s.machine.hcrEl2 : w.hostHcr(), ...(e.esr !== undefined ? { esr: e.esr } : {}), ...(e.far !== undefined ? { far: e.far } : {}), ...(e.ipa !== undefined ? { ipa: e.ipa } : {}) });
  if (e.emulatedEsr !== undefined) {
    const regs = { ...r.regs, [`ESR_EL${e.to}`]: hex(e.emulatedEsr, 8) };
    w.tr.add(e.layer ?? "cpu", `${r.summary} — emulated by KVM, which writes ESR_EL${e.to} itself: ${e.why}`, { rule: "kernel.md §7.3", models: "arch/arm64/kvm/inject_fault.c kvm_inject_serror_esr() (entry as AArch64.TakeException())", regs });
    return;
  }
  w.tr.add(e.layer ?? "cpu", `${r.summary}: ${e.why}`, { rule: "arch.md §4.2", models: "AArch64.TakeException()", regs: r.regs });
}

export { serrorEsr, seaEsr, translationFaultEsr } from "../adapters/esr.js";

export function pfnOf(pa: bigint): bigint {
  return pa >> 12n;
}

export { hex };

/** The host kernel's SError entry (arch/arm64/kernel entry code) before do_serror(), from 4.16 on (the RAS SError handling). */
export function serrorEntryStep(t: Trace, kernel: KernelVersion, from: "el0" | "el1"): void {
  if (!has(kernel, "rasSerror")) return;
  const entry = from === "el0" ? "el0 error vector (v6.18: entry-common.c __el0_error_handler_common())" : "el1 error vector (v6.18: entry-common.c el1h_64_error_handler())";
  t.step("§1", `arch/arm64/kernel ${entry}`, `SError from ${from.toUpperCase()}: do_serror() decides from the ESR alone (no signal path)`);
}

/** do_mem_abort(): fault_info[] sends an SEA-class FSC to its handler (do_sea(), or do_bad() before 4.11). */
export function memAbortStep(t: Trace, kernel: KernelVersion, fsc: number, user: boolean): void {
  const fn = seaFaultInfo(kernel, fsc)?.fn ?? "do_sea";
  t.step("§1", "arch/arm64/mm/fault.c do_mem_abort()", `fault_info[FSC 0x${fsc.toString(16)}] → ${fn}() (${user ? "user" : "kernel"} mode)`);
}
