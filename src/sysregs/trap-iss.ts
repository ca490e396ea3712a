// ISS of an MSR/MRS trap, EC 0x18 (arch.md §1.3/§1.4; ASL AArch64_SystemRegisterTrap):
// Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0] (1 = MRS).
// The layout is declared once, by the ESR codec (LAYOUT_SYS64); this builds values with it.
import { insertLo, type BitField } from "../arch/bits.js";
import { LAYOUT_SYS64 } from "./esr/iss-layouts.js";
import type { SysRegEncoding } from "./types.js";

export const EC_SYSREG_TRAP = 0x18 as const;

function sys64(name: string): BitField {
  const f = LAYOUT_SYS64.cases[0].fields.find((x) => x.name === name);
  /* c8 ignore next */
  if (!f) throw new Error(`ESR ISS layout SYS64 has no field ${name}`);
  return f.bits;
}

export const SYS64_ISS = Object.freeze({
  Op0: sys64("Op0"),
  Op2: sys64("Op2"),
  Op1: sys64("Op1"),
  CRn: sys64("CRn"),
  Rt: sys64("Rt"),
  CRm: sys64("CRm"),
  Direction: sys64("Direction"),
});

/** ISS[24:0] for an MRS (read, Direction=1) or MSR (write, Direction=0) of `enc` with register Rt (0..31). */
export function sysRegTrapIss(enc: SysRegEncoding, rt: number, read: boolean): number {
  let iss = 0;
  iss = insertLo(iss, SYS64_ISS.Op0, enc.op0);
  iss = insertLo(iss, SYS64_ISS.Op2, enc.op2);
  iss = insertLo(iss, SYS64_ISS.Op1, enc.op1);
  iss = insertLo(iss, SYS64_ISS.CRn, enc.CRn);
  iss = insertLo(iss, SYS64_ISS.Rt, rt);
  iss = insertLo(iss, SYS64_ISS.CRm, enc.CRm);
  iss = insertLo(iss, SYS64_ISS.Direction, read ? 1 : 0);
  return iss;
}
