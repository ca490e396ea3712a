// ERR<n>STATUS / ERXSTATUS_EL1 software writes: conditional write-one-to-clear
// (arch.md §2.7; Linux ERR_STATUS_W1TC_MASK and arch_arm_ras_get_status_clear_value;
// TF-A ser_set_status; Arm ERR<n>STATUS text "If CE is not 00 and is not being
// cleared, the write is ignored"). Where the sources leave a choice, StatusWritePolicy
// names it; DEFAULT_STATUS_POLICY is the documented default.
import type { BitField } from "../arch/bits.js";
import { ERR_STATUS } from "./registers/err-record.js";

export interface StatusWritePolicy {
  /**
   * Multi-bit W1C fields CE[25:24] and UET[21:20]:
   * "all-ones" (default): cleared only by writing 0b11, any other write leaves them (Linux: "all bits must be written");
   * "per-bit": each bit written 1 clears that bit.
   */
  readonly multiBitClear: "all-ones" | "per-bit";
  /**
   * Which clears the record-protection guards drop:
   * "types" (default): the verified guards only: V's clear is ignored while UE, DE or CE stays
   * nonzero after the write; UE/DE/CE clears are ignored while OF stays 1;
   * "record": additionally AV, MV, ER, PN, UET and CI clears are ignored while UE, DE or CE stays
   * nonzero (the [recalled] extension in arch.md §2.7).
   */
  readonly guard: "types" | "record";
  /**
   * IERR[15:8] and SERR[7:0]:
   * "guarded" (default): the write takes effect only if V is 0 after the write, so a write racing a
   * new error never overwrites the new syndrome; "always": always written.
   */
  readonly syndrome: "guarded" | "always";
}

export const DEFAULT_STATUS_POLICY: StatusWritePolicy = Object.freeze({ multiBitClear: "all-ones", guard: "types", syndrome: "guarded" });

function f(name: string): BitField {
  const d = ERR_STATUS.byName.get(name);
  /* c8 ignore next */
  if (!d) throw new Error(`ERR<n>STATUS.${name} not declared`);
  return d.bits;
}
// All STATUS fields live in bits [31:0]: work on the low word.
const AV = f("AV").loMask, V = f("V").loMask, UE = f("UE").loMask, ER = f("ER").loMask, OF = f("OF").loMask;
const MV = f("MV").loMask, CE = f("CE").loMask, DE = f("DE").loMask, PN = f("PN").loMask, UET = f("UET").loMask;
const CI = f("CI").loMask, IERR = f("IERR").loMask, SERR = f("SERR").loMask;
const TYPES = (UE | DE | CE) >>> 0;
const SYNDROME = (IERR | SERR) >>> 0;

/**
 * New ERR<n>STATUS[31:0] after software writes `value` over `old` (both low words; [63:32] is RES0).
 * `hasCI`: FEAT_RASv1p1 (CI is RES0 without it).
 */
export function statusWrite(old: number, value: number, hasCI: boolean, policy: StatusWritePolicy = DEFAULT_STATUS_POLICY): number {
  old >>>= 0;
  value >>>= 0;
  const single = (AV | V | UE | ER | OF | MV | DE | PN | (hasCI ? CI : 0)) >>> 0;
  let clear = value & old & single;
  for (const m of [CE, UET]) {
    if (policy.multiBitClear === "all-ones") {
      if ((value & m) === m) clear |= old & m;
    } else {
      clear |= value & old & m;
    }
  }
  // OF guard: UE/DE/CE clears ignored while OF stays 1.
  if (old & OF && !(clear & OF)) clear &= ~TYPES;
  // V guard: V's clear ignored while any type stays nonzero after the write.
  const typesAfter = old & TYPES & ~clear;
  if (typesAfter !== 0) {
    clear &= ~V;
    if (policy.guard === "record") clear &= ~(AV | MV | ER | PN | UET | CI);
  }
  let next = (old & ~clear) >>> 0;
  if (policy.syndrome === "always" || (next & V) === 0) next = ((next & ~SYNDROME) | (value & SYNDROME)) >>> 0;
  if (!hasCI) next &= ~CI;
  return next >>> 0;
}
