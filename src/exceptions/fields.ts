// The register fields src/exceptions reads and writes, looked up BY NAME in the
// declarations of src/sysregs (registers/*.ts, esr/*.ts) and src/arch/pstate.ts.
// Nothing is redeclared here: this file only resolves names to BitFields once,
// at load time, and fails loudly if a declaration it relies on goes away.
import type { BitField } from "../arch/bits.js";
import { PSTATE_BITS } from "../arch/pstate.js";
import type { RegisterDef } from "../sysregs/decl.js";
import { ESR_EC, ESR_IL, ESR_ISS } from "../sysregs/esr/layout.js";
import { LAYOUT_DABT, LAYOUT_IABT, LAYOUT_SERROR, type IssCase } from "../sysregs/esr/iss-layouts.js";
import { DISR_EL1 } from "../sysregs/registers/disr.js";
import { ERR_CTLR, ERR_FR, ERR_STATUS, ERRSELR_EL1 } from "../sysregs/registers/err-record.js";
import { HCR_EL2 } from "../sysregs/registers/hcr-el2.js";
import { SCR_EL3 } from "../sysregs/registers/scr-el3.js";
import { SCTLR_EL1 } from "../sysregs/registers/sctlr.js";
import { VSESR_EL2 } from "../sysregs/registers/vsesr-el2.js";

function pick<const K extends string>(reg: RegisterDef, names: readonly K[]): Readonly<Record<K, BitField>> {
  const out = {} as Record<K, BitField>;
  for (const n of names) {
    const f = reg.byName.get(n);
    if (!f) throw new Error(`src/exceptions: ${reg.name}.${n} is not declared in src/sysregs`);
    out[n] = f.bits;
  }
  return Object.freeze(out);
}

function pickIss<const K extends string>(c: IssCase, layout: string, names: readonly K[]): Readonly<Record<K, BitField>> {
  const out = {} as Record<K, BitField>;
  for (const n of names) {
    const f = c.fields.find((x) => x.name === n);
    if (!f) throw new Error(`src/exceptions: ISS field ${layout}.${n} is not declared in src/sysregs/esr`);
    out[n] = f.bits;
  }
  return Object.freeze(out);
}

export const HCR = pick(HCR_EL2, ["FMO", "IMO", "AMO", "VF", "VI", "VSE", "TSC", "TGE", "HCD", "RW", "E2H", "TERR", "TEA"] as const);
export const SCR = pick(SCR_EL3, ["NS", "IRQ", "FIQ", "EA", "SMD", "HCE", "RW", "TERR", "EEL2"] as const);
/** SCTLR_EL1 positions; SCTLR_EL2/EL3 declare IESB at the same bit (SPAN is RES1 there). */
export const SCTLR = pick(SCTLR_EL1, ["IESB", "SPAN"] as const);
export const DISR = pick(DISR_EL1, ["A", "IDS", "ISS"] as const);
export const VSESR = pick(VSESR_EL2, ["IDS", "ISS"] as const);
export const ESR = Object.freeze({ EC: ESR_EC, IL: ESR_IL, ISS: ESR_ISS });
/** SError ISS with IDS=0. */
export const SERROR_ISS = pickIss(LAYOUT_SERROR.cases[0], "SERROR", ["IDS", "IESB", "AET", "EA", "DFSC"] as const);
/** Data Abort ISS with ISV=0 (always so for a synchronous External abort, arch.md §1.4). */
export const DABT_ISS = pickIss(LAYOUT_DABT.cases[0], "DABT", ["ISV", "SET", "FnV", "EA", "CM", "S1PTW", "WnR", "DFSC"] as const);
export const IABT_ISS = pickIss(LAYOUT_IABT.cases[0], "IABT", ["SET", "FnV", "EA", "S1PTW", "IFSC"] as const);
export const ERR_STATUS_F = pick(ERR_STATUS, ["SERR", "IERR", "UET", "PN", "DE", "CE", "MV", "OF", "ER", "UE", "V", "AV"] as const);
export const ERR_CTLR_F = pick(ERR_CTLR, ["ED", "UI", "FI", "UE", "CFI", "DUI"] as const);
export const ERR_FR_F = pick(ERR_FR, ["ED", "DE", "UI", "FI", "UE", "CFI"] as const);
export const ERRSELR = pick(ERRSELR_EL1, ["SEL"] as const);
export const PSTATE_F = PSTATE_BITS;
