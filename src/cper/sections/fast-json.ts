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
import { EXTRA_KEY, locateFlat, type Flat, type MoreCodec } from "./more-codec.js";
import type { Decoded, Fields, Struct } from "../../layout/struct.js";
import type { FieldType } from "../../layout/types.js";
import { HEX_BYTE } from "../../arch/bits.js";
import type { JsonOut } from "../json-out.js";


function hexOf(b: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let i = s; i < e; i++) out += HEX_BYTE[b[i]!]!;
  return out;
}

/** Patches turning `base` into `actual` (runs closer than 4 bytes merged), plus the length when they differ. */
export function patchOf(actual: Uint8Array, base: Uint8Array, locate?: (offset: number) => string): Record<string, unknown> | undefined {
  const patch: { offset: number; hex: string; field?: string }[] = [];
  let i = 0;
  while (i < actual.length) {
    if (i < base.length && actual[i] === base[i]) {
      i++;
      continue;
    }
    let end = i + 1;
    for (let j = i + 1; j < actual.length && j < end + 4; j++) if (j >= base.length || actual[j] !== base[j]) end = j + 1;
    const p: { offset: number; hex: string; field?: string } = { offset: i, hex: hexOf(actual, i, end) };
    if (locate) p.field = locate(i);
    patch.push(p);
    i = end;
  }
  const out: Record<string, unknown> = {};
  if (base.length !== actual.length) out.length = actual.length;
  if (patch.length > 0) out.patch = patch;
  return Object.keys(out).length > 0 ? out : undefined;
}

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

/**
 * The "_armras" member: {length?, patch?: [{offset, hex, field?}]} with its hex
 * and field names printed without an escape scan; any other shape as a value.
 */
function writeExtra(out: JsonOut, x: unknown): void {
  const o = x as { length?: unknown; patch?: unknown };
  const keys = Object.keys(o);
  if (!keys.every((k) => k === "length" || k === "patch") || (o.patch !== undefined && !Array.isArray(o.patch))) return out.value(EXTRA_KEY, x);
  out.begin(EXTRA_KEY);
  if (o.length !== undefined) out.value("length", o.length);
  if (o.patch !== undefined) {
    out.beginArray("patch");
    for (const p of o.patch as PatchEntry[]) {
      out.begin();
      out.num("offset", p.offset);
      out.ascii("hex", p.hex);
      if (p.field !== undefined) out.ascii("field", p.field);
      out.end();
    }
    out.endArray();
  }
  out.end();
}

/** `lib` with the "_armras" member last (no spread). */
function withExtra(lib: Record<string, unknown>, x: unknown): Record<string, unknown> {
  lib[EXTRA_KEY] = x;
  return lib;
}

/** The codec with a value-dependent libcper "message". */
export function withMessage<T>(c: MoreCodec<T>, messageOf: (v: T, opts: SectionDecodeOptions) => string): MoreCodec<T> {
  return { ...c, messageOf };
}

// ---- direct patches ------------------------------------------------------------
// A codec that knows statically which bits libcper's JSON keeps feeds each field
// (in byte order) with its value and the value libcper's JSON alone rebuilds; the
// builder emits the same {length?, patch} as patchOf(encode(v), encode(project(v)))
// without encoding either side or allocating byte buffers.

const SCRATCH = new DataView(new ArrayBuffer(16));

export type PatchEntry = { offset: number; hex: string; field?: string };

export class PatchBuilder<T> {
  private start = -1;
  private end = 0;
  private hex = "";
  private pending = "";
  private list: PatchEntry[] | undefined = undefined;
  constructor(
    private readonly value: T,
    private readonly locate: ((v: T, offset: number) => string) | undefined,
  ) {}

  /** One byte at `at`: `a` actual, differs from the projection when `d`. */
  private byte(at: number, a: number, d: boolean): void {
    if (d) {
      if (this.start >= 0 && at - this.end < 4) {
        this.hex += this.pending + HEX_BYTE[a]!;
        this.pending = "";
      } else {
        this.flush();
        this.start = at;
        this.hex = HEX_BYTE[a]!;
      }
      this.end = at + 1;
    } else if (this.start >= 0 && at - this.end < 3) this.pending += HEX_BYTE[a]!;
  }

  private flush(): void {
    if (this.start < 0) return;
    const p: PatchEntry = { offset: this.start, hex: this.hex };
    if (this.locate) p.field = this.locate(this.value, this.start);
    (this.list ??= []).push(p);
    this.start = -1;
    this.pending = "";
  }

  /** An unsigned little-endian field of `size` (1..4) bytes. */
  int(at: number, size: number, a: number, b: number): void {
    const x = (a ^ b) >>> 0;
    if (x === 0 && (this.start < 0 || at - this.end >= 3)) return;
    for (let k = 0; k < size; k++) this.byte(at + k, (a >>> (8 * k)) & 0xff, ((x >>> (8 * k)) & 0xff) !== 0);
  }

  /** A 64-bit little-endian field. */
  u64(at: number, a: bigint, b: bigint): void {
    if (a === b && (this.start < 0 || at - this.end >= 3)) return;
    // Split both through a scratch view (no BigInt allocation per word).
    SCRATCH.setBigUint64(0, a, true);
    SCRATCH.setBigUint64(8, b, true);
    this.int(at, 4, SCRATCH.getUint32(0, true), SCRATCH.getUint32(8, true));
    this.int(at + 4, 4, SCRATCH.getUint32(4, true), SCRATCH.getUint32(12, true));
  }

  /** Bytes kept as they are (no difference), or all different (`differ`: past the projection's end). */
  bytes(at: number, a: Uint8Array, differ: boolean): void {
    for (let k = 0; k < a.length; k++) {
      if (!differ && (this.start < 0 || at + k - this.end >= 3)) return;
      this.byte(at + k, a[k]!, differ);
    }
  }

  /** Bytes against projected bytes of the same length. */
  bytesVs(at: number, a: Uint8Array, b: Uint8Array): void {
    for (let k = 0; k < a.length; k++) this.byte(at + k, a[k]!, a[k] !== b[k]);
  }

  /** The "_armras" object (undefined when nothing differs); `length` when the lengths differ. */
  finish(length: number | undefined): Record<string, unknown> | undefined {
    this.flush();
    if (length === undefined && this.list === undefined) return undefined;
    const out: Record<string, unknown> = {};
    if (length !== undefined) out.length = length;
    if (this.list !== undefined) out.patch = this.list;
    return out;
  }
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

/**
 * The fast-path description of a flat codec from its projection. With `keeps` (what `adjust`
 * keeps of `v` in full), a value flatLossless accepts and `keeps` too needs no "_armras" at all.
 */
export function flatFast<F extends Fields>(
  s: Struct<F>,
  mask: bigint,
  adjust?: (out: Record<string, unknown>, v: Flat<F>) => void,
  keeps?: (v: Flat<F>) => boolean,
): FastJson<Flat<F>> {
  return {
    lossless: keeps ? (v) => flatLossless(s, v, mask) && keeps(v) : () => false,
    project: (v) => flatProject(s, v, mask, adjust),
    locate: (_v, at) => locateFlat(s, at),
  };
}
