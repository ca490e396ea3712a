// The one section contract: a section is declared once, as a struct() whose
// fields carry (beside offset and type) their validation bit, enum names and
// libcper JSON member (`json: lib(key, form, label)`, json-forms.ts). From that
// declaration declareSection derives:
//  - decode / encode / size (flatBody: the structure, trailing bytes kept,
//    short bodies decoded as zeros past the end with a warning; lengthedBody:
//    a header whose Length covers a variable part);
//  - libcper's JSON, written member by member through the one writer (a member
//    is printed when its validation bit is set), and read back (fromLib) with
//    typed errors naming the JSON path;
//  - the "_armras" projection: the value libcper's JSON alone rebuilds (fields
//    whose validation bit is clear, reserved and unprinted fields → zero, the
//    bits a form keeps of the rest), so the patch is a byte diff; the generic
//    path (re-encode of the JSON read back) stays as the cross-check
//    (`genericToJson`, test/cper/flat-projection.test.ts);
//  - locate (field at a byte offset), the lint defaults (short body, reserved
//    non-zero, validation bits beyond the structure, per-form findings) and the
//    plain-text lines of labelled fields.
// Composite members (arrays, register sets, payloads) are written by hand in
// the section's hooks, against the same writer (`writeMore`) and reader
// (`fromLibMore`). docs/cper-sections.md walks through adding a section.

import type { Decoded, FieldSpec, Fields, Struct } from "../../layout/struct.js";
import type { JsonOut } from "../json-out.js";
import { membersOf } from "../json-out.js";
import type { Finding, SectionCodec, SectionDecodeOptions, SectionJsonHint } from "../section-api.js";
import { flatLossless, flatProject, sameValue, withFastJson, zeroOf } from "./fast-json.js";
import { decodeFlat, decodeLengthed, encodeFlat, encodeLengthed, lintFlat, locateFlat, moreCodec, type Flat, type Lengthed, type MoreCodec } from "./more-codec.js";
import type { Result } from "../../layout/result.js";
import { has, type JsonObj } from "./more-json.js";
import type { BoundForm, LibField } from "./json-forms.js";

export type { Flat, Lengthed } from "./more-codec.js";
/** The structure helpers a section's hand-written body uses (decode/encode/lint/locate of its declared structure). */
export { decodeFlat, encodeFlat, lintFlat, locateFlat } from "./more-codec.js";

/** A section value: the declared structure's fields, the bytes kept after it, the length of a short body. */
type Body<F extends Fields> = { readonly fields: Decoded<Struct<F>>; readonly trailing: Uint8Array; readonly length?: number };

/**
 * How a body is laid out around the declared structure: `flatBody` (the structure, then kept
 * trailing bytes) or `lengthedBody(field, keepData)` (a header whose Length field covers the
 * header and a variable part, CCIX PER and CXL component events).
 */
export interface BodyKind<F extends Fields, V extends Body<F>> {
  decode(s: Struct<F>, body: Uint8Array, minimum: number): Result<V>;
  encode(s: Struct<F>, v: V): Uint8Array;
  /** The value libcper's declared members alone rebuild, from the structure's projected fields. */
  project(v: V, head: Flat<F>): V;
  /** Whether everything outside the structure is carried by the JSON (for the lossless shortcut). */
  keepsRest(v: V): boolean;
  /** A value from the fields fromLib read (the composite part empty: fromLibMore fills it). */
  fromFields(fields: Decoded<Struct<F>>): V;
}

const NO_BYTES = new Uint8Array(0);

export function flatBody<F extends Fields>(): BodyKind<F, Flat<F>> {
  return {
    decode: (s, body, minimum) => decodeFlat(s, body, minimum),
    encode: (s, v) => encodeFlat(s, v),
    project: (_v, head) => head,
    keepsRest: () => true,
    fromFields: (fields) => ({ fields, trailing: new Uint8Array(0) }),
  };
}

/** Header `_s` + the part its `lengthField` covers; `keepData(v)`: whether libcper's JSON prints that part. */
export function lengthedBody<F extends Fields>(_s: Struct<F>, lengthField: keyof F & string, keepData: (v: Lengthed<F>) => boolean): BodyKind<F, Lengthed<F>> {
  return {
    decode: (s, body) => decodeLengthed(s, lengthField, body),
    encode: (s, v) => encodeLengthed(s, v),
    project: (v, head) => ({ fields: head.fields, data: keepData(v) ? v.data : NO_BYTES, trailing: NO_BYTES }),
    keepsRest: (v) => keepData(v) || v.data.length === 0,
    fromFields: (fields) => ({ fields, data: new Uint8Array(0), trailing: new Uint8Array(0) }),
  };
}

/** What a section states once; everything else is derived (see the file comment). */
export interface SectionDeclaration<F extends Fields, V extends Body<F> = Flat<F>>
  extends Pick<SectionCodec<V>, "key" | "guid" | "name" | "libcperKey" | "libcperTypeName" | "linuxName" | "messageOf" | "renderLinux"> {
  /** The section body's structure; fields with `json` are libcper's members, in `jsonOrder` (default: offset order). */
  readonly layout: Struct<F>;
  /** Spec clause findings cite, e.g. "UEFI 2.10 N.2.8 Table N-31". */
  readonly spec: string;
  /** libcper's static "message". */
  readonly message: string;
  /** The body around the structure (default: flatBody()). */
  readonly body?: BodyKind<F, V>;
  /** Validation bits of composite members (written by writeMore): carried by the JSON, valid for lint. */
  readonly moreValidBits?: readonly number[];
  /** Shortest body decoded without a short-section warning (default: the structure's size). */
  readonly minimum?: number;
  /** libcper's member order when it is not the offset order. */
  readonly jsonOrder?: readonly (keyof F & string)[];
  /** First line of the default plain text (then one line per labelled, valid field). */
  readonly title?: string;
  /** A member printed only when this holds (e.g. a field a short revision lacks). */
  readonly present?: Partial<Record<keyof F & string, (v: V) => boolean>>;
  /** Composite members written by hand after the declared ones. */
  writeMore?(v: V, opts: SectionDecodeOptions, out: JsonOut): void;
  /** Composite members read by hand into the value the declared members gave. */
  fromLibMore?(v: V, j: JsonObj, path: string, hint?: SectionJsonHint): V;
  /** Field name at a byte offset (default: the declared field there). */
  locate?(v: V, offset: number): string;
  /** Plain text written by hand (default: title + labelled fields). */
  renderText?(v: V, opts: SectionDecodeOptions): string[];
  /** Findings beyond the derived ones. */
  lint?(v: V, body: Uint8Array): Finding[];
  /** Set when the forms read absent members themselves (as zero): no member is required. */
  readonly lenient?: true;
  /** Set when `lint` states every finding itself (its own wording predates the contract). */
  readonly ownLint?: true;
  /** Set when the "_armras" patches name no field (the section's JSON predates the contract: Arm RAS). */
  readonly unnamedPatches?: true;
  /** Set when the projection cannot be stated per field (the generic path is used for every value). */
  readonly noProjection?: true;
  /**
   * Members printed under another rule than their field's validation bit (w: the validation word's
   * low 32 bits), e.g. Memory2's bank, printed always; while it holds the field is carried whole.
   */
  readonly gate?: Partial<Record<keyof F & string, (w: number, v: V) => boolean>>;
  /**
   * The validation bits libcper's JSON reads back, from the printed members' bits (w: the word masked
   * to them, low 32 bits), when the two differ (e.g. Memory2: physicalAddress under bit 0 read back as
   * bit 1, bank as {address, group} read back as bits 20/21). fromLibMore states the reading itself.
   */
  readonly readBackValid?: (w: number) => number;
  /**
   * The projection written by hand when it cannot be stated per field (replaces the derived one):
   * `project` gives the value libcper's JSON alone rebuilds (undefined: the generic path),
   * `lossless` a cheap proof that it is the value itself.
   */
  readonly projection?: {
    project(v: V): V | undefined;
    lossless(v: V): boolean;
    /**
     * Optional: the "_armras" object computed field by field (armras-patch.ts PatchBuilder), the
     * same object the byte diff against project(v) gives (undefined: nothing dropped; null: use project).
     */
    direct?(v: V, opts: SectionDecodeOptions): Record<string, unknown> | undefined | null;
  };
}

interface Member {
  readonly name: string;
  readonly key: string;
  readonly at: number;
  readonly valid: number | undefined;
  readonly form: BoundForm;
  readonly label: string | undefined;
  readonly present: ((v: any) => boolean) | undefined;
  readonly optional: boolean;
  /** Set for a member carrying several fields (json-forms.ts group()): its form sees and gives the whole record. */
  readonly group: readonly string[] | undefined;
  /** Printed when this holds instead of its validation bit (SectionDeclaration.gate). */
  readonly gate: ((w: number, v: any) => boolean) | undefined;
}

/** The declared section's codec (a SectionCodec with libcper's object and the generic cross-check). */
export type DeclaredCodec<F extends Fields, V extends Body<F> = Flat<F>> = MoreCodec<V> & {
  readonly layout: Struct<F>;
  /** The members printed under another rule than their validation bit (SectionDeclaration.gate). */
  readonly gate?: SectionDeclaration<F, V>["gate"];
};

export function declareSection<F extends Fields, V extends Body<F> = Flat<F>>(d: SectionDeclaration<F, V>): DeclaredCodec<F, V> {
  const s = d.layout;
  const kind = d.body ?? (flatBody<F>() as unknown as BodyKind<F, V>);
  /** The structure part of a value (what the flat helpers see: every body kind's value has fields, trailing and length?). */
  const head = (v: V): Flat<F> => v as unknown as Flat<F>;
  const vf = s.validationField;
  const members: Member[] = (d.jsonOrder ?? s.order)
    .filter((k) => s.fields[k]!.json !== undefined)
    .map((k) => {
      const spec = s.fields[k]! as FieldSpec<any>;
      const j = spec.json as LibField;
      const present = (d.present as Record<string, ((v: V) => boolean) | undefined> | undefined)?.[k];
      const gate = (d.gate as Record<string, ((w: number, v: V) => boolean) | undefined> | undefined)?.[k];
      return { name: k, key: j.key, at: spec.at, valid: vf === undefined ? undefined : spec.valid, form: j.form(spec), label: j.label, present, optional: !d.lenient && ((vf !== undefined && spec.valid !== undefined) || present !== undefined), group: j.group === undefined ? undefined : [k, ...j.group], gate };
    });
  /** The value a member's form sees: its field, or the whole record for a group. */
  const arg = (m: Member, f: Record<string, unknown>): unknown => (m.group === undefined ? f[m.name] : f);
  /** Validation bits libcper's JSON carries (one per printed member that has one). */
  const mask = members.reduce((m, x) => (x.valid === undefined ? m : m | (1n << BigInt(x.valid))), 0n) | (d.moreValidBits ?? []).reduce((m, b) => m | (1n << BigInt(b)), 0n);
  const mask32 = Number(mask & 0xffffffffn);
  const wideValid = vf !== undefined && s.fields[vf]!.type.kind === "u64";
  const printed = new Set(members.flatMap((m) => m.group ?? [m.name]));

  if (members.some((m) => m.valid !== undefined && m.valid > 31)) throw new Error(`${s.name}: validation bits above 31 are not supported by declareSection`);
  /** The validation word's low 32 bits (every declared bit sits there), as a number: no BigInt per member. */
  const validWord = (f: Record<string, unknown>): number => {
    if (vf === undefined) return 0;
    const w = f[vf] as bigint | number;
    return typeof w === "bigint" ? Number(BigInt.asUintN(32, w)) : w >>> 0;
  };
  const isValid = (w: number, bit: number | undefined): boolean => bit === undefined || ((w >>> bit) & 1) === 1;
  /** Whether member m is printed for a value whose validation word is w. */
  const shown = (m: Member, w: number, v: V): boolean => (m.gate === undefined ? isValid(w, m.valid) : m.gate(w, v));
  const gated = members.filter((m) => m.gate !== undefined);
  const readBack = d.readBackValid;

  const writeLib = (v: V, opts: SectionDecodeOptions, out: JsonOut): void => {
    const f = v.fields as Record<string, unknown>;
    const w = validWord(f);
    // The member walk of every printed value, kept free of helper calls (the hot path of JSON out).
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.gate === undefined) {
        if (m.valid !== undefined && ((w >>> m.valid) & 1) === 0) continue;
      } else if (!m.gate(w, v)) continue;
      if (m.present !== undefined && !m.present(v)) continue;
      m.form.write(out, m.key, m.group === undefined ? f[m.name] : f, w);
    }
    if (d.writeMore !== undefined) d.writeMore(v, opts, out);
  };

  const fromLib = (j: JsonObj, p: string, hint?: SectionJsonHint): V => {
    const fields: Record<string, unknown> = {};
    let vb = 0n;
    for (const k of s.order) if (k !== vf && !printed.has(k)) fields[k] = zeroOf(s.fields[k]!.type);
    for (const m of members) {
      if (m.optional && !has(j, m.key)) {
        for (const k of m.group ?? [m.name]) fields[k] = zeroOf(s.fields[k]!.type);
        continue;
      }
      if (m.valid !== undefined) vb |= 1n << BigInt(m.valid);
      if (m.group === undefined) fields[m.name] = m.form.read(j, m.key, p);
      else Object.assign(fields, m.form.read(j, m.key, p));
    }
    if (vf !== undefined) fields[vf] = wideValid ? vb : Number(vb);
    const v = kind.fromFields(fields as Decoded<Struct<F>>);
    return d.fromLibMore ? d.fromLibMore(v, j, p, hint) : v;
  };

  const keepers = members.filter((m) => m.form.keep !== undefined);
  /** Fields printed in part: the projection keeps what the form carries. */
  const adjust =
    keepers.length === 0 && gated.length === 0 && readBack === undefined && printed.size + (vf === undefined ? 0 : 1) === countData(s)
      ? undefined
      : (out: Record<string, unknown>, v: Flat<F>): void => {
          const f = v.fields as Record<string, unknown>;
          for (const k of s.order) if (k !== vf && !printed.has(k)) out[k] = zeroOf(s.fields[k]!.type);
          const w = validWord(f);
          for (const m of gated) {
            const on = m.gate!(w, v as unknown as V);
            for (const k of m.group ?? [m.name]) out[k] = on ? f[k] : zeroOf(s.fields[k]!.type);
          }
          if (readBack !== undefined) {
            const r = readBack(validWord(out)) >>> 0;
            out[vf!] = wideValid ? BigInt(r) : r;
          }
          for (const m of keepers) {
            if (!shown(m, w, v as unknown as V)) continue;
            if (m.group === undefined) out[m.name] = m.form.keep!(f[m.name]);
            else Object.assign(out, m.form.keep!(f));
          }
        };
  /** Whether the form keeps the whole of every valid field (then flatLossless decides alone). */
  const keepsAll = (v: V): boolean => {
    const f = v.fields as Record<string, unknown>;
    const w = validWord(f);
    if (readBack !== undefined && readBack((w & mask32) >>> 0) >>> 0 !== w) return false;
    for (const m of gated) {
      if (m.gate!(w, v)) continue;
      for (const k of m.group ?? [m.name]) if (!sameAsZero(s.fields[k]!.type.kind, f[k])) return false;
    }
    for (const m of members) {
      if (m.present !== undefined && !m.present(v)) return false;
      if (m.form.keep === undefined || !shown(m, w, v)) continue;
      if (m.form.keeps !== undefined) {
        if (!m.form.keeps(arg(m, f))) return false;
      } else if (m.group === undefined) {
        if (!sameValue(m.form.keep(f[m.name]), f[m.name])) return false;
      } else {
        const kept = m.form.keep(f) as Record<string, unknown>;
        for (const k of m.group) if (!sameValue(kept[k], f[k])) return false;
      }
    }
    for (const k of s.order) {
      if (k === vf || printed.has(k) || s.fields[k]!.type.kind === "reserved") continue;
      if (!sameAsZero(s.fields[k]!.type.kind, f[k])) return false;
    }
    return true;
  };
  const locate = d.locate ?? ((_v: V, at: number) => locateFlat(s, at));

  const renderText =
    d.renderText ??
    (d.title === undefined
      ? undefined
      : (v: V): string[] => {
          const f = v.fields as Record<string, unknown>;
          const w = validWord(f);
          const lines = [d.title!];
          for (const m of members) if (m.label !== undefined && shown(m, w, v)) lines.push(`  ${m.label}: ${m.form.text(arg(m, f))}`);
          return lines;
        });

  const lint = (v: V, body: Uint8Array): Finding[] => {
    if (d.ownLint && d.lint) return d.lint(v, body);
    const out = lintFlat(s, head(v), d.spec, { ...(vf !== undefined ? { validMask: mask } : {}), ...(d.minimum !== undefined ? { minimum: d.minimum } : {}) });
    const f = v.fields as Record<string, unknown>;
    const w = validWord(f);
    for (const m of members) {
      if (m.form.lint === undefined || !shown(m, w, v)) continue;
      const x = m.form.lint(arg(m, f));
      if (x !== undefined) out.push({ severity: x.severity, offset: m.at, field: m.name, message: x.message, spec: x.spec });
    }
    if (d.lint) out.push(...d.lint(v, body));
    return out;
  };

  const codec = moreCodec<V>({
    key: d.key,
    guid: d.guid,
    name: d.name,
    libcperKey: d.libcperKey,
    libcperTypeName: d.libcperTypeName,
    ...(d.linuxName !== undefined ? { linuxName: d.linuxName } : {}),
    ...(d.messageOf ? { messageOf: d.messageOf } : {}),
    message: d.message,
    decode: (body) => kind.decode(s, body, d.minimum ?? s.size),
    encode: (v) => kind.encode(s, v),
    ...(d.unnamedPatches ? {} : { locate }),
    toLib: (v, opts) => membersOf((out) => writeLib(v, opts, out)),
    writeLib,
    fromLib,
    ...(d.renderLinux ? { renderLinux: d.renderLinux } : {}),
    ...(renderText ? { renderText } : {}),
    lint,
  });
  const fast = withFastJson(
    codec,
    d.noProjection
      ? { lossless: () => false }
      : d.projection
      ? { lossless: (v) => d.projection!.lossless(v), project: (v) => d.projection!.project(v), ...(d.unnamedPatches ? {} : { locate }), ...(d.projection.direct ? { direct: d.projection.direct } : {}) }
      : {
          lossless: (v) => keepsAll(v) && flatLossless(s, head(v), mask) && kind.keepsRest(v),
          project: (v) => {
            const h = flatProject(s, head(v), mask, adjust);
            return h && kind.project(v, h);
          },
          locate,
        },
  );
  return { ...fast, layout: s, ...(d.gate ? { gate: d.gate } : {}) };
}

/** Fields that are neither reserved nor the validation word. */
function countData<F extends Fields>(s: Struct<F>): number {
  return s.order.filter((k) => s.fields[k]!.type.kind !== "reserved").length;
}

function sameAsZero(kind: string, x: unknown): boolean {
  if (typeof x === "bigint") return x === 0n;
  if (typeof x === "number") return x === 0;
  if (typeof x === "string") return kind === "guid" ? x === "00000000-0000-0000-0000-000000000000" : x === "";
  if (x instanceof Uint8Array) return x.every((b) => b === 0);
  return false;
}
