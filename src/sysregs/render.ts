// Any register value as its named fields: a structured decode, text (one field per
// line) and JSON. Driven entirely by the declarations.
import { hex } from "../arch/bits.js";
import { hasFeature, type FeatureSet } from "../arch/features.js";
import { linuxClassString } from "./esr/ec-table.js";
import { bitsLabel, encodingLabel, ERR_RECORD_REGS, ERR_RECORD_STRIDE, type FieldDef, type RegisterDef } from "./decl.js";

export interface DecodedField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  readonly access: string;
  readonly value: bigint;
  readonly meaning?: string;
  readonly desc: string;
  /** Set for fields of a conditional view (e.g. DISR_EL1.AET when IDS=0): the parent field name. */
  readonly within?: string;
}

export interface DecodedRegister {
  readonly register: string;
  readonly desc: string;
  readonly value: bigint;
  readonly fields: readonly DecodedField[];
  /** RES0 bits set, RES1 bits clear. Empty when the value is well formed. */
  readonly problems: readonly string[];
}

/**
 * Meanings declared elsewhere, by "REGISTER.FIELD": the EC names come from the ESR
 * codec's class table (Linux esr_class_str[]), declared once there.
 */
const EXTERNAL_MEANINGS: Readonly<Record<string, (v: number) => string>> = {
  "ESR_EL1.EC": linuxClassString,
  "ESR_EL2.EC": linuxClassString,
  "ESR_EL3.EC": linuxClassString,
};

function meaningOf(f: FieldDef, v: bigint, reg?: string): string | undefined {
  const ext = reg === undefined ? undefined : EXTERNAL_MEANINGS[`${reg}.${f.name}`];
  if (ext) return ext(Number(v));
  if (!f.values) return undefined;
  const m = f.values[Number(v)];
  return m ?? "reserved";
}

function effectiveAccess(f: FieldDef, features: FeatureSet | undefined): string {
  if (!features || f.feature === undefined || hasFeature(features, f.feature)) return f.access;
  return f.absent;
}

/** Decodes `value` (up to the register's width) into its declared fields. */
export function decodeRegister(def: RegisterDef, value: bigint, features?: FeatureSet): DecodedRegister {
  const fields: DecodedField[] = [];
  const problems: string[] = [];
  for (const f of [...def.fields].reverse()) {
    const v = (value & f.bits.mask) >> f.bits.shift;
    const access = effectiveAccess(f, features);
    if (access === "RES0" && v !== 0n) {
      problems.push(`RES0 bits ${bitsLabel(f)}${f.implicit ? "" : ` (${f.name}${f.feature ? `, needs ${f.feature}` : ""})`} are set: ${hex(v)}`);
    }
    if ((access === "RES1" || access === "RAO") && v !== f.bits.valueMask) problems.push(`${access} bits ${bitsLabel(f)} (${f.name}) are not all set: ${hex(v)}`);
    if (f.implicit && v === 0n) continue;
    const meaning = meaningOf(f, v, def.name);
    fields.push({ name: f.name, msb: f.bits.msb, lsb: f.bits.lsb, access, value: v, desc: f.desc, ...(meaning !== undefined ? { meaning } : {}) });
    for (const view of def.views) {
      if (view.when.field !== f.name) continue;
      if (v !== BigInt(view.when.equals)) continue;
      for (const sub of [...view.fields].reverse()) {
        const sv = (value & sub.bits.mask) >> sub.bits.shift;
        const sm = meaningOf(sub, sv);
        fields.push({ name: sub.name, msb: sub.bits.msb, lsb: sub.bits.lsb, access: sub.access, value: sv, desc: sub.desc, within: view.when.field, ...(sm !== undefined ? { meaning: sm } : {}) });
      }
    }
  }
  return { register: def.name, desc: def.desc, value, fields: reorderViews(fields), problems };
}

/** Moves view fields right after the field they refine (the ISS they overlay). */
function reorderViews(fields: DecodedField[]): DecodedField[] {
  const views = fields.filter((f) => f.within !== undefined);
  if (views.length === 0) return fields;
  const out: DecodedField[] = [];
  for (const f of fields) {
    if (f.within !== undefined) continue;
    out.push(f);
    const overlaid = views.filter((v) => v.lsb >= f.lsb && v.msb <= f.msb && v.name !== f.name);
    out.push(...overlaid);
  }
  return out;
}

function fieldValueText(f: DecodedField): string {
  const width = f.msb - f.lsb + 1;
  return width === 1 ? f.value.toString() : hex(f.value);
}

/** Text: a header line, then one line per field (name, bits, value, meaning or description). */
export function renderText(d: DecodedRegister, width: 32 | 64 = 64): string {
  const lines = [`${d.register} = ${hex(d.value, width / 4)}  (${d.desc})`];
  const nameW = Math.max(...d.fields.map((f) => f.name.length + (f.within ? 2 : 0)), 4);
  for (const f of d.fields) {
    const bits = f.msb === f.lsb ? `[${f.msb}]` : `[${f.msb}:${f.lsb}]`;
    const name = (f.within ? "  " : "") + f.name;
    const tail = f.meaning !== undefined ? f.meaning : f.desc;
    lines.push(`  ${name.padEnd(nameW)}  ${bits.padEnd(7)}  ${fieldValueText(f).padEnd(18)}  ${tail}`);
  }
  for (const p of d.problems) lines.push(`  problem: ${p}`);
  return lines.join("\n") + "\n";
}

/** JSON-ready object (numbers for values up to 2^53, hex strings above). */
export function toJson(d: DecodedRegister, width: 32 | 64 = 64): Record<string, unknown> {
  return {
    register: d.register,
    description: d.desc,
    value: hex(d.value, width / 4),
    fields: d.fields.map((f) => ({
      name: f.name,
      bits: f.msb === f.lsb ? `${f.msb}` : `${f.msb}:${f.lsb}`,
      msb: f.msb,
      lsb: f.lsb,
      access: f.access,
      value: f.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(f.value) : hex(f.value),
      ...(f.meaning !== undefined ? { meaning: f.meaning } : {}),
      ...(f.within !== undefined ? { within: f.within } : {}),
      description: f.desc,
    })),
    problems: d.problems,
  };
}

/** One line per register for `armras reg --list`: name, encoding or MMIO offset, EL, feature, description. */
export function listLine(def: RegisterDef): string {
  const where = def.encoding
    ? encodingLabel(def.encoding)
    : def.record
      ? `MMIO +0x${(ERR_RECORD_REGS.indexOf(def.record) * 8).toString(16).padStart(2, "0")}+0x${ERR_RECORD_STRIDE.toString(16)}*n`
      : "-";
  const el = def.minEL !== undefined ? `EL${def.minEL}+` : "MMIO";
  return `${def.name.padEnd(14)} ${where.padEnd(18)} ${el.padEnd(5)} ${(def.feature ?? "-").padEnd(13)} ${def.desc}`;
}
