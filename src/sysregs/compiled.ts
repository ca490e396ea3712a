// A declaration compiled against one feature set: the masks that drive reset, hardware
// writes and software writes (RW / RO / WI / W1C / RES0 / RES1 / RAO), as word pairs.
import { fromWords, toWords } from "../arch/bits.js";
import { hasFeature, type FeatureSet } from "../arch/features.js";
import type { RegisterDef } from "./decl.js";
import { DEFAULT_STATUS_POLICY, statusWrite, type StatusWritePolicy } from "./status-w1c.js";

/** A declaration's masks under one feature set (word pairs). */
export interface Compiled {
  readonly def: RegisterDef;
  readonly present: boolean;
  readonly rwLo: number;
  readonly rwHi: number;
  readonly w1cLo: number;
  readonly w1cHi: number;
  /** Bits forced to 1 (RES1, RAO, absent-RES1). */
  readonly oneLo: number;
  readonly oneHi: number;
  /** Bits hardware may set (not forced). */
  readonly hwLo: number;
  readonly hwHi: number;
  readonly resetLo: number;
  readonly resetHi: number;
  readonly unkLo: number;
  readonly unkHi: number;
  readonly hasCI: boolean;
}

/** Masks of `def` under `features`; fields whose reset is UNKNOWN are flagged unless zeroReset. */
export function compileRegister(def: RegisterDef, features: FeatureSet, zeroReset = false): Compiled {
  const present = def.feature === undefined || hasFeature(features, def.feature);
  let rw = 0n, w1c = 0n, one = 0n, hw = 0n, reset = 0n, unk = 0n;
  for (const f of def.fields) {
    let access: string = f.access;
    if (!present) access = "RES0";
    else if (f.feature !== undefined && !hasFeature(features, f.feature)) access = f.absent;
    const m = f.bits.mask;
    switch (access) {
      case "RES0":
        break;
      case "RES1":
      case "RAO":
        one |= m;
        reset |= m;
        break;
      default:
        hw |= m;
        if (access === "RW") rw |= m;
        if (access === "W1C") w1c |= m;
        if (f.reset === "UNKNOWN") {
          if (!zeroReset) unk |= m;
        } else {
          reset |= (BigInt(f.reset) & f.bits.valueMask) << f.bits.shift;
        }
    }
  }
  const [rwLo, rwHi] = toWords(rw);
  const [w1cLo, w1cHi] = toWords(w1c);
  const [oneLo, oneHi] = toWords(one);
  const [hwLo, hwHi] = toWords(hw);
  const [resetLo, resetHi] = toWords(reset);
  const [unkLo, unkHi] = toWords(unk);
  const ci = def.byName.get("CI");
  const hasCI = def.writeRule === "ERR_STATUS" && ci !== undefined && (ci.feature === undefined || hasFeature(features, ci.feature));
  return { def, present, rwLo, rwHi, w1cLo, w1cHi, oneLo, oneHi, hwLo, hwHi, resetLo, resetHi, unkLo, unkHi, hasCI };
}

/**
 * The value a software write (MSR / store) of `value` leaves in a register holding `old`:
 * RW bits take the written value; RO and WI bits keep theirs; W1C bits clear where 1 is
 * written; RES0 bits read 0 and RES1/RAO bits 1; ERR<n>STATUS applies its guards.
 */
export function softwareWrite(c: Compiled, old: bigint, value: bigint, policy: StatusWritePolicy = DEFAULT_STATUS_POLICY): bigint {
  const [oLo, oHi] = toWords(old);
  const [vLo, vHi] = toWords(value);
  let nLo: number, nHi: number;
  if (c.def.writeRule === "ERR_STATUS" && c.present) {
    nLo = statusWrite(oLo, vLo, c.hasCI, policy) & c.hwLo;
    nHi = 0;
  } else {
    nLo = (oLo & c.hwLo & ~c.rwLo & ~c.w1cLo) | (vLo & c.rwLo) | (oLo & c.w1cLo & ~vLo);
    nHi = (oHi & c.hwHi & ~c.rwHi & ~c.w1cHi) | (vHi & c.rwHi) | (oHi & c.w1cHi & ~vHi);
  }
  return fromWords((nLo | c.oneLo) >>> 0, (nHi | c.oneHi) >>> 0);
}
