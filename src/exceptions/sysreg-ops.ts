// Software instructions a scenario can execute: MSR/MRS (through the register
// file's access checks; UNDEFINED and traps become exceptions), MSR DAIFSet/DAIFClr,
// and SVC. ASL: AArch64.SystemRegisterTrap, AArch64.UndefinedFault, AArch64.CallSupervisor.
import type { EL } from "../arch/el.js";
import { hex } from "../arch/bits.js";
import type { Pstate } from "../arch/pstate.js";
import { sysRegTrapIss } from "../sysregs/trap_iss.js";
import { iesbAfterEntry } from "./interrupts.js";
import type { PE } from "./pe.js";
import { syncTargetEL } from "./routing.js";
import { takeException } from "./take.js";

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

/** MSR <reg>, Xt at the current EL. */
export function executeMSR(pe: PE, reg: string, value: bigint): void {
  const ctx = { el: pe.pstate.EL, security: pe.secure ? ("Secure" as const) : ("NonSecure" as const) };
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
export function executeMRS(pe: PE, reg: string): bigint | null {
  if (reg === "ISR_EL1") pe.regs.set("ISR_EL1", pe.isr()); // ISR_EL1 reflects the PE's pending state
  const out = pe.regs.mrs(reg, { el: pe.pstate.EL, security: pe.secure ? "Secure" : "NonSecure" });
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

/** SVC #imm16 (AArch64.CallSupervisor): to EL1, EL2 from EL0 with TGE, else the current EL; ELR = next instruction. */
export function executeSVC(pe: PE, imm16: number): void {
  const t = syncTargetEL(pe.controls(), pe.pstate.EL, "other");
  takeException(pe, t, { type: "SupervisorCall", iss: imm16 & 0xffff, preferredReturn: pe.pc + 4n }, pe.tracing ? `SVC #${hex(imm16)}` : "", iesbAfterEntry);
}
