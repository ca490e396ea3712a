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
