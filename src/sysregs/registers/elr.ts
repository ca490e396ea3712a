// ELR_EL1/2/3: preferred return address of the exception (Arm ARM D17 ELR_ELx; arch.md §4.2 step 8).
import { defineRegister } from "../decl.js";
import { enc, OP1_FOR_EL, type BankedEL } from "./enc.js";

function elr<const E extends BankedEL>(el: E) {
  return defineRegister({
    name: `ELR_EL${el}` as `ELR_EL${E}`,
    width: 64,
    desc: `Exception Link Register (EL${el})`,
    minEL: el,
    ...(el === 2 ? { feature: "EL2" as const } : el === 3 ? { feature: "EL3" as const } : {}),
    encoding: enc(3, OP1_FOR_EL[el], 4, 0, 1),
    ...(el === 1 ? { vheAlias: "ELR_EL2" } : {}),
    fields: [{ name: "ADDR", msb: 63, lsb: 0, access: "RW", desc: "return address" }],
  } as const);
}

export const ELR_EL1 = elr(1);
export const ELR_EL2 = elr(2);
export const ELR_EL3 = elr(3);
