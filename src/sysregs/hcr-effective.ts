// The effective value of HCR_EL2 "for all purposes other than direct reads"
// (arch.md §2.1; QEMU arm_hcr_el2_eff_secstate; ddi0595 HCR_EL2 text).
import { HCR_EL2 } from "./registers/hcr-el2.js";

function maskOf(names: readonly string[]): bigint {
  let m = 0n;
  for (const n of names) {
    const f = HCR_EL2.byName.get(n as never);
    /* c8 ignore next */
    if (!f) throw new Error(`HCR_EL2.${n} not declared`);
    m |= f.bits.mask;
  }
  return m;
}

const TGE = maskOf(["TGE"]);
const E2H = maskOf(["E2H"]);
const ROUTING = maskOf(["FMO", "IMO", "AMO"]);
/** Treated as 0 whenever TGE=1. */
const CLEARED_BY_TGE = maskOf(["SWIO", "PTW", "VF", "VI", "VSE", "FB", "TID1", "TID3", "TSC", "TACR", "TSW", "TTLB", "TVM", "HCD", "TRVM", "TLOR"]);
/** Additionally treated as 0 when E2H=1 and TGE=1. */
const CLEARED_BY_HOST = maskOf(["VM", "FMO", "IMO", "AMO", "BSU", "DC", "TWI", "TWE", "TID0", "TID2", "TPCP", "TPU", "TDZ", "CD", "ID", "MIOCNCE"]);

/**
 * Effective HCR_EL2: 0 when EL2 is not enabled in the current Security state;
 * with TGE=1 and E2H=0, FMO/IMO/AMO behave as 1; with TGE=1 the trap and virtual
 * interrupt controls listed above behave as 0, and with E2H=1 as well the routing,
 * cacheability and further trap controls.
 */
export function effectiveHcr(raw: bigint, el2Enabled: boolean): bigint {
  if (!el2Enabled) return 0n;
  let v = raw;
  if (v & TGE) {
    v = v & E2H ? v & ~CLEARED_BY_HOST : v | ROUTING;
    v &= ~CLEARED_BY_TGE;
  }
  return v;
}
