// Vector table offsets (AArch64.TakeException vect_offset; arch.md §4.1;
// TF-A arch.h CURRENT_EL_SP0/CURRENT_EL_SPX/LOWER_EL_AARCH64/LOWER_EL_AARCH32).
import type { EL } from "../arch/el.js";
import type { RoutingControls } from "./controls.js";
import { isInHost } from "./routing.js";

export const VECTOR_BASE = {
  CURRENT_EL_SP0: 0x000,
  CURRENT_EL_SPX: 0x200,
  LOWER_EL_AARCH64: 0x400,
  LOWER_EL_AARCH32: 0x600,
} as const;

export type VectorKind = "sync" | "IRQ" | "FIQ" | "SError" | "vIRQ" | "vFIQ" | "vSError";

export const VECTOR_KIND_OFFSET: Readonly<Record<VectorKind, number>> = {
  sync: 0x000,
  IRQ: 0x080,
  vIRQ: 0x080,
  FIQ: 0x100,
  vFIQ: 0x100,
  SError: 0x180,
  vSError: 0x180,
};

/**
 * Whether the EL immediately below `target` uses AArch32, as the ASL decides
 * "lower_32" (not the EL the exception came from). `nRW` is PSTATE.nRW
 * (the current EL0 state; only consulted when coming from EL0).
 */
export function lowerUsesAArch32(c: RoutingControls, fromEL: EL, target: EL, nRW: number): boolean {
  if (target === 3) return c.el2Enabled ? c.el2AArch32 : c.el1AArch32;
  if (target === 2 && fromEL === 0 && isInHost(c, 0)) return nRW !== 0;
  if (target === 2) return c.el1AArch32;
  return nRW !== 0; // target EL1 from EL0
}

/** The offset from VBAR_<target> (sp is PSTATE.SP at the time of the exception). */
export function vectorOffset(c: RoutingControls, fromEL: EL, target: EL, sp: number, nRW: number, kind: VectorKind): number {
  let base: number;
  if (target > fromEL) base = lowerUsesAArch32(c, fromEL, target, nRW) ? VECTOR_BASE.LOWER_EL_AARCH32 : VECTOR_BASE.LOWER_EL_AARCH64;
  else base = sp !== 0 ? VECTOR_BASE.CURRENT_EL_SPX : VECTOR_BASE.CURRENT_EL_SP0;
  return base + VECTOR_KIND_OFFSET[kind];
}

/** A human name for the vector slot, e.g. "lower EL AArch64, SError". */
export function vectorName(offset: number): string {
  const group = ["current EL with SP0", "current EL with SPx", "lower EL using AArch64", "lower EL using AArch32"][offset >> 9] ?? "?";
  const kind = ["Synchronous", "IRQ/vIRQ", "FIQ/vFIQ", "SError/vSError"][(offset >> 7) & 3] ?? "?";
  return `${group}, ${kind}`;
}
