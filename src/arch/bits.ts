// 64-bit bit-field primitives.
//
// A field is declared once as (msb, lsb) and every constant it needs is
// precomputed when it is declared, never per call (toolchain.md §3: building
// BigInt masks per call halves throughput).
//
// Two representations of a 64-bit value are supported:
//  - bigint: the public API type of every register value;
//  - a pair of uint32 words (lo = bits[31:0], hi = bits[63:32]): the hot path
//    used by the register file's storage (a Uint32Array) and by the ESR codec.
//    Field access on words runs at hundreds of millions of ops/s.

export const MASK64 = (1n << 64n) - 1n;

export interface BitField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  readonly width: number;
  /** Field mask at bit 0, as bigint. */
  readonly valueMask: bigint;
  /** Field mask in place, as bigint. */
  readonly mask: bigint;
  /** ~mask within 64 bits, as bigint. */
  readonly clearMask: bigint;
  readonly shift: bigint;
  /** Field mask in place, split into words (uint32 each). */
  readonly loMask: number;
  readonly hiMask: number;
}

/** Declares a field [msb:lsb]; throws on an impossible range (a programming error). */
export function bitField(name: string, msb: number, lsb: number = msb): BitField {
  if (!Number.isInteger(msb) || !Number.isInteger(lsb) || lsb < 0 || msb > 63 || msb < lsb) {
    throw new RangeError(`bitField ${name}: bad range [${msb}:${lsb}]`);
  }
  const width = msb - lsb + 1;
  const valueMask = (1n << BigInt(width)) - 1n;
  const mask = valueMask << BigInt(lsb);
  return Object.freeze({
    name,
    msb,
    lsb,
    width,
    valueMask,
    mask,
    clearMask: MASK64 & ~mask,
    shift: BigInt(lsb),
    loMask: Number(mask & 0xffff_ffffn) >>> 0,
    hiMask: Number(mask >> 32n) >>> 0,
  });
}

/** value[msb:lsb] as bigint. */
export function extract(value: bigint, f: BitField): bigint {
  return (value & f.mask) >> f.shift;
}

/** value with [msb:lsb] replaced by fieldValue (truncated to the field's width). */
export function insert(value: bigint, f: BitField, fieldValue: bigint): bigint {
  return (value & f.clearMask) | ((fieldValue & f.valueMask) << f.shift);
}

/** Whether fieldValue fits in the field without truncation. */
export function fits(f: BitField, fieldValue: bigint): boolean {
  return fieldValue >= 0n && fieldValue <= f.valueMask;
}

// ---- word-pair (lo, hi) fast path ---------------------------------------

/** The little-endian uint32 at b[at], read from the bytes (no DataView). */
export function u32At(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

// A 64-bit value's two 32-bit words without BigInt arithmetic: stored into a BigUint64Array and
// read back through a Uint32Array over the same bytes (8 ns a split against 24 ns through a
// DataView's setBigUint64/getUint32 and 67 ns through BigInt.asUintN and a shift).
const U64_SLOT = new BigUint64Array(1);
const U64_WORDS = new Uint32Array(U64_SLOT.buffer);
/** Index of the low word in U64_WORDS (the platform's byte order). */
const LO_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** Splits v (taken modulo 2^64, as setBigUint64 takes it) for lo32()/hi32(), which read it until the next split. */
export function splitU64(v: bigint): void {
  U64_SLOT[0] = v;
}
/** Bits 31:0 of the last value split. */
export function lo32(): number {
  return U64_WORDS[LO_WORD]!;
}
/** Bits 63:32 of the last value split. */
export function hi32(): number {
  return U64_WORDS[1 - LO_WORD]!;
}

/** Writes the little-endian uint32 v at b[at] (byte by byte: no DataView, so a small array's buffer is never made). */
export function putU32At(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = v >>> 24;
}

/** Field of a word pair as a number. Fields wider than 32 bits lose nothing up to 53 bits. */
export function extractWords(lo: number, hi: number, f: BitField): number {
  const l = f.lsb;
  // `>>>` already yields an unsigned value: no trailing `>>> 0` (it costs ~2x here).
  if (f.msb < 32) return (lo & f.loMask) >>> l;
  if (l >= 32) return (hi & f.hiMask) >>> (l - 32);
  // Crosses bit 32: high part from hi, low part from lo.
  return ((hi & f.hiMask) >>> 0) * 2 ** (32 - l) + ((lo & f.loMask) >>> l);
}

/** Low word after inserting fieldValue into the field (the part of the field below bit 32). */
export function insertLo(lo: number, f: BitField, fieldValue: number): number {
  return insertLoI32(lo, f, fieldValue) >>> 0;
}

/** High word after inserting fieldValue into the field (the part of the field at or above bit 32). */
export function insertHi(hi: number, f: BitField, fieldValue: number): number {
  return insertHiI32(hi, f, fieldValue) >>> 0;
}

/**
 * insertLo for in-place chains: returns the word as an int32 bit pattern (what a
 * Uint32Array stores; apply `>>> 0` to read it as unsigned). Staying in int32 lets
 * V8 keep the word in a register instead of boxing values >= 2^31 (about 5x faster).
 */
export function insertLoI32(lo: number, f: BitField, fieldValue: number): number {
  if (f.lsb >= 32) return lo | 0;
  // `<<` takes fieldValue modulo 2^32 (exact for integers below 2^53), which keeps every bit that lands below bit 32.
  return (lo & ~f.loMask) | ((fieldValue << f.lsb) & f.loMask);
}

/** insertHi for in-place chains (int32 bit pattern, see insertLoI32). */
export function insertHiI32(hi: number, f: BitField, fieldValue: number): number {
  if (f.msb < 32) return hi | 0;
  const shifted = f.lsb >= 32 ? fieldValue << (f.lsb - 32) : Math.floor(fieldValue / 2 ** (32 - f.lsb));
  return (hi & ~f.hiMask) | (shifted & f.hiMask);
}

/**
 * Inserts fieldValue into the word pair stored at w[i] (bits [31:0]) and w[i+1]
 * (bits [63:32]), in place: the register file's storage layout. Touches only the
 * word(s) the field occupies.
 */
export function insertInPlace(w: Uint32Array, i: number, f: BitField, fieldValue: number): void {
  const l = f.lsb;
  if (f.msb < 32) {
    w[i] = (w[i]! & ~f.loMask) | ((fieldValue << l) & f.loMask);
    return;
  }
  if (l >= 32) {
    w[i + 1] = (w[i + 1]! & ~f.hiMask) | ((fieldValue << (l - 32)) & f.hiMask);
    return;
  }
  w[i] = (w[i]! & ~f.loMask) | ((fieldValue << l) & f.loMask);
  w[i + 1] = (w[i + 1]! & ~f.hiMask) | (Math.floor(fieldValue / 2 ** (32 - l)) & f.hiMask);
}

/** extractWords on the word pair stored at w[i], w[i+1]. */
export function extractInPlace(w: Uint32Array, i: number, f: BitField): number {
  return extractWords(w[i]!, w[i + 1]!, f);
}

export function toWords(value: bigint): [lo: number, hi: number] {
  splitU64(value);
  return [lo32(), hi32()];
}

export function fromWords(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

// ---- formatting and parsing ---------------------------------------------

/**
 * Decimal digits of the unsigned 64-bit value hi:lo (two uint32 words), in
 * double arithmetic only (no BigInt): 2^32 = 429496 * 10^4 + 7296, so
 * hi * 2^32 + lo = (hi * 429496 + q) * 10^4 + r with every product below 2^53.
 */
export function u64Decimal(lo: number, hi: number): string {
  if (hi < 0x20_0000) return "" + (hi * 0x1_0000_0000 + lo);
  const p = hi * 7296 + lo; // < 2^45
  const q = Math.floor(p / 10000);
  const r = p - q * 10000;
  const top = hi * 429496 + q; // < 2^51
  return "" + top + (r < 10 ? "000" : r < 100 ? "00" : r < 1000 ? "0" : "") + r;
}

/** 0x-prefixed lowercase hex, zero-padded to `digits` (default: no padding). */
export function hex(value: bigint | number, digits = 0): string {
  return "0x" + hexDigits(value, digits);
}

/** Lowercase hex without a prefix, zero-padded to `digits` (printf's %0Nx). */
export function hexDigits(value: bigint | number, digits = 0): string {
  return value.toString(16).padStart(digits, "0");
}

/** The two hex digits of every byte value, for hex dumps and GUIDs. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Character codes of the hex digits 0-f and 0-F, for texts made by one String.fromCharCode call. */
export const HEX_LOWER_CODES: readonly number[] = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
export const HEX_UPPER_CODES: readonly number[] = Array.from("0123456789ABCDEF", (c) => c.charCodeAt(0));

export type ParsedInt = { ok: true; value: bigint } | { ok: false; error: string };

/**
 * Parses a user-given integer: decimal, or hex with 0x (also a bare hex string
 * containing a-f), underscores allowed as separators. Rejects values wider than
 * `maxBits` (default 64) and negative values.
 */
export function parseUnsigned(text: string, maxBits = 64): ParsedInt {
  const t = text.trim().replace(/_/g, "").toLowerCase();
  let value: bigint;
  if (/^0x[0-9a-f]+$/.test(t)) value = BigInt(t);
  else if (/^[0-9]+$/.test(t)) value = BigInt(t);
  else if (/^[0-9a-f]+$/.test(t)) value = BigInt("0x" + t);
  else return { ok: false, error: `not a number: '${text}'` };
  if (value >> BigInt(maxBits) !== 0n) return { ok: false, error: `'${text}' is wider than ${maxBits} bits` };
  return { ok: true, value };
}
