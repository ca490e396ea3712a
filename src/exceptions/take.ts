// AArch64.TakeException, in the architected order (arch.md §4.2), with
// AArch64.ExceptionClass and AArch64.ReportException.
import type { EL } from "../arch/el.js";
import { insertLo } from "../arch/bits.js";
import { spsrWord, type Pstate } from "../arch/pstate.js";
import { UNKNOWN } from "../sysregs/types.js";
import { ESR, SCTLR } from "./fields.js";
import type { PEState as PE } from "./state.js";
import { vectorOffset, vectorName, type VectorKind } from "./vectors.js";
import { hex } from "../arch/bits.js";

/** Exception types the model raises (ASL Exception_* names). */
export type ExceptionType =
  | "IRQ"
  | "FIQ"
  | "SError"
  | "vIRQ"
  | "vFIQ"
  | "vSError"
  | "DataAbort"
  | "InstructionAbort"
  | "SystemRegisterTrap"
  | "Uncategorized"
  | "SupervisorCall"
  | "HypervisorCall"
  | "MonitorCall"
  | "IllegalState";

export interface ExceptionRecord {
  readonly type: ExceptionType;
  /** ISS[24:0]. */
  readonly iss: number;
  /** FAR value: the faulting VA, UNKNOWN (FnV=1), or undefined when this type does not write FAR (FAR becomes UNKNOWN). */
  readonly vaddress?: bigint | typeof UNKNOWN;
  /** ELR value (the preferred return address). */
  readonly preferredReturn: bigint;
  /** Instruction length for IL when not forced (default 1: 32-bit). */
  readonly il?: 0 | 1;
}

/** Base EC of each type (the lower-EL / AArch32 value before the +1 / +4 adjustments). */
const BASE_EC: Readonly<Record<ExceptionType, number>> = {
  IRQ: -1,
  FIQ: -1,
  vIRQ: -1,
  vFIQ: -1,
  SError: 0x2f,
  vSError: 0x2f,
  DataAbort: 0x24,
  InstructionAbort: 0x20,
  SystemRegisterTrap: 0x18,
  Uncategorized: 0x00,
  SupervisorCall: 0x11,
  HypervisorCall: 0x12,
  MonitorCall: 0x13,
  IllegalState: 0x0e,
};

/** Types whose IL is always 1 (ASL AArch64.ExceptionClass; DataAbort with ISV=0 in ReportException). */
const IL_FORCED: ReadonlySet<ExceptionType> = new Set(["Uncategorized", "IllegalState", "InstructionAbort", "SError", "vSError"]);
/** Types that write FAR_ELx with the faulting address (ReportException). */
const WRITES_FAR: ReadonlySet<ExceptionType> = new Set(["DataAbort", "InstructionAbort"]);
/** ECs with a "taken to the same EL" sibling at +1. */
const SAME_EL_PLUS1: ReadonlySet<number> = new Set([0x20, 0x24, 0x30, 0x32, 0x34]);
/** ECs with an "from AArch64" sibling at +4. */
const FROM_A64_PLUS4: ReadonlySet<number> = new Set([0x11, 0x12, 0x13, 0x28, 0x38]);

export const VECTOR_KIND: Readonly<Record<ExceptionType, VectorKind>> = {
  IRQ: "IRQ",
  FIQ: "FIQ",
  vIRQ: "vIRQ",
  vFIQ: "vFIQ",
  SError: "SError",
  vSError: "vSError",
  DataAbort: "sync",
  InstructionAbort: "sync",
  SystemRegisterTrap: "sync",
  Uncategorized: "sync",
  SupervisorCall: "sync",
  HypervisorCall: "sync",
  MonitorCall: "sync",
  IllegalState: "sync",
};

/** AArch64.ExceptionClass: EC and IL for an exception taken to `target` from the current PSTATE. */
export function exceptionClass(exc: ExceptionRecord, target: EL, pstate: Pstate): { ec: number; il: 0 | 1 } {
  const v = exceptionClassPacked(exc, target, pstate);
  return { ec: v & 0x3f, il: (v >>> 8) as 0 | 1 };
}

/** The tables above per exception type, for one lookup on the entry path. */
interface TypeInfo {
  readonly base: number;
  readonly ilForced: boolean;
  readonly writesFar: boolean;
  readonly vector: VectorKind;
}
const TYPE_INFO: Readonly<Record<ExceptionType, TypeInfo>> = Object.fromEntries(
  (Object.keys(BASE_EC) as ExceptionType[]).map((t) => [t, { base: BASE_EC[t], ilForced: IL_FORCED.has(t), writesFar: WRITES_FAR.has(t), vector: VECTOR_KIND[t] }]),
) as Record<ExceptionType, TypeInfo>;
/** SAME_EL_PLUS1 and FROM_A64_PLUS4 as 64-entry tables indexed by EC. */
const ecTable = (set: ReadonlySet<number>): Uint8Array => Uint8Array.from({ length: 64 }, (_, ec) => (set.has(ec) ? 1 : 0));
const PLUS1 = ecTable(SAME_EL_PLUS1);
const PLUS4 = ecTable(FROM_A64_PLUS4);

/** exceptionClass as EC | IL << 8 (no allocation on the entry path). */
function exceptionClassPacked(exc: ExceptionRecord, target: EL, pstate: Pstate): number {
  const info = TYPE_INFO[exc.type];
  let ec = info.base;
  const from32 = pstate.nRW === 1;
  let il = from32 ? (exc.il ?? 1) : 1;
  if (info.ilForced) il = 1;
  if (exc.type === "DataAbort" && (exc.iss & 0x0100_0000) === 0) il = 1; // ISV=0
  if (ec >= 0 && PLUS1[ec] === 1 && target === pstate.EL) ec += 1;
  if (ec >= 0 && PLUS4[ec] === 1 && !from32) ec += 4;
  return ec | (il << 8);
}

const STEP = "AArch64.TakeException";
const STEP_REPORT = `${STEP}: AArch64.ReportException`;
const STEP_SPSR = `${STEP}: SPSR[]`;
const STEP_ELR = `${STEP}: ELR[]`;
const STEP_PSTATE = `${STEP}: PSTATE`;
const STEP_BRANCH = `${STEP}: BranchTo`;

/**
 * AArch64.TakeException(target, exception, preferred_exception_return, vect_offset).
 * `onIESB` runs the implicit ESB after entry (TakeUnmaskedPhysicalSErrorInterrupts(iesb_req=TRUE)).
 * Hot path: with tracing off no text is built.
 */
export function takeException(pe: PE, target: EL, exc: ExceptionRecord, why: string, onIESB: (pe: PE) => void): void {
  const old = pe.pstate;
  const T = pe.tracing;
  pe.entries++;
  if (T) pe.note(STEP, `${exc.type} from EL${old.EL} taken to EL${target}: ${why}`);
  // 0. assertions (the routing code guarantees them; a violation is a model bug).
  if (target < old.EL) throw new Error(`TakeException: target EL${target} below current EL${old.EL}`);
  const c = pe.controls();
  // 1. IESB before the exception: InsertIESBBeforeException() is IMPLEMENTATION DEFINED; this model chooses FALSE.
  // 3. vector offset, from the OLD PSTATE.
  const info = TYPE_INFO[exc.type];
  const off = vectorOffset(c, old.EL, target, old.SP, old.nRW, info.vector);
  // 4. SPSR captured before any PSTATE change.
  const spsr = spsrWord(old);
  const R = pe.bank(target as 1 | 2 | 3); // target >= old.EL >= 0 and exceptions are never taken to EL0
  // 5. PSTATE.UAO <- 0 (SAIL85 order: before ReportException; applied with the other PSTATE fields below).
  // 6. ReportException, unless IRQ/FIQ.
  const t = exc.type;
  if (t !== "IRQ" && t !== "FIQ" && t !== "vIRQ" && t !== "vFIQ") {
    const ecil = exceptionClassPacked(exc, target, old);
    const ec = ecil & 0x3f;
    const il = ecil >>> 8;
    let lo = insertLo(0, ESR.EC, ec);
    lo = insertLo(lo, ESR.IL, il);
    lo = insertLo(lo, ESR.ISS, exc.iss);
    const base = info.base;
    pe.setRegWords(
      R.ESR,
      lo,
      0,
      STEP_REPORT,
      T ? `EC ${hex(ec, 2)}${ec !== base ? ` (base ${hex(base, 2)} adjusted: ${target === old.EL ? "same EL" : "from AArch64"})` : ""}, IL=${il}, ISS=${hex(exc.iss)}` : "",
    );
    if (info.writesFar && exc.vaddress !== undefined) {
      pe.setRegH(R.FAR, exc.vaddress, STEP_REPORT, T ? (exc.vaddress === UNKNOWN ? "FnV=1: FAR not valid, UNKNOWN" : "faulting virtual address") : "");
    } else {
      pe.setRegH(R.FAR, UNKNOWN, STEP_REPORT, T ? `FAR is UNKNOWN for ${t}` : "");
    }
  } else if (T) {
    pe.note(STEP_REPORT, `not called for ${t}: ESR_EL${target} and FAR_EL${target} keep their values`);
  }
  // 7-10. SPSR/ELR; PSTATE: EL, nRW, SP, SS, IL, DAIF, BTYPE; PAN; UAO.
  const f = pe.features;
  const sctlr = R.SCTLR.lo(); // SPAN and IESB lie in SCTLR[31:0]
  let pan = old.PAN;
  if (f.FEAT_PAN && (target === 1 || (target === 2 && c.e2h && c.tge)) && (sctlr & SCTLR.SPAN.loMask) === 0) pan = 1;
  pe.setRegWords(R.SPSR, spsr, 0, STEP_SPSR, T ? "PSTATE saved before any PSTATE change (GetPSRFromPSTATE)" : "");
  pe.setRegH(R.ELR, exc.preferredReturn, STEP_ELR, T ? "preferred exception return address" : "");
  const next: Pstate = {
    EL: target,
    SP: 1,
    nRW: 0,
    N: old.N,
    Z: old.Z,
    C: old.C,
    V: old.V,
    D: 1,
    A: 1,
    I: 1,
    F: 1,
    IL: 0,
    SS: 0,
    PAN: pan,
    UAO: f.FEAT_UAO ? 0 : old.UAO,
    DIT: old.DIT,
    SSBS: old.SSBS,
    TCO: old.TCO,
    BTYPE: 0,
  };
  pe.setPstate(next, STEP_PSTATE, T ? (pan !== old.PAN ? "EL, nRW=0, SP=1, DAIF=1111, IL=0, SS=0; PAN=1 (SCTLR.SPAN=0)" : "EL, nRW=0, SP=1, DAIF=1111, IL=0, SS=0, UAO=0") : "");
  // 11. BranchTo(VBAR[target] + vect_offset); VBAR bits [10:0] are RES0.
  pe.setPC(R.vectors.at(off), STEP_BRANCH, T ? `VBAR_EL${target} + ${hex(off, 3)} (${vectorName(off)})` : "");
  // 12. Implicit ESB after entry (FEAT_IESB and SCTLR_<target>.IESB).
  if (f.FEAT_IESB && (sctlr & SCTLR.IESB.loMask) !== 0) onIESB(pe);
}
