// RAS error records (FEAT_RAS; arch.md §2.6-2.8): the memory-mapped ERR<n>FR/CTLR/
// STATUS/ADDR/MISC0-3 at 0x40*n + 8*index, and the ERX*_EL1 system-register window
// onto record ERRSELR_EL1.SEL. Each record layout is declared once; the ERX* window
// registers reuse the same field lists.
import { defineRegister, type ErrRecordReg, type FieldSpec } from "../decl.js";
import { enc } from "./enc.js";

/** ERR<n>FR 2-bit feature fields [recalled]: 0b11 = controllable separately for reads and writes (the read and write enables of ERR<n>CTLR). */
const SUPPORT2 = { 0: "not supported", 1: "supported, controllable", 2: "supported, always enabled", 3: "supported, controllable separately for reads and writes" } as const;
const SUPPORT_ED = { 0: "not supported", 1: "supported, controllable", 2: "supported, always enabled", 3: "reserved" } as const;

/**
 * ERR<n>FR (RO). CEC from arch.md §2.6. ED[1:0], UI[5:4], FI[7:6], UE[9:8], CFI[11:10], CEC[14:12], RP[15],
 * DUI[17:16] and CEO[19:18] were checked against HiSilicon's 2019 error-record header (arer_u_err_fr_l) and
 * Linux AEST patches (ERR_FR_RP BIT(15), ERR_FR_CEC [14:12]). [3:2] is IMPLEMENTATION DEFINED (reserved in
 * HiSilicon's header), and INJ[21:20], CI[23:22], TS[25:24], FRX[31] and the recorded-error-state fields of the
 * upper word (UC[48], UEU[49], UER[50], UEO[51], DE[52], CE[54:53], meaningful when FRX is 1) follow a
 * vendor's field-by-field ERR<n>FR definition (X-Ring plat_ras.h, ras_err_fr_reg_t); Arm's ACS reads DE only
 * after checking FRX ("Unable to determine recorded error states" when FRX is 0), which agrees.
 */
export const FR_FIELDS: readonly FieldSpec[] = [
  { name: "ED", msb: 1, lsb: 0, access: "RO", desc: "error detection and correction", values: SUPPORT_ED },
  { name: "IMPDEF3_2", msb: 3, lsb: 2, access: "RO", desc: "IMPLEMENTATION DEFINED" },
  { name: "UI", msb: 5, lsb: 4, access: "RO", desc: "uncorrected error interrupt", values: SUPPORT2 },
  { name: "FI", msb: 7, lsb: 6, access: "RO", desc: "fault handling interrupt", values: SUPPORT2 },
  { name: "UE", msb: 9, lsb: 8, access: "RO", desc: "in-band uncorrected error reporting (External abort)", values: SUPPORT2 },
  { name: "CFI", msb: 11, lsb: 10, access: "RO", desc: "fault handling interrupt for corrected errors", values: SUPPORT2 },
  { name: "CEC", msb: 14, lsb: 12, access: "RO", desc: "corrected error counter in MISC0", values: { 0: "none", 2: "8-bit counter", 4: "16-bit counter" } },
  { name: "RP", msb: 15, access: "RO", desc: "repeat counter" },
  { name: "DUI", msb: 17, lsb: 16, access: "RO", feature: "FEAT_RASv1p1", desc: "error recovery interrupt for deferred errors", values: SUPPORT2 },
  { name: "CEO", msb: 19, lsb: 18, access: "RO", feature: "FEAT_RASv1p1", desc: "corrected error overwrite" },
  { name: "INJ", msb: 21, lsb: 20, access: "RO", feature: "FEAT_RASv1p1", desc: "fault injection extension" },
  { name: "CI", msb: 23, lsb: 22, access: "RO", feature: "FEAT_RASv1p1", desc: "critical error interrupt" },
  { name: "TS", msb: 25, lsb: 24, access: "RO", feature: "FEAT_RASv1p1", desc: "timestamp extension (MISC3)" },
  { name: "FRX", msb: 31, access: "RO", feature: "FEAT_RASv1p1", desc: "the recorded-error-state fields [54:48] are present" },
  { name: "IMPDEF47_32", msb: 47, lsb: 32, access: "RO", desc: "IMPLEMENTATION DEFINED" },
  { name: "UC", msb: 48, access: "RO", feature: "FEAT_RASv1p1", desc: "records Uncontainable errors (when FRX is 1)" },
  { name: "UEU", msb: 49, access: "RO", feature: "FEAT_RASv1p1", desc: "records Unrecoverable errors (when FRX is 1)" },
  { name: "UER", msb: 50, access: "RO", feature: "FEAT_RASv1p1", desc: "records Recoverable (signaled) errors (when FRX is 1)" },
  { name: "UEO", msb: 51, access: "RO", feature: "FEAT_RASv1p1", desc: "records Restartable errors (when FRX is 1)" },
  { name: "DE", msb: 52, access: "RO", feature: "FEAT_RASv1p1", desc: "records Deferred errors (when FRX is 1)" },
  { name: "CE", msb: 54, lsb: 53, access: "RO", feature: "FEAT_RASv1p1", desc: "records Corrected errors (when FRX is 1)" },
  { name: "IMPDEF63_55", msb: 63, lsb: 55, access: "RO", desc: "IMPLEMENTATION DEFINED" },
];

/** ERR<n>CTLR (TF-A ras_arch.h). [63:12] is modelled RW so nothing software writes is lost (RES0 or IMPLEMENTATION DEFINED). */
export const CTLR_FIELDS: readonly FieldSpec[] = [
  { name: "ED", msb: 0, access: "RW", desc: "error detection and correction enable" },
  { name: "UI", msb: 2, access: "RW", desc: "uncorrected error recovery interrupt enable" },
  { name: "FI", msb: 3, access: "RW", desc: "fault handling interrupt enable" },
  { name: "UE", msb: 4, access: "RW", desc: "in-band uncorrected error reporting enable" },
  { name: "WUI", msb: 5, access: "RW", desc: "uncorrected error interrupt on writes" },
  { name: "WFI", msb: 6, access: "RW", desc: "fault handling interrupt on writes" },
  { name: "WUE", msb: 7, access: "RW", desc: "in-band uncorrected error reporting on writes" },
  { name: "CFI", msb: 8, access: "RW", desc: "fault handling interrupt for corrected errors enable" },
  { name: "WCFI", msb: 9, access: "RW", desc: "corrected error fault handling interrupt on writes" },
  { name: "DUI", msb: 10, access: "RW", desc: "deferred error interrupt enable" },
  { name: "WDUI", msb: 11, access: "RW", desc: "deferred error interrupt on writes" },
  { name: "IMPDEF", msb: 63, lsb: 12, access: "RW", desc: "RES0 or IMPLEMENTATION DEFINED controls" },
];

/** SERR codes (Arm RAS architecture ERR<n>STATUS.SERR; the same list as TF-A ras_serr_to_str). Values >= 0x16 reserved. */
export const SERR_VALUES: Readonly<Record<number, string>> = Object.freeze({
  0x00: "No error",
  0x01: "IMPLEMENTATION DEFINED error",
  0x02: "Data value from (non-associative) internal memory",
  0x03: "IMPLEMENTATION DEFINED pin",
  0x04: "Assertion failure",
  0x05: "Error detected on internal data path",
  0x06: "Data value from associative memory",
  0x07: "Address/control value from associative memory",
  0x08: "Data value from a TLB",
  0x09: "Address/control value from a TLB",
  0x0a: "Data value from producer",
  0x0b: "Address/control value from producer",
  0x0c: "Data value from (non-associative) external memory",
  0x0d: "Illegal address (software fault)",
  0x0e: "Illegal access (software fault)",
  0x0f: "Illegal state (software fault)",
  0x10: "Internal data register",
  0x11: "Internal control register",
  0x12: "Error response from slave",
  0x13: "External timeout",
  0x14: "Internal timeout",
  0x15: "Deferred error from slave not supported at master",
});

/**
 * ERR<n>STATUS (arch.md §2.7; TF-A ras_arch.h; Linux ERR_STATUS_W1TC_MASK = 0xfff80000).
 * Bits [31:19] are write-one-to-clear with guards (src/sysregs/status-w1c.ts).
 * The valid/type bits reset to 0 on an Error recovery reset [recalled]; IERR/SERR UNKNOWN.
 */
export const STATUS_FIELDS: readonly FieldSpec[] = [
  { name: "SERR", msb: 7, lsb: 0, access: "RW", desc: "architecturally defined primary error code", values: SERR_VALUES },
  { name: "IERR", msb: 15, lsb: 8, access: "RW", desc: "IMPLEMENTATION DEFINED error code" },
  { name: "CI", msb: 19, access: "W1C", reset: 0, feature: "FEAT_RASv1p1", desc: "critical error (FEAT_RASv1p1)" },
  { name: "UET", msb: 21, lsb: 20, access: "W1C", reset: 0, desc: "uncorrected error type", values: { 0: "UC (Uncontainable)", 1: "UEU (Unrecoverable)", 2: "UEO (Latent or Restartable)", 3: "UER (Signaled or Recoverable)" } },
  { name: "PN", msb: 22, access: "W1C", reset: 0, desc: "poison" },
  { name: "DE", msb: 23, access: "W1C", reset: 0, desc: "at least one error deferred" },
  { name: "CE", msb: 25, lsb: 24, access: "W1C", reset: 0, desc: "corrected error(s) recorded", values: { 0: "no corrected error", 1: "at least one transient corrected error", 2: "at least one corrected error", 3: "at least one persistent corrected error" } },
  { name: "MV", msb: 26, access: "W1C", reset: 0, desc: "MISC<m> registers valid" },
  { name: "OF", msb: 27, access: "W1C", reset: 0, desc: "overflow: more than one error recorded" },
  { name: "ER", msb: 28, access: "W1C", reset: 0, desc: "error reported as an in-band External abort" },
  { name: "UE", msb: 29, access: "W1C", reset: 0, desc: "at least one uncorrected, not deferred, error" },
  { name: "V", msb: 30, access: "W1C", reset: 0, desc: "status register valid" },
  { name: "AV", msb: 31, access: "W1C", reset: 0, desc: "address valid (ERR<n>ADDR)" },
];

/**
 * ERR<n>ADDR (arch.md §2.6). PADDR[55:0], AI[61], SI[62] and NS[63] were checked against HiSilicon's 2019
 * error-record header (arer_u_err_addr_h: paddr_h [23:0] of the high word, [28:24] reserved); NS[63] also
 * against a Linux EDAC driver (ERR_ADDR_NS_MASK BIT(63)). VA[60] is still [recalled]: it is reserved in
 * that header.
 */
export const ADDR_FIELDS: readonly FieldSpec[] = [
  { name: "PADDR", msb: 55, lsb: 0, access: "RW", desc: "physical address" },
  { name: "VA", msb: 60, access: "RW", desc: "address is a virtual address" },
  { name: "AI", msb: 61, access: "RW", desc: "address incorrect" },
  { name: "SI", msb: 62, access: "RW", desc: "security information incorrect" },
  { name: "NS", msb: 63, access: "RW", desc: "Non-secure attribute", values: { 0: "Secure", 1: "Non-secure" } },
];

/** ERR<n>MISC0-3: IMPLEMENTATION DEFINED layouts (corrected error counters, timestamps). */
export const MISC_FIELDS: readonly FieldSpec[] = [{ name: "IMPDEF", msb: 63, lsb: 0, access: "RW", desc: "IMPLEMENTATION DEFINED syndrome" }];

const LAYOUT: Readonly<Record<ErrRecordReg, { fields: readonly FieldSpec[]; desc: string; v1p1?: true; ro?: true; status?: true }>> = {
  FR: { fields: FR_FIELDS, desc: "Error Record Feature Register", ro: true },
  CTLR: { fields: CTLR_FIELDS, desc: "Error Record Control Register" },
  STATUS: { fields: STATUS_FIELDS, desc: "Error Record Primary Status Register", status: true },
  ADDR: { fields: ADDR_FIELDS, desc: "Error Record Address Register" },
  MISC0: { fields: MISC_FIELDS, desc: "Error Record Miscellaneous Register 0" },
  MISC1: { fields: MISC_FIELDS, desc: "Error Record Miscellaneous Register 1" },
  MISC2: { fields: MISC_FIELDS, desc: "Error Record Miscellaneous Register 2 (FEAT_RASv1p1)", v1p1: true },
  MISC3: { fields: MISC_FIELDS, desc: "Error Record Miscellaneous Register 3 (FEAT_RASv1p1)", v1p1: true },
};

function record<const R extends ErrRecordReg>(reg: R) {
  const l = LAYOUT[reg];
  return defineRegister({
    name: `ERR<n>${reg}` as `ERR<n>${R}`,
    width: 64,
    desc: l.desc,
    feature: l.v1p1 ? "FEAT_RASv1p1" : "FEAT_RAS",
    record: reg,
    ...(l.status ? { writeRule: "ERR_STATUS" as const } : {}),
    fields: l.fields,
  });
}

/** ERX*_EL1 encodings (arch.md §2.6; LLVM ERXCTLR=0xc2a1, ERXSTATUS=0xc2a2, ERXADDR=0xc2a3, ERXMISC0=0xc2a8). */
const ERX_ENC: Readonly<Record<ErrRecordReg, readonly [CRm: number, op2: number]>> = {
  FR: [4, 0],
  CTLR: [4, 1],
  STATUS: [4, 2],
  ADDR: [4, 3],
  MISC0: [5, 0],
  MISC1: [5, 1],
  MISC2: [5, 2],
  MISC3: [5, 3],
};

function window<const R extends ErrRecordReg>(reg: R) {
  const l = LAYOUT[reg];
  const [CRm, op2] = ERX_ENC[reg];
  return defineRegister({
    name: `ERX${reg}_EL1` as `ERX${R}_EL1`,
    width: 64,
    desc: `Selected ${l.desc}`,
    minEL: 1,
    feature: l.v1p1 ? "FEAT_RASv1p1" : "FEAT_RAS",
    encoding: enc(3, 0, 5, CRm, op2),
    window: reg,
    ...(l.ro ? { readOnly: true } : {}),
    ...(l.status ? { writeRule: "ERR_STATUS" as const } : {}),
    fields: l.fields,
  });
}

export const ERR_FR = record("FR");
export const ERR_CTLR = record("CTLR");
export const ERR_STATUS = record("STATUS");
export const ERR_ADDR = record("ADDR");
export const ERR_MISC0 = record("MISC0");
export const ERR_MISC1 = record("MISC1");
export const ERR_MISC2 = record("MISC2");
export const ERR_MISC3 = record("MISC3");

export const ERXFR_EL1 = window("FR");
export const ERXCTLR_EL1 = window("CTLR");
export const ERXSTATUS_EL1 = window("STATUS");
export const ERXADDR_EL1 = window("ADDR");
export const ERXMISC0_EL1 = window("MISC0");
export const ERXMISC1_EL1 = window("MISC1");
export const ERXMISC2_EL1 = window("MISC2");
export const ERXMISC3_EL1 = window("MISC3");

/** ERRIDR_EL1 (RO; NUM = number of records reachable through ERX*) and ERRSELR_EL1 (SAIL94). */
export const ERRIDR_EL1 = defineRegister({
  name: "ERRIDR_EL1",
  width: 64,
  desc: "Error Record ID Register",
  minEL: 1,
  feature: "FEAT_RAS",
  encoding: enc(3, 0, 5, 3, 0),
  readOnly: true,
  fields: [{ name: "NUM", msb: 15, lsb: 0, access: "RO", desc: "number of error records reachable through ERX*_EL1" }],
} as const);

export const ERRSELR_EL1 = defineRegister({
  name: "ERRSELR_EL1",
  width: 64,
  desc: "Error Record Select Register",
  minEL: 1,
  feature: "FEAT_RAS",
  encoding: enc(3, 0, 5, 3, 1),
  fields: [{ name: "SEL", msb: 15, lsb: 0, access: "RW", desc: "error record selected by ERX*_EL1" }],
} as const);
