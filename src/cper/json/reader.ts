// Shared JSON helpers for section codecs (libcper-compatible JSON).
//
// Big-integer policy: libcper writes 64-bit fields as bare JSON numbers, which
// JSON.parse rounds above 2^53. armras therefore reads and writes JSON with its
// own functions: integers that fit in a double exactly (|n| <= 2^53-1) are JS
// numbers, wider integers are bigints, and stringifyJson prints bigints as bare
// digits. So a libcper document parsed by parseJson and printed by
// stringifyJson keeps every digit. Use jsonInt() when emitting a u64.

import { decodeError, fail, ok, type Result } from "../../layout/result.js";
import { HEX_BYTE } from "../../arch/bits.js";
import { BASE64_SLICE, HEX_SLICE } from "../../layout/native-text.js";
import { guidToBytes, isGuid } from "../../layout/guid.js";

export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A u64 (or any integer) as libcper's JSON writes it: a number when exact, else a bigint. */
export function jsonInt(v: bigint | number): number | bigint {
  if (typeof v === "number") return v;
  return v <= 9007199254740991n && v >= -9007199254740991n ? Number(v) : v;
}

// ---- stringify -------------------------------------------------------------

// One recursive serializer in JS: it prints bigints as bare digits where they
// are, so no marking pass over the tree is needed, and on our documents (many
// small objects) it runs faster than a marking walk + the native JSON.stringify
// (measured 1.2-1.6x on the libcper memory and ARM records). Output is exactly
// JSON.stringify's for everything else: members whose value is undefined, a
// function or a symbol are skipped (null inside arrays), non-finite numbers print
// as null, toJSON() is honoured, lone surrogates are escaped.

/** Characters a JSON string literal cannot carry raw (quote, backslash, controls, surrogates). */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Whether s holds a character NEEDS_ESCAPE matches. */
function needsEscape(s: string): boolean {
  if (s.length > 24) return NEEDS_ESCAPE.test(s);
  // Short strings (keys, names, GUIDs): a char loop beats the regex call.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

function quote(s: string): string {
  return needsEscape(s) ? JSON.stringify(s) : '"' + s + '"';
}

function skipped(x: unknown): boolean {
  return x === undefined || typeof x === "function" || typeof x === "symbol";
}

/** JSON text; bigints print as bare digits; `indent` 0 for one line (NDJSON). `_consume` is accepted for compatibility (the value is never modified). */
export function stringifyJson(value: unknown, indent = 4, _consume = false): string {
  plainForIn = !objectPrototypePolluted();
  const v = toJsonValue(value, "");
  return skipped(v) ? "null" : indent > 0 ? pretty(v, " ".repeat(Math.min(indent, 10)), "\n") : flat(v);
}

/**
 * The text of one value as it appears inside a document being printed at
 * nesting `ind` ("\n" + spaces; "" with `gap` "" for one line): the same text
 * stringifyJson gives that value there. For JsonOut's text output; undefined when
 * stringifyJson would leave the member out.
 */
export function valueText(value: unknown, gap: string, ind: string): string | undefined {
  plainForIn = !objectPrototypePolluted();
  const v = toJsonValue(value, "");
  if (skipped(v)) return undefined;
  return gap ? pretty(v, gap, ind) : flat(v);
}

/** A string as a JSON literal (escaped only when it must be). */
export { quote as jsonString };

/** What quote(s) prints between its quotes: s itself when nothing needs escaping (no copy). */
export function jsonStringBody(s: string): string {
  return needsEscape(s) ? JSON.stringify(s).slice(1, -1) : s;
}

function toJsonValue(v: unknown, key: string): unknown {
  return typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function" ? (v as { toJSON(k: string): unknown }).toJSON(key) : v;
}

/** Whether for-in over a plain object can be trusted to list only own keys (nobody added enumerable keys to Object.prototype). */
let plainForIn = true;
function objectPrototypePolluted(): boolean {
  for (const _ in {}) return true;
  return false;
}
function plain(o: object): boolean {
  const p: unknown = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null;
}

/** `"key":` per key, cached: our documents use a small fixed vocabulary of keys. */
const KEY_TEXT = new Map<string, string>();
function keyText(k: string): string {
  let t = KEY_TEXT.get(k);
  if (t === undefined) {
    t = quote(k) + ":";
    if (KEY_TEXT.size < 4096) KEY_TEXT.set(k, t);
  }
  return t;
}

function flatMember(s: string, k: string, x: unknown): string {
  if (typeof x === "object" && x !== null) {
    x = toJsonValue(x, k);
    if (skipped(x)) return s;
  } else if (skipped(x)) return s;
  return (s.length > 1 ? s + "," : s) + keyText(k) + flat(x);
}

function flat(v: unknown): string {
  switch (typeof v) {
    case "string":
      return quote(v);
    case "number":
      return Number.isFinite(v) ? "" + v : "null";
    case "bigint":
      return v.toString();
    case "boolean":
      return v ? "true" : "false";
    case "object":
      break;
    default:
      return "null";
  }
  if (v === null) return "null";
  if (Array.isArray(v)) {
    let s = "[";
    for (let i = 0; i < v.length; i++) {
      const x = toJsonValue(v[i], String(i));
      s += (i > 0 ? "," : "") + (skipped(x) ? "null" : flat(x));
    }
    return s + "]";
  }
  const o = v as Record<string, unknown>;
  let s = "{";
  if (plainForIn && plain(o)) {
    for (const k in o) s = flatMember(s, k, o[k]);
  } else {
    for (const k of Object.keys(o)) s = flatMember(s, k, o[k]);
  }
  return s + "}";
}

function pretty(v: unknown, gap: string, ind: string): string {
  if (typeof v !== "object" || v === null) return flat(v);
  const inner = ind + gap;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    let s = "[";
    for (let i = 0; i < v.length; i++) {
      const x = toJsonValue(v[i], String(i));
      s += (i > 0 ? "," : "") + inner + (skipped(x) ? "null" : pretty(x, gap, inner));
    }
    return s + ind + "]";
  }
  const o = v as Record<string, unknown>;
  let s = "{";
  let first = true;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const x = toJsonValue(o[k], k);
    if (skipped(x)) continue;
    s += (first ? "" : ",") + inner + quote(k) + ": " + pretty(x, gap, inner);
    first = false;
  }
  return first ? "{}" : s + ind + "}";
}

// ---- parse -----------------------------------------------------------------

/** Parses JSON text; integers beyond 2^53 become bigints (see the policy above). Errors name the character offset. */
/** The deepest nesting parseJson reads (CPER documents are a few levels deep). */
export const MAX_JSON_DEPTH = 512;

export function parseJson(text: string): Result<Json> {
  let i = 0;
  const n = text.length;
  const err = (msg: string): never => {
    throw new JsonSyntaxError(msg, i);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  // Nesting is bounded (a hand-edited or damaged file of 100000 '[' must not overflow the stack).
  let depth = 0;
  const value = (): Json => {
    ws();
    const c = text[i];
    if ((c === "{" || c === "[") && depth >= MAX_JSON_DEPTH) err(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    if (c === "{" || c === "[") {
      depth++;
      const v = container(c);
      depth--;
      return v;
    }
    return scalar(c);
  };
  const container = (c: string): Json => {
    if (c === "{") {
      i++;
      const o: JsonObject = {};
      ws();
      if (text[i] === "}") {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') err("expected a string key");
        const k = str();
        ws();
        if (text[i] !== ":") err("expected ':'");
        i++;
        // "__proto__" is data like any key (an assignment would set the prototype).
        if (k === "__proto__") Object.defineProperty(o, k, { value: value(), enumerable: true, writable: true, configurable: true });
        else o[k] = value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") {
          i++;
          return o;
        } else err("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const a: Json[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") {
          i++;
          return a;
        } else err("expected ',' or ']'");
      }
    }
    return err("expected '{' or '['");
  };
  const scalar = (c: string | undefined): Json => {
    if (c === '"') return str();
    if (text.startsWith("true", i)) return (i += 4), true;
    if (text.startsWith("false", i)) return (i += 5), false;
    if (text.startsWith("null", i)) return (i += 4), null;
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return err("unexpected character");
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const num = Number(m[0]);
      return Number.isSafeInteger(num) ? num : BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const str = (): string => {
    i++; // opening quote
    let s = "";
    let start = i;
    for (;;) {
      if (i >= n) err("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 34) {
        s += text.slice(start, i);
        i++;
        return s;
      }
      if (c === 92) {
        s += text.slice(start, i);
        const e = text[i + 1];
        if (e === "u") {
          const h = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) err("bad \\u escape");
          s += String.fromCharCode(parseInt(h, 16));
          i += 6;
        } else {
          const map: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
          const r = e === undefined ? undefined : map[e];
          if (r === undefined) err("bad escape");
          s += r;
          i += 2;
        }
        start = i;
        continue;
      }
      if (c < 32) err("control character in string");
      i++;
    }
  };
  try {
    const v = value();
    ws();
    if (i < n) err("trailing characters after the JSON value");
    return ok(v);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return fail(decodeError("bad-input", "json", e.at, `JSON syntax error: ${e.message}`));
    throw e;
  }
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

// ---- reading JSON back (fromJson) -------------------------------------------

/** Thrown inside fromJson implementations; converted to a typed Result by fromJsonResult(). */
export class JsonPathError extends Error {
  override readonly name = "JsonPathError";
  /** What is wrong, without the path (the path is `path`; `message` is both). */
  readonly detail: string;
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.detail = detail;
  }
}

/** Runs a throwing fromJson body and returns a Result whose error names the JSON path. */
export function fromJsonResult<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof JsonPathError) return fail(decodeError("invalid", e.path, 0, e.detail));
    if (e instanceof Error && e.name === "EncodeError") return fail(decodeError("invalid", (e as Error & { field: string }).field, 0, e.message));
    throw e;
  }
}

/** An unsigned integer of at most `bits` bits (number, bigint, decimal/0x string, boolean), naming `path` when refused. */
export function toUint(v: unknown, path: string, bits: number): bigint {
  let x: bigint;
  if (typeof v === "bigint") x = v;
  else if (typeof v === "number" && Number.isInteger(v)) {
    if (!Number.isSafeInteger(v)) throw new JsonPathError(path, "integer beyond 2^53 lost precision; write it as a bigint or a string");
    x = BigInt(v);
  } else if (typeof v === "string" && /^(0x[0-9a-f]+|[0-9]+)$/i.test(v)) x = BigInt(v);
  else if (typeof v === "boolean") x = v ? 1n : 0n;
  else throw new JsonPathError(path, `expected an unsigned integer, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
  if (x < 0n || x >> BigInt(bits) !== 0n) throw new JsonPathError(path, `value ${x} does not fit in ${bits} bits`);
  return x;
}

// ---- reading libcper's JSON -------------------------------------------------------
// The rules JSON in reads libcper's members with, stated once: function-style accessors on an
// object and its path (the hot paths of the declared sections' forms: no cursor object per
// member), and the same rules as JsonReader's lib* methods below (which call these). Every
// error is a JsonPathError naming the member's path.

/** A JSON object as the accessors take it. */
export type JsonObj = Record<string, unknown>;

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
  return fromBase64(v);
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

/** A cursor over a JSON object for fromJson code: typed getters that throw JsonPathError naming the path. */
export class JsonReader {
  constructor(
    readonly value: JsonObject,
    readonly path: string,
  ) {}

  static of(v: unknown, path: string): JsonReader {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new JsonPathError(path, "expected an object");
    return new JsonReader(v as JsonObject, path);
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  raw(key: string): Json | undefined {
    return this.value[key];
  }

  obj(key: string): JsonReader {
    return JsonReader.of(this.value[key], `${this.path}.${key}`);
  }

  optObj(key: string): JsonReader | undefined {
    return this.has(key) ? this.obj(key) : undefined;
  }

  arr(key: string): Json[] {
    const v = this.value[key];
    if (!Array.isArray(v)) throw new JsonPathError(`${this.path}.${key}`, "expected an array");
    return v;
  }

  /** An unsigned integer of at most `bits` bits, as a number (bits <= 53). */
  uint(key: string, bits = 32): number {
    const v = this.value[key];
    const p = `${this.path}.${key}`;
    const x = typeof v === "bigint" ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : undefined;
    if (x === undefined) throw new JsonPathError(p, `expected an integer, got ${v === undefined ? "nothing" : typeof v}`);
    if (x < 0n || x >> BigInt(bits) !== 0n) throw new JsonPathError(p, `${x} does not fit in ${bits} bits`);
    return Number(x);
  }

  optUint(key: string, bits = 32, fallback = 0): number {
    return this.has(key) ? this.uint(key, bits) : fallback;
  }

  /** A 64-bit unsigned integer (number or bigint in the JSON; a "0x…" string also accepted). */
  u64(key: string): bigint {
    const v = this.value[key];
    const p = `${this.path}.${key}`;
    let x: bigint | undefined;
    if (typeof v === "bigint") x = v;
    else if (typeof v === "number" && Number.isInteger(v)) x = BigInt(v);
    else if (typeof v === "string" && /^(0x[0-9a-f]+|\d+)$/i.test(v)) x = BigInt(v);
    if (x === undefined) throw new JsonPathError(p, `expected an integer, got ${v === undefined ? "nothing" : typeof v}`);
    if (x < 0n || x >> 64n !== 0n) throw new JsonPathError(p, `${x} does not fit in 64 bits`);
    return x;
  }

  optU64(key: string, fallback = 0n): bigint {
    return this.has(key) ? this.u64(key) : fallback;
  }

  /**
   * An unsigned integer of at most `bits` bits with libcper-JSON-in rules (the forms' reading,
   * json-forms.ts asInt): a number, bigint, decimal or 0x string, or a boolean; a number past
   * 2^53 is refused as imprecise.
   */
  libU64(key: string, bits = 64): bigint {
    return getUint(this.value, key, this.path, bits);
  }

  /** libU64 as a number (bits <= 53). */
  libUint(key: string, bits: number): number {
    return getNum(this.value, key, this.path, bits);
  }

  /** A boolean, or 0/1 (the forms' reading). */
  libBool(key: string): boolean {
    return getBool(this.value, key, this.path);
  }

  /** A GUID string, lowercased (the forms' reading, json-forms.ts asGuid). */
  libGuid(key: string): string {
    return getGuid(this.value, key, this.path);
  }

  /** Base64 bytes, at most `size` of them, padded with zeros to `size` (the forms' reading, json-forms.ts asBase64). */
  libBase64(key: string, size: number): Uint8Array {
    return fitBytes(getB64(this.value, key, this.path), size, `${this.path}.${key}`);
  }

  /** The integer of a libcper {value,…} or {raw,…} pair, or a bare integer (the forms' reading, json-forms.ts asEnum). */
  libPair(key: string, bits: number): number {
    return getPairValue(this.value, key, this.path, bits);
  }

  bool(key: string): boolean {
    const v = this.value[key];
    if (typeof v !== "boolean") throw new JsonPathError(`${this.path}.${key}`, "expected true or false");
    return v;
  }

  optBool(key: string, fallback = false): boolean {
    return this.has(key) ? this.bool(key) : fallback;
  }

  str(key: string): string {
    const v = this.value[key];
    if (typeof v !== "string") throw new JsonPathError(`${this.path}.${key}`, "expected a string");
    return v;
  }

  optStr(key: string, fallback = ""): string {
    return this.has(key) ? this.str(key) : fallback;
  }

  /** The `value` member of a libcper `{value, name}` enum object under key. */
  enumValue(key: string, bits = 32, valueKey = "value"): number {
    return this.obj(key).uint(valueKey, bits);
  }

  /** Base64 bytes (libcper's "data" members). */
  base64(key: string): Uint8Array {
    const s = this.str(key);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) throw new JsonPathError(`${this.path}.${key}`, "not base64");
    return fromBase64(s);
  }

  guid(key: string): string {
    const s = this.str(key).toLowerCase();
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) throw new JsonPathError(`${this.path}.${key}`, `not a GUID: '${s}'`);
    return s;
  }

  at(index: number, arrKey: string): JsonReader {
    const a = this.arr(arrKey);
    return JsonReader.of(a[index], `${this.path}.${arrKey}[${index}]`);
  }
}

// ---- emitting ----------------------------------------------------------------

/** libcper's fallback name for a value its table lacks (integer_to_readable_pair's default in most sections). */
export const UNKNOWN_RESERVED = "Unknown (Reserved)";

/** libcper's `{value, name}` enum object; unknown values are named "Unknown" unless `unknown` says otherwise. */
export function enumJson(value: number, names: Readonly<Record<number, string>>, nameKey = "name", unknown = "Unknown"): { value: number; [k: string]: string | number } {
  // The common {value, name} shape as a literal (a computed key costs a dictionary-mode object).
  if (nameKey === "name") return { value, name: names[value] ?? unknown };
  return { value, [nameKey]: names[value] ?? unknown };
}

/** The inverse of writeFlags32 (json/writer.ts): the word from libcper's flag object. */
export function flagsFromJson(r: JsonReader, bits: readonly (readonly [name: string, bit: number])[]): number {
  let v = 0;
  for (const [name, bit] of bits) if (r.optBool(name)) v += 2 ** bit;
  return v;
}

/** Whether bit `bit` of a validation word is set. */
export function bitSet(value: number | bigint, bit: number): boolean {
  if (typeof value === "bigint") {
    const m = BIT_MASK[bit];
    return m !== undefined ? (value & m) !== 0n : ((value >> BigInt(bit)) & 1n) === 1n;
  }
  // Same result as the floor/modulo form for 0 <= value < 2^32 (the usual case), without the division.
  if (value >= 0 && value <= 0xffff_ffff && bit >= 0 && bit < 32) return ((value >>> bit) & 1) === 1;
  return Math.floor(value / 2 ** bit) % 2 === 1;
}
/** 1n << n for n = 0..63, built once (a mask per call costs a BigInt allocation). */
const BIT_MASK: readonly bigint[] = Array.from({ length: 64 }, (_, i) => 1n << BigInt(i));

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Two base64 digits for every 12-bit value (a 3-byte group is two lookups). */
const B64_PAIR: readonly string[] = Array.from({ length: 4096 }, (_, i) => B64[i >>> 6]! + B64[i & 63]!);

/**
 * RFC 4648 base64 (libcper's "data" members). Inputs under 16 bytes are encoded here; from 16 bytes
 * on the native encoder is faster, its call included (measured with the text flattened, as it is
 * when printed).
 */
export function toBase64(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n >= 16) return BASE64_SLICE.call(bytes, 0, n);
  let s = "";
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += B64_PAIR[v >>> 12]! + B64_PAIR[v & 4095]!;
  }
  if (i + 1 === n) s += B64_PAIR[bytes[i]! << 4]! + "==";
  else if (i + 2 === n) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    s += B64_PAIR[v >>> 4]! + B64[(v & 15) << 2]! + "=";
  }
  return s;
}

export function fromBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "base64"));
}

/**
 * From this many bytes on, hex is cheaper through the native encoder than through the table.
 * Measured with the text flattened, as it is when printed: the table costs about 15 ns a byte
 * (6 bytes 107 ns, 16 bytes 202 ns), a native call about 140 ns plus under 1 ns a byte.
 */
export const NATIVE_HEX = 10;

/** Lowercase hex of bytes[s, e) by the native encoder. */
export function hexRange(bytes: Uint8Array, s: number, e: number): string {
  return HEX_SLICE.call(bytes, s, e);
}

/** Lowercase hex of the bytes: through the table under NATIVE_HEX bytes, else the native encoder. */
export function toHex(bytes: Uint8Array): string {
  if (bytes.length >= NATIVE_HEX) return HEX_SLICE.call(bytes, 0, bytes.length);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]!]!;
  return out;
}

export function fromHex(s: string, path: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new JsonPathError(path, "not an even-length hex string");
  return new Uint8Array(Buffer.from(s, "hex"));
}

