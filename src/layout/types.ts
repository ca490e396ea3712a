// Primitive field types of a binary layout. Every multi-byte integer is
// little-endian (UEFI 2.10 §1.8.1, ACPI 6.5 §5.2: "all numeric values are
// little-endian"). Each type has the same three operations: read, write, size
// (foliojs/restructure's contract), and a `kind` for renderers and linters.

import { LATIN1_SLICE, LATIN1_WRITE, type Latin1Writer } from "./native-text.js";
import { copyOf } from "./copy.js";
import { EncodeError } from "./result.js";
import { guidFromBytes, guidToBytes } from "./guid.js";

export interface FieldType<T> {
  readonly kind: "u8" | "u16" | "u32" | "u64" | "guid" | "bytes" | "ascii" | "reserved";
  readonly size: number;
  read(bytes: Uint8Array, view: DataView, offset: number): T;
  /** Writes value; throws EncodeError(field, …) when it does not fit. */
  write(bytes: Uint8Array, view: DataView, offset: number, value: T, field: string): void;
}

export type ValueOf<F> = F extends FieldType<infer T> ? T : never;

function checkInt(v: unknown, max: number, field: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
    throw new EncodeError(field, `expected an integer 0..${max}, got ${typeof v === "number" ? v : typeof v}`);
  }
  return v;
}

export const u8: FieldType<number> = {
  kind: "u8",
  size: 1,
  read: (b, _v, o) => b[o]!,
  write: (b, _v, o, x, f) => void (b[o] = checkInt(x, 0xff, f)),
};

export const u16: FieldType<number> = {
  kind: "u16",
  size: 2,
  read: (_b, v, o) => v.getUint16(o, true),
  write: (_b, v, o, x, f) => v.setUint16(o, checkInt(x, 0xffff, f), true),
};

export const u32: FieldType<number> = {
  kind: "u32",
  size: 4,
  read: (_b, v, o) => v.getUint32(o, true),
  write: (_b, v, o, x, f) => v.setUint32(o, checkInt(x, 0xffff_ffff, f), true),
};

export const u64: FieldType<bigint> = {
  kind: "u64",
  size: 8,
  read: (_b, v, o) => v.getBigUint64(o, true),
  write: (_b, v, o, x, f) => {
    if (typeof x !== "bigint" || x < 0n || x >> 64n !== 0n) throw new EncodeError(f, "expected a 64-bit unsigned bigint");
    v.setBigUint64(o, x, true);
  },
};

export const guid: FieldType<string> = {
  kind: "guid",
  size: 16,
  read: (b, _v, o) => guidFromBytes(b, o),
  write: (b, _v, o, x, f) => {
    if (typeof x !== "string" || !guidToBytes(x, b, o)) throw new EncodeError(f, `expected a GUID string, got ${String(x)}`);
  },
};

function fixedBytes(kind: "bytes" | "reserved", n: number): FieldType<Uint8Array> {
  return {
    kind,
    size: n,
    // A copy, so a decoded tree never aliases (and never pins) the input buffer.
    read: (b, _v, o) => copyOf(b, o, o + n),
    write: (b, _v, o, x, f) => {
      if (!(x instanceof Uint8Array) || x.length !== n) throw new EncodeError(f, `expected ${n} bytes`);
      b.set(x, o);
    },
  };
}

/** n opaque bytes, kept verbatim. */
export function bytes(n: number): FieldType<Uint8Array> {
  return fixedBytes("bytes", n);
}

/** n reserved bytes: kept verbatim on decode (real producers put data there), zeros by default on encode. */
export function reserved(n: number): FieldType<Uint8Array> {
  return fixedBytes("reserved", n);
}

const UTF8_IN = new TextDecoder();
const UTF8_OUT = new TextEncoder();
/** Texts at least this long are encoded by a native writer (shorter ones: a loop is cheaper). */
const LONG_TEXT = 16;
/** A character ascii() cannot write (past U+00FF). */
const NOT_LATIN1 = /[^\x00-\xff]/;
/** V8 keeps a join shorter than this flat (a copy); a longer one becomes a tree printing flattens again. */
const FLAT_JOIN = 13;
/** Up to this length a text is made by one fromCharCode call over a reused argument list. */
const APPLY_MAX = 256;
/** Plain arrays of each length up to APPLY_MAX, reused as fromCharCode's argument lists (made on first use). */
const ARGS: number[][] = [];

/** From this length on, Node's native Latin-1 printer beats fromCharCode (32 bytes 111 against 127 ns, 128 bytes 126 against 370). */
const NATIVE_LATIN1 = 32;

/**
 * Bytes [s, e) as Latin-1 characters (one character per byte, exactly). Measured per 20-byte text
 * (a FRU text): one fromCharCode call over a reused plain array 65-70 ns, TextDecoder 130-150 ns
 * (and right only for 7-bit bytes), apply over the typed array 130-200 ns, a loop of joins 200 ns.
 * Longer texts go to Node's own printer where there is one (native-text.ts).
 */
function latin1Text(b: Uint8Array, s: number, e: number): string {
  if (e - s >= NATIVE_LATIN1 && LATIN1_SLICE !== undefined) return LATIN1_SLICE.call(b, s, e);
  return latin1TextJs(b, s, e);
}

/** latin1Text without Node's printer (the page's path, and Node's for short texts). */
export function latin1TextJs(b: Uint8Array, s: number, e: number): string {
  const n = e - s;
  if (n < FLAT_JOIN) {
    let t = "";
    for (let i = s; i < e; i++) t += String.fromCharCode(b[i]!);
    return t;
  }
  if (n <= APPLY_MAX) {
    let a = ARGS[n];
    if (a === undefined) ARGS[n] = a = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) a[i] = b[s + i]!;
    return String.fromCharCode.apply(null, a);
  }
  let high = false;
  for (let i = s; i < e && !high; i++) high = b[i]! > 0x7f;
  // 7-bit bytes read the same as UTF-8; otherwise one character per byte through apply.
  return high ? String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]) : UTF8_IN.decode(b.subarray(s, e));
}

/**
 * ascii's encoding: text `x` at b[o, o + n) one byte per character (Latin-1), NUL-padded; an
 * EncodeError naming field `f` when it is longer than n or has a character past U+00FF. `native`
 * is Node's Latin-1 writer where present (native-text.ts); null takes the page's path.
 */
export function writeLatin1(b: Uint8Array, o: number, n: number, x: unknown, f: string, native: Latin1Writer | null = LATIN1_WRITE ?? null): void {
  if (typeof x !== "string" || x.length > n) throw new EncodeError(f, `expected at most ${n} characters`);
  if (x.length >= LONG_TEXT) {
    // Node's Latin-1 writer once no character is past U+00FF (a regular-expression test): 128
    // characters 75 ns against 138 through the UTF-8 encoder.
    if (native !== null) {
      if (!NOT_LATIN1.test(x)) {
        native.call(b, x, o, x.length);
        b.fill(0, o + x.length, o + n);
        return;
      }
    } else {
      // 7-bit text (nearly all): the native encoder writes it; one UTF-8 byte per character proves it.
      const r = UTF8_OUT.encodeInto(x, b.subarray(o, o + n));
      if (r.read === x.length && r.written === x.length) {
        b.fill(0, o + x.length, o + n);
        return;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const c = i < x.length ? x.charCodeAt(i) : 0;
    if (c > 0xff) throw new EncodeError(f, "character outside Latin-1");
    b[o + i] = c;
  }
}

/**
 * n bytes of ASCII text, NUL-padded. Decoding keeps every byte (as Latin-1
 * characters) up to the trailing NULs, so text with embedded NULs or high bytes
 * re-encodes byte for byte.
 */
export function ascii(n: number): FieldType<string> {
  return {
    kind: "ascii",
    size: n,
    read: (b, _v, o) => {
      let end = o + n;
      while (end > o && b[end - 1] === 0) end--;
      return latin1Text(b, o, end);
    },
    write: (b, _v, o, x, f) => writeLatin1(b, o, n, x, f),
  };
}

/**
 * A fixed-size sub-structure decoded as its own record of fields (e.g. the CPER
 * BCD timestamp). Declared with the same `struct()` table as any layout.
 */
export function nested<T>(size: number, read: (b: Uint8Array, v: DataView, o: number) => T, write: (b: Uint8Array, v: DataView, o: number, x: T, f: string) => void): FieldType<T> {
  return { kind: "bytes", size, read, write };
}
