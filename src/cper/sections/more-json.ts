// JSON helpers of the non-core section codecs (libcper-compatible output):
// function-style readers naming the JSON path, libcper's enum pairs, and the
// Linux hex dump with the group sizes cper-x86.c uses. Everything the core
// already provides (src/cper/json-helpers.ts, render/hexdump.ts) is re-used.

import { guidToBytes, isGuid } from "../../layout/guid.js";
import { JsonPathError, toUint } from "../json-helpers.js";

export { toUint } from "../json-helpers.js";

export type JsonObj = Record<string, unknown>;

// Shared with the core: the JSON path error (fromJsonResult understands it),
// big-int-safe u64 emission, base64 and libcper's "0x%016llX".
export { JsonPathError } from "../json-helpers.js";
export { jsonInt as jsonU64, toBase64 as b64, hexUpper64 as hex64Upper } from "../json-helpers.js";

// ---- reading JSON with paths ---------------------------------------------

export function obj(v: unknown, path: string): JsonObj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new JsonPathError(path, "expected an object");
  return v as JsonObj;
}

export function has(o: JsonObj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}

export function getObj(o: JsonObj, key: string, path: string): JsonObj {
  const v = o[key];
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as JsonObj;
  return obj(v, `${path}.${key}`);
}

/** An unsigned integer of at most `bits` bits (number, bigint, or decimal/0x string). */
export function getUint(o: JsonObj, key: string, path: string, bits: number): bigint {
  const v = o[key];
  // Fast path: a safe integer that fits (the path text is built only for errors).
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && (bits >= 53 || v < 2 ** bits)) return BigInt(v);
  return toUint(v, `${path}.${key}`, bits);
}

export function getNum(o: JsonObj, key: string, path: string, bits: number): number {
  const v = o[key];
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && (bits >= 53 || v < 2 ** bits)) return v;
  return Number(getUint(o, key, path, Math.min(bits, 53)));
}

export function getBool(o: JsonObj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v === "boolean") return v;
  if (v === 0 || v === 1) return v === 1;
  throw new JsonPathError(`${path}.${key}`, "expected a boolean");
}

export function getGuid(o: JsonObj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== "string" || !isGuid(v)) throw new JsonPathError(`${path}.${key}`, "expected a GUID string");
  const check = new Uint8Array(16);
  guidToBytes(v, check);
  return v.toLowerCase();
}

export function getB64(o: JsonObj, key: string, path: string): Uint8Array {
  const v = o[key];
  if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw new JsonPathError(`${path}.${key}`, "expected base64 text");
  }
  return new Uint8Array(Buffer.from(v, "base64"));
}

/** The integer of a libcper {value,…} or {raw,…} pair, or a bare integer. */
export function getPairValue(o: JsonObj, key: string, path: string, bits: number): number {
  const v = o[key];
  if (typeof v === "object" && v !== null) {
    const p = v as JsonObj;
    if (has(p, "value")) return getNum(p, "value", `${path}.${key}`, bits);
    if (has(p, "raw")) return getNum(p, "raw", `${path}.${key}`, bits);
  }
  return getNum(o, key, path, bits);
}

/** Bytes → fixed-length Uint8Array (padding with zeros, or an error when too long). */
export function fitBytes(b: Uint8Array, n: number, path: string): Uint8Array {
  if (b.length > n) throw new JsonPathError(path, `expected at most ${n} bytes, got ${b.length}`);
  const out = new Uint8Array(n);
  out.set(b);
  return out;
}

// Linux print_hex_dump with any group size: ../render/hexdump.ts (re-exported for the sections that import it here).
export { linuxHexDump } from "../render/hexdump.js";
