// ESR_EL1/2/3 at the register level: EC, IL, ISS, ISS2 (arch.md §1.1; Arm ARM D17 ESR_ELx).
// The ISS layouts per EC are declared by the ESR codec (src/sysregs/esr/).
import { defineRegister } from "../decl.js";
import { enc, OP1_FOR_EL, type BankedEL } from "./enc.js";

function esr<const E extends BankedEL>(el: E) {
  return defineRegister({
    name: `ESR_EL${el}` as `ESR_EL${E}`,
    width: 64,
    desc: `Exception Syndrome Register (EL${el})`,
    minEL: el,
    ...(el === 2 ? { feature: "EL2" as const } : el === 3 ? { feature: "EL3" as const } : {}),
    encoding: enc(3, OP1_FOR_EL[el], 5, 2, 0),
    ...(el === 1 ? { vheAlias: "ESR_EL2", hcrTrapVM: true } : {}),
    fields: [
      { name: "ISS", msb: 24, lsb: 0, access: "RW", desc: "instruction specific syndrome (layout depends on EC)" },
      { name: "IL", msb: 25, access: "RW", desc: "instruction length for synchronous exceptions", values: { 0: "16-bit instruction", 1: "32-bit instruction" } },
      { name: "EC", msb: 31, lsb: 26, access: "RW", desc: "exception class" },
      { name: "ISS2", msb: 55, lsb: 32, access: "RW", feature: "FEAT_LS64", desc: "ISS2 (FEAT_LS64 and later; RES0 in Armv8.2)" },
    ],
  } as const);
}

export const ESR_EL1 = esr(1);
export const ESR_EL2 = esr(2);
export const ESR_EL3 = esr(3);
