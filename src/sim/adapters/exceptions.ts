// Adapter: architectural exception entry (arch.md §4.2) for the simulator's trace.
// SIM-LOCAL: a minimal AArch64.TakeException (vector offset, SPSR from PSTATE,
// ESR/FAR/ELR written, DAIF masked) built on src/arch/pstate.ts, until the PE
// model in src/exceptions exposes a take-exception entry point (see docs/sim.md).
import { hex } from "../../arch/bits.js";
import type { EL } from "../../arch/el.js";
import { spsrFromPstate, type Pstate } from "../../arch/pstate.js";

export type EntryKind = "sync" | "SError" | "IRQ" | "vSError";

export interface EntryInput {
  readonly from: EL;
  readonly target: EL;
  readonly kind: EntryKind;
  /** ESR value written (undefined for IRQ: ESR is not written). */
  readonly esr?: bigint;
  /** FAR value; undefined = UNKNOWN (SError, or ESR.FnV=1). */
  readonly far?: bigint;
  /** IPA for HPFAR_EL2 (stage-2 aborts taken to EL2). */
  readonly ipa?: bigint;
  /** Preferred return address. */
  readonly pc: bigint;
  /** VBAR_<target>. */
  readonly vbar: bigint;
}

export interface EntryResult {
  /** Registers written, in the order TakeException writes them, as text. */
  readonly regs: Readonly<Record<string, string>>;
  readonly vector: bigint;
  readonly summary: string;
}

const KIND_OFFSET: Record<EntryKind, number> = { sync: 0x000, IRQ: 0x080, SError: 0x180, vSError: 0x180 };

/** The interrupted context's PSTATE: EL0 with everything unmasked, or ELx on SP_ELx with IRQs unmasked. */
export function contextPstate(el: EL): Pstate {
  return Object.freeze({
    EL: el, SP: el === 0 ? 0 : 1, nRW: 0, N: 0, Z: 0, C: 0, V: 0, D: 0, A: 0, I: 0, F: 0,
    IL: 0, SS: 0, PAN: el === 1 ? 1 : 0, UAO: 0, DIT: 0, SSBS: 0, TCO: 0, BTYPE: 0,
  });
}

/** AArch64.TakeException (arch.md §4.1/§4.2), from an AArch64 context. */
export function takeException(i: EntryInput): EntryResult {
  const ctx = contextPstate(i.from);
  // §4.1: lower EL using AArch64 → 0x400; same EL on SP_ELx → 0x200.
  const base = i.target > i.from ? 0x400 : ctx.SP ? 0x200 : 0x000;
  const vector = (i.vbar & ~0x7ffn) + BigInt(base + KIND_OFFSET[i.kind]);
  const t = `EL${i.target}`;
  const regs: Record<string, string> = {};
  if (i.kind !== "IRQ" && i.esr !== undefined) {
    regs[`ESR_${t}`] = hex(i.esr, 8);
    regs[`FAR_${t}`] = i.far === undefined ? "UNKNOWN" : hex(i.far, 16);
    if (i.target === 2 && i.ipa !== undefined) regs["HPFAR_EL2"] = hex((i.ipa >> 12n) << 4n, 16);
  }
  regs[`SPSR_${t}`] = hex(spsrFromPstate(ctx), 8);
  regs[`ELR_${t}`] = hex(i.pc, 16);
  regs["PSTATE"] = `EL${i.target}h, DAIF=1111`;
  regs["PC"] = hex(vector, 16);
  const from = i.from === i.target ? `current EL${i.from}` : `EL${i.from}`;
  return { regs, vector, summary: `${i.kind} exception from ${from} taken to EL${i.target} at VBAR_${t}+0x${(base + KIND_OFFSET[i.kind]).toString(16)}` };
}

/** Default vector bases (Linux's vectors in the kernel image, KVM's hyp vectors, TF-A's runtime vectors). */
export const VBAR = { 1: 0xffff_8000_0801_0800n, 2: 0xffff_8000_0940_0000n, 3: 0x0000_0000_0401_7000n } as const;
