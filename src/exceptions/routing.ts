// Where an exception is taken, and whether PSTATE can mask it.
// Structure follows the ASL: AArch64.TakePhysical{IRQ,FIQ,SError}Exception
// (target), AArch64.PendingUnmaskedPhysicalInterrupts (masking),
// AArch64.TakeVirtual*Exception, AArch64.{DataAbort,InstructionAbort},
// AArch64.UndefinedFault. See arch.md §3.
import type { EL } from "../arch/el.js";
import type { RoutingControls } from "./controls.js";

export type PhysicalKind = "IRQ" | "FIQ" | "SError";
export type VirtualKind = "vIRQ" | "vFIQ" | "vSError";
export type AsyncKind = PhysicalKind | VirtualKind;
/**
 * What decides a synchronous exception's target:
 * - "sea": synchronous External abort (SCR_EL3.EA, HCR_EL2.TEA, TGE);
 * - "abort": stage-1 MMU fault (TGE only);
 * - "stage2": stage-2 fault (always EL2 from EL0/EL1 when EL2 is enabled);
 * - "other": Undefined, Illegal state, SVC (EL0 with TGE to EL2; else max(EL, EL1)).
 */
export type SyncClass = "sea" | "abort" | "stage2" | "other";

/** The PSTATE bit that masks each asynchronous kind. */
export const MASK_BIT = { IRQ: "I", FIQ: "F", SError: "A", vIRQ: "I", vFIQ: "F", vSError: "A" } as const;
/** PSTATE.DAIF bit value for D, A, I, F (D=8 ... F=1, as in SPSR[9:6]). */
export const DAIF_BIT = { D: 8, A: 4, I: 2, F: 1 } as const;

type Why = string[] | null;

/** ELIsInHost(el) for the current regime: E2H=TGE=1 and el is EL2, or EL0. */
export function isInHost(c: RoutingControls, el: EL): boolean {
  return c.el2Enabled && !c.el2AArch32 && c.e2h && (el === 2 || (el === 0 && c.tge));
}

/**
 * Target EL of a physical IRQ/FIQ/SError taken from `el`, or -1 when the
 * routing target is below the current EL (not taken; stays pending).
 */
export function physicalTargetEL(c: RoutingControls, el: EL, kind: PhysicalKind, why: Why = null): EL | -1 {
  const rt3 = kind === "IRQ" ? c.scrIRQ : kind === "FIQ" ? c.scrFIQ : c.scrEA;
  const scrName = kind === "IRQ" ? "SCR_EL3.IRQ" : kind === "FIQ" ? "SCR_EL3.FIQ" : "SCR_EL3.EA";
  if (rt3) {
    why?.push(`${scrName}=1: routed to EL3`);
    return 3;
  }
  if (c.el3AArch32 && c.secure) {
    // AArch32 EL3: Secure PL1 modes run at EL3, so Secure "EL1" exceptions go to EL3 [QEMU target_el_table].
    why?.push("EL3 is AArch32: the Secure PL1 modes are at EL3 [QEMU target_el_table]");
    return 3;
  }
  if (el === 3) {
    why?.push(`${scrName}=0 at EL3: the target is below EL3, so it is not taken here`);
    return -1;
  }
  const ovr = kind === "IRQ" ? c.imo : kind === "FIQ" ? c.fmo : c.amo;
  const ovrName = kind === "IRQ" ? "IMO" : kind === "FIQ" ? "FMO" : "AMO";
  if (c.el2Enabled && el <= 1 && (c.tge || ovr)) {
    why?.push(c.tge ? "EL2 enabled and HCR_EL2.TGE=1: routed to EL2" : `EL2 enabled and HCR_EL2.${ovrName}=1: routed to EL2`);
    return 2;
  }
  if (el === 2) {
    if (c.tge || ovr) {
      why?.push(`at EL2 with HCR_EL2.${c.tge ? "TGE" : ovrName}=1: taken at EL2`);
      return 2;
    }
    if (c.el2AArch32) {
      why?.push("EL2 is AArch32 (Hyp mode): taken at EL2 [QEMU target_el_table]");
      return 2;
    }
    why?.push(`at EL2 with HCR_EL2.{TGE,${ovrName}}=0: the target EL1 is below EL2, so it is not taken here`);
    return -1;
  }
  why?.push(c.el2Enabled ? `HCR_EL2.{TGE,${ovrName}}=0: taken to EL1` : c.haveEL2 ? "EL2 not enabled in Secure state: taken to EL1" : "no EL2: taken to EL1");
  return 1;
}

/** Whether PSTATE.{A,I,F} masks a physical exception routed from `el` to `target` (AArch64.PendingUnmaskedPhysicalInterrupts). */
export function physicalMaskable(c: RoutingControls, el: EL, target: EL, why: Why = null): boolean {
  if (target === el) {
    why?.push(`taken at the current EL${el}: PSTATE masks it`);
    return true;
  }
  if (target === 1) {
    why?.push("routed from EL0 to EL1: PSTATE masks it");
    return true;
  }
  if (target === 2 && c.e2h && c.tge) {
    why?.push("routed to EL2 with HCR_EL2.{E2H,TGE}={1,1} (VHE host): PSTATE masks it");
    return true;
  }
  why?.push(`routed to a higher EL (EL${target}): PSTATE cannot mask it`);
  return false;
}

/**
 * Virtual IRQ/FIQ/SError: takeable only from EL0/EL1 with EL2 enabled, TGE=0 and the
 * matching AMO/IMO/FMO; always to EL1, masked by plain PSTATE (arch.md §3.5).
 * Returns 1 or -1 (not takeable in this state).
 */
export function virtualTargetEL(c: RoutingControls, el: EL, kind: VirtualKind, why: Why = null): 1 | -1 {
  const ovr = kind === "vIRQ" ? c.imo : kind === "vFIQ" ? c.fmo : c.amo;
  const ovrName = kind === "vIRQ" ? "IMO" : kind === "vFIQ" ? "FMO" : "AMO";
  if (!c.el2Enabled) {
    why?.push("EL2 is not enabled: no virtual exceptions");
    return -1;
  }
  if (el > 1) {
    why?.push(`virtual exceptions are never taken from EL${el} (target EL1 is below)`);
    return -1;
  }
  if (c.tge) {
    why?.push("HCR_EL2.TGE=1: virtual exceptions are disabled");
    return -1;
  }
  if (!ovr) {
    why?.push(`HCR_EL2.${ovrName}=0: virtual ${kind.slice(1)} is not enabled`);
    return -1;
  }
  why?.push(`EL2 enabled, TGE=0, ${ovrName}=1: taken to EL1, PSTATE masks it`);
  return 1;
}

/** Target EL of a synchronous exception from `el` (never lower than `el`). */
export function syncTargetEL(c: RoutingControls, el: EL, cls: SyncClass, why: Why = null): EL {
  if (el === 3) {
    why?.push("at EL3: taken at EL3");
    return 3;
  }
  if (cls === "sea" && c.scrEA) {
    why?.push("synchronous External abort with SCR_EL3.EA=1: routed to EL3");
    return 3;
  }
  if (el === 2) {
    why?.push("at EL2: taken at EL2");
    return 2;
  }
  if (c.el2Enabled) {
    if (cls === "sea" && (c.tge || c.tea)) {
      why?.push(c.tge ? "HCR_EL2.TGE=1: routed to EL2" : "synchronous External abort with HCR_EL2.TEA=1: routed to EL2");
      return 2;
    }
    if (cls === "abort" && c.tge) {
      why?.push("HCR_EL2.TGE=1: routed to EL2");
      return 2;
    }
    if (cls === "stage2") {
      why?.push("stage-2 fault: taken to EL2");
      return 2;
    }
    if (cls === "other" && el === 0 && c.tge) {
      why?.push("from EL0 with HCR_EL2.TGE=1: routed to EL2");
      return 2;
    }
  }
  if (c.el3AArch32 && c.secure) {
    why?.push("EL3 is AArch32: the Secure PL1 modes are at EL3");
    return 3;
  }
  why?.push(el === 1 ? "taken at EL1" : "taken to EL1");
  return 1;
}
