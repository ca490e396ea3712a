// Synchronous External aborts on a consuming access (ASL AArch64.Abort ->
// AArch64.DataAbort / AArch64.InstructionAbort with IsExternalSyncAbort; the
// syndrome per AArch64.FaultSyndrome with SET from the error type).
import { hex, insertLo } from "../arch/bits.js";
import { UNKNOWN } from "../sysregs/types.js";
import { DABT_ISS, IABT_ISS } from "./fields.js";
import { iesbAfterEntry } from "./interrupts.js";
import type { PEState as PE } from "./state.js";
import { syncTargetEL } from "./routing.js";
import { takeException } from "./take.js";

/** RAS error types (ERR<n>STATUS.UET names, plus CE). */
export type ErrorType = "UC" | "UEU" | "UEO" | "UER" | "CE";

/** FSC 0b010000: synchronous External abort, not on a translation table walk. */
export const FSC_SYNC_EXTERNAL_ABORT = 0x10;

/**
 * ISS.SET for a synchronous error (arch.md §1.4 SET table; SAIL94
 * AArch64.EncodeSyncErrorSyndrome): UER 0b00, UC 0b10, UEO/CE 0b11.
 * UEU has no SET encoding; reported as UC (0b10) [recalled ASL].
 */
export const SET_OF: Readonly<Record<ErrorType, number>> = { UER: 0b00, UC: 0b10, UEU: 0b10, UEO: 0b11, CE: 0b11 };

export interface ExternalAbortAccess {
  /** Faulting virtual address; omitted means FnV=1 and FAR UNKNOWN. */
  readonly va?: bigint;
  /** The access is a write (ISS.WnR). */
  readonly write?: boolean;
  /** Instruction fetch (Instruction Abort) instead of a data access. */
  readonly fetch?: boolean;
  readonly errorType: ErrorType;
  /** ISS.EA: IMPLEMENTATION DEFINED classification (default 0). */
  readonly ea?: 0 | 1;
}

/** ISS for a synchronous External abort (ISV=0: IL=1, no instruction syndrome). */
export function seaIss(a: ExternalAbortAccess): number {
  const F = a.fetch ? IABT_ISS : DABT_ISS;
  let iss = 0;
  iss = insertLo(iss, a.fetch ? IABT_ISS.IFSC : DABT_ISS.DFSC, FSC_SYNC_EXTERNAL_ABORT);
  iss = insertLo(iss, F.SET, SET_OF[a.errorType]);
  iss = insertLo(iss, F.FnV, a.va === undefined ? 1 : 0);
  iss = insertLo(iss, F.EA, a.ea ?? 0);
  if (!a.fetch && a.write) iss = insertLo(iss, DABT_ISS.WnR, 1);
  return iss >>> 0;
}

/** Takes the synchronous External abort of a consuming access at the current PC. */
export function syncExternalAbort(pe: PE, a: ExternalAbortAccess, why: string): void {
  const c = pe.controls();
  const reasons: string[] = [];
  const target = syncTargetEL(c, pe.pstate.EL, "sea", pe.tracing ? reasons : null);
  const iss = seaIss(a);
  if (pe.tracing) pe.note("AArch64.SyncExternalAbort", `${why}; ${reasons.join("; ")}; ISS ${hex(iss)} (DFSC 0x10, SET=${SET_OF[a.errorType].toString(2).padStart(2, "0")} for ${a.errorType}, FnV=${a.va === undefined ? 1 : 0})`);
  takeException(pe, target, { type: a.fetch ? "InstructionAbort" : "DataAbort", iss, vaddress: a.va ?? UNKNOWN, preferredReturn: pe.pc }, "synchronous External abort", iesbAfterEntry);
}
