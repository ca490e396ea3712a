// MRS/MSR encodings, written as the Arm ARM writes them: S<op0>_<op1>_C<CRn>_C<CRm>_<op2>.
import type { SysRegEncoding } from "../types.js";

export function enc(op0: number, op1: number, CRn: number, CRm: number, op2: number): SysRegEncoding {
  return Object.freeze({ op0, op1, CRn, CRm, op2 });
}

/** op1 of the EL1, EL2 and EL3 banked copies (op1 = 0, 4, 6). */
export const OP1_FOR_EL = { 1: 0, 2: 4, 3: 6 } as const;
export type BankedEL = keyof typeof OP1_FOR_EL;
