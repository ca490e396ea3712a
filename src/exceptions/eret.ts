// ERET: AArch64.ExceptionReturn with IllegalExceptionReturn and SetPSTATEFromPSR
// (Arm ARM shared pseudocode; arch.md §4.2 for the implicit ESB on return).
import type { EL } from "../arch/el.js";
import { extract, hex } from "../arch/bits.js";
import { PSTATE_BITS, modeName, type Pstate } from "../arch/pstate.js";
import { UNKNOWN } from "../sysregs/types.js";
import { SCR, SCTLR } from "./fields.js";
import { iesbAfterEntry } from "./interrupts.js";
import type { PEState as PE } from "./state.js";
import { syncTargetEL } from "./routing.js";
import { takeException } from "./take.js";

/** A PE state the model cannot continue from (e.g. ERET with SPSR UNKNOWN). */
export class PEStateError extends Error {
  override readonly name = "PEStateError";
}

/** lsb of a one-bit PSTATE field (every one lies in SPSR[31:0]). */
function lsb(name: string): number {
  const f = PSTATE_BITS[name]!;
  if (f.msb > 31) throw new Error(`src/exceptions: PSTATE field ${name} is not declared below bit 32`);
  return f.lsb;
}
const L = {
  nRW: lsb("nRW"), N: lsb("N"), Z: lsb("Z"), C: lsb("C"), V: lsb("V"), D: lsb("D"), A: lsb("A"), I: lsb("I"), F: lsb("F"),
  IL: lsb("IL"), PAN: lsb("PAN"), UAO: lsb("UAO"), DIT: lsb("DIT"), SSBS: lsb("SSBS"), TCO: lsb("TCO"), BTYPE: lsb("BTYPE"), M: lsb("M"),
};
const M_MASK = PSTATE_BITS["M"]!.loMask;
const BTYPE_MASK = PSTATE_BITS["BTYPE"]!.loMask;
/** AArch32 PSTATE.M[3:0] (with M[4]=1) -> EL; undefined for a reserved mode. */
const EL_FROM_M32: Readonly<Record<number, EL>> = { 0x0: 0, 0x1: 1, 0x2: 1, 0x3: 1, 0x6: 3, 0x7: 1, 0xa: 2, 0xb: 1, 0xf: 1 };

/** One-bit field of SPSR[31:0]. */
const b = (lo: number, at: number): 0 | 1 => ((lo >>> at) & 1) as 0 | 1;

/**
 * IllegalExceptionReturn(spsr): the reason the return is illegal, or null.
 * Checks, in the pseudocode's order: AArch32 target not supported, EL not
 * implemented, EL higher than the current EL, reserved M encoding, EL2 in
 * Secure state without Secure EL2, EL1 with HCR_EL2.TGE=1, execution state
 * that disagrees with SCR_EL3.RW/HCR_EL2.RW.
 */
export function illegalExceptionReturn(pe: PE, spsr: bigint): string | null {
  return illegalReturn(pe, Number(spsr & 0xffff_ffffn)); // M and nRW lie in SPSR[31:0]
}

/** illegalExceptionReturn on SPSR[31:0]. */
function illegalReturn(pe: PE, lo: number): string | null {
  const m = (lo & M_MASK) >>> L.M;
  const nRW = b(lo, L.nRW);
  const target = (m >> 2) as EL;
  const f = pe.features;
  const c = pe.controls();
  if (nRW === 1) {
    // ELFromM32: the AArch32 mode's EL (USR EL0; FIQ/IRQ/SVC/ABT/UND/SYS EL1; HYP EL2; MON EL3).
    const el32 = EL_FROM_M32[m];
    if (el32 === undefined) return `SPSR.M[4:0] = 0b1${m.toString(2).padStart(4, "0")} is a reserved AArch32 mode`;
    if (!f.aarch32[el32]) return `SPSR.M[4]=1 (AArch32) but EL${el32} cannot use AArch32`;
    if ((el32 === 2 && !f.EL2) || el32 === 3) return `SPSR.M[4:0] = AArch32 mode of EL${el32}, which cannot be returned to from AArch64`;
    if (el32 > pe.pstate.EL) return `SPSR.M[4:0] = an AArch32 mode of EL${el32}, higher than the current EL${pe.pstate.EL}`;
    // The target EL's execution state is fixed by SCR_EL3.RW / HCR_EL2.RW (EL0's by the SPSR).
    if (el32 === 1 && !c.el1AArch32) return "return to AArch32 EL1 while EL1 is AArch64 (SCR_EL3.RW / HCR_EL2.RW = 1)";
    if (el32 === 2 && !c.el2AArch32) return "return to AArch32 EL2 while EL2 is AArch64 (SCR_EL3.RW = 1)";
    if (el32 === 1 && c.el2Enabled && c.tge) return "return to EL1 with HCR_EL2.TGE=1";
    return null;
  }
  if ((target === 2 && !f.EL2) || (target === 3 && !f.EL3)) return `SPSR.M[3:2] = EL${target}, which is not implemented`;
  if (target > pe.pstate.EL) return `SPSR.M[3:2] = EL${target} is higher than the current EL${pe.pstate.EL}`;
  if (modeName(m) === undefined) return `SPSR.M[3:0] = 0b${m.toString(2).padStart(4, "0")} is a reserved encoding`;
  if (target === 2 && f.EL3 && extract(pe.scr(), SCR.NS) === 0n) return "return to EL2 in Secure state (SCR_EL3.NS=0; no Secure EL2 in v8.2)";
  if (target === 1 && c.el2Enabled && c.tge) return "return to EL1 with HCR_EL2.TGE=1";
  if (target === 1 && c.el1AArch32) return "return to AArch64 EL1 while EL1 is AArch32 (SCR_EL3.RW / HCR_EL2.RW = 0)";
  if (target === 2 && c.el2AArch32) return "return to AArch64 EL2 while EL2 is AArch32 (SCR_EL3.RW = 0)";
  return null;
}

/** AArch64.ExceptionReturn(ELR, SPSR) for an ERET executed at the current EL. */
export function exceptionReturn(pe: PE): void {
  const el = pe.pstate.EL;
  const step = "AArch64.ExceptionReturn";
  if (el === 0) {
    const t = syncTargetEL(pe.controls(), 0, "other");
    takeException(pe, t, { type: "Uncategorized", iss: 0, preferredReturn: pe.pc }, "ERET at EL0 is UNDEFINED", iesbAfterEntry);
    return;
  }
  // Implicit ESB before the return (FEAT_IESB, SCTLR_ELx.IESB of the current EL).
  const R = pe.bank(el);
  if (pe.features.FEAT_IESB && (R.SCTLR.lo() & SCTLR.IESB.loMask) !== 0) {
    const before = pe.entries;
    iesbAfterEntry(pe);
    if (pe.entries !== before) return; // the SError was taken at the ERET; the ERET did not complete
  }
  const spsrName = R.SPSR.name;
  const elrName = R.ELR.name;
  if (R.SPSR.isUnknown()) throw new PEStateError(`ERET at EL${el}: ${spsrName} is UNKNOWN`);
  if (R.ELR.isUnknown()) throw new PEStateError(`ERET at EL${el}: ${elrName} is UNKNOWN`);
  const spsr = R.SPSR.lo(); // every AArch64 SPSR field lies in [31:0]
  const elr = R.ELR.read();
  const illegal = illegalReturn(pe, spsr);
  const m = (spsr & M_MASK) >>> L.M;
  if (illegal === null && b(spsr, L.nRW) === 1) throw new PEStateError(`ERET to AArch32 EL${EL_FROM_M32[m]!} is not modelled (AArch32 execution)`);
  const old = pe.pstate;
  const f = pe.features;
  const next: Pstate = {
    EL: illegal ? old.EL : ((m >> 2) as EL),
    SP: illegal ? old.SP : ((m & 1) as 0 | 1),
    nRW: illegal ? old.nRW : 0,
    N: b(spsr, L.N),
    Z: b(spsr, L.Z),
    C: b(spsr, L.C),
    V: b(spsr, L.V),
    D: b(spsr, L.D),
    A: b(spsr, L.A),
    I: b(spsr, L.I),
    F: b(spsr, L.F),
    IL: illegal ? 1 : b(spsr, L.IL),
    // DebugExceptionReturnSS: software step is not modelled (MDSCR_EL1.SS=0), so SS returns as 0.
    SS: 0,
    PAN: f.FEAT_PAN ? b(spsr, L.PAN) : 0,
    UAO: f.FEAT_UAO ? b(spsr, L.UAO) : 0,
    DIT: f.FEAT_DIT ? b(spsr, L.DIT) : 0,
    SSBS: f.FEAT_SSBS ? b(spsr, L.SSBS) : 0,
    TCO: f.FEAT_MTE ? b(spsr, L.TCO) : 0,
    BTYPE: f.FEAT_BTI ? (((spsr & BTYPE_MASK) >>> L.BTYPE) as 0 | 1 | 2 | 3) : 0,
  };
  if (illegal) pe.note(`${step}: IllegalExceptionReturn`, `${illegal}: PSTATE.IL=1, EL/SP/nRW unchanged`);
  const T = pe.tracing;
  pe.setPstate(next, `${step}: SetPSTATEFromPSR`, T ? `from ${spsrName} = ${hex(R.SPSR.read())}` : "");
  pe.setRegH(R.ESR, UNKNOWN, step, T ? `ESR_EL${el} is made UNKNOWN by an exception return from EL${el}` : "");
  pe.setPC(elr, `${step}: BranchTo`, elrName);
}
