// VSESR_EL2: syndrome of the virtual SError injected by HCR_EL2.VSE
// (arch.md §2.3; SAIL94 VSESR_EL2_Type; ESR_EL1.ISS[24:0] = VSESR_EL2[24:0] on taking it). Reset UNKNOWN.
import { defineRegister } from "../decl.js";
import { enc } from "./enc.js";
import { SERROR_ISS_VIEW } from "./serror-syndrome.js";

export const VSESR_EL2 = defineRegister({
  name: "VSESR_EL2",
  width: 64,
  desc: "Virtual SError Exception Syndrome Register",
  minEL: 2,
  feature: "FEAT_RAS",
  encoding: enc(3, 4, 5, 2, 3),
  fields: [
    { name: "ISS", msb: 23, lsb: 0, access: "RW", desc: "ESR_EL1.ISS[23:0] of the virtual SError" },
    { name: "IDS", msb: 24, access: "RW", desc: "ESR_EL1.IDS of the virtual SError", values: { 0: "architected syndrome", 1: "IMPLEMENTATION DEFINED syndrome" } },
  ],
  views: [{ when: { field: "IDS", equals: 0 }, fields: SERROR_ISS_VIEW }],
} as const);
