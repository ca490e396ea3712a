// FAR_EL1/2/3: faulting virtual address (Arm ARM D17 FAR_ELx). UNKNOWN after exceptions that do not set it (arch.md §4.2 step 6).
import { defineRegister } from "../decl.js";
import { enc, OP1_FOR_EL, type BankedEL } from "./enc.js";

function far<const E extends BankedEL>(el: E) {
  return defineRegister({
    name: `FAR_EL${el}` as `FAR_EL${E}`,
    width: 64,
    desc: `Fault Address Register (EL${el})`,
    minEL: el,
    ...(el === 2 ? { feature: "EL2" as const } : el === 3 ? { feature: "EL3" as const } : {}),
    encoding: enc(3, OP1_FOR_EL[el], 6, 0, 0),
    ...(el === 1 ? { vheAlias: "FAR_EL2", hcrTrapVM: true } : {}),
    fields: [{ name: "VA", msb: 63, lsb: 0, access: "RW", desc: "faulting virtual address" }],
  } as const);
}

export const FAR_EL1 = far(1);
export const FAR_EL2 = far(2);
export const FAR_EL3 = far(3);
