// The ESB instruction (FEAT_RAS): ASL system_hints SystemHintOp_ESB,
// AArch64.ESBOperation, AArch64.vESBOperation, AArch64.ReportDeferredSError (arch.md §4.5).
import type { EL } from "../arch/el.js";
import { extract, hex, insertLo } from "../arch/bits.js";
import { DISR, VSESR } from "./fields.js";
import { physicalSErrorSyndrome, takeUnmaskedSErrors } from "./interrupts.js";
import type { PEState as PE } from "./state.js";

/** AArch64.ReportDeferredSError: {A=1, IDS, ISS[23:0]} (DISR/VDISR AArch64 format; no IESB bit). */
export function deferredSyndrome(iss: number): bigint {
  let lo = insertLo(0, DISR.A, 1);
  lo = insertLo(lo, DISR.IDS, (iss >>> 24) & 1);
  lo = insertLo(lo, DISR.ISS, iss & 0xff_ffff);
  return BigInt(lo >>> 0);
}

/** AArch64.ESBOperation: defers a pending, masked physical SError into DISR_EL1. */
export function esbOperation(pe: PE): void {
  const c = pe.controls();
  const el = pe.pstate.EL;
  const target: EL = c.scrEA ? 3 : c.el2Enabled && (c.tge || c.amo) ? 2 : 1;
  const maskActive = target === 1 ? el <= 1 : target === 2 && c.e2h && c.tge ? el === 0 || el === 2 : el === target;
  const masked = target < el || (maskActive && pe.pstate.A === 1);
  if (!pe.serrorPending) {
    pe.note("AArch64.ESBOperation", "no physical SError pending: DISR_EL1 unchanged");
    return;
  }
  if (!masked) {
    pe.note("AArch64.ESBOperation", `physical SError (target EL${target}) is not masked: not deferred, taken by TakeUnmaskedSErrorInterrupts`);
    return;
  }
  const why = target < el ? `target EL${target} is below EL${el}` : `PSTATE.A=1 and the mask applies at EL${el} for target EL${target}`;
  const syn = physicalSErrorSyndrome(pe, false);
  pe.setReg("DISR_EL1", deferredSyndrome(syn), "AArch64.ESBOperation: AArch64.ReportDeferredSError", `masked (${why}): deferred, A=1, syndrome ${hex(syn)}`);
  pe.traceState("AArch64.ESBOperation", "pending SError", "1", "0", "ClearPendingPhysicalSError()");
  pe.serrorPending = false;
}

/** AArch64.vESBOperation: defers a pending, masked virtual SError into VDISR_EL2 and clears HCR_EL2.VSE. */
export function vesbOperation(pe: PE): void {
  const c = pe.controls();
  if (!(c.vse && c.amo && !c.tge)) {
    pe.note("AArch64.vESBOperation", "no virtual SError pending (needs TGE=0, AMO=1, VSE=1): VDISR_EL2 unchanged");
    return;
  }
  if (pe.pstate.A === 0) {
    pe.note("AArch64.vESBOperation", "virtual SError not masked (PSTATE.A=0): taken, not deferred");
    return;
  }
  const vsesr = pe.regs.read("VSESR_EL2");
  const iss = Number((extract(vsesr, VSESR.IDS) << 24n) | extract(vsesr, VSESR.ISS));
  pe.setReg("VDISR_EL2", deferredSyndrome(iss), "AArch64.vESBOperation", "virtual SError masked by PSTATE.A: deferred, A=1, IDS:ISS from VSESR_EL2");
  pe.setHcrBit("VSE", false, "AArch64.vESBOperation", "HCR_EL2.VSE <- 0 (deferred)");
}

/** Executes ESB at the current PC. */
export function executeESB(pe: PE): void {
  const pc = pe.pc;
  const taken = pe.entries;
  if (!pe.features.FEAT_RAS) {
    pe.note("ESB", "without FEAT_RAS, ESB is a NOP hint");
  } else {
    pe.note("ESB", "SynchronizeErrors()");
    pe.synchronizeErrors("ESB");
    esbOperation(pe);
    const c = pe.controls();
    if (c.el2Enabled && pe.pstate.EL <= 1) vesbOperation(pe);
    takeUnmaskedSErrors(pe);
  }
  // An SError taken by step 4 returns to the ESB (ThisInstrAddr()); otherwise the PC moves on.
  if (pe.entries === taken) pe.setPC(pc + 4n, "ESB", "next instruction");
}
