// Pending asynchronous exceptions: masking, and taking them.
// ASL AArch64.TakePhysical{IRQ,FIQ,SError}Exception, AArch64.TakeVirtual*Exception,
// AArch64.PhysicalSErrorSyndrome, TakeUnmaskedPhysicalSErrorInterrupts, TakePendingInterrupts.
import type { EL } from "../arch/el.js";
import { extract, hex, insertLo } from "../arch/bits.js";
import { SERROR_ISS, VSESR } from "./fields.js";
import type { PEState as PE } from "./state.js";
import { DAIF_BIT, MASK_BIT, physicalMaskable, physicalTargetEL, virtualTargetEL, type PhysicalKind, type VirtualKind } from "./routing.js";
import { takeException } from "./take.js";

/** Target EL if the physical exception is taken now, or -1 (masked or routed below the current EL). */
export function unmaskedPhysicalTarget(pe: PE, kind: PhysicalKind): EL | -1 {
  const c = pe.controls();
  const el = pe.pstate.EL;
  const t = physicalTargetEL(c, el, kind);
  if (t === -1) return -1;
  if (physicalMaskable(c, el, t) && (pstateDAIF(pe) & DAIF_BIT[MASK_BIT[kind]]) !== 0) return -1;
  return t;
}

export function unmaskedVirtualTarget(pe: PE, kind: VirtualKind): 1 | -1 {
  const t = virtualTargetEL(pe.controls(), pe.pstate.EL, kind);
  if (t === -1) return -1;
  return (pstateDAIF(pe) & DAIF_BIT[MASK_BIT[kind]]) !== 0 ? -1 : 1;
}

export function pstateDAIF(pe: PE): number {
  const p = pe.pstate;
  return (p.D << 3) | (p.A << 2) | (p.I << 1) | p.F;
}

/** AArch64.PhysicalSErrorSyndrome(implicit_esb): the pending syndrome, with IESB set when synchronized by an implicit ESB (IDS=0 only). */
export function physicalSErrorSyndrome(pe: PE, implicitESB: boolean): number {
  const iss = pe.serrorISS;
  if (implicitESB && (iss & SERROR_ISS.IDS.loMask) === 0) return insertLo(iss, SERROR_ISS.IESB, 1);
  return iss;
}

/** AArch64.TakePhysicalSErrorException(implicit_esb). */
export function takePhysicalSError(pe: PE, target: EL, implicitESB: boolean): void {
  const iss = physicalSErrorSyndrome(pe, implicitESB);
  pe.traceState("AArch64.TakePhysicalSErrorException", "pending SError", "1", "0", "ClearPendingPhysicalSError() on taking it (edge-triggered model, SAIL85)");
  pe.serrorPending = false;
  takeException(pe, target, { type: "SError", iss, preferredReturn: pe.pc }, implicitESB ? "physical SError synchronized by an implicit ESB (ESR.IESB=1)" : "physical SError", iesbAfterEntry);
}

/** AArch64.TakeVirtualSErrorException: ESR_EL1.ISS = VSESR_EL2[24:0] (FEAT_RAS), HCR_EL2.VSE cleared. */
export function takeVirtualSError(pe: PE): void {
  const vsesr = pe.features.FEAT_RAS ? pe.regs.read("VSESR_EL2") : 0n;
  const iss = Number(extract(vsesr, VSESR.IDS) << 24n | extract(vsesr, VSESR.ISS));
  pe.setHcrBit("VSE", false, "AArch64.TakeVirtualSErrorException", "ClearPendingVirtualSError(): taking a virtual SError clears HCR_EL2.VSE");
  takeException(pe, 1, { type: "vSError", iss, preferredReturn: pe.pc }, `virtual SError, ESR_EL1.ISS = VSESR_EL2[24:0] = ${hex(iss)}`, iesbAfterEntry);
}

/** TakeUnmaskedPhysicalSErrorInterrupts(iesb_req). */
export function takeUnmaskedPhysicalSError(pe: PE, iesb: boolean): boolean {
  if (!pe.serrorPending) return false;
  const t = unmaskedPhysicalTarget(pe, "SError");
  if (t === -1) return false;
  takePhysicalSError(pe, t, iesb);
  return true;
}

/** Step 12 of TakeException / step 1 of ExceptionReturn: SynchronizeErrors, then take an unmasked physical SError with IESB=1. */
export function iesbAfterEntry(pe: PE): void {
  pe.synchronizeErrors("implicit ESB (SCTLR_ELx.IESB=1)");
  if (pe.serrorPending && unmaskedPhysicalTarget(pe, "SError") !== -1) {
    pe.note("implicit ESB (SCTLR_ELx.IESB=1)", "SynchronizeErrors(): a pending unmasked physical SError is taken now");
    takeUnmaskedPhysicalSError(pe, true);
  }
}

/** TakeUnmaskedSErrorInterrupts: physical, then virtual. */
export function takeUnmaskedSErrors(pe: PE): void {
  if (takeUnmaskedPhysicalSError(pe, false)) return;
  if (pe.vsePending() && unmaskedVirtualTarget(pe, "vSError") !== -1) takeVirtualSError(pe);
}

/**
 * TakePendingInterrupts, at an instruction boundary: takes the highest-priority
 * pending unmasked exception, repeatedly (a taken exception sets DAIF, so at most
 * a chain of unmaskable ones follows). Priority (Sail): vFIQ, vIRQ, vSError, FIQ, IRQ, SError.
 */
export function takePendingInterrupts(pe: PE): void {
  pe.synchronizeErrors("instruction boundary");
  for (let guard = 0; guard < 8; guard++) {
    const c = pe.controls();
    if (c.vf && unmaskedVirtualTarget(pe, "vFIQ") !== -1) {
      takeException(pe, 1, { type: "vFIQ", iss: 0, preferredReturn: pe.pc }, "virtual FIQ (HCR_EL2.VF=1)", iesbAfterEntry);
    } else if (c.vi && unmaskedVirtualTarget(pe, "vIRQ") !== -1) {
      takeException(pe, 1, { type: "vIRQ", iss: 0, preferredReturn: pe.pc }, "virtual IRQ (HCR_EL2.VI=1)", iesbAfterEntry);
    } else if (c.vse && unmaskedVirtualTarget(pe, "vSError") !== -1) {
      takeVirtualSError(pe);
    } else if (pe.fiqLine && unmaskedPhysicalTarget(pe, "FIQ") !== -1) {
      takeException(pe, unmaskedPhysicalTarget(pe, "FIQ") as EL, { type: "FIQ", iss: 0, preferredReturn: pe.pc }, "physical FIQ", iesbAfterEntry);
    } else if (pe.irqLine && unmaskedPhysicalTarget(pe, "IRQ") !== -1) {
      takeException(pe, unmaskedPhysicalTarget(pe, "IRQ") as EL, { type: "IRQ", iss: 0, preferredReturn: pe.pc }, "physical IRQ", iesbAfterEntry);
    } else if (!takeUnmaskedPhysicalSError(pe, false)) {
      return;
    }
  }
}


