// ESR_ELx.ISS layouts as data, one per class family (Arm ESR_EL1 XML as summarised in
// arch.md §1.4). Every field is declared once; decode, encode, RES0 checks and rendering
// are all driven from these declarations.
import { bitField, type BitField } from "../../arch/bits.js";
import { ISS_MASK } from "./layout.js";
import { AET_ENUM, SET_ENUM } from "./ras-types.js";

export interface IssField {
  readonly name: string;
  readonly bits: BitField;
  /** Bit position and width-mask as plain numbers (ISS fields all lie below bit 25). */
  readonly lsb: number;
  readonly max: number;
  /** Value meanings where the field is an enumeration. */
  readonly values?: Readonly<Record<number, string>>;
  readonly doc: string;
  /** Set for fields that a later feature adds: the bits are RES0 in Armv8.2. */
  readonly later?: string;
  /** The only architecturally allowed value (e.g. IFSC 0x22 in debug exceptions). */
  readonly fixed?: number;
}

export interface IssCase {
  readonly fields: readonly IssField[];
  /** ISS bits that no field of this case covers: RES0 (or IMPLEMENTATION DEFINED: never). */
  readonly res0Mask: number;
  /** ISS bits of fields added after Armv8.2 (RES0 in Armv8.2). */
  readonly laterMask: number;
  /** Bits of fields with a fixed value, and those values in place (debug FSC 0x22). */
  readonly fixedMask: number;
  readonly fixedValue: number;
  /** Builds the named-fields object of an ISS (compiled from `fields`, see compileFieldsBuilder). */
  readonly build: (iss: number) => Record<string, number>;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Compiles the field declarations of a case into a function returning an object literal
 * with one property per field, in declaration order. One literal shape per case keeps
 * decode monomorphic (about 1.5x faster than keyed stores into {}); the same technique
 * binary-parser uses. The source is generated only from our own static declarations
 * (names checked as identifiers, positions and widths as integers), never from input.
 */
export function compileFieldsBuilder(fields: readonly IssField[]): (iss: number) => Record<string, number> {
  const props = fields.map((f) => {
    if (!IDENT.test(f.name) || !Number.isInteger(f.lsb) || !Number.isInteger(f.max)) throw new RangeError(`bad ISS field declaration ${f.name}`);
    return `${f.name}: (iss >>> ${f.lsb}) & ${f.max}`;
  });
  return new Function("iss", `"use strict"; return { ${props.join(", ")} };`) as (iss: number) => Record<string, number>;
}

export type LayoutId =
  | "RES0"
  | "WFX"
  | "MCR_MRC"
  | "MCRR_MRRC"
  | "LDC_STC"
  | "COND"
  | "BTI"
  | "IMM16"
  | "SMC32"
  | "SYS64"
  | "ERET"
  | "OPAQUE"
  | "IMPDEF"
  | "IABT"
  | "DABT"
  | "SERROR"
  | "FP_EXC"
  | "BREAKPOINT"
  | "SOFTSTEP"
  | "WATCHPOINT"
  | "COMMENT";

export interface IssLayout {
  readonly id: LayoutId;
  readonly title: string;
  /** Name of the bit-24 field that selects cases[1] when set (ISV, IDS), if any. */
  readonly selector?: string;
  readonly cases: readonly [IssCase] | readonly [IssCase, IssCase];
  /** Name of the fault status code field, when the class has one. */
  readonly fscField?: "DFSC" | "IFSC";
}

interface FieldOpts {
  values?: Readonly<Record<number, string>>;
  later?: string;
  fixed?: number;
}

export function issField(name: string, msb: number, lsb: number, doc: string, opts: FieldOpts = {}): IssField {
  const bits = bitField(name, msb, lsb);
  const f: IssField = {
    name,
    bits,
    lsb,
    max: Number(bits.valueMask),
    doc,
    ...(opts.values !== undefined ? { values: opts.values } : {}),
    ...(opts.later !== undefined ? { later: opts.later } : {}),
    ...(opts.fixed !== undefined ? { fixed: opts.fixed } : {}),
  };
  return Object.freeze(f);
}

function issCase(fields: readonly IssField[]): IssCase {
  let covered = 0;
  let later = 0;
  let fixedMask = 0;
  let fixedValue = 0;
  for (const f of fields) {
    covered |= f.bits.loMask;
    if (f.later !== undefined) later |= f.bits.loMask;
    if (f.fixed !== undefined) {
      fixedMask |= f.bits.loMask;
      fixedValue |= f.fixed << f.lsb;
    }
  }
  return Object.freeze({
    fields: Object.freeze([...fields]),
    res0Mask: (ISS_MASK & ~covered) >>> 0,
    laterMask: later >>> 0,
    fixedMask: fixedMask >>> 0,
    fixedValue: fixedValue >>> 0,
    build: compileFieldsBuilder(fields),
  });
}

function layout(id: LayoutId, title: string, fields: readonly IssField[], extra: Partial<Pick<IssLayout, "fscField">> = {}): IssLayout {
  return Object.freeze({ id, title, cases: [issCase(fields)] as const, ...extra });
}

function switched(id: LayoutId, title: string, selector: string, off: readonly IssField[], on: readonly IssField[], extra: Partial<Pick<IssLayout, "fscField">> = {}): IssLayout {
  return Object.freeze({ id, title, selector, cases: [issCase(off), issCase(on)] as const, ...extra });
}

// ---- shared fields -------------------------------------------------------

const BOOL_VALID = { 0: "not valid", 1: "valid" } as const;
const CV = issField("CV", 24, 24, "Condition code valid", { values: { 0: "COND not valid", 1: "COND valid" } });
const COND = issField("COND", 23, 20, "Condition code of the trapped instruction (0b1110 from AArch64)");
const DIRECTION = issField("Direction", 0, 0, "Direction of the access", { values: { 0: "write (MSR/MCR)", 1: "read (MRS/MRC)" } });
const RT = issField("Rt", 9, 5, "General-purpose register number of the transfer");
const CRM = issField("CRm", 4, 1, "CRm value of the instruction");
const SET = issField("SET", 12, 11, "Synchronous Error Type (meaningful only when xFSC = 0b010000)", { values: SET_ENUM });
const FNV = issField("FnV", 10, 10, "FAR not Valid (only with xFSC = 0b010000)", { values: { 0: "FAR is valid", 1: "FAR is not valid (UNKNOWN)" } });
const EA = issField("EA", 9, 9, "External abort type (IMPLEMENTATION DEFINED classification; 0 for other aborts)");
const S1PTW = issField("S1PTW", 7, 7, "Stage 2 fault on a stage 1 translation table walk");
const WNR = issField("WnR", 6, 6, "Write not Read", { values: { 0: "read", 1: "write" } });
const CM = issField("CM", 8, 8, "Cache maintenance or address translation instruction");
const VNCR = issField("VNCR", 13, 13, "Fault from a VNCR_EL2-relative access", { later: "FEAT_NV2 (Armv8.4)" });
const DFSC = issField("DFSC", 5, 0, "Data Fault Status Code");
const IFSC = issField("IFSC", 5, 0, "Instruction Fault Status Code");

// ---- the layouts -----------------------------------------------------------

export const LAYOUT_RES0 = layout("RES0", "ISS is RES0", []);

export const LAYOUT_WFX = layout("WFX", "Trapped WFI/WFE", [
  CV,
  COND,
  issField("TI", 0, 0, "Trapped instruction", { values: { 0: "WFI", 1: "WFE" } }),
]);

export const LAYOUT_MCR_MRC = layout("MCR_MRC", "Trapped MCR/MRC (AArch32)", [
  CV,
  COND,
  issField("Opc2", 19, 17, "Opc2 value of the instruction"),
  issField("Opc1", 16, 14, "Opc1 value of the instruction"),
  issField("CRn", 13, 10, "CRn value of the instruction"),
  RT,
  CRM,
  DIRECTION,
]);

export const LAYOUT_MCRR_MRRC = layout("MCRR_MRRC", "Trapped MCRR/MRRC (AArch32)", [
  CV,
  COND,
  issField("Opc1", 19, 16, "Opc1 value of the instruction"),
  issField("Rt2", 14, 10, "Second general-purpose register of the transfer"),
  RT,
  CRM,
  DIRECTION,
]);

export const LAYOUT_LDC_STC = layout("LDC_STC", "Trapped LDC/STC (AArch32)", [
  CV,
  COND,
  issField("imm8", 19, 12, "Immediate offset of the instruction"),
  issField("Rn", 9, 5, "Base register number"),
  issField("Offset", 4, 4, "Offset direction", { values: { 0: "subtract", 1: "add" } }),
  issField("AM", 3, 1, "Addressing mode"),
  DIRECTION,
]);

export const LAYOUT_COND = layout("COND", "Trapped access with a condition code", [CV, COND]);

export const LAYOUT_BTI = layout("BTI", "Branch Target Identification", [
  issField("BTYPE", 1, 0, "PSTATE.BTYPE value that caused the exception"),
]);

export const LAYOUT_IMM16 = layout("IMM16", "SVC/HVC/SMC immediate", [issField("imm16", 15, 0, "Immediate value of the instruction")]);

export const LAYOUT_SMC32 = layout("SMC32", "SMC from AArch32 (trapped by HCR_EL2.TSC)", [
  CV,
  COND,
  issField("CCKNOWNPASS", 19, 19, "Whether the instruction is known to have passed its condition code check"),
]);

export const LAYOUT_SYS64 = layout("SYS64", "Trapped MSR/MRS/system instruction (AArch64)", [
  issField("Op0", 21, 20, "Op0 value of the instruction"),
  issField("Op2", 19, 17, "Op2 value of the instruction"),
  issField("Op1", 16, 14, "Op1 value of the instruction"),
  issField("CRn", 13, 10, "CRn value of the instruction"),
  RT,
  CRM,
  issField("Direction", 0, 0, "Direction of the access", { values: { 0: "write (MSR)", 1: "read (MRS)" } }),
]);

export const LAYOUT_ERET = layout("ERET", "Trapped ERET/ERETAA/ERETAB", [
  issField("ERET", 1, 1, "ERET or ERETA*", { values: { 0: "ERET", 1: "ERETAA/ERETAB" } }),
  issField("ERETA", 0, 0, "Key used by ERETA*", { values: { 0: "A key (ERETAA)", 1: "B key (ERETAB)" } }),
]);

/** A class whose ISS this model does not decode field by field (post-v8.2 or unallocated). */
export const LAYOUT_OPAQUE = layout("OPAQUE", "ISS not decoded", [issField("ISS", 24, 0, "Raw ISS")]);

export const LAYOUT_IMPDEF = layout("IMPDEF", "IMPLEMENTATION DEFINED syndrome", [issField("IMPDEF", 24, 0, "IMPLEMENTATION DEFINED")]);

export const LAYOUT_IABT = layout("IABT", "Instruction Abort", [SET, FNV, EA, S1PTW, IFSC], { fscField: "IFSC" });

export const LAYOUT_DABT = switched(
  "DABT",
  "Data Abort",
  "ISV",
  [issField("ISV", 24, 24, "Instruction Syndrome Valid", { values: BOOL_VALID }), VNCR, SET, FNV, EA, CM, S1PTW, WNR, DFSC],
  [
    issField("ISV", 24, 24, "Instruction Syndrome Valid", { values: BOOL_VALID }),
    issField("SAS", 23, 22, "Syndrome Access Size", { values: { 0: "byte", 1: "halfword", 2: "word", 3: "doubleword" } }),
    issField("SSE", 21, 21, "Syndrome Sign Extend"),
    issField("SRT", 20, 16, "Syndrome Register Transfer (register number)"),
    issField("SF", 15, 15, "Sixty-Four bit register", { values: { 0: "32-bit (Wn)", 1: "64-bit (Xn)" } }),
    issField("AR", 14, 14, "Acquire/Release semantics"),
    VNCR,
    SET,
    FNV,
    EA,
    CM,
    S1PTW,
    WNR,
    DFSC,
  ],
  { fscField: "DFSC" },
);

export const LAYOUT_SERROR = switched(
  "SERROR",
  "SError interrupt",
  "IDS",
  [
    issField("IDS", 24, 24, "IMPLEMENTATION DEFINED Syndrome", { values: { 0: "architected syndrome", 1: "IMPLEMENTATION DEFINED syndrome" } }),
    issField("IESB", 13, 13, "Implicit error synchronization event (FEAT_IESB)"),
    issField("AET", 12, 10, "Asynchronous Error Type (meaningful only with DFSC = 0b010001)", { values: AET_ENUM }),
    issField("EA", 9, 9, "External abort type (meaningful only with DFSC = 0b010001)"),
    issField("DFSC", 5, 0, "Data Fault Status Code (0b000000 uncategorized, 0b010001 asynchronous SError)"),
  ],
  [
    issField("IDS", 24, 24, "IMPLEMENTATION DEFINED Syndrome", { values: { 0: "architected syndrome", 1: "IMPLEMENTATION DEFINED syndrome" } }),
    issField("IMPDEF", 23, 0, "IMPLEMENTATION DEFINED syndrome"),
  ],
  { fscField: "DFSC" },
);

export const LAYOUT_FP_EXC = layout("FP_EXC", "Trapped floating-point exception", [
  issField("TFV", 23, 23, "Trapped Fault Valid (the flag bits are valid)"),
  issField("VECITR", 10, 8, "Vector iteration (AArch32)"),
  issField("IDF", 7, 7, "Input Denormal"),
  issField("IXF", 4, 4, "Inexact"),
  issField("UFF", 3, 3, "Underflow"),
  issField("OFF", 2, 2, "Overflow"),
  issField("DZF", 1, 1, "Divide by Zero"),
  issField("IOF", 0, 0, "Invalid Operation"),
]);

export const LAYOUT_BREAKPOINT = layout("BREAKPOINT", "Breakpoint", [issField("IFSC", 5, 0, "Instruction Fault Status Code (debug exception)", { fixed: 0x22 })], {
  fscField: "IFSC",
});

export const LAYOUT_SOFTSTEP = switched(
  "SOFTSTEP",
  "Software Step",
  "ISV",
  [issField("ISV", 24, 24, "EX bit valid", { values: BOOL_VALID }), issField("IFSC", 5, 0, "Instruction Fault Status Code (debug exception)", { fixed: 0x22 })],
  [
    issField("ISV", 24, 24, "EX bit valid", { values: BOOL_VALID }),
    issField("EX", 6, 6, "Exclusive operation stepped", { values: { 0: "not a load-exclusive", 1: "load-exclusive" } }),
    issField("IFSC", 5, 0, "Instruction Fault Status Code (debug exception)", { fixed: 0x22 }),
  ],
  { fscField: "IFSC" },
);

export const LAYOUT_WATCHPOINT = layout(
  "WATCHPOINT",
  "Watchpoint",
  [VNCR, CM, WNR, issField("DFSC", 5, 0, "Data Fault Status Code (debug exception)", { fixed: 0x22 })],
  { fscField: "DFSC" },
);

export const LAYOUT_COMMENT = layout("COMMENT", "BKPT/BRK immediate", [issField("Comment", 15, 0, "Immediate value of the instruction")]);

export const LAYOUTS: Readonly<Record<LayoutId, IssLayout>> = Object.freeze({
  RES0: LAYOUT_RES0,
  WFX: LAYOUT_WFX,
  MCR_MRC: LAYOUT_MCR_MRC,
  MCRR_MRRC: LAYOUT_MCRR_MRRC,
  LDC_STC: LAYOUT_LDC_STC,
  COND: LAYOUT_COND,
  BTI: LAYOUT_BTI,
  IMM16: LAYOUT_IMM16,
  SMC32: LAYOUT_SMC32,
  SYS64: LAYOUT_SYS64,
  ERET: LAYOUT_ERET,
  OPAQUE: LAYOUT_OPAQUE,
  IMPDEF: LAYOUT_IMPDEF,
  IABT: LAYOUT_IABT,
  DABT: LAYOUT_DABT,
  SERROR: LAYOUT_SERROR,
  FP_EXC: LAYOUT_FP_EXC,
  BREAKPOINT: LAYOUT_BREAKPOINT,
  SOFTSTEP: LAYOUT_SOFTSTEP,
  WATCHPOINT: LAYOUT_WATCHPOINT,
  COMMENT: LAYOUT_COMMENT,
});

/** The case of a layout that applies to this ISS (bit 24 selects for ISV/IDS layouts). */
export function caseOf(l: IssLayout, iss: number): IssCase {
  const c = l.cases;
  return c.length === 2 && (iss & 0x0100_0000) !== 0 ? c[1] : c[0];
}
