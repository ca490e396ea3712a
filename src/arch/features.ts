// The CPU feature set the rest of armras reads (Arm ARM A2; ID_AA64PFR0_EL1 RAS, EL2, EL3 fields).
import type { EL, ExecutionState } from "./el.js";

export interface FeatureSet {
  /** FEAT_RAS (RAS v1.0, mandatory from Armv8.2). */
  readonly FEAT_RAS: boolean;
  /** FEAT_RASv1p1 (ERXMISC2/3, ERR<n>MISC2/3; mandatory from Armv8.4). */
  readonly FEAT_RASv1p1: boolean;
  /** FEAT_IESB (SCTLR_ELx.IESB: implicit error synchronization on entry/return). */
  readonly FEAT_IESB: boolean;
  /** FEAT_VHE (HCR_EL2.E2H). */
  readonly FEAT_VHE: boolean;
  /** FEAT_PAN (PSTATE.PAN, SCTLR_ELx.SPAN). */
  readonly FEAT_PAN: boolean;
  /** FEAT_UAO (PSTATE.UAO). */
  readonly FEAT_UAO: boolean;
  readonly EL2: boolean;
  readonly EL3: boolean;
  /** Execution state each EL may use; AArch32 only where the core supports it. */
  readonly aarch32: Readonly<Record<EL, boolean>>;
  /** Number of RAS error records visible through ERRIDR_EL1.NUM. */
  readonly errorRecords: number;
  // Later features that only decide whether a PSTATE/SPSR field exists
  // (absent = false: the Armv8.2 baseline, where these SPSR bits are RES0).
  /** FEAT_DIT (v8.4, PSTATE.DIT / SPSR[24]). */
  readonly FEAT_DIT?: boolean;
  /** FEAT_SSBS (v8.5, PSTATE.SSBS / SPSR[12]). */
  readonly FEAT_SSBS?: boolean;
  /** FEAT_BTI (v8.5, PSTATE.BTYPE / SPSR[11:10]). */
  readonly FEAT_BTI?: boolean;
  /** FEAT_MTE (v8.5, PSTATE.TCO / SPSR[25]). */
  readonly FEAT_MTE?: boolean;
  /** FEAT_LS64 (v8.7): the first feature that writes ESR_ELx.ISS2 (bits [63:32] are RES0 without it). */
  readonly FEAT_LS64?: boolean;
}

/**
 * What a register or field depends on, as data. `AArch32@EL1` is true when EL1
 * can use AArch32; `AArch32@EL1|EL2` when EL1 or EL2 can (SCR_EL3.RW).
 */
export type FeatureDep =
  | "FEAT_RAS"
  | "FEAT_RASv1p1"
  | "FEAT_IESB"
  | "FEAT_VHE"
  | "FEAT_PAN"
  | "FEAT_UAO"
  | "FEAT_DIT"
  | "FEAT_SSBS"
  | "FEAT_BTI"
  | "FEAT_MTE"
  | "FEAT_LS64"
  | "EL2"
  | "EL3"
  | "AArch32@EL1"
  | "AArch32@EL1|EL2";

export function hasFeature(f: FeatureSet, dep: FeatureDep): boolean {
  switch (dep) {
    case "AArch32@EL1":
      return f.aarch32[1];
    case "AArch32@EL1|EL2":
      return f.aarch32[1] || (f.EL2 && f.aarch32[2]);
    default:
      return f[dep] === true;
  }
}

/**
 * A typical Armv8.2 server core (Neoverse N1 class): RAS v1.0, IESB, VHE,
 * PAN, UAO, EL2 and EL3 implemented, AArch32 only at EL0, two error records
 * (N1 has the core and the DSU/L3 record nodes).
 */
export const NEOVERSE_N1: FeatureSet = Object.freeze({
  FEAT_RAS: true,
  FEAT_RASv1p1: false,
  FEAT_IESB: true,
  FEAT_VHE: true,
  FEAT_PAN: true,
  FEAT_UAO: true,
  EL2: true,
  EL3: true,
  aarch32: Object.freeze({ 0: true, 1: false, 2: false, 3: false }),
  errorRecords: 2,
});

export const DEFAULT_FEATURES = NEOVERSE_N1;

export function withFeatures(base: FeatureSet, over: Partial<FeatureSet>): FeatureSet {
  return Object.freeze({ ...base, ...over });
}

export function supportsExecutionState(f: FeatureSet, el: EL, state: ExecutionState): boolean {
  if (el === 2 && !f.EL2) return false;
  if (el === 3 && !f.EL3) return false;
  return state === "AArch64" || f.aarch32[el];
}
