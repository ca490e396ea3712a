// The register-file contract the rest of armras programs against.
// Implemented in src/sysregs (RegisterFile); consumed by src/exceptions and src/kernel.
import type { EL, SecurityState } from "../arch/el.js";
import type { FeatureSet } from "../arch/features.js";

/** Field access types (Arm ARM "Access types" in each register description). */
export type FieldAccess = "RW" | "RO" | "W1C" | "RES0" | "RES1" | "WI";

/** A register value the architecture calls UNKNOWN (never a silent zero). */
export const UNKNOWN = Symbol("UNKNOWN");
export type MaybeUnknown = bigint | typeof UNKNOWN;

/** MRS/MSR system-register encoding (op0, op1, CRn, CRm, op2). */
export interface SysRegEncoding {
  readonly op0: number;
  readonly op1: number;
  readonly CRn: number;
  readonly CRm: number;
  readonly op2: number;
}

/** The context an MRS/MSR executes in: what decides UNDEFINED, traps and redirection. */
export interface AccessContext {
  readonly el: EL;
  readonly security: SecurityState;
  /** Rt of the MRS/MSR, reported in a trap's ISS[9:5]; 0 when not given. */
  readonly rt?: number;
}

/** Outcome of an MRS/MSR executed by software. */
export type AccessOutcome =
  | { readonly kind: "ok"; readonly value: bigint; readonly register: string; readonly note?: string }
  | { readonly kind: "undefined"; readonly reason: string }
  /** Trapped: taken as EC 0x18 to targetEL with this ISS. */
  | { readonly kind: "trap"; readonly targetEL: EL; readonly ec: 0x18; readonly iss: number; readonly reason: string };

/**
 * A register resolved once (RegisterFile.handle): the same hardware view and hardware
 * writes as read()/isUnknown()/set() by name, without the name lookup or bigint
 * conversions. For hot paths (exception entry and return).
 */
export interface RegisterHandle {
  /** The register's declared name ("ESR_EL1", "ERR0STATUS"). */
  readonly name: string;
  /** Bits [31:0] of read(), as a uint32. */
  lo(): number;
  /** Bits [63:32] of read(), as a uint32. */
  hi(): number;
  /** Same as RegisterFileContract.read(name). */
  read(): bigint;
  /** Same as RegisterFileContract.isUnknown(name). */
  isUnknown(): boolean;
  /** Same as set(name, hi:lo): RES0 forced to 0, RES1/RAO to 1, every bit known. Words are taken modulo 2^32 (uint32 or int32 bit patterns). */
  setWords(lo: number, hi: number): void;
  /** Same as RegisterFileContract.set(name, value) (including its RegisterFileError on a value outside 64 bits). */
  set(value: bigint | typeof UNKNOWN): void;
  /** Same as set(name, UNKNOWN). */
  markUnknown(): void;
}

export interface RegisterFileContract {
  readonly features: FeatureSet;
  /**
   * Optional fast path: a pre-resolved handle for a register with fixed storage
   * (throws for an unknown name). Callers fall back to the by-name methods without it.
   */
  handle?(name: string): RegisterHandle;
  /** Hardware view: the stored value (bigint), no access checks. Throws on an unknown name. */
  read(name: string): bigint;
  /** Whether the register's current value is architecturally UNKNOWN. */
  isUnknown(name: string): boolean;
  /** Hardware write of the whole register (RES0/RES1 forced, no W1C semantics). */
  set(name: string, value: bigint | typeof UNKNOWN): void;
  /** Hardware view of one field. */
  getField(name: string, field: string): bigint;
  /** Hardware write of one field. */
  setField(name: string, field: string, value: bigint): void;
  /** Software (MSR / store) write: honours RO, WI, W1C and its guards, RES0/RES1. */
  write(name: string, value: bigint): void;
  /** MRS by name or encoding, with the architected access checks for ctx. */
  mrs(reg: string | SysRegEncoding, ctx: AccessContext): AccessOutcome;
  /** MSR by name or encoding, with the architected access checks for ctx. */
  msr(reg: string | SysRegEncoding, value: bigint, ctx: AccessContext): AccessOutcome;
}
