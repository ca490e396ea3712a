// ESR_ELx decode and encode, driven by the layout tables.
// Hot path: decodeWords(lo, hi) works on two uint32 words (bits.ts word-pair form) and
// allocates only the result object and its fields record; rendering is a separate step.
import { fromWords, hex, MASK64 } from "../../arch/bits.js";
import { type EcInfo, ecInfo } from "./ec-table.js";
import { fscInfo, linuxFaultName } from "./fsc.js";
import { caseOf, type IssCase, type IssField, type IssLayout, LAYOUTS } from "./iss-layouts.js";
import { ISS_MASK } from "./layout.js";

export interface FscResult {
  readonly code: number;
  /** Linux's fault_info[] name (latest modelled kernel) for aborts; Arm's meaning for SError and debug FSCs. */
  readonly name: string;
  /** Arm's meaning. */
  readonly meaning: string;
}

export interface EsrDecoded {
  /** ESR bits [31:0] and [63:32]. */
  readonly lo: number;
  readonly hi: number;
  readonly ec: number;
  readonly il: 0 | 1;
  /** ISS[24:0]. */
  readonly iss: number;
  /** ISS2, ESR[55:32] (FEAT_LS64 and later; 0 on Armv8.2). */
  readonly iss2: number;
  /** ESR[63:56] (RES0). */
  readonly top: number;
  readonly info: EcInfo;
  /** Linux's esr_class_str[] for the EC. */
  readonly className: string;
  readonly layout: IssLayout;
  readonly issCase: IssCase;
  /** Named ISS fields of the applicable layout case. */
  readonly fields: Readonly<Record<string, number>>;
  /** The fault status code, for classes that carry one (aborts, SError, debug). */
  readonly fsc: FscResult | undefined;
}

/** A value that is not a 64-bit unsigned integer, or fields that cannot be encoded. */
export class EsrError extends Error {
  override readonly name = "EsrError";
  constructor(
    message: string,
    /** The field (or "ESR") the problem is in. */
    readonly field: string,
  ) {
    super(message);
  }
}

// Abort FSCs carry Linux's fault_info[] name. An SError's DFSC and a debug exception's FSC
// are not looked up in fault_info[] by Linux, so they carry Arm's meaning as their name.
const FSC_RESULTS: readonly FscResult[] = Object.freeze(
  Array.from({ length: 64 }, (_, code) => Object.freeze({ code, name: linuxFaultName(code), meaning: fscInfo(code).meaning })),
);
const SERROR_FSC_MEANING: Readonly<Record<number, string>> = { 0x00: "Uncategorized", 0x11: "Asynchronous SError interrupt" };
const SERROR_FSC_RESULTS: readonly FscResult[] = Object.freeze(
  Array.from({ length: 64 }, (_, code) => {
    const meaning = SERROR_FSC_MEANING[code] ?? "reserved for an SError";
    return Object.freeze({ code, name: meaning, meaning });
  }),
);
const DEBUG_FSC_RESULTS: readonly FscResult[] = Object.freeze(
  Array.from({ length: 64 }, (_, code) => {
    const meaning = code === 0x22 ? "Debug exception" : "reserved for a debug exception";
    return Object.freeze({ code, name: meaning, meaning });
  }),
);

function fscResult(layout: IssLayout, iss: number): FscResult | undefined {
  switch (layout.id) {
    case "DABT":
    case "IABT":
      return FSC_RESULTS[iss & 0x3f];
    case "SERROR":
      return (iss & 0x0100_0000) !== 0 ? undefined : SERROR_FSC_RESULTS[iss & 0x3f];
    case "BREAKPOINT":
    case "SOFTSTEP":
    case "WATCHPOINT":
      return DEBUG_FSC_RESULTS[iss & 0x3f];
    default:
      return undefined;
  }
}

/** Decodes an ESR given as two uint32 words; total over all 2^64 values. */
export function decodeWords(lo: number, hi: number): EsrDecoded {
  lo >>>= 0;
  hi >>>= 0;
  const ec = lo >>> 26;
  const iss = lo & ISS_MASK;
  const info = ecInfo(ec);
  const layout = LAYOUTS[info.layout];
  const c = caseOf(layout, iss);
  return {
    lo,
    hi,
    ec,
    il: ((lo >>> 25) & 1) as 0 | 1,
    iss,
    iss2: hi & 0x00ff_ffff,
    top: hi >>> 24,
    info,
    className: info.linuxClass,
    layout,
    issCase: c,
    fields: c.build(iss),
    fsc: fscResult(layout, iss),
  };
}

/** Decodes a 64-bit ESR value. Throws EsrError only for a value outside [0, 2^64). */
export function decode(esr: bigint): EsrDecoded {
  // One conversion, no BigInt arithmetic: Number() rounds monotonically and 2^53 is exact,
  // so a result in [0, 2^53) means the value itself is in range and exactly representable.
  const n = Number(esr);
  if (n >= 0 && n <= Number.MAX_SAFE_INTEGER) return decodeWords(n >>> 0, (n / 4294967296) >>> 0);
  if (esr < 0n || esr > MASK64) throw new EsrError(`ESR value ${esr < 0n ? esr.toString() : hex(esr)} is not a 64-bit unsigned integer`, "ESR");
  return decodeWords(Number(esr & 0xffff_ffffn), Number(esr >> 32n));
}

/** The ESR of a decoded value as bigint. */
export function esrOf(d: Pick<EsrDecoded, "lo" | "hi">): bigint {
  return fromWords(d.lo, d.hi);
}

// ---- encode -------------------------------------------------------------------

export interface EsrEncodeInput {
  readonly ec: number;
  /** Default 1 (32-bit instruction or a class where IL is always 1). */
  readonly il?: 0 | 1;
  /** ESR[55:32]; default 0. */
  readonly iss2?: number;
  /** Named ISS fields of the class's layout; absent fields are 0. */
  readonly fields?: Readonly<Record<string, number>>;
  /** A raw ISS instead of fields (not both). */
  readonly iss?: number;
}

function checkRange(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new EsrError(`${name} = ${String(value)} does not fit (0..${hex(max)})`, name);
  }
}

function pickCase(layout: IssLayout, fields: Readonly<Record<string, number>>): IssCase {
  if (layout.selector === undefined) return layout.cases[0];
  const sel = fields[layout.selector] ?? 0;
  return caseOf(layout, sel === 1 ? 0x0100_0000 : 0);
}

function fieldNames(c: IssCase): string {
  return c.fields.map((f: IssField) => f.name).join(", ") || "(none: ISS is RES0)";
}

/** Encodes named fields into an ESR value. Throws EsrError naming the offending field. */
export function encode(input: EsrEncodeInput): bigint {
  checkRange("EC", input.ec, 0x3f);
  const il = input.il ?? 1;
  checkRange("IL", il, 1);
  const iss2 = input.iss2 ?? 0;
  checkRange("ISS2", iss2, 0x00ff_ffff);
  let iss = 0;
  if (input.iss !== undefined) {
    if (input.fields !== undefined) throw new EsrError("give either ISS or fields, not both", "ISS");
    checkRange("ISS", input.iss, ISS_MASK);
    iss = input.iss;
  } else if (input.fields !== undefined) {
    const layout = LAYOUTS[ecInfo(input.ec).layout];
    const c = pickCase(layout, input.fields);
    for (const [name, value] of Object.entries(input.fields)) {
      const f = c.fields.find((x) => x.name === name);
      if (!f) {
        throw new EsrError(`EC ${hex(input.ec, 2)} (${layout.title}${layout.selector ? `, ${layout.selector}=${input.fields[layout.selector] ?? 0}` : ""}) has no ISS field '${name}'; fields: ${fieldNames(c)}`, name);
      }
      checkRange(name, value, f.max);
      iss |= value << f.lsb;
    }
    iss >>>= 0;
  }
  const lo = ((input.ec << 26) | (il << 25) | iss) >>> 0;
  return fromWords(lo, iss2);
}

/** Re-encodes a decoded value from its named fields (identity for values with no RES0 bits set). */
export function encodeDecoded(d: EsrDecoded): bigint {
  return encode({ ec: d.ec, il: d.il, iss2: d.iss2, fields: d.fields });
}
