// The register declaration DSL: every register is declared once, as data, and
// decode, encode, write semantics, access checks and rendering are driven from it.
//
// A declaration lists fields with their bit range and access type (Arm ARM
// "Access types"), reset value, feature dependency and a one-line description.
// defineRegister() checks the declaration (fields inside the width, no
// overlaps; gaps are implicit RES0) and precomputes every mask once.
import { bitField, type BitField } from "../arch/bits.js";
import type { EL } from "../arch/el.js";
import type { FeatureDep } from "../arch/features.js";
import type { FieldAccess, SysRegEncoding } from "./types.js";

export type ResetSpec = number | bigint | "UNKNOWN";

export interface FieldSpec {
  readonly name: string;
  readonly msb: number;
  /** Defaults to msb (a one-bit field). */
  readonly lsb?: number;
  readonly access: FieldAccess;
  /** Reset value; default 0 for RES0/WI, all-ones for RES1, "UNKNOWN" otherwise. */
  readonly reset?: ResetSpec;
  /** Feature the field needs; without it the field behaves as `absent`. */
  readonly feature?: FeatureDep;
  /** Behaviour without the feature: RES0 (default), RES1, or RAO (read-as-one, writes ignored). */
  readonly absent?: "RES0" | "RES1" | "RAO";
  readonly desc: string;
  /** Meanings of enumerated values, for rendering. */
  readonly values?: Readonly<Record<number, string>>;
}

/** The memory-mapped record registers, in offset order (offset = 8 * index). */
export const ERR_RECORD_REGS = ["FR", "CTLR", "STATUS", "ADDR", "MISC0", "MISC1", "MISC2", "MISC3"] as const;
export type ErrRecordReg = (typeof ERR_RECORD_REGS)[number];
/** Size of one memory-mapped error record (arch.md §2.6: ERR<n>* at +64n). */
export const ERR_RECORD_STRIDE = 0x40;

export interface RegisterSpec<N extends string = string> {
  readonly name: N;
  readonly width: 32 | 64;
  readonly desc: string;
  /** Lowest EL that may access it by MRS/MSR (memory-mapped records: none). */
  readonly minEL?: EL;
  /** Feature the register needs; without it MRS/MSR are UNDEFINED. */
  readonly feature?: FeatureDep;
  readonly encoding?: SysRegEncoding;
  /** No MSR encoding: MSR is UNDEFINED (ERRIDR_EL1, ERXFR_EL1, ISR_EL1). */
  readonly readOnly?: boolean;
  /** Memory-mapped ERR<n> record register this is (offset 8*index within the record). */
  readonly record?: ErrRecordReg;
  /** ERX*_EL1: the window onto record ERRSELR_EL1.SEL's register of this kind. */
  readonly window?: ErrRecordReg;
  /** Whole-register write behaviour beyond per-field access (ERR<n>STATUS guards). */
  readonly writeRule?: "ERR_STATUS";
  /** EL1 register redirected to this EL2 register at EL2 when HCR_EL2.E2H=1 (FEAT_VHE). */
  readonly vheAlias?: string;
  /** HCR_EL2 trap controls for EL1 accesses (TVM traps MSR, TRVM traps MRS). */
  readonly hcrTrapVM?: boolean;
  /**
   * A second layout that is in force while HCR_EL2.E2H=1 (FEAT_VHE): the register file
   * reads and writes with it then (SCTLR_EL2, CPTR_EL2, CNTHCTL_EL2, TCR_EL2 take their
   * EL1-like formats in a VHE host). `fields` is the E2H=0 layout.
   */
  readonly e2hLayout?: RegisterDef;
  readonly fields: readonly FieldSpec[];
  /**
   * Alternative decodings of part of the register, used for rendering only,
   * e.g. DISR_EL1.ISS as AET/EA/DFSC when IDS=0.
   */
  readonly views?: readonly { readonly when: { readonly field: string; readonly equals: number }; readonly fields: readonly FieldSpec[] }[];
}

export interface FieldView {
  readonly when: { readonly field: string; readonly equals: number };
  readonly fields: readonly FieldDef[];
}

export interface FieldDef {
  readonly name: string;
  readonly bits: BitField;
  readonly access: FieldAccess;
  readonly reset: ResetSpec;
  readonly feature: FeatureDep | undefined;
  readonly absent: "RES0" | "RES1" | "RAO";
  readonly desc: string;
  readonly values: Readonly<Record<number, string>> | undefined;
  /** True for fields the declaration left out (implicit RES0 gaps). */
  readonly implicit: boolean;
}

export interface RegisterDef<N extends string = string, F extends string = string> extends Omit<RegisterSpec<N>, "fields" | "views"> {
  readonly views: readonly FieldView[];
  /** Fields lsb-first, gaps filled with implicit RES0 fields, covering [width-1:0]. */
  readonly fields: readonly FieldDef[];
  readonly byName: ReadonlyMap<F, FieldDef>;
  /** Bits of each access type, from the declaration (before feature adjustment). */
  readonly masks: Readonly<Record<FieldAccess, bigint>>;
  /** Phantom: the declared field names. */
  readonly fieldNames?: F;
}

export class DeclarationError extends Error {
  override readonly name = "DeclarationError";
}

/** Checks a declaration and precomputes its masks. Throws DeclarationError on an inconsistent one (a programming error). */
export function defineRegister<const S extends RegisterSpec>(spec: S): RegisterDef<S["name"], S["fields"][number]["name"]> {
  const width = spec.width;
  const sorted = [...spec.fields].sort((a, b) => (a.lsb ?? a.msb) - (b.lsb ?? b.msb));
  const fields: FieldDef[] = [];
  const names = new Set<string>();
  let next = 0;
  const gap = (msb: number, lsb: number): void => {
    fields.push(makeField({ name: `RES0_${msb}_${lsb}`, msb, lsb, access: "RES0", desc: "reserved" }, true));
  };
  for (const f of sorted) {
    const lsb = f.lsb ?? f.msb;
    if (f.msb >= width || lsb < 0 || f.msb < lsb) throw new DeclarationError(`${spec.name}.${f.name}: bad range [${f.msb}:${lsb}] for a ${width}-bit register`);
    if (lsb < next) throw new DeclarationError(`${spec.name}.${f.name}: [${f.msb}:${lsb}] overlaps the field below bit ${next}`);
    if (names.has(f.name)) throw new DeclarationError(`${spec.name}: field ${f.name} declared twice`);
    names.add(f.name);
    if (lsb > next) gap(lsb - 1, next);
    fields.push(makeField(f, false));
    next = f.msb + 1;
  }
  if (next < width) gap(width - 1, next);
  const masks: Record<FieldAccess, bigint> = { RW: 0n, RO: 0n, W1C: 0n, RES0: 0n, RES1: 0n, WI: 0n };
  for (const f of fields) masks[f.access] |= f.bits.mask;
  const byName = new Map<string, FieldDef>();
  for (const f of fields) if (!f.implicit) byName.set(f.name, f);
  const { fields: _omit, ...rest } = spec;
  const views = (spec.views ?? []).map((v) => Object.freeze({ when: v.when, fields: Object.freeze(v.fields.map((f) => makeField(f, false))) }));
  return Object.freeze({ ...rest, fields: Object.freeze(fields), byName, masks: Object.freeze(masks), views: Object.freeze(views) }) as unknown as RegisterDef<
    S["name"],
    S["fields"][number]["name"]
  >;
}

function makeField(f: FieldSpec, implicit: boolean): FieldDef {
  const lsb = f.lsb ?? f.msb;
  const bits = bitField(f.name, f.msb, lsb);
  const reset: ResetSpec = f.reset ?? (f.access === "RES0" || f.access === "WI" ? 0 : f.access === "RES1" ? -1 : "UNKNOWN");
  return Object.freeze({
    name: f.name,
    bits,
    access: f.access,
    reset: reset === -1 ? bits.valueMask : reset,
    feature: f.feature,
    absent: f.absent ?? "RES0",
    desc: f.desc,
    values: f.values,
    implicit,
  });
}

/** "[31:26]" or "[25]". */
export function bitsLabel(f: FieldDef): string {
  return f.bits.msb === f.bits.lsb ? `[${f.bits.msb}]` : `[${f.bits.msb}:${f.bits.lsb}]`;
}

/** Generic encoding label "S3_0_C5_C4_2". */
export function encodingLabel(e: SysRegEncoding): string {
  return `S${e.op0}_${e.op1}_C${e.CRn}_C${e.CRm}_${e.op2}`;
}
