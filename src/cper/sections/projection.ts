// The value-level projection of a flat section: what a libcper JSON that prints each field in
// full exactly when its validation bit is set rebuilds (fields whose bit is clear and reserved
// fields become zero, validation bits outside the printed ones are dropped, trailing bytes are
// lost), with zero values and structural equality. contract.ts states the same rules at byte
// level (its default path); these remain the reference the tests compare it with, and the path
// for short bodies. test/cper/flat-projection.test.ts checks every codec against the generic
// JSON round trip.
import { NO_BYTES } from "../../layout/copy.js";
import type { Decoded, Fields, Struct } from "../../layout/struct.js";
import type { FieldType } from "../../layout/types.js";
import type { Flat } from "./body.js";

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
  return { fields: out as Decoded<Struct<F>>, trailing: NO_BYTES };
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

