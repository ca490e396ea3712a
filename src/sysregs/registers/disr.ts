// DISR_EL1 and VDISR_EL2 (AArch64 EL1 format): deferred SError syndrome written by ESB
// (arch.md §2.4, §2.5, §4.5; ASL AArch64_ReportDeferredSError, AArch64_vESBOperation).
// All fields reset to architecturally UNKNOWN values (ddi0595/b DISR_EL1).
import { defineRegister, type FieldSpec } from "../decl.js";
import { enc } from "./enc.js";
import { SERROR_ISS_VIEW } from "./serror-syndrome.js";

const FIELDS: readonly FieldSpec[] = [
  { name: "ISS", msb: 23, lsb: 0, access: "RW", desc: "syndrome (AET/EA/DFSC when IDS=0, IMPLEMENTATION DEFINED when IDS=1)" },
  { name: "IDS", msb: 24, access: "RW", desc: "IMPLEMENTATION DEFINED syndrome", values: { 0: "architected syndrome", 1: "IMPLEMENTATION DEFINED syndrome" } },
  { name: "A", msb: 31, access: "RW", desc: "an ESB deferred an SError" },
];
const VIEWS = [{ when: { field: "IDS", equals: 0 }, fields: SERROR_ISS_VIEW }];

export const DISR_EL1 = defineRegister({
  name: "DISR_EL1",
  width: 64,
  desc: "Deferred Interrupt Status Register",
  minEL: 1,
  feature: "FEAT_RAS",
  encoding: enc(3, 0, 12, 1, 1),
  fields: FIELDS,
  views: VIEWS,
});

export const VDISR_EL2 = defineRegister({
  name: "VDISR_EL2",
  width: 64,
  desc: "Virtual Deferred Interrupt Status Register",
  minEL: 2,
  feature: "FEAT_RAS",
  encoding: enc(3, 4, 12, 1, 1),
  fields: FIELDS,
  views: VIEWS,
});
