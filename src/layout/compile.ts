// A struct's field table compiled once to a specialised reader and writer
// (toolchain.md §3: the same table compiled with `new Function` runs at about
// hand-written speed; interpreted, each field is a megamorphic call). The same
// technique as the ESR ISS builder (src/sysregs/esr/iss-layouts.ts).
//
// The source is generated only from our own static declarations: property names
// are emitted as JSON string literals, offsets are checked to be integers, and
// field types are passed in as values (never as text). Input bytes never reach
// the generator. The interpreted walkers in struct.ts stay the reference; the
// tests check compiled == interpreted on random bytes and values.
import { guidFromBytes } from "./guid.js";
import { guid, u16, u32, u64, u8, type FieldType } from "./types.js";

type Table = { readonly name: string; readonly fields: Readonly<Record<string, { readonly at: number; readonly type: FieldType<unknown> }>>; readonly order: readonly string[] };

export type Reader = (bytes: Uint8Array, view: DataView, offset: number) => Record<string, unknown>;
/** Returns false (having possibly written some fields) when a field is missing, so the caller falls back to the interpreted writer. */
export type Writer = (out: Uint8Array, view: DataView, offset: number, value: Record<string, unknown>, path: string) => boolean;

const readers = new WeakMap<object, Reader>();
const writers = new WeakMap<object, Writer>();

function checkedAt(s: Table, k: string): number {
  const at = s.fields[k]!.at;
  if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`${s.name}.${k}: bad offset ${String(at)}`);
  return at;
}

/** An expression reading field i of the table at `o + at` (b: bytes, v: view, T: field types, G: guidFromBytes). */
function readExpr(t: FieldType<unknown>, i: number, at: number): string {
  const o = at === 0 ? "o" : `o + ${at}`;
  if (t === (u8 as FieldType<unknown>)) return `b[${o}]`;
  if (t === (u16 as FieldType<unknown>)) return `v.getUint16(${o}, true)`;
  if (t === (u32 as FieldType<unknown>)) return `v.getUint32(${o}, true)`;
  if (t === (u64 as FieldType<unknown>)) return `v.getBigUint64(${o}, true)`;
  if (t === (guid as FieldType<unknown>)) return `G(b, ${o})`;
  return `T[${i}].read(b, v, ${o})`;
}

/** The compiled reader of s: one object literal, fields in offset order (one hidden class per struct). */
export function compiledReader(s: Table): Reader {
  let r = readers.get(s);
  if (r) return r;
  const types = s.order.map((k) => s.fields[k]!.type);
  const props = s.order.map((k, i) => `${JSON.stringify(k)}: ${readExpr(types[i]!, i, checkedAt(s, k))}`);
  const src = `"use strict"; return function read(b, v, o) { return { ${props.join(", ")} }; };`;
  r = new Function("T", "G", src)(types, guidFromBytes) as Reader;
  readers.set(s, r);
  return r;
}

const MAX = { u8: 0xff, u16: 0xffff, u32: 0xffff_ffff } as const;

/**
 * Statements writing field i: a fast path for values that are certainly valid, and
 * the field type's own write (which throws the typed EncodeError) otherwise.
 */
function writeStmt(t: FieldType<unknown>, i: number, at: number, key: string): string {
  const o = at === 0 ? "o" : `o + ${at}`;
  const generic = `T[${i}].write(b, v, ${o}, x, p + ${JSON.stringify("." + key)})`;
  const get = `x = val[${JSON.stringify(key)}]; if (x === undefined) return false;`;
  let fast: string | undefined;
  if (t === (u8 as FieldType<unknown>)) fast = `if (typeof x === "number" && x >>> 0 === x && x <= ${MAX.u8}) b[${o}] = x;`;
  else if (t === (u16 as FieldType<unknown>)) fast = `if (typeof x === "number" && x >>> 0 === x && x <= ${MAX.u16}) v.setUint16(${o}, x, true);`;
  else if (t === (u32 as FieldType<unknown>)) fast = `if (typeof x === "number" && x >>> 0 === x) v.setUint32(${o}, x, true);`;
  else if (t === (u64 as FieldType<unknown>)) fast = `if (typeof x === "bigint" && x >= 0n && x <= 0xffffffffffffffffn) v.setBigUint64(${o}, x, true);`;
  return fast === undefined ? `${get} ${generic};` : `${get} ${fast} else ${generic};`;
}

/** The compiled writer of s (bounds are checked by the caller). */
export function compiledWriter(s: Table): Writer {
  let w = writers.get(s);
  if (w) return w;
  const types = s.order.map((k) => s.fields[k]!.type);
  const body = s.order.map((k, i) => writeStmt(types[i]!, i, checkedAt(s, k), k));
  const src = `"use strict"; return function write(b, v, o, val, p) { let x; ${body.join("\n")} return true; };`;
  w = new Function("T", src)(types) as Writer;
  writers.set(s, w);
  return w;
}
