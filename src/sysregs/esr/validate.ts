// ESR_ELx validation: every architectural problem with a value, as clear sentences naming
// the field. Sources: Arm ESR_EL1 XML and ASL (AArch64_ExceptionClass, AArch64_ReportException,
// AArch64_FaultSyndrome) as summarised in arch.md §1.2-1.6.
import { hex } from "../../arch/bits.js";
import type { EL } from "../../arch/el.js";
import { DEFAULT_FEATURES, type FeatureSet } from "../../arch/features.js";
import { decode, decodeWords, type EsrDecoded } from "./codec.js";
import { fscInfo } from "./fsc.js";
import { AET_TABLE } from "./ras-types.js";

export type ArchProfile = "v8.2" | "later";

export interface ValidateOptions {
  /** The ESR_ELx holding the value (1, 2 or 3). */
  readonly el?: 1 | 2 | 3;
  /** The EL the exception was taken from, when known. */
  readonly fromEL?: EL;
  /** Whether the exception was taken from AArch32 state, when known. */
  readonly fromAArch32?: boolean;
  /** Core features (FEAT_RAS, FEAT_IESB, AArch32 support); default Neoverse N1. */
  readonly features?: FeatureSet;
  /**
   * "v8.2" (default): the Armv8.2 + RAS architecture; later classes, codes and ISS2 are problems.
   * "later": accept what later architecture versions add (BTI, MTE, LPA2, ISS2...).
   */
  readonly arch?: ArchProfile;
}

export type ProblemKind =
  | "res0-high"
  | "ec-unallocated"
  | "ec-later"
  | "il"
  | "el"
  | "from-el"
  | "source-state"
  | "res0"
  | "later-field"
  | "fixed-field"
  | "fsc-reserved"
  | "fsc-later"
  | "fsc-ras-unused"
  | "set"
  | "fnv"
  | "ea"
  | "isv"
  | "cm"
  | "serror-dfsc"
  | "aet"
  | "iesb"
  | "smc-iss"
  | "cond";

export interface EsrProblem {
  readonly kind: ProblemKind;
  /** The field the problem is in (spec name: EC, IL, ISV, DFSC, ISS[23:14], ...). */
  readonly field: string;
  readonly message: string;
}

const NONE: readonly EsrProblem[] = Object.freeze([]);

/** Bit ranges of a mask, most significant first: "[23:14], [6]". */
export function bitRanges(mask: number, base = 0): string {
  const parts: string[] = [];
  let i = 31;
  while (i >= 0) {
    if ((mask >>> i) & 1) {
      let j = i;
      while (j > 0 && (mask >>> (j - 1)) & 1) j--;
      parts.push(i === j ? `[${i + base}]` : `[${i + base}:${j + base}]`);
      i = j - 1;
    } else i--;
  }
  return parts.join(", ");
}

function ecLabel(d: EsrDecoded): string {
  return `EC ${hex(d.ec, 2)} (${d.info.allocated ? d.info.armName : "unallocated"})`;
}

function elList(els: readonly number[]): string {
  return els.map((e) => `ESR_EL${e}`).join(", ");
}

/** Every architectural problem with a decoded ESR; an empty (shared, frozen) array when valid. */
export function checkDecoded(d: EsrDecoded, opts: ValidateOptions = {}): readonly EsrProblem[] {
  let out: EsrProblem[] | undefined;
  const add = (kind: ProblemKind, field: string, message: string): void => {
    (out ??= []).push({ kind, field, message });
  };
  const arch = opts.arch ?? "v8.2";
  const features = opts.features ?? DEFAULT_FEATURES;
  const info = d.info;

  // ESR[63:32]: RES0 in Armv8.2; ISS2 [55:32] later.
  if (arch === "v8.2") {
    if (d.hi !== 0) add("res0-high", "ESR[63:32]", `ESR bits ${bitRanges(d.hi, 32)} are set (${hex(d.hi, 8)}), but ESR_ELx[63:32] is RES0 in Armv8.2 (ISS2 arrives with FEAT_LS64 and later)`);
  } else if (d.top !== 0) {
    add("res0-high", "ESR[63:56]", `ESR bits ${bitRanges(d.top, 56)} are set, but ESR_ELx[63:56] is RES0`);
  }

  if (!info.allocated) {
    add("ec-unallocated", "EC", `EC ${hex(d.ec, 2)} is an unallocated (reserved) exception class; hardware never reports it`);
    return out ?? NONE;
  }
  if (info.later !== null && arch === "v8.2") {
    add("ec-later", "EC", `${ecLabel(d)} is not an Armv8.2 exception class: it needs ${info.later}`);
  }

  // IL (ASL AArch64_ExceptionClass / AArch64_ReportException).
  if (d.il === 0) {
    const isv = d.layout.id === "DABT" ? (d.iss >>> 24) & 1 : 0;
    if (info.il === "always1" || (info.il === "dabt" && isv === 0)) {
      add("il", "IL", `IL is 0, but IL must be 1 for ${ecLabel(d)}${info.il === "dabt" ? " with ISV=0" : ""}: the architecture sets it to 1 for this class`);
    } else if ((info.il === "length" || info.il === "dabt") && opts.fromAArch32 === false) {
      add("il", "IL", `IL is 0, but an exception taken from AArch64 state always has IL=1 (IL=0 only for a 16-bit T32 instruction)`);
    }
  }

  // Which ESR_ELx can hold this class.
  if (opts.el !== undefined && !info.takenTo.includes(opts.el)) {
    add("el", "EC", `${ecLabel(d)} cannot be reported in ESR_EL${opts.el}: it is only taken to ${elList(info.takenTo)}`);
  }
  if (opts.fromEL !== undefined && opts.el !== undefined) {
    if (opts.fromEL > opts.el) {
      add("from-el", "EC", `an exception taken from EL${opts.fromEL} cannot be reported in ESR_EL${opts.el}: exceptions are never taken to a lower EL`);
    } else if (info.sameEl === true && opts.fromEL !== opts.el) {
      add("from-el", "EC", `${ecLabel(d)} is the same-EL class, but the exception came from EL${opts.fromEL} and was reported at EL${opts.el} (that is EC ${hex(d.ec - 1, 2)})`);
    } else if (info.sameEl === false && opts.fromEL === opts.el) {
      add("from-el", "EC", `${ecLabel(d)} is the lower-EL class, but the exception was taken without a change of EL (that is EC ${hex(d.ec + 1, 2)})`);
    }
  }

  // Execution state of the source.
  if (opts.fromAArch32 === true && info.from === "AArch64") {
    add("source-state", "EC", `${ecLabel(d)} is only reported for exceptions from AArch64 state, but the source is AArch32`);
  } else if (opts.fromAArch32 === false && info.from === "AArch32") {
    add("source-state", "EC", `${ecLabel(d)} is only reported for exceptions from AArch32 state, but the source is AArch64`);
  } else if (info.from === "AArch32") {
    const top = opts.el ?? 2;
    let any = false;
    for (let e = 0; e < top; e++) if (features.aarch32[e as EL]) any = true;
    if (!any) add("source-state", "EC", `${ecLabel(d)} comes from AArch32 state, but no EL below EL${top} can use AArch32 on this core`);
  }

  // RES0 bits of the layout case, and fields of later features.
  const c = d.issCase;
  const res0 = d.iss & c.res0Mask;
  if (res0 !== 0) {
    add("res0", `ISS${bitRanges(res0)}`, `ISS bits ${bitRanges(res0)} are set (${hex(res0)}), but they are RES0 for ${d.layout.title}${d.layout.selector ? ` with ${d.layout.selector}=${(d.iss >>> 24) & 1}` : ""}`);
  }
  if (arch === "v8.2" && (d.iss & c.laterMask) !== 0) {
    for (const f of c.fields) {
      if (f.later !== undefined && d.fields[f.name] !== 0) add("later-field", f.name, `${f.name} (ISS${bitRanges(f.bits.loMask)}) is set, but it is RES0 in Armv8.2 (${f.later})`);
    }
  }
  for (const f of c.fields) {
    if (f.fixed !== undefined && d.fields[f.name] !== f.fixed) {
      add("fixed-field", f.name, `${f.name} is ${hex(d.fields[f.name] ?? 0, 2)}, but ${d.layout.title} always reports ${hex(f.fixed, 2)}`);
    }
  }

  switch (d.layout.id) {
    case "DABT":
    case "IABT":
      checkAbort(d, opts, arch, features, add);
      break;
    case "SERROR":
      checkSError(d, features, add);
      break;
    case "SMC32":
      if (opts.el === 3 && d.iss !== 0) add("smc-iss", "ISS", `an AArch32 SMC taken to EL3 has ISS RES0 (only an SMC trapped to EL2 by HCR_EL2.TSC reports CV/COND/CCKNOWNPASS), but ISS is ${hex(d.iss)}`);
      break;
    case "WFX":
    case "COND":
      if (opts.fromAArch32 === false && (d.fields["CV"] !== 1 || d.fields["COND"] !== 0xe)) {
        add("cond", "COND", `from AArch64 state CV is 1 and COND is 0b1110, but CV=${d.fields["CV"]} COND=${hex(d.fields["COND"] ?? 0)}`);
      }
      break;
    default:
      break;
  }
  return out ?? NONE;
}

function checkAbort(d: EsrDecoded, opts: ValidateOptions, arch: ArchProfile, features: FeatureSet, add: (k: ProblemKind, f: string, m: string) => void): void {
  const isData = d.layout.id === "DABT";
  const fscName = isData ? "DFSC" : "IFSC";
  const code = d.iss & 0x3f;
  const fi = fscInfo(code);
  const f = d.fields;
  if (!(isData ? fi.dabt : fi.iabt)) {
    const other = isData ? fi.iabt : fi.dabt;
    add("fsc-reserved", fscName, `${fscName} ${hex(code, 2)} is ${fi.kind === "reserved" ? "reserved" : `"${fi.meaning}", which is not reported`} for ${isData ? "a data" : "an instruction"} abort${other ? ` (${isData ? "IFSC" : "DFSC"} only)` : ""}`);
  } else if (fi.later !== null && arch === "v8.2") {
    add("fsc-later", fscName, `${fscName} ${hex(code, 2)} ("${fi.meaning}") is not an Armv8.2 fault status code: it needs ${fi.later}`);
  }
  if (fi.rasUnused && features.FEAT_RAS) {
    add("fsc-ras-unused", fscName, `${fscName} ${hex(code, 2)} ("${fi.meaning}") is not used when FEAT_RAS is implemented: parity/ECC errors are reported as External aborts (0x10, 0x14-0x17) with SET`);
  }
  const set = f["SET"] ?? 0;
  if (set !== 0 && code !== 0x10) add("set", "SET", `SET is ${set} but is meaningful only with ${fscName} = 0b010000 (synchronous External abort not on a walk); here ${fscName} is ${hex(code, 2)}`);
  if (set === 1 && code === 0x10) add("set", "SET", `SET = 0b01 is reserved (0b00 UER, 0b10 UC, 0b11 UEO/CE)`);
  if ((f["FnV"] ?? 0) === 1 && code !== 0x10) add("fnv", "FnV", `FnV is 1 but is valid only with ${fscName} = 0b010000; it is RES0 for other aborts (here ${hex(code, 2)})`);
  if ((f["EA"] ?? 0) === 1 && !fi.external) add("ea", "EA", `EA is 1, but EA is 0 for any abort other than an External abort (${fscName} ${hex(code, 2)} is not one)`);
  if (!isData) return;
  if (f["ISV"] === 1) {
    if (opts.el === 1 || opts.el === 3) add("isv", "ISV", `ISV is 1, but ISV is 0 for all faults reported in ESR_EL1 or ESR_EL3 (only stage 2 aborts reported in ESR_EL2 carry an instruction syndrome)`);
    if (fi.external) add("isv", "ISV", `ISV is 1, but with RAS ISV is 0 for any synchronous External abort (${fscName} ${hex(code, 2)})`);
    if (f["S1PTW"] === 1) add("isv", "ISV", `ISV is 1, but ISV is 0 for a stage 2 fault on a stage 1 translation table walk (S1PTW=1)`);
    if (f["CM"] === 1) add("isv", "ISV", `ISV is 1, but a cache maintenance or address translation instruction (CM=1) has no instruction syndrome`);
    if (f["SAS"] === 3 && f["SF"] === 0) add("isv", "SAS", `SAS is doubleword, but SF=0 names a 32-bit register: a doubleword single-register access uses an X register`);
  }
  if (f["CM"] === 1 && f["WnR"] === 0) add("cm", "WnR", `CM is 1 but WnR is 0: faults on cache maintenance and address translation instructions always report WnR=1`);
}

function checkSError(d: EsrDecoded, features: FeatureSet, add: (k: ProblemKind, f: string, m: string) => void): void {
  const f = d.fields;
  if (f["IDS"] === 1) return; // ISS[23:0] IMPLEMENTATION DEFINED
  const dfsc = f["DFSC"] ?? 0;
  if (dfsc !== 0x00 && dfsc !== 0x11) add("serror-dfsc", "DFSC", `DFSC ${hex(dfsc, 2)} is not valid for an SError: it is 0b000000 (uncategorized) or 0b010001 (asynchronous SError interrupt)`);
  const aet = f["AET"] ?? 0;
  if (dfsc !== 0x11 && (aet !== 0 || (f["EA"] ?? 0) !== 0)) add("aet", "AET", `AET=${aet} EA=${f["EA"]}, but AET and EA are meaningful only with DFSC = 0b010001 (asynchronous SError); here DFSC is ${hex(dfsc, 2)}`);
  if (dfsc === 0x11 && !AET_TABLE.has(aet)) add("aet", "AET", `AET = 0b${aet.toString(2).padStart(3, "0")} is reserved (UC 000, UEU 001, UEO 010, UER 011, CE 110)`);
  if (f["IESB"] === 1 && !features.FEAT_IESB) add("iesb", "IESB", `IESB is 1, but the core does not implement FEAT_IESB`);
}

/** Problems as sentences (the CLI's `problems`); [] when the value is valid. */
export function validate(esr: bigint, opts: ValidateOptions = {}): string[] {
  return checkDecoded(decode(esr), opts).map((p) => p.message);
}

/** Structured problems for an ESR given as words (hot path). */
export function checkWords(lo: number, hi: number, opts?: ValidateOptions): readonly EsrProblem[] {
  return checkDecoded(decodeWords(lo, hi), opts);
}
