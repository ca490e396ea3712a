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
  /** FEAT_SEL2 (v8.4): Secure EL2, enabled by SCR_EL3.EEL2 (RES0 without it). */
  readonly FEAT_SEL2?: boolean;
}

/**
 * What a register or field depends on, as data. `AArch32@EL1` is true when EL1
 * can use AArch32; `AArch32@EL1|EL2` when EL1 or EL2 can (SCR_EL3.RW); `!EL3`
 * when EL3 is not implemented (HCR_EL2.HCD).
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
  | "FEAT_SEL2"
  | "EL2"
  | "EL3"
  | "!EL3"
  | "AArch32@EL1"
  | "AArch32@EL1|EL2";

export function hasFeature(f: FeatureSet, dep: FeatureDep): boolean {
  switch (dep) {
    case "AArch32@EL1":
      return f.aarch32[1];
    case "AArch32@EL1|EL2":
      return f.aarch32[1] || (f.EL2 && f.aarch32[2]);
    case "!EL3":
      return !f.EL3;
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

/**
 * Arm Cortex-A72 (and the A57 before it): Armv8.0-A, AArch32 at every EL, EL2 and
 * EL3, no FEAT_RAS, FEAT_VHE, FEAT_PAN, FEAT_UAO, FEAT_IESB (Cortex-A72 TRM
 * ID_AA64PFR0_EL1 = 0x2222: EL0..EL3 AArch64 and AArch32).
 */
export const CORTEX_A72: FeatureSet = Object.freeze({
  FEAT_RAS: false,
  FEAT_RASv1p1: false,
  FEAT_IESB: false,
  FEAT_VHE: false,
  FEAT_PAN: false,
  FEAT_UAO: false,
  EL2: true,
  EL3: true,
  aarch32: Object.freeze({ 0: true, 1: true, 2: true, 3: true }),
  errorRecords: 0,
});

/**
 * QEMU's `-cpu max` (TCG, QEMU 7.2) as far as the error path sees it:
 * ID_AA64PFR0_EL1 = 0x1201001120112222 (RAS v1.1, SEL2, AArch32 at every EL),
 * VHE, PAN, UAO, IESB, DIT, SSBS, BTI, MTE; ERRIDR_EL1 reads 0 (no error records).
 */
export const QEMU_MAX: FeatureSet = Object.freeze({
  FEAT_RAS: true,
  FEAT_RASv1p1: true,
  FEAT_IESB: true,
  FEAT_VHE: true,
  FEAT_PAN: true,
  FEAT_UAO: true,
  FEAT_DIT: true,
  FEAT_SSBS: true,
  FEAT_BTI: true,
  FEAT_MTE: true,
  FEAT_SEL2: true,
  EL2: true,
  EL3: true,
  aarch32: Object.freeze({ 0: true, 1: true, 2: true, 3: true }),
  errorRecords: 0,
});

/** A named core: its feature set and identification (MIDR_EL1 as the core reports it). */
export interface CorePreset {
  readonly name: string;
  readonly features: FeatureSet;
  readonly midr: bigint;
  readonly desc: string;
}

/** The `--core` presets (route, take; `core` in a take scenario). */
export const CORES: Readonly<Record<string, CorePreset>> = Object.freeze({
  "neoverse-n1": { name: "neoverse-n1", features: NEOVERSE_N1, midr: 0x414fd0c1n, desc: "Armv8.2 server core: RAS, IESB, VHE, PAN, UAO, EL2, EL3; AArch32 at EL0 only; 2 error records (default)" },
  "cortex-a72": { name: "cortex-a72", features: CORTEX_A72, midr: 0x410fd083n, desc: "Armv8.0: AArch32 at every EL; no RAS, VHE, PAN, UAO, IESB, SEL2" },
  "cortex-a57": { name: "cortex-a57", features: CORTEX_A72, midr: 0x411fd070n, desc: "Armv8.0, as cortex-a72 for the error path (QEMU -cpu cortex-a57)" },
  max: { name: "max", features: QEMU_MAX, midr: 0x000f0510n, desc: "QEMU -cpu max (7.2): RAS v1.1, SEL2, VHE, PAN, UAO, IESB; AArch32 at every EL; no error records" },
});

/** The features `--feature` / `--no-feature` can switch, by their Arm names. */
export const SWITCHABLE_FEATURES = ["FEAT_RAS", "FEAT_RASv1p1", "FEAT_IESB", "FEAT_VHE", "FEAT_PAN", "FEAT_UAO", "FEAT_SEL2", "FEAT_DIT", "FEAT_SSBS", "FEAT_BTI", "FEAT_MTE"] as const;
export type SwitchableFeature = (typeof SWITCHABLE_FEATURES)[number];

/** Why a feature combination cannot exist, or undefined when it can. */
export function featureConflict(f: FeatureSet): string | undefined {
  if (f.FEAT_RASv1p1 && !f.FEAT_RAS) return "FEAT_RASv1p1 needs FEAT_RAS";
  if (f.FEAT_SEL2 && !(f.EL2 && f.EL3)) return "FEAT_SEL2 needs EL2 and EL3";
  if (!f.FEAT_RAS && f.errorRecords > 0) return "error records need FEAT_RAS";
  return undefined;
}

/** A core preset with features switched on/off; throws Error naming the problem. */
export function coreFeatures(core: string, on: readonly string[] = [], off: readonly string[] = []): FeatureSet {
  const preset = CORES[core];
  if (preset === undefined) throw new Error(`unknown core '${core}' (cores: ${Object.keys(CORES).join(", ")})`);
  const out: { -readonly [K in keyof FeatureSet]: FeatureSet[K] } = { ...preset.features };
  for (const [names, v] of [[on, true], [off, false]] as const) {
    for (const n of names) {
      if (!(SWITCHABLE_FEATURES as readonly string[]).includes(n)) throw new Error(`unknown feature '${n}' (features: ${SWITCHABLE_FEATURES.join(", ")})`);
      out[n as SwitchableFeature] = v;
    }
  }
  if (!out.FEAT_RAS) out.errorRecords = 0;
  const bad = featureConflict(out);
  if (bad !== undefined) throw new Error(bad);
  return Object.freeze(out);
}
