// A fixed-size structure declared once as data: field offsets as the spec
// writes them, and the type of the decoded value inferred from the declaration
// (iwoplaza/typed-binary's idea). decode, encode, size and the layout self-check
// all walk the same ordered field table.

import type { BitField } from "../arch/bits.js";
import { copyOf, ON_HEAP_BYTES } from "./copy.js";
import { decodeError, EncodeError, fail, ok, type Result } from "./result.js";
import type { FieldType, ValueOf } from "./types.js";
import { compiledReader, compiledWriter } from "./compile.js";

export interface FieldSpec<T = unknown> {
  /** Byte offset from the start of the structure. */
  readonly at: number;
  readonly type: FieldType<T>;
  /** Bit index in the structure's validation-bits field that says this field is valid. */
  readonly valid?: number;
  /** Names of values (enumerations), for renderers. */
  readonly values?: Readonly<Record<number, string>>;
  /** Named bit fields inside an integer field, for renderers and linters. */
  readonly bits?: Readonly<Record<string, BitField>>;
  readonly doc?: string;
  /**
   * How the field appears in the section's JSON (libcper's member key and the
   * form of its value); read by src/cper/sections/contract.ts, opaque here.
   */
  readonly json?: FieldJson;
}

/** A field's JSON member: its key; the rest (form, text label) belongs to the layer that prints it. */
export interface FieldJson {
  readonly key: string;
}

export type Fields = Readonly<Record<string, FieldSpec<any>>>;

export type Decoded<S> = S extends Struct<infer F> ? { -readonly [K in keyof F]: ValueOf<F[K]["type"]> } : never;

export interface Struct<F extends Fields = Fields> {
  readonly name: string;
  readonly size: number;
  readonly fields: F;
  /** Field keys in offset order. */
  readonly order: readonly (keyof F & string)[];
  /** The field whose bits say which other fields are valid, if any. */
  readonly validationField?: keyof F & string;
  /** Spec reference, e.g. "UEFI 2.10 N.2.5". */
  readonly spec?: string;
}

export function field<T>(at: number, type: FieldType<T>, extra: Omit<FieldSpec<T>, "at" | "type"> = {}): FieldSpec<T> {
  return { at, type, ...extra };
}

export function struct<F extends Fields>(
  name: string,
  size: number,
  fields: F,
  opts: { validationField?: keyof F & string; spec?: string } = {},
): Struct<F> {
  const order = (Object.keys(fields) as (keyof F & string)[]).sort((a, b) => fields[a]!.at - fields[b]!.at);
  return Object.freeze({ name, size, fields, order, ...opts });
}

/** Layout problems: gaps, overlaps, fields past the end (used by tests as a self-check). */
export function checkLayout(s: { readonly name: string; readonly size: number; readonly fields: Fields; readonly order: readonly string[] }): string[] {
  const problems: string[] = [];
  let next = 0;
  for (const k of s.order) {
    const f = s.fields[k]!;
    if (f.at > next) problems.push(`${s.name}: gap of ${f.at - next} byte(s) before ${k} at 0x${f.at.toString(16)}`);
    if (f.at < next) problems.push(`${s.name}: ${k} at 0x${f.at.toString(16)} overlaps the previous field`);
    next = Math.max(next, f.at + f.type.size);
  }
  if (next !== s.size) problems.push(`${s.name}: fields end at ${next}, declared size is ${s.size}`);
  return problems;
}

/** A fresh DataView over exactly `bytes` (for writing: written arrays are cached by writeView). */
function freshView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// The last two read views made, by array and by bytes (two: a record's and its section body's),
// with their offsets and lengths as plain numbers (a DataView's own getters are calls).
let readArrA: Uint8Array | undefined;
let readBufA: ArrayBufferLike | undefined;
let readOffA = 0;
let readLenA = 0;
let readViewA: DataView | undefined;
let readArrB: Uint8Array | undefined;
let readBufB: ArrayBufferLike | undefined;
let readOffB = 0;
let readLenB = 0;
let readViewB: DataView | undefined;

/**
 * A DataView over exactly `bytes`, for readStruct; the last two made are reused for the same array
 * or the same bytes (a DataView costs ~80 ns to make, `.buffer` ~28 ns to read; a stream reads
 * its records through one chunk array, and a record's sections are views into the record).
 */
export function viewOf(bytes: Uint8Array): DataView {
  if (bytes === readArrA) return readViewA!;
  if (bytes === readArrB) return readViewB!;
  const buf = bytes.buffer;
  const off = bytes.byteOffset;
  const len = bytes.byteLength;
  if (buf === readBufA && off === readOffA && len === readLenA) {
    readArrA = bytes;
    return readViewA!;
  }
  if (buf === readBufB && off === readOffB && len === readLenB) {
    readArrB = bytes;
    return readViewB!;
  }
  readArrB = readArrA;
  readBufB = readBufA;
  readOffB = readOffA;
  readLenB = readLenA;
  readViewB = readViewA;
  readArrA = bytes;
  readBufA = buf;
  readOffA = off;
  readLenA = len;
  return (readViewA = new DataView(buf, off, len));
}

// A scratch buffer small arrays are read through (their bytes copied in), so a small array's
// buffer is never materialised.
const SMALL = new Uint8Array(new ArrayBuffer(ON_HEAP_BYTES));
const SMALL_VIEW = new DataView(SMALL.buffer);

/**
 * A view reading the same bytes at the same offsets as `bytes`, for readStruct: for an array of
 * up to ON_HEAP_BYTES, over a copy in a scratch buffer (valid until the next call: readStruct
 * reads synchronously and calls nothing that reads).
 */
export function readView(bytes: Uint8Array): DataView {
  if (bytes.length > ON_HEAP_BYTES) return viewOf(bytes);
  SMALL.set(bytes);
  return SMALL_VIEW;
}

/**
 * The view of `out`, reused while callers write into the same arrays in turn (the two scratch
 * bodies of the "_armras" patches, which hand out the same array while the length stays: two views,
 * not one per structure written). An array's buffer, offset and length never change, so the array
 * itself is the key.
 */
let arrA: Uint8Array | undefined;
let viewA: DataView | undefined;
let arrB: Uint8Array | undefined;
let viewB: DataView | undefined;
function writeView(out: Uint8Array): DataView {
  if (out === arrA) return viewA!;
  if (out === arrB) return viewB!;
  arrB = arrA;
  viewB = viewA;
  arrA = out;
  return (viewA = freshView(out));
}

/** Decodes s at offset; a truncated input is an error naming the first field that does not fit. */
export function decodeStruct<F extends Fields>(s: Struct<F>, bytes: Uint8Array, offset = 0, path = s.name): Result<Decoded<Struct<F>>> {
  if (offset + s.size > bytes.length) {
    const missing = s.order.find((k) => offset + s.fields[k]!.at + s.fields[k]!.type.size > bytes.length) ?? s.order[0]!;
    return fail(
      decodeError("truncated", `${path}.${missing}`, offset + s.fields[missing]!.at, `${s.name} needs ${s.size} bytes, ${Math.max(0, bytes.length - offset)} available`),
    );
  }
  return ok(readStruct(s, bytes, viewOf(bytes), offset));
}

/** Decodes s where the caller has checked the bounds (hot path; the table compiled once, see compile.ts). */
export function readStruct<F extends Fields>(s: Struct<F>, bytes: Uint8Array, view: DataView, offset: number): Decoded<Struct<F>> {
  return compiledReader(s)(bytes, view, offset) as Decoded<Struct<F>>;
}

/** readStruct by walking the field table (the reference the compiled reader is tested against). */
export function readStructInterpreted<F extends Fields>(s: Struct<F>, bytes: Uint8Array, view: DataView, offset: number): Decoded<Struct<F>> {
  const out: Record<string, unknown> = {};
  for (const k of s.order) {
    const f = s.fields[k]!;
    out[k] = f.type.read(bytes, view, offset + f.at);
  }
  return out as Decoded<Struct<F>>;
}

/**
 * Decodes the fields that fit in `available` bytes (tolerant decoding of short
 * real-world structures, e.g. 73-byte memory sections). Returns the decoded
 * fields and the names of those that did not fit.
 */
export function decodePartial<F extends Fields>(
  s: Struct<F>,
  bytes: Uint8Array,
  offset: number,
  available: number,
): { value: Partial<Decoded<Struct<F>>>; missing: (keyof F & string)[] } {
  const view = viewOf(bytes);
  const limit = Math.min(bytes.length, offset + available);
  const out: Record<string, unknown> = {};
  const missing: (keyof F & string)[] = [];
  for (const k of s.order) {
    const f = s.fields[k]!;
    if (offset + f.at + f.type.size <= limit) out[k] = f.type.read(bytes, view, offset + f.at);
    else missing.push(k);
  }
  return { value: out as Partial<Decoded<Struct<F>>>, missing };
}

/** Writes value into out at offset. Missing reserved fields are written as zeros. */
export function writeStruct<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>> | Partial<Decoded<Struct<F>>>, out: Uint8Array, offset = 0, path = s.name): void {
  if (offset + s.size > out.length) throw new EncodeError(path, `needs ${s.size} bytes at offset ${offset}`);
  const view = writeView(out);
  // Compiled fast path; a missing field (reserved → zeros, else an error) takes the interpreted walk.
  if (compiledWriter(s)(out, view, offset, value as Record<string, unknown>, path)) return;
  writeFields(s, value, out, view, offset, path);
}

/** writeStruct by walking the field table (the reference the compiled writer is tested against). */
export function writeStructInterpreted<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>> | Partial<Decoded<Struct<F>>>, out: Uint8Array, offset = 0, path = s.name): void {
  if (offset + s.size > out.length) throw new EncodeError(path, `needs ${s.size} bytes at offset ${offset}`);
  writeFields(s, value, out, freshView(out), offset, path);
}

function writeFields<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>> | Partial<Decoded<Struct<F>>>, out: Uint8Array, view: DataView, offset: number, path: string): void {
  const v = value as Record<string, unknown>;
  for (const k of s.order) {
    const f = s.fields[k]!;
    const x = v[k];
    if (x === undefined) {
      if (f.type.kind === "reserved" || f.type.kind === "bytes") {
        out.fill(0, offset + f.at, offset + f.at + f.type.size);
        continue;
      }
      throw new EncodeError(`${path}.${k}`, "missing");
    }
    f.type.write(out, view, offset + f.at, x as never, `${path}.${k}`);
  }
}

/** Structures up to this size are encoded in a scratch buffer and copied out (copyOf: a slice or a slab view). */
const ENCODE_SCRATCH_BYTES = 1024;
const ENCODE_SCRATCH = new Uint8Array(ENCODE_SCRATCH_BYTES);
let encodeBody = ENCODE_SCRATCH.subarray(0, 0);

/**
 * The s.size bytes of value. Written in a scratch buffer and copied out: a fresh array of up to 64
 * bytes would need its buffer made for the DataView, a longer one its own ArrayBuffer (copy.ts).
 */
export function encodeStruct<F extends Fields>(s: Struct<F>, value: Decoded<Struct<F>> | Partial<Decoded<Struct<F>>>): Uint8Array {
  if (s.size > ENCODE_SCRATCH_BYTES) {
    const out = new Uint8Array(s.size);
    writeStruct(s, value, out, 0);
    return out;
  }
  // The same array while the size stays (writeStruct keys its cached view on the array).
  if (encodeBody.length !== s.size) encodeBody = ENCODE_SCRATCH.subarray(0, s.size);
  encodeBody.fill(0);
  writeStruct(s, value, encodeBody, 0);
  return copyOf(encodeBody, 0, s.size);
}

/** Whether the field's validation bit is set (fields without one are always valid). */
export function isFieldValid<F extends Fields>(s: Struct<F>, value: Partial<Decoded<Struct<F>>>, key: keyof F & string): boolean {
  const bit = s.fields[key]!.valid;
  if (bit === undefined || s.validationField === undefined) return true;
  const vb = (value as Record<string, unknown>)[s.validationField];
  if (typeof vb === "bigint") return ((vb >> BigInt(bit)) & 1n) === 1n;
  if (typeof vb === "number") return Math.floor(vb / 2 ** bit) % 2 === 1;
  return false;
}
