// Who may execute MRS/MSR of a declared register, and what happens otherwise
// (AArch64 only). Follows the per-register accessibility pseudocode of the
// Arm ARM (AArch64.SysRegRead/Write, "MRS <Xt>, ERXSTATUS_EL1" / "DISR_EL1"
// pseudocode as summarised in arch.md §2.4 and §2.6):
//   UNDEFINED  - EL0 (none of these registers is EL0-accessible), an EL below the
//                register's EL, a feature that is absent, MSR of a read-only register;
//   trap EL2   - ERRIDR/ERRSELR/ERX* at EL1 with HCR_EL2.TERR (EL2 enabled),
//                SCTLR/ESR/FAR_EL1 at EL1 with HCR_EL2.TVM (MSR) / TRVM (MRS);
//   trap EL3   - ERRIDR/ERRSELR/ERX* at EL1 or EL2 with SCR_EL3.TERR (EL2 checked first at EL1);
//   redirect   - DISR_EL1 at EL1 with effective HCR_EL2.AMO=1 accesses VDISR_EL2;
//                *_EL1 at EL2 with HCR_EL2.E2H=1 accesses the *_EL2 register (FEAT_VHE);
//   RAZ/WI     - DISR_EL1 at EL1/EL2 with SCR_EL3.EA=1; EL2 registers at EL3 when EL2
//                is not implemented ("RES0 from EL3").
import type { EL } from "../arch/el.js";
import { hasFeature, type FeatureSet } from "../arch/features.js";
import { lookupSysReg } from "./catalog.js";
import type { RegisterDef } from "./decl.js";
import { effectiveHcr } from "./hcr-effective.js";
import { HCR_EL2 } from "./registers/hcr-el2.js";
import { SCR_EL3 } from "./registers/scr-el3.js";
import type { AccessContext } from "./types.js";

export type AccessDecision =
  | { readonly kind: "ok"; readonly reg: RegisterDef; readonly note?: string }
  | { readonly kind: "raz-wi"; readonly note: string }
  | { readonly kind: "undefined"; readonly reason: string }
  | { readonly kind: "trap"; readonly targetEL: EL; readonly reason: string };

/** The control-register state an access check reads. */
export interface AccessState {
  readonly features: FeatureSet;
  /** HCR_EL2 as stored (the effective value is derived here). */
  readonly hcr: bigint;
  readonly scr: bigint;
  /**
   * Which AMO redirects DISR_EL1 to VDISR_EL2 at EL1 (EL2 enabled in both):
   * "effective" (default; QEMU disr_read uses arm_hcr_el2_eff): TGE=1,E2H=0 forces AMO=1, TGE=1,E2H=1 forces 0;
   * "raw-tge0" (arch.md §2.4 wording "HCR_EL2.AMO=1 (TGE=0)"): the stored AMO, and only when TGE=0.
   */
  readonly disrAmo?: "effective" | "raw-tge0";
}

const bit = (v: bigint, mask: bigint): boolean => (v & mask) !== 0n;
const H = (n: string): bigint => HCR_EL2.byName.get(n as never)!.bits.mask;
const S = (n: string): bigint => SCR_EL3.byName.get(n as never)!.bits.mask;
const HCR_TERR = H("TERR"), HCR_TVM = H("TVM"), HCR_TRVM = H("TRVM"), HCR_AMO = H("AMO"), HCR_E2H = H("E2H"), HCR_TGE = H("TGE");
const SCR_TERR = S("TERR"), SCR_EA = S("EA");

/** EL2Enabled(): EL2 implemented and the PE in Non-secure state (no Secure EL2 in Armv8.2). */
export function el2Enabled(features: FeatureSet, ctx: AccessContext): boolean {
  return features.EL2 && ctx.security === "NonSecure";
}

function isErrorRecordAccess(def: RegisterDef): boolean {
  return def.window !== undefined || def.name === "ERRIDR_EL1" || def.name === "ERRSELR_EL1";
}

/** The architected outcome of MRS (`read`) or MSR of `def` in `ctx`. */
export function decideAccess(def: RegisterDef, read: boolean, ctx: AccessContext, st: AccessState): AccessDecision {
  const { features } = st;
  const el = ctx.el;
  const insn = read ? "MRS" : "MSR";
  const minEL = def.minEL ?? 1;
  if (def.encoding === undefined) return { kind: "undefined", reason: `${def.name} has no system-register encoding` };
  if (def.feature !== undefined && def.feature !== "EL2" && !hasFeature(features, def.feature)) {
    return { kind: "undefined", reason: `${def.name} needs ${def.feature}, which is not implemented` };
  }
  if (minEL === 2 && !features.EL2 && el === 3) {
    return { kind: "raz-wi", note: `${def.name} is RES0 from EL3: EL2 is not implemented` };
  }
  if (def.feature !== undefined && !hasFeature(features, def.feature)) {
    return { kind: "undefined", reason: `${def.name} needs ${def.feature}, which is not implemented` };
  }
  if (el < minEL) return { kind: "undefined", reason: `${insn} ${def.name} at EL${el}: the register needs EL${minEL} or higher` };
  if (!read && def.readOnly) return { kind: "undefined", reason: `MSR ${def.name}: read-only register, no MSR encoding` };

  const hcr = effectiveHcr(st.hcr, el2Enabled(features, ctx));
  const scr = features.EL3 ? st.scr : 0n;

  if (isErrorRecordAccess(def)) {
    // ERXSTATUS_EL1 accessibility pseudocode: EL1 checks HCR_EL2.TERR before SCR_EL3.TERR.
    if (el === 1 && bit(hcr, HCR_TERR)) return { kind: "trap", targetEL: 2, reason: `${insn} ${def.name} at EL1 trapped by HCR_EL2.TERR` };
    if (el < 3 && bit(scr, SCR_TERR)) return { kind: "trap", targetEL: 3, reason: `${insn} ${def.name} at EL${el} trapped by SCR_EL3.TERR` };
    return { kind: "ok", reg: def };
  }
  if (def.hcrTrapVM && el === 1 && bit(hcr, read ? HCR_TRVM : HCR_TVM)) {
    return { kind: "trap", targetEL: 2, reason: `${insn} ${def.name} at EL1 trapped by HCR_EL2.${read ? "TRVM" : "TVM"}` };
  }
  if (def.name === "DISR_EL1" && el < 3) {
    const amo = st.disrAmo === "raw-tge0" ? el2Enabled(features, ctx) && bit(st.hcr, HCR_AMO) && !bit(st.hcr, HCR_TGE) : bit(hcr, HCR_AMO);
    if (el === 1 && amo) return { kind: "ok", reg: lookupSysReg("VDISR_EL2")!, note: "DISR_EL1 at EL1 with HCR_EL2.AMO=1 accesses VDISR_EL2" };
    if (bit(scr, SCR_EA)) return { kind: "raz-wi", note: `DISR_EL1 at EL${el} is RAZ/WI while SCR_EL3.EA=1` };
  }
  if (def.vheAlias !== undefined && el === 2 && features.FEAT_VHE && bit(st.hcr, HCR_E2H)) {
    return { kind: "ok", reg: lookupSysReg(def.vheAlias)!, note: `${def.name} at EL2 with HCR_EL2.E2H=1 accesses ${def.vheAlias}` };
  }
  return { kind: "ok", reg: def };
}
