// ESR_ELx validation: every architectural problem with a value, as clear sentences naming
// the field. Sources: Arm ESR_EL1 XML and ASL (AArch64_ExceptionClass, AArch64_ReportException,
// AArch64_FaultSyndrome) as summarised in arch.md §1.2-1.6.
import { hex } from "../../arch/bits.js";
import type { EL } from "../../arch/el.js";
import { DEFAULT_FEATURES, type FeatureSet } from "../../arch/features.js";
import { decode, type EsrDecoded } from "./codec.js";
import { type EcInfo, ecInfo } from "./ec-table.js";
import { caseOf, LAYOUTS } from "./iss-layouts.js";
import { ISS_MASK } from "./layout.js";
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

/** "bit [22] is" / "bits [23:14], [6] are". */
function bitsAre(mask: number, base = 0): string {
  return (mask & (mask - 1)) === 0 ? `bit ${bitRanges(mask, base)} is` : `bits ${bitRanges(mask, base)} are`;
}

function ecLabel(ec: number, info: EcInfo): string {
  return `EC ${hex(ec, 2)} (${info.allocated ? info.armName : "unallocated"})`;
}

function elList(els: readonly number[]): string {
  return els.map((e) => `ESR_EL${e}`).join(", ");
}

/** Whether any EL below `top` can execute in AArch32 (an AArch32 source is always a lower EL here). */
function aarch32Below(features: FeatureSet, top: number): boolean {
  for (let e = 0; e < top; e++) if (features.aarch32[e as EL]) return true;
  return false;
}

function push(out: EsrProblem[] | undefined, kind: ProblemKind, field: string, message: string): EsrProblem[] {
  const list = out ?? [];
  list.push({ kind, field, message });
  return list;
}

/** Every architectural problem with a decoded ESR; an empty (shared, frozen) array when valid. */
export function checkDecoded(d: Pick<EsrDecoded, "lo" | "hi">, opts: ValidateOptions = {}): readonly EsrProblem[] {
  return checkWords(d.lo, d.hi, opts);
}

/**
 * Every architectural problem with an ESR given as two uint32 words (the hot path: no
 * decode object, checks on raw bits; sentences are built only for problems found).
 */
export function checkWords(lo: number, hi: number, opts: ValidateOptions = {}): readonly EsrProblem[] {
  lo >>>= 0;
  hi >>>= 0;
  let out: EsrProblem[] | undefined;
  const arch = opts.arch ?? "v8.2";
  const ec = lo >>> 26;
  const il = (lo >>> 25) & 1;
  const iss = lo & ISS_MASK;
  const info = ecInfo(ec);
  const el = opts.el;

  // ESR[63:32]: RES0 in Armv8.2; ISS2 [55:32] later.
  if (arch === "v8.2") {
    if (hi !== 0) out = push(out, "res0-high", "ESR[63:32]", `ESR ${bitsAre(hi, 32)} set (${hex(hi, 8)}), but ESR_ELx[63:32] is RES0 in Armv8.2 (ISS2 arrives with FEAT_LS64 and later)`);
  } else if (hi >>> 24 !== 0) {
    out = push(out, "res0-high", "ESR[63:56]", `ESR ${bitsAre(hi >>> 24, 56)} set, but ESR_ELx[63:56] is RES0`);
  }

  if (!info.allocated) {
    out = push(out, "ec-unallocated", "EC", `EC ${hex(ec, 2)} is an unallocated (reserved) exception class; hardware never reports it`);
    return out;
  }
  if (info.later !== null && arch === "v8.2") {
    out = push(out, "ec-later", "EC", `${ecLabel(ec, info)} is not an Armv8.2 exception class: it needs ${info.later}`);
  }
  const layout = LAYOUTS[info.layout];
  const c = caseOf(layout, iss);

  // IL (ASL AArch64_ExceptionClass / AArch64_ReportException).
  if (il === 0) {
    const isv = layout.id === "DABT" ? (iss >>> 24) & 1 : 0;
    if (info.il === "always1" || (info.il === "dabt" && isv === 0)) {
      out = push(out, "il", "IL", `IL is 0, but IL must be 1 for ${ecLabel(ec, info)}${info.il === "dabt" ? " with ISV=0" : ""}: the architecture sets it to 1 for this class`);
    } else if ((info.il === "length" || info.il === "dabt") && opts.fromAArch32 === false) {
      out = push(out, "il", "IL", `IL is 0, but an exception taken from AArch64 state always has IL=1 (IL=0 only for a 16-bit T32 instruction)`);
    } else if ((info.il === "length" || info.il === "dabt") && !aarch32Below(opts.features ?? DEFAULT_FEATURES, el ?? 3)) {
      out = push(out, "il", "IL", `IL is 0 (a 16-bit T32 instruction), but no EL below EL${el ?? 3} can use AArch32 on this core`);
    }
  }

  // Which ESR_ELx can hold this class.
  if (el !== undefined && (info.takenToMask & (1 << el)) === 0) {
    out = push(out, "el", "EC", `${ecLabel(ec, info)} cannot be reported in ESR_EL${el}: it is only taken to ${elList(info.takenTo)}`);
  }
  const fromEL = opts.fromEL;
  if (fromEL !== undefined && el !== undefined) {
    if (fromEL > el) {
      out = push(out, "from-el", "EC", `an exception taken from EL${fromEL} cannot be reported in ESR_EL${el}: exceptions are never taken to a lower EL`);
    } else if (info.sameEl === true && fromEL !== el) {
      out = push(out, "from-el", "EC", `${ecLabel(ec, info)} is the same-EL class, but the exception came from EL${fromEL} and was reported at EL${el} (that is EC ${hex(ec - 1, 2)})`);
    } else if (info.sameEl === false && fromEL === el) {
      out = push(out, "from-el", "EC", `${ecLabel(ec, info)} is the lower-EL class, but the exception was taken without a change of EL (that is EC ${hex(ec + 1, 2)})`);
    }
  }

  // Execution state of the source.
  const a32 = opts.fromAArch32;
  if (a32 === true && info.from === "AArch64") {
    out = push(out, "source-state", "EC", `${ecLabel(ec, info)} is only reported for exceptions from AArch64 state, but the source is AArch32`);
  } else if (a32 === false && info.from === "AArch32") {
    out = push(out, "source-state", "EC", `${ecLabel(ec, info)} is only reported for exceptions from AArch32 state, but the source is AArch64`);
  } else if (info.from === "AArch32" && !aarch32Below(opts.features ?? DEFAULT_FEATURES, el ?? 3)) {
    out = push(out, "source-state", "EC", `${ecLabel(ec, info)} comes from AArch32 state, but no EL below EL${el ?? 3} can use AArch32 on this core`);
  }

  // RES0 bits of the layout case, fields of later features, fixed values.
  const res0 = iss & c.res0Mask;
  if (res0 !== 0) {
    out = push(out, "res0", `ISS${bitRanges(res0)}`, `ISS ${bitsAre(res0)} set (${hex(res0)}), but ${(res0 & (res0 - 1)) === 0 ? "it is" : "they are"} RES0 for ${layout.title}${layout.selector ? ` with ${layout.selector}=${(iss >>> 24) & 1}` : ""}`);
  }
  if (arch === "v8.2" && (iss & c.laterMask) !== 0) {
    for (const f of c.fields) {
      if (f.later !== undefined && ((iss >>> f.lsb) & f.max) !== 0) out = push(out, "later-field", f.name, `${f.name} (ISS${bitRanges(f.bits.loMask)}) is set, but it is RES0 in Armv8.2 (${f.later})`);
    }
  }
  if ((iss & c.fixedMask) !== c.fixedValue) {
    for (const f of c.fields) {
      const v = (iss >>> f.lsb) & f.max;
      if (f.fixed !== undefined && v !== f.fixed) out = push(out, "fixed-field", f.name, `${f.name} is ${hex(v, 2)}, but ${layout.title} always reports ${hex(f.fixed, 2)}`);
    }
  }

  switch (layout.id) {
    case "DABT":
    case "IABT":
      out = checkAbort(layout.id === "DABT", iss, opts, arch, out);
      break;
    case "SERROR":
      if ((iss & 0x0100_0000) === 0) out = checkSError(iss, opts, out);
      break;
    case "SMC32":
      if (el === 3 && iss !== 0) out = push(out, "smc-iss", "ISS", `an AArch32 SMC taken to EL3 has ISS RES0 (only an SMC trapped to EL2 by HCR_EL2.TSC reports CV/COND/CCKNOWNPASS), but ISS is ${hex(iss)}`);
      break;
    case "WFX":
    case "COND":
      if (a32 === false && iss >>> 20 !== 0x1e) {
        out = push(out, "cond", "COND", `from AArch64 state CV is 1 and COND is 0b1110, but CV=${(iss >>> 24) & 1} COND=${hex((iss >>> 20) & 0xf)}`);
      }
      break;
    default:
      break;
  }
  return out ?? NONE;
}

function checkAbort(isData: boolean, iss: number, opts: ValidateOptions, arch: ArchProfile, out: EsrProblem[] | undefined): EsrProblem[] | undefined {
  const fscName = isData ? "DFSC" : "IFSC";
  const code = iss & 0x3f;
  const fi = fscInfo(code);
  const set = (iss >>> 11) & 3;
  const fnv = (iss >>> 10) & 1;
  const ea = (iss >>> 9) & 1;
  if (!(isData ? fi.dabt : fi.iabt)) {
    const other = isData ? fi.iabt : fi.dabt;
    out = push(out, "fsc-reserved", fscName, `${fscName} ${hex(code, 2)} is ${fi.kind === "reserved" ? "reserved" : `"${fi.meaning}", which is not reported`} for ${isData ? "a data" : "an instruction"} abort${other ? ` (${isData ? "IFSC" : "DFSC"} only)` : ""}`);
  } else if (fi.later !== null && arch === "v8.2") {
    out = push(out, "fsc-later", fscName, `${fscName} ${hex(code, 2)} ("${fi.meaning}") is not an Armv8.2 fault status code: it needs ${fi.later}`);
  }
  if (fi.rasUnused && (opts.features ?? DEFAULT_FEATURES).FEAT_RAS) {
    out = push(out, "fsc-ras-unused", fscName, `${fscName} ${hex(code, 2)} ("${fi.meaning}") is not used when FEAT_RAS is implemented: parity/ECC errors are reported as External aborts (0x10, 0x14-0x17) with SET`);
  }
  if (set !== 0 && code !== 0x10) out = push(out, "set", "SET", `SET is ${set} but is meaningful only with ${fscName} = 0b010000 (synchronous External abort not on a walk); here ${fscName} is ${hex(code, 2)}`);
  if (set === 1 && code === 0x10) out = push(out, "set", "SET", `SET = 0b01 is reserved (0b00 UER, 0b10 UC, 0b11 UEO/CE)`);
  if (fnv === 1 && code !== 0x10) out = push(out, "fnv", "FnV", `FnV is 1 but is valid only with ${fscName} = 0b010000; it is RES0 for other aborts (here ${hex(code, 2)})`);
  if (ea === 1 && !fi.external) out = push(out, "ea", "EA", `EA is 1, but EA is 0 for any abort other than an External abort (${fscName} ${hex(code, 2)} is not one)`);
  if (!isData) return out;
  const cm = (iss >>> 8) & 1;
  const wnr = (iss >>> 6) & 1;
  if ((iss >>> 24) & 1) {
    const el = opts.el;
    if (el === 1 || el === 3) out = push(out, "isv", "ISV", `ISV is 1, but ISV is 0 for all faults reported in ESR_EL1 or ESR_EL3 (only stage 2 aborts reported in ESR_EL2 carry an instruction syndrome)`);
    if (fi.external) out = push(out, "isv", "ISV", `ISV is 1, but with RAS ISV is 0 for any synchronous External abort (${fscName} ${hex(code, 2)})`);
    if ((iss >>> 7) & 1) out = push(out, "isv", "ISV", `ISV is 1, but ISV is 0 for a stage 2 fault on a stage 1 translation table walk (S1PTW=1)`);
    if (cm) out = push(out, "isv", "ISV", `ISV is 1, but a cache maintenance or address translation instruction (CM=1) has no instruction syndrome`);
    if (((iss >>> 22) & 3) === 3 && ((iss >>> 15) & 1) === 0) out = push(out, "isv", "SAS", `SAS is doubleword, but SF=0 names a 32-bit register: a doubleword single-register access uses an X register`);
  }
  if (cm && !wnr) out = push(out, "cm", "WnR", `CM is 1 but WnR is 0: faults on cache maintenance and address translation instructions always report WnR=1`);
  return out;
}

function checkSError(iss: number, opts: ValidateOptions, out: EsrProblem[] | undefined): EsrProblem[] | undefined {
  // IDS=0 here; with IDS=1 ISS[23:0] is IMPLEMENTATION DEFINED.
  const dfsc = iss & 0x3f;
  const aet = (iss >>> 10) & 7;
  const ea = (iss >>> 9) & 1;
  if (dfsc !== 0x00 && dfsc !== 0x11) out = push(out, "serror-dfsc", "DFSC", `DFSC ${hex(dfsc, 2)} is not valid for an SError: it is 0b000000 (uncategorized) or 0b010001 (asynchronous SError interrupt)`);
  if (dfsc !== 0x11 && (aet !== 0 || ea !== 0)) out = push(out, "aet", "AET", `AET=${aet} EA=${ea}, but AET and EA are meaningful only with DFSC = 0b010001 (asynchronous SError); here DFSC is ${hex(dfsc, 2)}`);
  if (dfsc === 0x11 && !AET_TABLE.has(aet)) out = push(out, "aet", "AET", `AET = 0b${aet.toString(2).padStart(3, "0")} is reserved (UC 000, UEU 001, UEO 010, UER 011, CE 110)`);
  if ((iss >>> 13) & 1 && !(opts.features ?? DEFAULT_FEATURES).FEAT_IESB) out = push(out, "iesb", "IESB", `IESB is 1, but the core does not implement FEAT_IESB`);
  return out;
}

/** Problems as sentences (the CLI's `problems`); [] when the value is valid. */
export function validate(esr: bigint, opts: ValidateOptions = {}): string[] {
  return checkDecoded(decode(esr), opts).map((p) => p.message);
}
