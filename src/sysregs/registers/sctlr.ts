// SCTLR_EL1/2/3 (Armv8.2 layouts; Arm ARM D17 SCTLR_ELx). The error path reads
// IESB (FEAT_IESB, arch.md §4.2 steps 1 and 12), SPAN (FEAT_PAN, step 10) and EE.
// Bits that later features define and that are RES1 in Armv8.2 are declared RES1
// under their later names. SCTLR_EL2 uses its E2H=0 layout (the same as SCTLR_EL3);
// the RES1 set matches TF-A SCTLR_EL3_RES1 / SCTLR_EL2_RES1. With HCR_EL2.E2H=1 (FEAT_VHE)
// SCTLR_EL2 takes the SCTLR_EL1 format (the EL2&0 regime): its `e2hLayout`.
import { defineRegister, type FieldSpec } from "../decl.js";
import { enc } from "./enc.js";

const ENDIAN = { 0: "little-endian", 1: "big-endian" } as const;

/** The SCTLR_EL1 format: SCTLR_EL1, and SCTLR_EL2 while HCR_EL2.E2H=1. */
const EL1_FORMAT = [
    { name: "M", msb: 0, access: "RW", desc: "stage 1 MMU enable for EL1&0" },
    { name: "A", msb: 1, access: "RW", desc: "alignment check enable" },
    { name: "C", msb: 2, access: "RW", desc: "data cacheability control" },
    { name: "SA", msb: 3, access: "RW", desc: "SP alignment check enable (EL1)" },
    { name: "SA0", msb: 4, access: "RW", desc: "SP alignment check enable (EL0)" },
    { name: "CP15BEN", msb: 5, access: "RW", desc: "AArch32 EL0 CP15 barrier enable" },
    { name: "ITD", msb: 7, access: "RW", desc: "AArch32 EL0 IT disable" },
    { name: "SED", msb: 8, access: "RW", desc: "AArch32 EL0 SETEND disable" },
    { name: "UMA", msb: 9, access: "RW", desc: "EL0 access to PSTATE.{D,A,I,F}" },
    { name: "EOS", msb: 11, access: "RES1", desc: "RES1 in Armv8.2 (exception exit is context synchronizing; FEAT_ExS)" },
    { name: "I", msb: 12, access: "RW", desc: "instruction cacheability control" },
    { name: "DZE", msb: 14, access: "RW", desc: "EL0 DC ZVA enable" },
    { name: "UCT", msb: 15, access: "RW", desc: "EL0 CTR_EL0 access" },
    { name: "nTWI", msb: 16, access: "RW", desc: "EL0 WFI not trapped" },
    { name: "nTWE", msb: 18, access: "RW", desc: "EL0 WFE not trapped" },
    { name: "WXN", msb: 19, access: "RW", desc: "write permission implies XN" },
    { name: "TSCXT", msb: 20, access: "RES1", desc: "RES1 in Armv8.2 (SCXTNUM_EL0 trap; FEAT_CSV2)" },
    { name: "IESB", msb: 21, access: "RW", feature: "FEAT_IESB", desc: "implicit error synchronization event on exception entry and return" },
    { name: "EIS", msb: 22, access: "RES1", desc: "RES1 in Armv8.2 (exception entry is context synchronizing; FEAT_ExS)" },
    { name: "SPAN", msb: 23, access: "RW", feature: "FEAT_PAN", absent: "RES1", desc: "set PSTATE.PAN on exception entry to EL1 when 0", values: { 0: "PAN set on entry", 1: "PAN unchanged on entry" } },
    { name: "E0E", msb: 24, access: "RW", desc: "EL0 data endianness", values: ENDIAN },
    { name: "EE", msb: 25, access: "RW", desc: "EL1 data and translation-walk endianness", values: ENDIAN },
    { name: "UCI", msb: 26, access: "RW", desc: "EL0 cache maintenance instructions enable" },
    { name: "nTLSMD", msb: 28, access: "RES1", desc: "RES1 without FEAT_LSMAOC" },
    { name: "LSMAOE", msb: 29, access: "RES1", desc: "RES1 without FEAT_LSMAOC" },
] as const satisfies readonly FieldSpec[];

export const SCTLR_EL1 = defineRegister({
  name: "SCTLR_EL1",
  width: 64,
  desc: "System Control Register (EL1)",
  minEL: 1,
  encoding: enc(3, 0, 1, 0, 0),
  vheAlias: "SCTLR_EL2",
  hcrTrapVM: true,
  fields: EL1_FORMAT,
} as const);

/** SCTLR_EL2 while HCR_EL2.E2H=1: the SCTLR_EL1 format (SPAN, nTWE/nTWI, SA0, E0E, ... are fields, not RES1). */
export const SCTLR_EL2_E2H = defineRegister({
  name: "SCTLR_EL2",
  width: 64,
  desc: "System Control Register (EL2), HCR_EL2.E2H=1 layout (the SCTLR_EL1 format)",
  minEL: 2,
  feature: "EL2",
  encoding: enc(3, 4, 1, 0, 0),
  fields: EL1_FORMAT,
});

function sctlrHigh<const E extends 2 | 3>(el: E) {
  const zeroAtEL3 = el === 3 ? { reset: 0 } : {};
  return defineRegister({
    name: `SCTLR_EL${el}` as `SCTLR_EL${E}`,
    width: 64,
    desc: `System Control Register (EL${el})${el === 2 ? ", HCR_EL2.E2H=0 layout (E2H=1: the SCTLR_EL1 format)" : ""}`,
    minEL: el,
    feature: el === 2 ? "EL2" : "EL3",
    encoding: enc(3, el === 2 ? 4 : 6, 1, 0, 0),
    ...(el === 2 ? { e2hLayout: SCTLR_EL2_E2H } : {}),
    fields: [
      { name: "M", msb: 0, access: "RW", ...zeroAtEL3, desc: `stage 1 MMU enable for EL${el}` },
      { name: "A", msb: 1, access: "RW", desc: "alignment check enable" },
      { name: "C", msb: 2, access: "RW", ...zeroAtEL3, desc: "data cacheability control" },
      { name: "SA", msb: 3, access: "RW", desc: "SP alignment check enable" },
      { name: "RES1_5_4", msb: 5, lsb: 4, access: "RES1", desc: "RES1" },
      { name: "EOS", msb: 11, access: "RES1", desc: "RES1 in Armv8.2 (FEAT_ExS)" },
      { name: "I", msb: 12, access: "RW", ...zeroAtEL3, desc: "instruction cacheability control" },
      { name: "RES1_16", msb: 16, access: "RES1", desc: "RES1" },
      { name: "RES1_18", msb: 18, access: "RES1", desc: "RES1" },
      { name: "WXN", msb: 19, access: "RW", desc: "write permission implies XN" },
      { name: "IESB", msb: 21, access: "RW", feature: "FEAT_IESB", desc: "implicit error synchronization event on exception entry and return" },
      { name: "EIS", msb: 22, access: "RES1", desc: "RES1 in Armv8.2 (FEAT_ExS)" },
      { name: "SPAN", msb: 23, access: "RES1", desc: "RES1 at this EL (E2H=0 layout)" },
      { name: "EE", msb: 25, access: "RW", desc: `EL${el} data and translation-walk endianness`, values: ENDIAN },
      { name: "nTLSMD", msb: 28, access: "RES1", desc: "RES1" },
      { name: "LSMAOE", msb: 29, access: "RES1", desc: "RES1" },
    ],
  });
}

export const SCTLR_EL2 = sctlrHigh(2);
export const SCTLR_EL3 = sctlrHigh(3);
