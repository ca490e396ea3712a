// SCR_EL3, Armv8.2 + RAS (arch.md §2.2: SAIL94 SCR_EL3_Type, TF-A arch.h SCR_RES1_BITS).
// Bits [63:16] are RES0 in v8.2 except FIEN[21] (FEAT_RASv1p1). All fields reset
// to architecturally UNKNOWN values (TF-A el3_common_macros.S).
import { defineRegister } from "../decl.js";
import { enc } from "./enc.js";

export const SCR_EL3 = defineRegister({
  name: "SCR_EL3",
  width: 64,
  desc: "Secure Configuration Register",
  minEL: 3,
  feature: "EL3",
  encoding: enc(3, 6, 1, 1, 0),
  fields: [
    { name: "NS", msb: 0, access: "RW", desc: "security state of EL0 and EL1 (and EL2)", values: { 0: "Secure", 1: "Non-secure" } },
    { name: "IRQ", msb: 1, access: "RW", desc: "physical IRQ routing to EL3" },
    { name: "FIQ", msb: 2, access: "RW", desc: "physical FIQ routing to EL3" },
    { name: "EA", msb: 3, access: "RW", desc: "SError and synchronous External abort routing to EL3; DISR_EL1 RAZ/WI below EL3" },
    { name: "RES1_5_4", msb: 5, lsb: 4, access: "RES1", desc: "RES1" },
    { name: "SMD", msb: 7, access: "RW", desc: "SMC disable (SMC UNDEFINED at EL1 and above)" },
    { name: "HCE", msb: 8, access: "RW", desc: "HVC enable" },
    { name: "SIF", msb: 9, access: "RW", desc: "secure instruction fetch from Non-secure memory disabled" },
    { name: "RW", msb: 10, access: "RW", feature: "AArch32@EL1|EL2", absent: "RAO", desc: "execution state of the next lower EL (RAO/WI when no lower EL can use AArch32)", values: { 0: "lower ELs are AArch32", 1: "next lower EL is AArch64" } },
    { name: "ST", msb: 11, access: "RW", desc: "Secure EL1 access to CNTPS_*_EL1" },
    { name: "TWI", msb: 12, access: "RW", desc: "trap WFI to EL3" },
    { name: "TWE", msb: 13, access: "RW", desc: "trap WFE to EL3" },
    { name: "TLOR", msb: 14, access: "RW", desc: "trap LOR registers (FEAT_LOR)" },
    { name: "TERR", msb: 15, access: "RW", feature: "FEAT_RAS", desc: "trap EL1/EL2 accesses to ERRIDR_EL1, ERRSELR_EL1 and ERX*_EL1 to EL3" },
    { name: "EEL2", msb: 18, access: "RW", feature: "FEAT_SEL2", desc: "Secure EL2 enable (FEAT_SEL2, Armv8.4; RES0 without it)" },
    { name: "FIEN", msb: 21, access: "RW", feature: "FEAT_RASv1p1", desc: "fault injection enable: 0 traps ERXPFG* accesses to EL3 (FEAT_RASv1p1)" },
  ],
} as const);
