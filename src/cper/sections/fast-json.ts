// Faster exact JSON for hot codecs. libcper's JSON drops some bytes (fields whose
// validation bit is clear, reserved bits); the "_armras" member carries them. The
// generic way to find them (more-codec.ts) rebuilds the value from the JSON and
// diffs the bytes. Here a codec may give:
//  - `lossless(v)`: a cheap proof that nothing is dropped (no "_armras" at all);
//  - `project(v)`: the value libcper's JSON alone rebuilds, computed directly, so
//    the patch is a diff of encode(v) against encode(project(v)), in the same
//    {length?, patch: [{offset, hex, field?}]} form more-codec's fromJson applies.
// The property tests check both against the generic path on generated values.
import type { SectionDecodeOptions } from "../section-api.js";
import { type Flat, type MoreCodec } from "./more-codec.js";
import { EXTRA_KEY, patchOf, withExtra, writeExtra } from "../armras-patch.js";
import type { Decoded, Fields, Struct } from "../../layout/struct.js";
import type { FieldType } from "../../layout/types.js";
import type { JsonOut } from "../json-out.js";

// The patch machinery lives in ../armras-patch.ts (one place); re-exported for the codecs that import it here.
export { patchOf, PatchBuilder, type PatchEntry } from "../armras-patch.js";


export interface FastJson<T> {
  lossless(v: T, opts: SectionDecodeOptions): boolean;
  /** undefined: use the generic path for this value. */
  project?(v: T, opts: SectionDecodeOptions): T | undefined;
  locate?(v: T, offset: number): string;
  /** The "_armras" object computed directly (undefined: nothing dropped; null: use `project`). */
  direct?(v: T, opts: SectionDecodeOptions): Record<string, unknown> | undefined | null;
}

export function withFastJson<T>(c: MoreCodec<T>, fast: FastJson<T> | ((v: T, opts: SectionDecodeOptions) => boolean)): MoreCodec<T> {
  const f: FastJson<T> = typeof fast === "function" ? { lossless: fast } : fast;
  /** The "_armras" object (undefined: libcper's keys carry every byte). */
  const extraOf = (v: T, opts: SectionDecodeOptions): unknown => {
    if (f.lossless(v, opts)) return undefined;
    if (f.direct) {
      const d = f.direct(v, opts);
      if (d !== null) return d;
    }
    const p = f.project?.(v, opts);
    if (p === undefined) return (c.toJson(v, opts) as Record<string, unknown>)[EXTRA_KEY];
    return patchOf(c.encode(v), c.encode(p), f.locate ? (o) => f.locate!(v, o) : undefined);
  };
  const writeLib = c.writeLib;
  return {
    ...c,
    genericToJson: c.toJson,
    toJson: (v, opts) => {
      const lib = c.toLibcperJson(v, opts);
      const x = extraOf(v, opts);
      return x === undefined ? lib : withExtra(lib, x);
    },
    ...(writeLib
      ? {
          writeJson: (v: T, opts: SectionDecodeOptions, out: JsonOut) => {
            writeLib(v, opts, out);
            const x = extraOf(v, opts);
            if (x !== undefined) writeExtra(out, x);
          },
        }
      : {}),
  };
}

/** The codec with a value-dependent libcper "message". */
export function withMessage<T>(c: MoreCodec<T>, messageOf: (v: T, opts: SectionDecodeOptions) => string): MoreCodec<T> {
  return { ...c, messageOf };
}

// ---- flat projections --------------------------------------------------------------
// For a flat section (one struct() with `valid` bits, trailing bytes kept), what a libcper
// JSON that prints each field in full exactly when its validation bit is set rebuilds:
// fields whose bit is clear and reserved fields become zero, validation bits outside `mask`
// are dropped, trailing bytes are lost. `adjust` states what a codec's JSON keeps of a
// field only in part. test/cper/flat-projection.test.ts checks each codec's projection
// against the generic JSON round trip on random and mutated bodies.

const NULL_GUID_TEXT = "00000000-0000-0000-0000-000000000000";

export function zeroOf(t: FieldType<unknown>): unknown {
  switch (t.kind) {
    case "u64":
      return 0n;
    case "u8":
    case "u16":
    case "u32":
      return 0;
    case "ascii":
      return "";
    case "guid":
      return NULL_GUID_TEXT;
    default:
      return new Uint8Array(t.size);
  }
}

export function flatProject<F extends Fields>(
  s: Struct<F>,
  v: Flat<F>,
  mask: bigint,
  adjust?: (out: Record<string, unknown>, v: Flat<F>) => void,
): Flat<F> | undefined {
  if (v.length !== undefined) return undefined; // short bodies: the generic path
  const f = v.fields as Record<string, unknown>;
  const vf = s.validationField;
  const raw = vf === undefined ? 0n : f[vf];
  const vb = typeof raw === "bigint" ? raw : BigInt(raw as number);
  const out: Record<string, unknown> = {};
  for (const k of s.order) {
    const spec = s.fields[k]!;
    if (k === vf) out[k] = typeof raw === "bigint" ? vb & mask : Number(vb & mask);
    else if (spec.type.kind === "reserved" || (spec.valid !== undefined && ((vb >> BigInt(spec.valid)) & 1n) === 0n)) out[k] = zeroOf(spec.type);
    else out[k] = f[k];
  }
  adjust?.(out, v);
  return { fields: out as Decoded<Struct<F>>, trailing: new Uint8Array(0) };
}

/** Structural equality of decoded values (plain objects, arrays, bytes, numbers, bigints, strings). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

export function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

function isZero(t: FieldType<unknown>, x: unknown): boolean {
  switch (t.kind) {
    case "u64":
      return x === 0n;
    case "u8":
    case "u16":
    case "u32":
      return x === 0;
    case "ascii":
      return x === "";
    case "guid":
      return x === NULL_GUID_TEXT;
    default:
      return allZero(x as Uint8Array);
  }
}

/**
 * True when flatProject (without `adjust`) would give `v` back: a full body, nothing trailing,
 * no validation bits outside `mask`, reserved fields and fields whose validation bit is clear zero.
 */
export function flatLossless<F extends Fields>(s: Struct<F>, v: Flat<F>, mask: bigint): boolean {
  if (v.length !== undefined || v.trailing.length !== 0) return false;
  const f = v.fields as Record<string, unknown>;
  const vf = s.validationField;
  const raw = vf === undefined ? 0n : f[vf];
  const vb = typeof raw === "bigint" ? raw : BigInt(raw as number);
  if ((vb & ~mask) !== 0n) return false;
  for (const k of s.order) {
    const spec = s.fields[k]!;
    if ((spec.type.kind === "reserved" || (spec.valid !== undefined && ((vb >> BigInt(spec.valid)) & 1n) === 0n)) && !isZero(spec.type, f[k])) return false;
  }
  return true;
}

