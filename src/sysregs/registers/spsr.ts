// SPSR_EL1/2/3, built from the PSTATE layout declared once in src/arch/pstate.ts
// (Arm ARM C5.2.18; arch.md §4.2 step 4). Exceptions from AArch64 only.
import { PSTATE_FIELDS } from "../../arch/pstate.js";
import { defineRegister, type FieldSpec } from "../decl.js";
import { enc, OP1_FOR_EL, type BankedEL } from "./enc.js";

const SPSR_FIELDS: readonly FieldSpec[] = PSTATE_FIELDS.map((f) => ({ ...f, access: "RW" as const }));

function spsr<const E extends BankedEL>(el: E) {
  return defineRegister({
    name: `SPSR_EL${el}` as `SPSR_EL${E}`,
    width: 64,
    desc: `Saved Program Status Register (EL${el})`,
    minEL: el,
    ...(el === 2 ? { feature: "EL2" as const } : el === 3 ? { feature: "EL3" as const } : {}),
    encoding: enc(3, OP1_FOR_EL[el], 4, 0, 0),
    ...(el === 1 ? { vheAlias: "SPSR_EL2" } : {}),
    fields: SPSR_FIELDS,
  });
}

export const SPSR_EL1 = spsr(1);
export const SPSR_EL2 = spsr(2);
export const SPSR_EL3 = spsr(3);
