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
import { EXTRA_KEY, type MoreCodec } from "./more-codec.js";
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
