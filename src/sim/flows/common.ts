// Helpers shared by the flows: running a kernel decision with a forwarding trace,
// the GHES environment each kernel sees, exception entries into the trace.
import { hex } from "../../arch/bits.js";
import type { EL } from "../../arch/el.js";
import type { Actor, Decision } from "../../kernel/decision.js";
import { applyActions, type SigbusToVmm } from "../actions.js";
import { takeException, VBAR, type EntryKind } from "../adapters/exceptions.js";
import type { GhesEnv } from "../adapters/kernel.js";
import { ForwardingTrace, type Layer } from "../trace.js";
import type { World } from "../world.js";

/** Runs kernel code against a forwarding trace, then carries out its actions. */
export function kernel(w: World, actor: Actor, body: (t: ForwardingTrace) => void, layer: Layer = "host"): { d: Decision; vmm: SigbusToVmm[] } {
  const t = new ForwardingTrace(w.tr, actor, layer);
  body(t);
  const d: Decision = t.steps.length > 0 ? t.finish() : { outcome: { host: "running" }, reason: { actor, rule: "-", models: "-", text: "-" }, steps: [], log: [], actions: t.actions };
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
    memoryFailureConfig: true,
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
    memoryFailureConfig: true,
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
  readonly pc: bigint;
  readonly why: string;
  readonly layer?: Layer;
}

/** Records an architectural exception entry (registers written by AArch64.TakeException). */
export function enter(w: World, e: Entry): void {
  const vbar = e.layer === "guest-cpu" ? VBAR[1] : VBAR[e.to as 1 | 2 | 3];
  const r = takeException({ from: e.from, target: e.to, kind: e.kind, pc: e.pc, vbar, ...(e.esr !== undefined ? { esr: e.esr } : {}), ...(e.far !== undefined ? { far: e.far } : {}) });
  w.tr.add(e.layer ?? "cpu", `${r.summary}: ${e.why}`, { rule: "arch.md §4.2", models: "AArch64.TakeException()", regs: r.regs });
}

/** SError syndrome with IDS=0, DFSC=0x11 and the given AET (arch.md §4.3). */
export const AET_BITS = { UC: 0b000, UEU: 0b001, UEO: 0b010, UER: 0b011, CE: 0b110 } as const;
export function serrorEsr(aet: keyof typeof AET_BITS): bigint {
  return (0x2fn << 26n) | (1n << 25n) | (BigInt(AET_BITS[aet]) << 10n) | 0x11n;
}

/** A synchronous external abort syndrome (data abort, DFSC 0x10): lower-EL EC 0x24 or same-EL 0x25. */
export function seaEsr(lower: boolean, fnv: boolean): bigint {
  return ((lower ? 0x24n : 0x25n) << 26n) | (1n << 25n) | (fnv ? 1n << 10n : 0n) | 0x10n;
}

export function pfnOf(pa: bigint): bigint {
  return pa >> 12n;
}

export { hex };
