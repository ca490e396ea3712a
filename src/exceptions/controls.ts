// The routing controls of one PE state, decoded once from SCR_EL3 and HCR_EL2
// (effective values, arch.md §2.1 "Effective value") so routing decisions run
// on booleans. Validation of impossible states lives here too.
import { extract } from "../arch/bits.js";
import type { EL } from "../arch/el.js";
import { HCR, SCR } from "./fields.js";

/** The raw inputs of a routing decision. */
export interface RoutingState {
  readonly el: EL;
  /** Security state; at EL3 always Secure (v8.2 has no Realm state). */
  readonly secure: boolean;
  readonly scr: bigint;
  readonly hcr: bigint;
  readonly haveEL2: boolean;
  readonly haveEL3: boolean;
  /** FEAT_RAS: HCR_EL2.TEA exists. */
  readonly haveRAS: boolean;
  /** FEAT_VHE: HCR_EL2.E2H exists (E2H reads as 0 otherwise). */
  readonly haveVHE: boolean;
  /** Which ELs can use AArch32 (FeatureSet.aarch32): SCR_EL3.RW / HCR_EL2.RW read as 1 for an EL that cannot. */
  readonly aarch32: Readonly<Record<EL, boolean>>;
  /** EL3 is AArch32 (Monitor mode). Only to reproduce QEMU's table; the PE model is AArch64 at EL3. */
  readonly el3AArch32?: boolean;
  /** FEAT_SEL2 with SCR_EL3.EEL2=1 (Armv8.4): EL2 enabled in Secure state. Not v8.2; used for QEMU's post-2021 table. */
  readonly secureEL2?: boolean;
  /** FEAT_SEL2 implemented: when secureEL2 is not given, SCR_EL3.EEL2 decides it (RES0 without the feature). */
  readonly haveSEL2?: boolean;
}

/** Secure EL2 enabled: the explicit option, else FEAT_SEL2 and SCR_EL3.EEL2=1 with an AArch64 EL3. */
export function secureEL2Enabled(s: RoutingState): boolean {
  if (s.secureEL2 !== undefined) return s.secureEL2;
  return s.haveSEL2 === true && s.haveEL3 && !s.el3AArch32 && (s.scr & SCR_EEL2) !== 0n;
}

/**
 * Reasons for the execution-state and Secure-EL2 controls, said only when they are not
 * the defaults (SCR_EL3.RW=1, HCR_EL2.RW=1, SCR_EL3.EEL2=0): which the core honours and
 * which it forces (SCR_EL3.RW/HCR_EL2.RW are RAO without AArch32 below; EEL2 is RES0 without FEAT_SEL2).
 */
export function controlReasons(s: RoutingState): string[] {
  const why: string[] = [];
  const a32EL1or2 = s.aarch32[1] || (s.haveEL2 && s.aarch32[2]);
  if (s.el3AArch32) why.push("EL3 is AArch32 (Monitor mode): every lower EL is AArch32 [QEMU target_el_table]");
  else if (s.haveEL3 && extract(s.scr, SCR.RW) === 0n) {
    why.push(a32EL1or2 ? `SCR_EL3.RW=0 honoured: ${s.haveEL2 && s.aarch32[2] ? "EL2" : "EL1"} (the next lower EL) uses AArch32` : "SCR_EL3.RW=0 ignored: RAO on this core (no AArch32 at EL1 or EL2), the lower ELs stay AArch64");
  }
  if (s.haveEL2 && extract(s.hcr, HCR.RW) === 0n) {
    why.push(s.aarch32[1] ? "HCR_EL2.RW=0 honoured: EL1 uses AArch32 (when EL2 is enabled)" : "HCR_EL2.RW=0 ignored: RAO on this core (no AArch32 at EL1), EL1 stays AArch64");
  }
  if (s.haveEL3 && (s.scr & SCR_EEL2) !== 0n) {
    if (s.secureEL2 !== undefined) why.push(`SCR_EL3.EEL2=1: Secure EL2 ${s.secureEL2 ? "enabled" : "not enabled"}`);
    else if (s.haveSEL2 !== true) why.push("SCR_EL3.EEL2=1 ignored: RES0 without FEAT_SEL2 (no Secure EL2)");
    else if (s.el3AArch32) why.push("SCR_EL3.EEL2=1 ignored: Secure EL2 needs an AArch64 EL3");
    else why.push("SCR_EL3.EEL2=1 with FEAT_SEL2: EL2 is enabled in Secure state");
  }
  return why;
}

/** A routing state that cannot exist (QEMU's table marks these cells -1). */
export class RoutingStateError extends Error {
  override readonly name = "RoutingStateError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RoutingControls {
  readonly haveEL2: boolean;
  readonly haveEL3: boolean;
  readonly haveRAS: boolean;
  readonly secure: boolean;
  /** EL2Enabled() = HaveEL(EL2) && (!IsSecure() || Secure EL2 enabled). */
  readonly el2Enabled: boolean;
  /** SCR_EL3 routing bits (false without EL3). */
  readonly scrIRQ: boolean;
  readonly scrFIQ: boolean;
  readonly scrEA: boolean;
  /** EL2 uses AArch32 (EL3 AArch32, or SCR_EL3.RW=0). */
  readonly el2AArch32: boolean;
  /** EL1 uses AArch32 (EL2 AArch32, or HCR_EL2.RW=0 when EL2 is enabled, or SCR_EL3.RW=0). */
  readonly el1AArch32: boolean;
  readonly el3AArch32: boolean;
  // Effective HCR_EL2 bits (all false when EL2 is not enabled).
  readonly tge: boolean;
  readonly e2h: boolean;
  /** Effective AMO/IMO/FMO: 1 when TGE=1,E2H=0; 0 when TGE=E2H=1. */
  readonly amo: boolean;
  readonly imo: boolean;
  readonly fmo: boolean;
  readonly tea: boolean;
  /** Effective VSE/VI/VF: 0 when TGE=1. */
  readonly vse: boolean;
  readonly vi: boolean;
  readonly vf: boolean;
}

/** SCR_EL3.EEL2 (bit 18, FEAT_SEL2). */
const SCR_EEL2 = SCR.EEL2.mask;

const bit = (v: bigint, f: (typeof HCR)[keyof typeof HCR] | (typeof SCR)[keyof typeof SCR]): boolean => extract(v, f) !== 0n;

/** Rejects states that cannot exist, naming the offending input. */
export function checkRoutingState(s: RoutingState): void {
  if (s.el === 2 && !s.haveEL2) throw new RoutingStateError("el", "EL2 is not implemented");
  if (s.el === 3 && !s.haveEL3) throw new RoutingStateError("el", "EL3 is not implemented");
  if (s.el === 3 && !s.secure) throw new RoutingStateError("secure", "EL3 is always in Secure state");
  if (s.haveEL3 && s.el !== 3 && bit(s.scr, SCR.NS) === s.secure) {
    throw new RoutingStateError("SCR_EL3.NS", `SCR_EL3.NS=${s.secure ? 1 : 0} contradicts the ${s.secure ? "Secure" : "Non-secure"} state below EL3`);
  }
  if (!s.haveEL3 && (s.el3AArch32 || s.secureEL2 === true)) throw new RoutingStateError("el3AArch32", "EL3 options without EL3");
  if (s.el3AArch32 && s.secure && s.el === 1) {
    throw new RoutingStateError("el", "Secure EL1 does not exist when EL3 is AArch32 (Secure PL1 modes run at EL3)");
  }
  const secureEL2 = secureEL2Enabled(s);
  if (s.el === 2 && s.secure) {
    if (!secureEL2) throw new RoutingStateError("el", "Secure EL2 does not exist in v8.2 (needs FEAT_SEL2 and SCR_EL3.EEL2)");
    if (s.el3AArch32 || !bit(s.scr, SCR.RW)) throw new RoutingStateError("SCR_EL3.RW", "Secure EL2 must be AArch64 (SCR_EL3.RW=1)");
  }
  if (s.secureEL2 === true && s.el3AArch32) throw new RoutingStateError("secureEL2", "Secure EL2 needs an AArch64 EL3");
}

/** Decodes the routing controls (after checkRoutingState). */
export function routingControls(s: RoutingState): RoutingControls {
  const el3AArch32 = s.haveEL3 && s.el3AArch32 === true;
  const el2Enabled = s.haveEL2 && (!s.secure || (secureEL2Enabled(s) && s.haveEL3));
  const h = el2Enabled ? s.hcr : 0n; // HCR_EL2 "behaves as 0" when EL2 is not enabled
  const tge = bit(h, HCR.TGE);
  const e2h = s.haveVHE && bit(h, HCR.E2H);
  const ovr = (f: typeof HCR.AMO): boolean => (tge ? !e2h : bit(h, f));
  // SCR_EL3.RW=0 makes the next EL down AArch32; HCR_EL2.RW=0 makes EL1 AArch32 (RAO where not supported).
  const scrLower32 = s.haveEL3 && (el3AArch32 || !bit(s.scr, SCR.RW));
  const el2AArch32 = s.haveEL2 && s.aarch32[2] && scrLower32;
  const el1AArch32 = s.aarch32[1] && (el2AArch32 || (el2Enabled ? !bit(h, HCR.RW) : scrLower32));
  return {
    haveEL2: s.haveEL2,
    haveEL3: s.haveEL3,
    haveRAS: s.haveRAS,
    secure: s.secure,
    el2Enabled,
    scrIRQ: s.haveEL3 && bit(s.scr, SCR.IRQ),
    scrFIQ: s.haveEL3 && bit(s.scr, SCR.FIQ),
    scrEA: s.haveEL3 && bit(s.scr, SCR.EA),
    el2AArch32,
    el1AArch32,
    el3AArch32,
    tge,
    e2h,
    amo: ovr(HCR.AMO),
    imo: ovr(HCR.IMO),
    fmo: ovr(HCR.FMO),
    tea: s.haveRAS && bit(h, HCR.TEA),
    vse: !tge && bit(h, HCR.VSE),
    vi: !tge && bit(h, HCR.VI),
    vf: !tge && bit(h, HCR.VF),
  };
}
