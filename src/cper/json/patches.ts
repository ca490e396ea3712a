// The "_armras" member: the bytes libcper's JSON cannot express (fields whose
// validation bit is clear, reserved bits, trailing bytes, non-BCD timestamps),
// as byte patches against what libcper's JSON alone rebuilds, so our JSON
// re-encodes to the identical bytes. Everything that writes, reads or computes
// it lives here:
//  - sections: {length?, patch?: [{offset, hex, field?}]} (runs closer than 4
//    bytes merged), computed by diff (patchOf) or field by field (PatchBuilder),
//    printed by writeExtra, applied by applyExtra;
//  - fixed framing structures (record header, descriptors, estatus):
//    {patch: [{offset, hex}]} (structPatches / applyStructPatches, json.ts).

import { HEX_BYTE, hi32, lo32, splitU64 } from "../../arch/bits.js";
import type { JsonOut } from "./writer.js";
import { fromHex, hexRange, JsonPathError, NATIVE_HEX, type JsonReader, getNum, obj, valueText } from "./reader.js";

/** The member's key, spelled once. */
export const EXTRA_KEY = "_armras";

export type PatchEntry = { offset: number; hex: string; field?: string };
type JsonObj = Record<string, unknown>;

/** hexOf's cost of `n` bytes in ns (reader.ts NATIVE_HEX has the figures), for choosing one native call over several runs. */
const hexCost = (n: number): number => (n < NATIVE_HEX ? 15 * n : 140 + n);

function hexOf(b: Uint8Array, s: number, e: number): string {
  if (e - s >= NATIVE_HEX) return hexRange(b, s, e);
  let out = "";
  for (let i = s; i < e; i++) out += HEX_BYTE[b[i]!]!;
  return out;
}

/** Patches turning `base` into `actual` (runs closer than 4 bytes merged), plus the length when they differ. */
export function patchOf(actual: Uint8Array, base: Uint8Array, locate?: (offset: number) => string): Record<string, unknown> | undefined {
  // One pass: each byte compared once; the bytes past base's end all differ.
  const runs = DIFF_RUNS;
  runs.reset();
  const n = actual.length;
  const common = Math.min(n, base.length);
  // The two scratch bodies (both start at their buffer's start) are compared a word at a time.
  if (actual === bodyA && base === bodyB) diffScratch(runs, actual, base, common);
  else for (let i = 0; i < common; i++) if (actual[i] !== base[i]) runs.add(i);
  for (let i = common; i < n; i++) runs.add(i);
  return runs.result(actual, base.length, locate);
}

/**
 * The runs patchOf finds, fed one differing byte at a time in ascending offset order (a run
 * continues over up to 3 equal bytes, as patchOf merges them), for codecs that know which byte
 * ranges can differ and scan only those (the bytes between two ranges are equal, so the runs are
 * patchOf's). One instance is reused: `reset` before each body, `entries` after it.
 */
export class PatchRuns {
  /** Finished runs [starts[i], ends[i]) for i < count (the arrays are reused, never shrunk). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private count = 0;
  private start = -1;
  private end = 0;

  reset(): void {
    this.count = 0;
    this.start = -1;
  }

  /** Byte `at` differs. */
  add(at: number): void {
    if (this.start >= 0 && at < this.end + 4) this.end = at + 1;
    else {
      if (this.start >= 0) this.push();
      this.start = at;
      this.end = at + 1;
    }
  }

  private push(): void {
    this.starts[this.count] = this.start;
    this.ends[this.count] = this.end;
    this.count++;
  }

  /** Whether an equal byte at `at` may still join the open run (a run continues over up to 3 equal bytes). */
  reaches(at: number): boolean {
    return this.start >= 0 && at - this.end < 3;
  }

  /** The bytes of actual[from, to) that are not zero. */
  nonzero(actual: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (actual[i] === 0) continue;
      // add(i), inlined for the long all-different runs (junk text in a field whose bit is clear)
      if (this.start >= 0 && i < this.end + 4) {
        let j = i + 1;
        while (j < to && actual[j] !== 0) j++;
        this.end = j;
        i = j - 1;
      } else this.add(i);
    }
  }

  /** Every byte of [from, to) differs (as add() each, in order). */
  range(from: number, to: number): void {
    if (from >= to) return;
    this.add(from);
    if (to - 1 > from) this.end = to;
  }

  /** The bytes of actual[from, to) that differ from base at the same offsets. */
  differ(actual: Uint8Array, base: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to; i++) if (actual[i] !== base[i]) this.add(i);
  }

  /**
   * The "_armras" object of `actual` against a base of `baseLength` bytes (the bytes past the
   * shorter one already added): {length?, patch?}, or undefined when nothing differs.
   */
  result(actual: Uint8Array, baseLength: number, locate?: (offset: number) => string): Record<string, unknown> | undefined {
    const patch = this.entries(actual, locate);
    const lengthDiffers = baseLength !== actual.length;
    if (patch === undefined && !lengthDiffers) return undefined;
    const out: Record<string, unknown> = {};
    if (lengthDiffers) out.length = actual.length;
    if (patch !== undefined) out.patch = patch;
    return out;
  }

  /** The patch entries (hex from `actual`), or undefined when no byte differs. */
  entries(actual: Uint8Array, locate?: (offset: number) => string): PatchEntry[] | undefined {
    if (this.start < 0) return undefined;
    this.push();
    this.start = -1;
    const k = this.count;
    const first = this.starts[0]!;
    const last = this.ends[k - 1]!;
    // One hex text from the first run's start to the last run's end (one native call), cut per
    // run, when the cost model says it beats printing each run (hexCost).
    let apart = 0;
    for (let r = 0; r < k; r++) apart += hexCost(this.ends[r]! - this.starts[r]!);
    const whole = k > 1 && hexCost(last - first) < apart ? hexRange(actual, first, last) : undefined;
    const out: PatchEntry[] = [];
    for (let r = 0; r < k; r++) {
      const at = this.starts[r]!;
      const end = this.ends[r]!;
      const p: PatchEntry = { offset: at, hex: whole === undefined ? hexOf(actual, at, end) : whole.slice(2 * (at - first), 2 * (end - first)) };
      if (locate) p.field = locate(at);
      out.push(p);
    }
    return out;
  }
}
const DIFF_RUNS = new PatchRuns();

/**
 * The "_armras" member. One-line text prints {length?, patch?: [{offset, hex, field?}]} itself
 * (extraText: its hex and field names without an escape scan); the tree takes the object as it is,
 * and indented text prints it as any value, as does every output for any other shape.
 */
export function writeExtra(out: JsonOut, x: unknown): void {
  const o = x as { length?: unknown; patch?: unknown };
  let plain = out.oneLine && (o.patch === undefined || Array.isArray(o.patch));
  if (plain) for (const k in o) if (k !== "length" && k !== "patch") plain = false;
  if (plain) out.json(EXTRA_KEY, extraText(o as { length?: unknown; patch?: PatchEntry[] }));
  else out.value(EXTRA_KEY, x);
}

/**
 * writeExtra's object as one-line text, built as a few long strings: three pieces per entry (its
 * head with the offset, the hex, its tail with the field name; heads and tails made once and
 * kept flat) instead of eight JsonOut calls (every piece costs its join and its share of the final
 * flattening).
 */
function extraText(o: { length?: unknown; patch?: PatchEntry[] }): string {
  let s = "{";
  const length = o.length === undefined ? undefined : valueText(o.length, "", "");
  if (length !== undefined) s += '"length":' + length;
  const p = o.patch;
  if (p !== undefined) {
    s += length !== undefined ? ',"patch":[' : '"patch":[';
    for (let r = 0; r < p.length; r++) {
      const e = p[r]!;
      s += entryHead(r > 0, e.offset) + e.hex + entryTail(e.field);
    }
    s += "]";
  }
  return s + "}";
}

/** Entry heads '{"offset":N,"hex":"' (first) and ',{"offset":N,"hex":"' (after one) by offset, below HEAD_MAX. */
const HEAD_MAX = 4096;
// Filled up front: an array written at scattered indices would fall back to slow (dictionary) elements.
const HEADS: [(string | undefined)[], (string | undefined)[]] = [new Array<string | undefined>(HEAD_MAX).fill(undefined), new Array<string | undefined>(HEAD_MAX).fill(undefined)];
function entryHead(more: boolean, at: number): string {
  const cached = Number.isInteger(at) && at >= 0 && at < HEAD_MAX;
  const kept = cached ? HEADS[more ? 1 : 0][at] : undefined;
  if (kept !== undefined) return kept;
  const t = (more ? ',{"offset":' : '{"offset":') + (Number.isFinite(at) ? at : "null") + ',"hex":"';
  if (cached) {
    t.charCodeAt(0); // flat once
    HEADS[more ? 1 : 0][at] = t;
  }
  return t;
}

/** Entry tails '","field":"NAME"}' by field name (at most TAIL_MAX kept), '"}' without one. */
const TAILS = new Map<string, string>();
const TAIL_MAX = 1024;
function entryTail(field: string | undefined): string {
  if (field === undefined) return '"}';
  let t = TAILS.get(field);
  if (t === undefined) {
    t = '","field":"' + field + '"}';
    t.charCodeAt(0); // flat once
    if (TAILS.size < TAIL_MAX) TAILS.set(field, t);
  }
  return t;
}

/** `lib` with the "_armras" member last (no spread). */
export function withExtra(lib: Record<string, unknown>, x: unknown): Record<string, unknown> {
  lib[EXTRA_KEY] = x;
  return lib;
}

/** The section object's "_armras" member, if any. */
export function extraOf(o: JsonObj): unknown {
  return Object.prototype.hasOwnProperty.call(o, EXTRA_KEY) ? o[EXTRA_KEY] : undefined;
}

/**
 * `bytes` (what libcper's keys alone encode to) with a section's "_armras" member
 * applied: cut or extended to `length` (bounded by the bytes the patches supply),
 * then patched. Throws JsonPathError naming `path._armras…`.
 */
export function applyExtra(bytes: Uint8Array, extra: unknown, path: string): Uint8Array {
  const at0 = `${path}.${EXTRA_KEY}`;
  const x = obj(extra, at0);
  const patches = x.patch ?? [];
  if (!Array.isArray(patches)) throw new JsonPathError(`${at0}.patch`, "expected an array");
  const parsed = patches.map((p, i) => {
    const pp = obj(p, `${at0}.patch[${i}]`);
    const at = getNum(pp, "offset", `${at0}.patch[${i}]`, 32);
    const hex = pp.hex;
    if (typeof hex !== "string" || !/^([0-9a-f]{2})*$/i.test(hex)) throw new JsonPathError(`${at0}.patch[${i}].hex`, "expected hex bytes");
    return { at, hex, i };
  });
  if (x.length !== undefined) {
    // Every byte past the libcper-derived body is in a patch, so the length is bounded by them.
    const n = getNum(x, "length", at0, 32);
    const covered = parsed.reduce((m, q) => Math.max(m, q.at + q.hex.length / 2), bytes.length);
    if (n > covered) throw new JsonPathError(`${at0}.length`, `length ${n} is beyond the bytes the patches supply (${covered})`);
    const b = new Uint8Array(n);
    b.set(bytes.subarray(0, n));
    bytes = b;
  }
  for (const { at, hex, i } of parsed) {
    if (at + hex.length / 2 > bytes.length) throw new JsonPathError(`${at0}.patch[${i}]`, `patch past the body end (${bytes.length} bytes)`);
    for (let j = 0; j < hex.length / 2; j++) bytes[at + j] = parseInt(hex.slice(2 * j, 2 * j + 2), 16);
  }
  return bytes;
}

// ---- direct patches ------------------------------------------------------------
// A codec that knows statically which bits libcper's JSON keeps feeds each field
// (in byte order) with its value and the value libcper's JSON alone rebuilds; the
// builder emits the same {length?, patch} as patchOf(encode(v), encode(project(v)))
// without encoding either side: the bytes it is fed are kept at their offsets in a
// reused buffer, the runs found by PatchRuns, and the hex printed per run from that
// buffer (a long run by the native encoder, not a byte at a time).

/** A builder's reused parts (a pool: builders may nest, e.g. a codec's patch that projects through another). */
interface BuilderParts {
  runs: PatchRuns;
  bytes: Uint8Array;
  view: DataView;
}
const FREE_PARTS: BuilderParts[] = [];

/** A scratch array of exactly `n` bytes per text size, for a projected text (FieldType.write). */
const TEXT_SCRATCH = new Map<number, [Uint8Array, DataView]>();
function textScratch(n: number): [Uint8Array, DataView] {
  let t = TEXT_SCRATCH.get(n);
  if (t === undefined) {
    const a = new Uint8Array(n);
    t = [a, new DataView(a.buffer)];
    if (TEXT_SCRATCH.size < 64) TEXT_SCRATCH.set(n, t);
  }
  return t;
}

/**
 * What a text field needs of its layout type (layout/types.ts ascii: it encodes, with its errors,
 * one byte per character, so the nonzero bytes of a text are its characters other than NUL).
 */
export interface TextType {
  readonly size: number;
  write(b: Uint8Array, v: DataView, at: number, x: string, field: string): void;
}

export class PatchBuilder<T> {
  private readonly parts: BuilderParts;
  constructor(
    private readonly value: T,
    private readonly locate: ((v: T, offset: number) => string) | undefined,
  ) {
    this.parts = FREE_PARTS.pop() ?? newParts(256);
    this.parts.runs.reset();
  }

  /** Whether an equal byte at `at` may still fall inside a run (within 3 bytes of the open one). */
  private near(at: number): boolean {
    return this.parts.runs.reaches(at);
  }

  /** The buffer, holding at least `end` bytes. */
  private room(end: number): Uint8Array {
    const p = this.parts;
    if (end > p.bytes.length) {
      const grown = new Uint8Array(Math.max(end, 2 * p.bytes.length));
      grown.set(p.bytes);
      p.bytes = grown;
      p.view = new DataView(grown.buffer);
    }
    return p.bytes;
  }

  /** One byte at `at`: `a` actual, differs from the projection when `d`. */
  private byte(at: number, a: number, d: boolean): void {
    this.room(at + 1)[at] = a;
    if (d) this.parts.runs.add(at);
  }

  /** An unsigned little-endian field of `size` (1..4) bytes. */
  int(at: number, size: number, a: number, b: number): void {
    const x = (a ^ b) >>> 0;
    if (x === 0 && !this.near(at)) return;
    const buf = this.room(at + size);
    const runs = this.parts.runs;
    for (let k = 0; k < size; k++) {
      buf[at + k] = (a >>> (8 * k)) & 0xff;
      if (((x >>> (8 * k)) & 0xff) !== 0) runs.add(at + k);
    }
  }

  /** A 64-bit little-endian field. */
  u64(at: number, a: bigint, b: bigint): void {
    if (a === b) {
      if (!this.near(at)) return;
      splitU64(a);
      const lo = lo32();
      const hi = hi32();
      this.int(at, 4, lo, lo);
      this.int(at + 4, 4, hi, hi);
      return;
    }
    // Split into words (arch/bits splitU64: no BigInt arithmetic); a zero projection (a field
    // whose validation bit is clear, the usual case) needs no second split.
    splitU64(a);
    const al = lo32();
    const ah = hi32();
    let bl = 0;
    let bh = 0;
    if (b !== 0n) {
      splitU64(b);
      bl = lo32();
      bh = hi32();
    }
    this.int(at, 4, al, bl);
    this.int(at + 4, 4, ah, bh);
  }

  /** A 64-bit field against a projection below 2^32 given as a number (the masked validation word: no BigInt made). */
  u64Word(at: number, a: bigint, b: number): void {
    splitU64(a);
    const hi = hi32();
    this.int(at, 4, lo32(), b);
    this.int(at + 4, 4, hi, 0);
  }

  /** Bytes kept as they are (no difference), or all different (`differ`: past the projection's end). */
  bytes(at: number, a: Uint8Array, differ: boolean): void {
    if (differ) {
      this.room(at + a.length).set(a, at);
      this.parts.runs.range(at, at + a.length);
      return;
    }
    for (let k = 0; k < a.length; k++) {
      if (!this.near(at + k)) return;
      this.byte(at + k, a[k]!, false);
    }
  }

  /** Bytes against projected bytes of the same length. */
  bytesVs(at: number, a: Uint8Array, b: Uint8Array): void {
    this.room(at + a.length).set(a, at);
    const runs = this.parts.runs;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) runs.add(at + k);
  }

  /**
   * A text field of type `t` against its projected text: nothing to do while they are equal and
   * no run is near; else the text is encoded in place and its bytes compared (against zeros when
   * the projection is empty: the usual case, a field whose validation bit is clear).
   */
  text(at: number, t: TextType, a: string, b: string, field: string): void {
    if (a === b && !this.near(at)) return;
    const buf = this.room(at + t.size);
    t.write(buf, this.parts.view, at, a, field);
    if (a === b) return;
    if (b === "") {
      // Against zeros: the nonzero bytes, which are the text's characters when none is NUL (one
      // native search instead of a scan of the field's bytes).
      if (a.indexOf("\0") < 0) return this.parts.runs.range(at, at + a.length);
      return this.parts.runs.nonzero(buf, at, at + t.size);
    }
    const [eb, vb] = textScratch(t.size);
    t.write(eb, vb, 0, b, field);
    const runs = this.parts.runs;
    for (let k = 0; k < t.size; k++) if (buf[at + k] !== eb[k]) runs.add(at + k);
  }

  /** The "_armras" object (undefined when nothing differs); `length` when the lengths differ. */
  finish(length: number | undefined): Record<string, unknown> | undefined {
    const { runs, bytes } = this.parts;
    const locate = this.locate;
    const patch = runs.entries(bytes, locate === undefined ? undefined : (o) => locate(this.value, o));
    if (FREE_PARTS.length < 8) FREE_PARTS.push(this.parts);
    if (length === undefined && patch === undefined) return undefined;
    const out: Record<string, unknown> = {};
    if (length !== undefined) out.length = length;
    if (patch !== undefined) out.patch = patch;
    return out;
  }
}

function newParts(n: number): BuilderParts {
  const bytes = new Uint8Array(n);
  return { runs: new PatchRuns(), bytes, view: new DataView(bytes.buffer) };
}

// ---- fixed framing structures (json.ts) ----------------------------------------

/** {offset, hex} runs where `actual` differs from `base` (a run continues over one equal byte). */
export function structPatches(actual: Uint8Array, base: Uint8Array): { offset: number; hex: string }[] {
  const out: { offset: number; hex: string }[] = [];
  let i = 0;
  while (i < actual.length) {
    if (actual[i] === base[i]) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < actual.length && (actual[j] !== base[j] || (j + 1 < actual.length && actual[j + 1] !== base[j + 1]))) j++;
    out.push({ offset: i, hex: hexOf(actual, i, j) });
    i = j;
  }
  return out;
}

/** A fixed structure's bytes with the "_armras" patches of the object `r` applied (`what` names it in errors). */
export function applyStructPatches(bytes: Uint8Array, r: JsonReader, what: string): Uint8Array {
  if (!r.has(EXTRA_KEY)) return bytes;
  const x = r.obj(EXTRA_KEY);
  if (!x.has("patch")) return bytes;
  x.arr("patch").forEach((_, i) => {
    const p = x.at(i, "patch");
    const at = p.uint("offset", 32);
    const hex = fromHex(p.str("hex"), `${p.path}.hex`);
    if (at + hex.length > bytes.length) throw new JsonPathError(p.path, `patch runs past the ${what}`);
    bytes.set(hex, at);
  });
  return bytes;
}

// Two scratch bodies for the codecs whose "_armras" patch is a diff of two encodings that never
// leave the call (arm-ras.ts, nvidia-event.ts): grown on demand, zeroed on each use, so a record
// needs no fresh buffers. A caller is done with both before it returns.
let scratchA = new Uint8Array(1024);
let scratchB = new Uint8Array(1024);

/** Scratch body `which` (0 or 1) of `n` zero bytes, valid until the next call with the same `which`. */
export function scratchBody(which: 0 | 1, n: number): Uint8Array {
  // A grown scratch drops its body (so the body below is always over the current scratch: no
  // `.buffer` read, ~28 ns each, per call).
  if (which === 0 && scratchA.length < n) {
    scratchA = new Uint8Array(Math.max((n + 3) & ~3, 2 * scratchA.length));
    wordsA = new Int32Array(scratchA.buffer);
    bodyA = NO_BODY;
  }
  if (which === 1 && scratchB.length < n) {
    scratchB = new Uint8Array(Math.max((n + 3) & ~3, 2 * scratchB.length));
    wordsB = new Int32Array(scratchB.buffer);
    bodyB = NO_BODY;
  }
  // The same array while the length stays (callers key cached views on it: layout/struct.ts).
  let b = which === 0 ? bodyA : bodyB;
  if (b.length !== n || b === NO_BODY) {
    b = (which === 0 ? scratchA : scratchB).subarray(0, n);
    if (which === 0) bodyA = b;
    else bodyB = b;
  }
  b.fill(0);
  return b;
}
/** No body handed out yet (a zero-length body is a real one: NO_BODY is never returned). */
const NO_BODY = new Uint8Array(0);
let bodyA = NO_BODY;
let bodyB = NO_BODY;
// The scratch bodies as 32-bit words (their lengths are multiples of 4), for patchOf's word scan.
let wordsA = new Int32Array(scratchA.buffer);
let wordsB = new Int32Array(scratchB.buffer);

/** Adds to `runs` the bytes of a[0, n) that differ from b, four at a time while the words are equal. */
function diffScratch(runs: PatchRuns, a: Uint8Array, b: Uint8Array, n: number): void {
  const wa = wordsA;
  const wb = wordsB;
  const words = n >>> 2;
  for (let w = 0; w < words; w++) {
    if (wa[w] === wb[w]) continue;
    const at = w << 2;
    for (let k = at; k < at + 4; k++) if (a[k] !== b[k]) runs.add(k);
  }
  for (let k = words << 2; k < n; k++) if (a[k] !== b[k]) runs.add(k);
}
