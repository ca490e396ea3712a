// Names the system register of an MSR/MRS trap (EC 0x18) from its encoding, using the
// register file's data-only catalog; unknown encodings get the generic S<op0>_<op1>_C<n>_C<m>_<op2>.
import { lookupSysRegByEncoding } from "../catalog.js";

export interface SysRegOperands {
  readonly Op0: number;
  readonly Op1: number;
  readonly CRn: number;
  readonly CRm: number;
  readonly Op2: number;
}

export function genericSysRegName(o: SysRegOperands): string {
  return `S${o.Op0}_${o.Op1}_C${o.CRn}_C${o.CRm}_${o.Op2}`;
}

/** The register's architectural name when the catalog declares it, else undefined. */
export function knownSysRegName(o: SysRegOperands): string | undefined {
  return lookupSysRegByEncoding({ op0: o.Op0, op1: o.Op1, CRn: o.CRn, CRm: o.CRm, op2: o.Op2 })?.name;
}

export function sysRegName(o: SysRegOperands): string {
  return knownSysRegName(o) ?? genericSysRegName(o);
}
