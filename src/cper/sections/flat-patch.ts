// The "_armras" patch of a flat section written field by field: the projection
// libcper's JSON alone rebuilds (fields whose validation bit is clear and reserved
// fields zero, the validation word masked to the printed bits, then the section's
// own adjustments) built on numbers (the validation word's low 32 bits, no BigInt
// per field), and each field (in byte order) fed with its value and its projected
// value to PatchBuilder: the patch equals patchOf(encode(v), encode(projected))
// without encoding either side. declareSection uses it when a declaration sets
// `fieldPatch` (contract.ts); test/cper/flat-projection.test.ts and the direct-patch
// test hold it equal to the generic JSON round trip.
import type { Fields, Struct } from "../../layout/struct.js";
import { PatchBuilder } from "../armras-patch.js";
import { zeroOf } from "./fast-json.js";
import type { Flat } from "./more-codec.js";

/** 0: u8/u16/u32, 1: u64, 2: bytes (reserved / byte arrays). */
type Kind = 0 | 1 | 2;
/** valid: the field's validation bit; -1 none (always kept); -2 reserved (always zero); -3 the validation word. */
interface Step {
  readonly name: string;
  readonly at: number;
  readonly size: number;
  readonly kind: Kind;
  readonly valid: number;
  readonly zero: unknown;
}

/** The field walk of `s` (undefined when a field is text or a GUID, which have no field-by-field patch). */
export function patchSteps<F extends Fields>(s: Struct<F>): readonly Step[] | undefined {
  const steps: Step[] = [];
  for (const k of s.order) {
    const spec = s.fields[k]!;
    const t = spec.type;
    const kind: Kind | undefined = t.kind === "u8" || t.kind === "u16" || t.kind === "u32" ? 0 : t.kind === "u64" ? 1 : t.kind === "reserved" || t.kind === "bytes" ? 2 : undefined;
    if (kind === undefined) return undefined;
    const valid = k === s.validationField ? -3 : t.kind === "reserved" ? -2 : spec.valid === undefined || s.validationField === undefined ? -1 : spec.valid;
    if (valid > 31) return undefined;
    steps.push({ name: k, at: spec.at, size: t.size, kind, valid, zero: zeroOf(t) });
  }
  return steps;
}

type Adjust = ((out: Record<string, unknown>, v: any) => void) | undefined;
/** The compiled walk: projected record, adjust, then one PatchBuilder call per field. */
type Walk = (a: Record<string, unknown>, v: unknown, mask32: number, adjust: Adjust, locate: (v: any, offset: number) => string) => PatchBuilder<unknown>;

const walks = new WeakMap<readonly Step[], Walk>();

/**
 * The walk of `steps` compiled once to straight-line code (as src/layout/compile.ts does for
 * readers and writers: interpreted, each field is a megamorphic keyed access). The source is made
 * only from our own static declarations: names as JSON string literals, offsets and bits checked
 * integers, zero values passed in as values. Input bytes never reach the generator.
 */
function compiledWalk(steps: readonly Step[]): Walk {
  let fn = walks.get(steps);
  if (fn) return fn;
  const int = (x: number): number => {
    if (!Number.isSafeInteger(x)) throw new RangeError(`flat-patch: bad number ${String(x)}`);
    return x;
  };
  const key = (st: Step): string => `a[${JSON.stringify(st.name)}]`;
  const vw = steps.find((st) => st.valid === -3);
  const head = vw === undefined ? "const w = 0;" : `const raw = ${key(vw)}; const w = typeof raw === "bigint" ? Number(BigInt.asUintN(32, raw)) : raw >>> 0;`;
  const props = steps.map((st, i) => {
    const zero = `Z[${i}]`;
    const x = st.valid === -3 ? `typeof raw === "bigint" ? BigInt((w & m) >>> 0) : (w & m) >>> 0` : st.valid === -2 ? zero : st.valid === -1 ? key(st) : `(w >>> ${int(st.valid)}) & 1 ? ${key(st)} : ${zero}`;
    return `${JSON.stringify(st.name)}: ${x}`;
  });
  const calls = steps.map((st) => {
    const k = JSON.stringify(st.name);
    const at = int(st.at);
    return st.kind === 0 ? `p.int(${at}, ${int(st.size)}, a[${k}], b[${k}]);` : st.kind === 1 ? `p.u64(${at}, a[${k}], b[${k}]);` : `p.bytesVs(${at}, a[${k}], b[${k}]);`;
  });
  const src = `"use strict"; return function walk(a, v, m, adjust, locate) { ${head} const b = { ${props.join(", ")} }; if (adjust !== undefined) adjust(b, v); const p = new P(v, locate); ${calls.join(" ")} return p; };`;
  fn = new Function("Z", "P", src)(steps.map((st) => st.zero), PatchBuilder) as Walk;
  walks.set(steps, fn);
  return fn;
}

/**
 * The "_armras" object of a full flat body v (undefined when libcper's JSON carries every byte):
 * `mask32` the validation bits the JSON carries (all below 32), `adjust` the section's own changes
 * to the projected record (contract.ts).
 */
export function flatFieldPatch<F extends Fields, V extends Flat<F>>(
  steps: readonly Step[],
  size: number,
  mask32: number,
  v: V,
  adjust: ((out: Record<string, unknown>, v: Flat<F>) => void) | undefined,
  locate: (v: V, offset: number) => string,
): Record<string, unknown> | undefined {
  const p = compiledWalk(steps)(v.fields as Record<string, unknown>, v, mask32, adjust, locate);
  if (v.trailing.length > 0) p.bytes(size, v.trailing, true);
  return p.finish(v.trailing.length > 0 ? size + v.trailing.length : undefined);
}
