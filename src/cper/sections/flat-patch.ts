// The "_armras" patch of a flat declared section written field by field, compiled
// once per declaration to straight-line code: for each field (in byte order) the
// value libcper's JSON alone rebuilds, stated from the declaration exactly as the
// derived projection states it (contract.ts: flatProject then adjust — reserved and
// unprinted fields zero, a field whose validation bit is clear zero, a gated member
// whole while its gate holds, a form's keep() of a shown member, the validation word
// masked to the printed bits then readBackValid), fed with the field's value to
// PatchBuilder. The patch equals patchOf(encode(v), encode(project(v))) without
// building the projection or encoding either side (a text field is encoded only when
// it differs from its projection or borders a run); an empty patch is the lossless
// case. declareSection uses it when a declaration sets `fieldPatch`;
// test/cper/flat-projection.test.ts and test/cper/direct-patch.test.ts hold it equal to
// the generic JSON round trip.
//
// As in src/layout/compile.ts, the source is made only from our own static
// declarations (field names as JSON string literals, offsets, sizes and bits checked
// integers); gates, forms, zero values and text types are passed in as values. Input bytes never
// reach the generator.
import type { Fields, Struct } from "../../layout/struct.js";
import { PatchBuilder } from "../json/patches.js";
import { zeroOf } from "./projection.js";
import type { Flat } from "./body.js";

/** What the projection does with one field, from the declaration's members (contract.ts). */
export interface FieldRule {
  /** Printed by a member (else zero in the projection). */
  readonly printed: boolean;
  /** Printed while this holds, whatever its validation bit says (SectionDeclaration.gate). */
  readonly gate?: (w: number, v: any) => boolean;
  /** The part of the field the member carries, when it is shown (a form's keep; single-field members only). */
  readonly keep?: (x: any, w: number) => unknown;
}

export interface PatchPlan {
  /** The validation bits libcper's JSON carries (all below 32). */
  readonly mask32: number;
  /** SectionDeclaration.readBackValid. */
  readonly readBack?: (w: number) => number;
  readonly rules: Readonly<Record<string, FieldRule>>;
}

/** The "_armras" object of a full flat body (undefined: libcper's JSON carries every byte). */
export type FieldPatch<V> = (v: V, locate: (v: V, offset: number) => string) => Record<string, unknown> | undefined;

const checked = (x: number, what: string): number => {
  if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`flat-patch: bad ${what} ${String(x)}`);
  return x;
};

/** The compiled patch of s under plan, or undefined when a field is a GUID (no field-by-field patch). */
export function compileFieldPatch<F extends Fields, V extends Flat<F>>(s: Struct<F>, plan: PatchPlan): FieldPatch<V> | undefined {
  const vf = s.validationField;
  const zeros: unknown[] = [];
  const types: unknown[] = [];
  const gates: (((w: number, v: unknown) => boolean) | undefined)[] = [];
  const keeps: (((x: unknown, w: number) => unknown) | undefined)[] = [];
  const lines: string[] = [];
  let head = "const w = 0;";
  let wide = false;
  for (const k of s.order) {
    const spec = s.fields[k]!;
    const t = spec.type;
    const i = zeros.length;
    const at = checked(spec.at, "offset");
    const call =
      t.kind === "u8" || t.kind === "u16" || t.kind === "u32"
        ? `p.int(${at}, ${checked(t.size, "size")}, x, y);`
        : t.kind === "u64"
          ? `p.u64(${at}, x, y);`
          : t.kind === "reserved" || t.kind === "bytes"
            ? `p.bytesVs(${at}, x, y);`
            : t.kind === "ascii"
              ? `p.text(${at}, T[${i}], x, y, ${JSON.stringify(`${s.name}.${k}`)});`
              : undefined;
    if (call === undefined) return undefined;
    zeros.push(zeroOf(t));
    types.push(t);
    const rule = plan.rules[k];
    gates.push(rule?.gate);
    keeps.push(rule?.keep);
    const x = `x = a[${JSON.stringify(k)}];`;
    if (k === vf) {
      wide = t.kind === "u64";
      head = `const raw = a[${JSON.stringify(k)}]; const w = typeof raw === "bigint" ? Number(BigInt.asUintN(32, raw)) : raw >>> 0;`;
      lines.push(wide ? `${x} p.u64Word(${at}, x, vw);` : `${x} y = vw; ${call}`);
      continue;
    }
    const bit = spec.valid === undefined || vf === undefined ? undefined : checked(spec.valid, "validation bit");
    if (bit !== undefined && bit > 31) return undefined;
    const on = bit === undefined ? "true" : `((w >>> ${bit}) & 1) === 1`;
    let y: string;
    if (t.kind === "reserved" || rule === undefined || !rule.printed) y = `Z[${i}]`;
    else if (rule.gate !== undefined) y = `G[${i}](w, v) ? x : Z[${i}]`;
    else y = bit === undefined ? "x" : `${on} ? x : Z[${i}]`;
    let keep = "";
    if (rule?.keep !== undefined) keep = ` if (${rule.gate !== undefined ? `G[${i}](w, v)` : on}) y = K[${i}](x, w);`;
    lines.push(`${x} y = ${y};${keep} ${call}`);
  }
  const vw = `const vw = ${plan.readBack === undefined ? "(w & m) >>> 0" : "R((w & m) >>> 0) >>> 0"};`;
  const src = `"use strict"; return function fieldPatch(v, locate) { const a = v.fields; ${head} ${vw} const p = new P(v, locate); let x, y; ${lines.join(" ")} return p; };`;
  const walk = new Function("Z", "G", "K", "R", "m", "P", "T", src)(zeros, gates, keeps, plan.readBack, plan.mask32 | 0, PatchBuilder, types) as (v: V, locate: (v: V, offset: number) => string) => PatchBuilder<V>;
  return (v, locate) => {
    const p = walk(v, locate);
    if (v.trailing.length > 0) p.bytes(s.size, v.trailing, true);
    return p.finish(v.trailing.length > 0 ? s.size + v.trailing.length : undefined);
  };
}

/** The name locateFlat (body.ts) gives each byte offset below s.size: the field covering it, else the structure's name. */
export function fieldAtOffset<F extends Fields>(s: Struct<F>): readonly string[] {
  const out = new Array<string>(s.size).fill(s.name);
  // locateFlat takes the first field in offset order that covers the byte: fill the others first.
  for (let i = s.order.length - 1; i >= 0; i--) {
    const k = s.order[i]!;
    const f = s.fields[k]!;
    for (let b = f.at; b < Math.min(s.size, f.at + f.type.size); b++) out[b] = k;
  }
  return out;
}
