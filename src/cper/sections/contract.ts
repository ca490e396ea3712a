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

import { writeStruct, type Decoded, type FieldSpec, type Fields, type Struct } from "../../layout/struct.js";
import { PatchRuns, scratchBody } from "../json/patches.js";
import type { JsonOut } from "../json/writer.js";
import { membersOf } from "../json/writer.js";
import type { Finding, SectionCodec, SectionDecodeOptions, SectionJsonHint } from "../section-api.js";
import { flatLossless, flatProject, sameValue, zeroOf } from "./projection.js";
import { flatBody, lintFlat, locateFlat, type Body, type BodyKind, type Flat } from "./body.js";
import { libcperCodec, withFastJson, type LibcperCodec } from "./libcper-codec.js";
import { has, type JsonObj } from "../json/reader.js";
import type { BoundForm, LibField } from "./json-forms.js";
import type { LinuxLine } from "./linux-forms.js";
import { compileFieldPatch, fieldAtOffset, type FieldRule } from "./flat-patch.js";
import { compileMembers } from "./member-walk.js";

/** Width of "{N}[Hardware Error]: " that cper_print_bits() wraps against in dmesg. */
const LINUX_PREFIX = 21;

export { flatBody, lengthedBody, decodeFlat, encodeFlat, lintFlat, locateFlat, type BodyKind, type Flat, type Lengthed } from "./body.js";

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
  /**
   * The order Linux prints the fields with `linux` lines in, when it is not the offset order
   * (renderLinux is derived from those lines unless written by hand).
   */
  readonly linuxOrder?: readonly (keyof F & string)[];
  /** Plain text written by hand (default: title + labelled fields). */
  renderText?(v: V, opts: SectionDecodeOptions): string[];
  /** Findings beyond the derived ones. */
  lint?(v: V, body: Uint8Array): Finding[];
  /** Set when the forms read absent members themselves (as zero): no member is required. */
  readonly lenient?: true;
  /** Set when `lint` states every finding itself (its own wording predates the contract). */
  readonly ownLint?: true;
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
    project(v: V, opts: SectionDecodeOptions): V | undefined;
    lossless(v: V, opts: SectionDecodeOptions): boolean;
    /** Optional: the "_armras" object computed field by field (undefined: nothing dropped; null: use `project`), e.g. ARM. */
    direct?(v: V, opts: SectionDecodeOptions): Record<string, unknown> | undefined | null;
  };
  /** Set when the "_armras" patches name no fields (no `field` member; the ARM and Arm RAS patches predate the names). */
  readonly unlocated?: true;
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
  /** Linux's lines for the field (LibField.linux). */
  readonly linux: LinuxLine | undefined;
}

/** The declared section's codec (a SectionCodec with libcper's object and the generic cross-check). */
export type DeclaredCodec<F extends Fields, V extends Body<F> = Flat<F>> = LibcperCodec<V> & {
  readonly layout: Struct<F>;
  /** Linux's lines from the fields' `linux` forms (pfxLen: the prefix cper_print_bits() wraps against; 21 in dmesg). */
  readonly linuxLines?: (v: V, pfxLen: number) => string[];
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
      return { name: k, key: j.key, at: spec.at, valid: vf === undefined ? undefined : spec.valid, form: j.form(spec), label: j.label, present, optional: !d.lenient && ((vf !== undefined && spec.valid !== undefined) || present !== undefined), group: j.group === undefined ? undefined : [k, ...j.group], gate, linux: j.linux };
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

  const walk = compileMembers(members);
  const writeLib = (v: V, opts: SectionDecodeOptions, out: JsonOut): void => {
    const f = v.fields as Record<string, unknown>;
    // The member walk of every printed value, compiled once (member-walk.ts: the hot path of JSON out).
    walk(f, validWord(f), v, out);
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
  /** Data fields no member prints (zero in the projection). */
  const unprinted = s.order.filter((k) => k !== vf && !printed.has(k));
  /** Fields printed in part: the projection keeps what the form carries. */
  const adjust =
    keepers.length === 0 && gated.length === 0 && readBack === undefined && printed.size + (vf === undefined ? 0 : 1) === countData(s)
      ? undefined
      : (out: Record<string, unknown>, v: Flat<F>): void => {
          const f = v.fields as Record<string, unknown>;
          for (const k of unprinted) out[k] = zeroOf(s.fields[k]!.type);
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
            if (m.group === undefined) out[m.name] = m.form.keep!(f[m.name], w);
            else Object.assign(out, m.form.keep!(f, w));
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
        if (!m.form.keeps(arg(m, f), w)) return false;
      } else if (m.group === undefined) {
        if (!sameValue(m.form.keep(f[m.name], w), f[m.name])) return false;
      } else {
        const kept = m.form.keep(f, w) as Record<string, unknown>;
        for (const k of m.group) if (!sameValue(kept[k], f[k])) return false;
      }
    }
    for (const k of s.order) {
      if (k === vf || printed.has(k) || s.fields[k]!.type.kind === "reserved") continue;
      if (!sameAsZero(s.fields[k]!.type.kind, f[k])) return false;
    }
    return true;
  };
  /** locateFlat's answer for each byte offset of the structure, computed once (flat-patch.ts). */
  const names = fieldAtOffset(s);
  const locate = d.locate ?? ((_v: V, at: number) => (at >= 0 && at < names.length ? names[at]! : locateFlat(s, at)));

  // ---- the "_armras" patch, at byte level -------------------------------------------
  // The bytes libcper's JSON alone rebuilds are the value's own bytes with the declaration's
  // rules applied in place (what flatProject + adjust state on the decoded value): reserved
  // fields, fields whose validation bit is clear and unprinted fields zeroed, the validation word
  // masked to the printed bits (or read back), gated members by their gate, and the part a form
  // keeps of a field written over it. The patch is the diff of the two byte strings, in two
  // reused scratch buffers: no projected value, no second encode.
  const plain = s.order
    .filter((k) => k !== vf)
    .map((k) => {
      const spec = s.fields[k]!;
      return { at: spec.at, size: spec.type.size, valid: spec.valid, zero: spec.type.kind === "reserved" || (adjust !== undefined && !printed.has(k)) };
    });
  const plainNames = s.order.filter((k) => k !== vf);
  const plainKinds = plainNames.map((k) => s.fields[k]!.type.kind);
  /**
   * keepsAll + flatLossless + keepsRest in one pass without BigInt per field: whether the value's
   * bytes are exactly what libcper's JSON rebuilds (then there is no "_armras" and no encode).
   */
  const losslessFast = (v: V): boolean => {
    const h = head(v);
    if (h.length !== undefined || h.trailing.length !== 0 || !kind.keepsRest(v)) return false;
    const f = v.fields as Record<string, unknown>;
    const raw = vf === undefined ? 0 : (f[vf] as number | bigint);
    const w = validWord(f);
    if (typeof raw === "bigint" ? (raw & ~mask) !== 0n : ((w & ~mask32) >>> 0) !== 0 || raw > 0xffff_ffff) return false;
    for (let i = 0; i < plain.length; i++) {
      const p = plain[i]!;
      if ((p.zero || (p.valid !== undefined && !bitOf(raw, w, p.valid))) && !sameAsZero(plainKinds[i]!, f[plainNames[i]!])) return false;
    }
    return keepsAll(v);
  };
  // Per field in byte order, the rule that decides its projected bytes, most specific first: the
  // body's baseFields, a shown keeper's kept value, a gate, the masked validation word, then the
  // plain rule (zero when reserved, unprinted or its bit is clear). Only fields whose projected
  // bytes can differ are scanned; the rest are the value's own bytes.
  const keeperOf = new Map<string, Member>();
  for (const m of keepers) for (const k of m.group ?? [m.name]) keeperOf.set(k, m);
  const gateOf = new Map<string, Member>();
  for (const m of gated) for (const k of m.group ?? [m.name]) gateOf.set(k, m);
  const slots = s.order.map((k) => {
    const spec = s.fields[k]!;
    const zero = spec.type.kind === "reserved" || (adjust !== undefined && !printed.has(k));
    return { name: k, spec, at: spec.at, end: spec.at + spec.type.size, isVf: k === vf, zero, valid: spec.valid, keeper: keeperOf.get(k), gate: gateOf.get(k) };
  });
  const runs = new PatchRuns();
  /** The validation word is 4 or 8 bytes and every printed bit is below 32 (then no BigInt per record). */
  const vfWords = vf !== undefined && (s.fields[vf]!.type.kind === "u32" || s.fields[vf]!.type.kind === "u64") && mask >> 32n === 0n;
  const bytePatch =
    kind.after === undefined || kind.keptAfter === undefined
      ? undefined
      : (v: V): Record<string, unknown> | undefined | null => {
          if (head(v).length !== undefined) return null; // short bodies: the generic path
          const f = v.fields as Record<string, unknown>;
          const after = kind.after!(v);
          let n = s.size;
          for (const a of after) n += a.length;
          const actual = scratchBody(0, n);
          writeStruct(s, v.fields, actual, 0);
          let at = s.size;
          for (const a of after) {
            actual.set(a, at);
            at += a.length;
          }
          const raw = vf === undefined ? 0 : (f[vf] as number | bigint);
          const w = validWord(f);
          const bf = kind.baseFields?.(v);
          const base = baseScratch(s.size);
          const bv = baseView;
          runs.reset();
          let kept: Record<string, unknown> | undefined;
          let keptBy: Member | undefined;
          for (const q of slots) {
            let x: unknown;
            if (bf !== undefined && Object.prototype.hasOwnProperty.call(bf, q.name)) x = bf[q.name];
            else if (q.keeper !== undefined && shown(q.keeper, w, v)) {
              const m = q.keeper;
              if (m.group === undefined) x = m.form.keep!(f[m.name], w);
              else {
                if (keptBy !== m) {
                  kept = m.form.keep!(f, w) as Record<string, unknown>;
                  keptBy = m;
                }
                x = kept![q.name];
              }
            } else if (q.gate !== undefined) {
              if (!q.gate.gate!(w, v)) runs.nonzero(actual, q.at, q.end);
              continue;
            } else if (q.isVf && readBack === undefined && vfWords) {
              // The word masked to the printed bits (all below 32): its low word, then zeros.
              base.fill(0, q.at, q.end);
              bv.setUint32(q.at, (w & mask32) >>> 0, true);
              runs.differ(actual, base, q.at, q.end);
              continue;
            } else if (q.isVf) {
              const masked = typeof raw === "bigint" ? raw & mask : Number(BigInt(raw) & mask);
              x = masked;
              if (readBack !== undefined) {
                const r = readBack(typeof masked === "bigint" ? Number(BigInt.asUintN(32, masked)) : masked >>> 0) >>> 0;
                x = wideValid ? BigInt(r) : r;
              }
            } else {
              if (q.zero || (q.valid !== undefined && !bitOf(raw, w, q.valid))) runs.nonzero(actual, q.at, q.end);
              continue;
            }
            base.fill(0, q.at, q.end);
            q.spec.type.write(base, bv, q.at, x, q.name);
            runs.differ(actual, base, q.at, q.end);
          }
          const keptAfter = kind.keptAfter!(v, after);
          for (let i = s.size; i < n; i++) {
            const j = i - s.size;
            if (j >= keptAfter.length || actual[i] !== keptAfter[j]) runs.add(i);
          }
          return runs.result(actual, s.size + keptAfter.length, (o) => locate(v, o));
        };

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

  // Linux's printer as a field walk: each field with `linux` lines, when its validation bit is set
  // (Linux tests the bit alone: no gate, no libcper reading).
  const linuxMembers = (d.linuxOrder ?? s.order)
    .filter((k) => (s.fields[k]!.json as LibField | undefined)?.linux !== undefined)
    .map((k) => ({ name: k, valid: s.fields[k]!.valid, linux: (s.fields[k]!.json as LibField).linux! }));
  const linuxLines =
    linuxMembers.length === 0
      ? undefined
      : (v: V, pfxLen: number): string[] => {
          const f = v.fields as Record<string, unknown>;
          const raw = vf === undefined ? 0 : (f[vf] as number | bigint);
          const w = validWord(f);
          const out: string[] = [];
          for (const m of linuxMembers) if (m.valid === undefined || bitOf(raw, w, m.valid)) out.push(...m.linux.lines(f[m.name], pfxLen));
          return out;
        };
  const renderLinux = d.renderLinux ?? (linuxLines === undefined ? undefined : (v: V) => linuxLines(v, LINUX_PREFIX));

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

  const codec = libcperCodec<V>({
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
    ...(d.unlocated ? {} : { locate }),
    toLib: (v, opts) => membersOf((out) => writeLib(v, opts, out)),
    writeLib,
    fromLib,
    ...(renderLinux ? { renderLinux } : {}),
    ...(renderText ? { renderText } : {}),
    lint,
  });
  /**
   * The derived projection's patch written field by field (flat-patch.ts: the rules per field, compiled;
   * no encode) for flat bodies whose fields are integers or bytes; the byte-level diff (bytePatch) for
   * the rest (text and GUID fields, lengthed bodies). Both equal the generic JSON round trip.
   */
  const steps = d.body === undefined && mask >> 32n === 0n && !keepers.some((m) => m.group !== undefined) ? compileFieldPatch<F, Flat<F>>(s, { mask32, ...(readBack ? { readBack } : {}), rules: fieldRules(members) }) : undefined;
  const fast = withFastJson(
    codec,
    d.noProjection
      ? { lossless: () => false }
      : d.projection
      ? { lossless: (v, o) => d.projection!.lossless(v, o), project: (v, o) => d.projection!.project(v, o), ...(d.projection.direct ? { direct: d.projection.direct } : {}), ...(d.unlocated ? {} : { locate }) }
      : {
          // With the field-by-field patch, "lossless" is that patch being empty (one walk instead of two);
          // with the byte-level one, a one-pass test first (no encode when nothing is dropped).
          lossless: steps !== undefined ? () => false : bytePatch !== undefined ? (v) => losslessFast(v) : (v) => keepsAll(v) && flatLossless(s, head(v), mask) && kind.keepsRest(v),
          project: (v) => {
            const h = flatProject(s, head(v), mask, adjust);
            return h && kind.project(v, h);
          },
          ...(steps !== undefined
            ? {
                // Full bodies only (short ones: the generic path); the validation word's high bits are dropped (mask < 2^32).
                direct: (v: V) => (v.length !== undefined ? null : steps(head(v), locate as unknown as (v: Flat<F>, at: number) => string)),
              }
            : bytePatch !== undefined
            ? { direct: bytePatch }
            : {}),
          locate,
        },
  );
  return { ...fast, layout: s, ...(d.gate ? { gate: d.gate } : {}), ...(linuxLines ? { linuxLines } : {}) };
}

/** Per field, what the derived projection does with it (the rules `adjust` applies), for flat-patch.ts. */
function fieldRules(members: readonly Member[]): Record<string, FieldRule> {
  const rules: Record<string, FieldRule> = {};
  for (const m of members) {
    for (const k of m.group ?? [m.name]) {
      rules[k] = { printed: true, ...(m.gate ? { gate: m.gate } : {}), ...(m.group === undefined && m.form.keep ? { keep: m.form.keep.bind(m.form) } : {}) };
    }
  }
  return rules;
}

/** Fields that are neither reserved nor the validation word. */
function countData<F extends Fields>(s: Struct<F>): number {
  return s.order.filter((k) => s.fields[k]!.type.kind !== "reserved").length;
}

/** Bit `bit` of a validation word (w: its low 32 bits, raw: the whole word). */
function bitOf(raw: number | bigint, w: number, bit: number): boolean {
  if (bit < 32) return ((w >>> bit) & 1) === 1;
  return ((BigInt(raw) >> BigInt(bit)) & 1n) === 1n;
}

function sameAsZero(kind: string, x: unknown): boolean {
  if (typeof x === "bigint") return x === 0n;
  if (typeof x === "number") return x === 0;
  if (typeof x === "string") return kind === "guid" ? x === "00000000-0000-0000-0000-000000000000" : x === "";
  if (x instanceof Uint8Array) return x.every((b) => b === 0);
  return false;
}

/** The projected bytes of the fields bytePatch writes (grown on demand; only written ranges are read). */
let baseBytes = new Uint8Array(256);
let baseView = new DataView(baseBytes.buffer);
function baseScratch(n: number): Uint8Array {
  if (baseBytes.length < n) {
    baseBytes = new Uint8Array(Math.max(n, 2 * baseBytes.length));
    baseView = new DataView(baseBytes.buffer);
  }
  return baseBytes;
}
