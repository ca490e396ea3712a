// Software instructions a scenario can execute: MSR/MRS (through the register
// file's access checks; UNDEFINED and traps become exceptions), MSR DAIFSet/DAIFClr,
// and SVC. ASL: AArch64.SystemRegisterTrap, AArch64.UndefinedFault, AArch64.CallSupervisor.
import type { EL } from "../arch/el.js";
import { hex } from "../arch/bits.js";
import type { Pstate } from "../arch/pstate.js";
import { sysRegTrapIss } from "../sysregs/trap-iss.js";
import { iesbAfterEntry } from "./interrupts.js";
import type { PEState as PE } from "./state.js";
import { syncTargetEL } from "./routing.js";
import { takeException } from "./take.js";
import { HCR, SCR } from "./fields.js";

/** PSTATE field names MSR DAIFSet/DAIFClr take, by immediate bit (D=8, A=4, I=2, F=1). */
const DAIF_NAMES = [["D", 8], ["A", 4], ["I", 2], ["F", 1]] as const;
/** MSR (immediate) DAIFSet/DAIFClr encoding: op0=0, op1=3, CRn=4, CRm=imm4, op2=6/7. */
const DAIF_OP2 = { DAIFSet: 6, DAIFClr: 7 } as const;

function undefinedFault(pe: PE, why: string): void {
  const t = syncTargetEL(pe.controls(), pe.pstate.EL, "other");
  takeException(pe, t, { type: "Uncategorized", iss: 0, preferredReturn: pe.pc }, `UNDEFINED: ${why}`, iesbAfterEntry);
}

/** Traps to EL1 become traps to EL2 with EL2 enabled and HCR_EL2.TGE=1 (arch.md §1.3 routing hook). */
function trapTarget(pe: PE, el: EL): EL {
  const c = pe.controls();
  return el === 1 && c.el2Enabled && c.tge ? 2 : el;
}

/** MSR DAIFSet/DAIFClr #imm4 (EL0 needs SCTLR_EL1.UMA=1, else trapped as EC 0x18). */
export function executeDAIF(pe: PE, op: "DAIFSet" | "DAIFClr", imm: number): void {
  if (pe.pstate.EL === 0 && pe.regs.getField("SCTLR_EL1", "UMA") === 0n) {
    const iss = sysRegTrapIss({ op0: 0, op1: 3, CRn: 4, CRm: imm, op2: DAIF_OP2[op] }, 31, false);
    takeException(pe, trapTarget(pe, 1), { type: "SystemRegisterTrap", iss, preferredReturn: pe.pc }, `MSR ${op} at EL0 with SCTLR_EL1.UMA=0`, iesbAfterEntry);
    return;
  }
  const v = op === "DAIFSet" ? 1 : 0;
  const next: { -readonly [K in keyof Pstate]: Pstate[K] } = { ...pe.pstate };
  for (const [name, bit] of DAIF_NAMES) if (imm & bit) next[name] = v;
  pe.setPstate(next, `MSR ${op}, #${hex(imm)}`, op === "DAIFSet" ? "mask" : "unmask");
  pe.setPC(pe.pc + 4n, `MSR ${op}`, "next instruction");
}

/** MSR <reg>, Xt at the current EL (Rt is reported in a trap's ISS[9:5]; default 0). */
export function executeMSR(pe: PE, reg: string, value: bigint, rt = 0): void {
  const ctx = { el: pe.pstate.EL, security: pe.secure ? ("Secure" as const) : ("NonSecure" as const), rt };
  // For the trace: the register the write will reach (after redirects) and its old value.
  const pre = pe.tracing ? pe.regs.mrs(reg, ctx) : null;
  const out = pe.regs.msr(reg, value, ctx);
  pe.invalidate(); // HCR_EL2, SCR_EL3 or a register they alias may have changed
  if (out.kind === "ok") {
    const target = out.register;
    const before = pre?.kind === "ok" && pre.register === target ? hex(pre.value) : "?";
    if (pe.tracing) pe.traceState(`MSR ${reg}, ${hex(value)}`, target, before, hex(out.value), `software write${out.note ? ` (${out.note})` : ""}`);
    pe.setPC(pe.pc + 4n, `MSR ${reg}`, "next instruction");
    return;
  }
  applyOutcome(pe, `MSR ${reg}, ${hex(value)}`, out);
}

/** MRS Xt, <reg> at the current EL; returns the value read, or null when it did not complete. */
export function executeMRS(pe: PE, reg: string, rt = 0): bigint | null {
  if (reg === "ISR_EL1") pe.regs.set("ISR_EL1", pe.isr()); // ISR_EL1 reflects the PE's pending state
  const out = pe.regs.mrs(reg, { el: pe.pstate.EL, security: pe.secure ? "Secure" : "NonSecure", rt });
  return applyOutcome(pe, `MRS ${reg}`, out);
}

function applyOutcome(pe: PE, what: string, out: ReturnType<PE["regs"]["mrs"]>): bigint | null {
  switch (out.kind) {
    case "ok":
      pe.note(what, `${out.register}${out.note ? ` (${out.note})` : ""} = ${hex(out.value)}`);
      pe.setPC(pe.pc + 4n, what, "next instruction");
      return out.value;
    case "undefined":
      undefinedFault(pe, `${what}: ${out.reason}`);
      return null;
    case "trap":
      takeException(pe, out.targetEL, { type: "SystemRegisterTrap", iss: out.iss, preferredReturn: pe.pc }, `${what} trapped: ${out.reason}`, iesbAfterEntry);
      return null;
  }
}

/**
 * PSTATE.IL=1 (after an illegal exception return): the next instruction is not executed;
 * it takes an Illegal Execution state exception (EC 0x0E), routed as UNDEFINED
 * (AArch64.IllegalExecutionState: EL0 with TGE to EL2, else max(EL, EL1)), ELR = this
 * instruction. Returns true when it did.
 */
export function illegalStateCheck(pe: PE): boolean {
  if (pe.pstate.IL !== 1) return false;
  const t = syncTargetEL(pe.controls(), pe.pstate.EL, "other");
  takeException(pe, t, { type: "IllegalState", iss: 0, preferredReturn: pe.pc }, pe.tracing ? "PSTATE.IL=1: Illegal Execution state (the instruction is not executed)" : "", iesbAfterEntry);
  return true;
}

/**
 * HVC #imm16 (Arm ARM C6 HVC, AArch64.CallHypervisor): UNDEFINED at EL0, without EL2,
 * at EL1 when EL2 is not enabled (Secure EL1 in v8.2), and when disabled: SCR_EL3.HCE=0
 * with EL3, HCR_EL2.HCD=1 without EL3. Otherwise taken to EL2 (EL3 when executed at EL3),
 * EC 0x16, ISS[15:0] = imm16, ELR = the next instruction.
 */
export function executeHVC(pe: PE, imm16: number): void {
  const el = pe.pstate.EL;
  const c = pe.controls();
  const f = pe.features;
  let undef: string | null = null;
  if (!f.EL2) undef = "EL2 is not implemented";
  else if (el === 0) undef = "HVC at EL0";
  else if (el === 1 && !c.el2Enabled) undef = "HVC at EL1 with EL2 not enabled (Secure state)";
  else if (f.EL3 ? (pe.scr() & SCR.HCE.mask) === 0n : (pe.hcr() & HCR.HCD.mask) !== 0n) undef = f.EL3 ? "SCR_EL3.HCE=0: HVC disabled" : "HCR_EL2.HCD=1: HVC disabled";
  if (undef !== null) {
    undefinedFault(pe, `HVC #${hex(imm16)}: ${undef}`);
    return;
  }
  const t: EL = el === 3 ? 3 : 2;
  takeException(pe, t, { type: "HypervisorCall", iss: imm16 & 0xffff, preferredReturn: pe.pc + 4n }, pe.tracing ? `HVC #${hex(imm16)} (AArch64.CallHypervisor)` : "", iesbAfterEntry);
}

/**
 * SMC #imm16 (Arm ARM C6 SMC, AArch64.CheckForSMCUndefOrTrap, AArch64.CallSecureMonitor):
 * UNDEFINED at EL0; with EL3, trapped to EL2 from EL1 with EL2 enabled and HCR_EL2.TSC=1
 * (EC 0x17, ELR = the SMC itself; checked before SCR_EL3.SMD); UNDEFINED with SCR_EL3.SMD=1,
 * and without EL3 whatever TSC (the trap then needs FEAT_NV, not in v8.2); otherwise taken to
 * EL3 (EC 0x17, ISS[15:0] = imm16, ELR = next).
 */
export function executeSMC(pe: PE, imm16: number): void {
  const el = pe.pstate.EL;
  const c = pe.controls();
  const imm = imm16 & 0xffff;
  const what = `SMC #${hex(imm)}`;
  if (el === 0) return undefinedFault(pe, `${what} at EL0`);
  // Without EL3 the TSC trap needs FEAT_NV with HCR_EL2.NV=1 (not in v8.2): UNDEFINED below.
  const trapToEL2 = pe.features.EL3 && el === 1 && c.el2Enabled && (pe.hcr() & HCR.TSC.mask) !== 0n;
  if (trapToEL2) {
    takeException(pe, 2, { type: "MonitorCall", iss: imm, preferredReturn: pe.pc }, pe.tracing ? `${what} at EL1 trapped by HCR_EL2.TSC=1 (AArch64.CheckForSMCUndefOrTrap)` : "", iesbAfterEntry);
    return;
  }
  if (!pe.features.EL3) return undefinedFault(pe, `${what}: EL3 is not implemented`);
  if ((pe.scr() & SCR.SMD.mask) !== 0n) return undefinedFault(pe, `${what}: SCR_EL3.SMD=1`);
  takeException(pe, 3, { type: "MonitorCall", iss: imm, preferredReturn: pe.pc + 4n }, pe.tracing ? `${what} (AArch64.CallSecureMonitor)` : "", iesbAfterEntry);
}

/** SVC #imm16 (AArch64.CallSupervisor): to EL1, EL2 from EL0 with TGE, else the current EL; ELR = next instruction. */
export function executeSVC(pe: PE, imm16: number): void {
  const t = syncTargetEL(pe.controls(), pe.pstate.EL, "other");
  takeException(pe, t, { type: "SupervisorCall", iss: imm16 & 0xffff, preferredReturn: pe.pc + 4n }, pe.tracing ? `SVC #${hex(imm16)}` : "", iesbAfterEntry);
}
