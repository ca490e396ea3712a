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

const H2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hexOf(b: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let i = s; i < e; i++) out += H2[b[i]!]!;
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
}

export function withFastJson<T>(c: MoreCodec<T>, fast: FastJson<T> | ((v: T, opts: SectionDecodeOptions) => boolean)): MoreCodec<T> {
  const f: FastJson<T> = typeof fast === "function" ? { lossless: fast } : fast;
  return {
    ...c,
    toJson: (v, opts) => {
      const lib = c.toLibcperJson(v, opts);
      if (f.lossless(v, opts)) return lib;
      const p = f.project?.(v, opts);
      if (p === undefined) return c.toJson(v, opts);
      const x = patchOf(c.encode(v), c.encode(p), f.locate ? (o) => f.locate!(v, o) : undefined);
      return x === undefined ? lib : { ...lib, [EXTRA_KEY]: x };
    },
  };
}

/** The codec with a value-dependent libcper "message". */
export function withMessage<T>(c: MoreCodec<T>, messageOf: (v: T, opts: SectionDecodeOptions) => string): MoreCodec<T> {
  return { ...c, messageOf };
}
