// VBAR_EL1/2/3: vector base address; bits [10:0] RES0 (Arm ARM D17 VBAR_ELx; arch.md §4.1).
import { defineRegister } from "../decl.js";
import { enc, OP1_FOR_EL, type BankedEL } from "./enc.js";

function vbar<const E extends BankedEL>(el: E) {
  return defineRegister({
    name: `VBAR_EL${el}` as `VBAR_EL${E}`,
    width: 64,
    desc: `Vector Base Address Register (EL${el})`,
    minEL: el,
    ...(el === 2 ? { feature: "EL2" as const } : el === 3 ? { feature: "EL3" as const } : {}),
    encoding: enc(3, OP1_FOR_EL[el], 12, 0, 0),
    ...(el === 1 ? { vheAlias: "VBAR_EL2" } : {}),
    fields: [{ name: "VBA", msb: 63, lsb: 11, access: "RW", desc: "vector base address, bits [63:11]" }],
  } as const);
}

export const VBAR_EL1 = vbar(1);
export const VBAR_EL2 = vbar(2);
export const VBAR_EL3 = vbar(3);
