// Mutations: of bytes (bit flips, byte sets, truncation, splices, huge counts,
// lengths and offsets written over the length/count/offset fields), of text
// (hex dumps: digit runs, stray characters, cut lines) and of JSON documents
// (values replaced by huge, negative, wrong-typed or odd-keyed ones).
import type { Rng } from "./rng.js";

/** 32-bit values that break length/count/offset arithmetic. */
export const INTERESTING_32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 127, 128, 129, 72, 64, 20, 4096, 0x4000000];

/** Bytes mutated 1-4 times; `fields` are offsets of length/count/offset fields to favour. */
export function mutateBytes(rng: Rng, src: Uint8Array, fields: readonly number[] = [], donors: readonly Uint8Array[] = []): Uint8Array {
  let b = src.slice();
  const rounds = 1 + rng.int(4);
  for (let k = 0; k < rounds; k++) {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    switch (rng.int(9)) {
      case 0: // bit flips
        for (let i = 1 + rng.int(8); i > 0 && b.length; i--) b[rng.int(b.length)]! ^= 1 << rng.int(8);
        break;
      case 1: // random bytes
        for (let i = 1 + rng.int(4); i > 0 && b.length; i--) b[rng.int(b.length)] = rng.int(256);
        break;
      case 2: // truncation
        b = b.slice(0, rng.int(b.length + 1));
        break;
      case 3: // a huge or odd value over a known length/count/offset field
      case 4: {
        const at = fields.length && rng.chance(0.7) ? rng.pick(fields) : rng.int(Math.max(1, b.length)) & ~3;
        const v = rng.pick(INTERESTING_32);
        if (at + 4 <= b.length) dv.setUint32(at, v >>> 0, true);
        else if (at + 2 <= b.length) dv.setUint16(at, v & 0xffff, true);
        break;
      }
      case 5: { // 16-bit counts
        const at = fields.length && rng.chance(0.5) ? rng.pick(fields) : rng.int(Math.max(1, b.length));
        if (at + 2 <= b.length) dv.setUint16(at, rng.pick([0, 1, 0xff, 0x100, 0x3ff, 0x7fff, 0xffff]), true);
        break;
      }
      case 6: { // splice in part of another input (or of itself)
        const d = donors.length ? rng.pick(donors) : b;
        const from = rng.int(d.length + 1);
        const part = d.subarray(from, from + rng.int(512));
        const at = rng.int(b.length + 1);
        const out = new Uint8Array(b.length + part.length);
        out.set(b.subarray(0, at));
        out.set(part, at);
        out.set(b.subarray(at), at + part.length);
        b = out;
        break;
      }
      case 7: { // duplicate or delete a block
        const at = rng.int(b.length + 1);
        const len = rng.int(256);
        if (rng.chance(0.5)) b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + len)]);
        else b = Uint8Array.from([...b.subarray(0, at + len), ...b.subarray(at, at + len), ...b.subarray(at + len)]);
        break;
      }
      default: { // a 64-bit all-ones or top-bit value
        const at = rng.int(Math.max(1, b.length)) & ~7;
        if (at + 8 <= b.length) dv.setBigUint64(at, rng.pick([0xffffffffffffffffn, 0x8000000000000000n, 0n]), true);
      }
    }
  }
  return b;
}

const HEX = "0123456789abcdef";

/** Text mutated 1-3 times: characters replaced, inserted or deleted, long digit runs, lines cut or repeated. */
export function mutateText(rng: Rng, src: string): string {
  let t = src;
  const rounds = 1 + rng.int(3);
  for (let k = 0; k < rounds; k++) {
    const at = rng.int(t.length + 1);
    switch (rng.int(8)) {
      case 0:
        t = t.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + t.slice(at + 1);
        break;
      case 1:
        t = t.slice(0, at) + rng.pick(["}", "]", ":", " ", "  ", "\n", "\t", "0x", "|", "-", "\u00e9", "\0"]) + t.slice(at);
        break;
      case 2: {
        // A run of hex digits (the kind that made a backtracking pattern hang), sometimes ending in junk.
        let run = "";
        for (let i = 8 + rng.int(rng.chance(0.1) ? 20000 : 200); i > 0; i--) run += HEX[rng.int(16)];
        t = t.slice(0, at) + run + (rng.chance(0.5) ? "}" : "") + t.slice(at);
        break;
      }
      case 3:
        t = t.slice(0, at) + t.slice(at + 1 + rng.int(40));
        break;
      case 4:
        t = t.slice(0, at);
        break;
      case 5: {
        const lines = t.split("\n");
        const i = rng.int(lines.length);
        lines.splice(i, 0, ...Array(1 + rng.int(3)).fill(lines[i] ?? ""));
        t = lines.join("\n");
        break;
      }
      case 6:
        t = t.slice(0, at) + " ".repeat(1 + rng.int(rng.chance(0.1) ? 10000 : 10)) + t.slice(at);
        break;
      default:
        t = t.slice(0, at) + HEX[rng.int(16)] + t.slice(at + 1);
    }
  }
  return t;
}

type J = null | boolean | number | string | J[] | { [k: string]: J };

const ODD_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "length", "", "_armras"];

function oddValue(rng: Rng, like: J): J {
  switch (rng.int(14)) {
    case 0:
      return 4294967295;
    case 1:
      return -1;
    case 2:
      return 1e300;
    case 3:
      return rng.pick([0, 1, 65535, 65536, 2147483648, 18446744073709551615, 1.5]);
    case 4:
      return null;
    case 5:
      return "x".repeat(rng.pick([0, 1, 20, 21, 40, 1000]));
    case 6:
      return rng.pick(["", "0x", "0xffffffffffffffffff", "-1", "NaN", "e19e3d16-bc11-11e4-9caa-c2051d5d46b0", "a5bc1114-6f64-4ede-b863-3e83ed7c83b1", "00000000-0000-0000-0000-000000000000", "not-a-guid", "2025-13-45T99:99:99+00:00", "AAAA", "!!"]);
    case 7:
      return [];
    case 8:
      return {};
    case 9:
      return typeof like === "number" ? like + rng.pick([-1, 1, 256, 0x10000]) : typeof like === "string" ? like.slice(0, rng.int(like.length + 1)) : true;
    case 10:
      return Array.isArray(like) ? [...like, ...like] : [like];
    case 11:
      return Object.defineProperty({}, rng.pick(ODD_KEYS), { value: like, enumerable: true, writable: true, configurable: true }) as J;
    case 12:
      if (rng.chance(0.05)) return JSON.parse("[".repeat(600) + "]".repeat(600)) as J; // deeper than any reader allows
      return typeof like === "string" ? like + like : (JSON.stringify(like) ?? "x");
    default:
      return !like;
  }
}

/** All paths to values in `v` (objects and arrays included). */
function paths(v: J, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const k of Object.keys(v)) paths(v[k]!, [...at, k], out);
  return out;
}

/** The JSON text of `doc` mutated 1-3 times (structure), or its text mutated (syntax). */
export function mutateJson(rng: Rng, doc: J, text: string): string {
  if (rng.chance(0.1)) return mutateText(rng, text);
  const d = structuredClone(doc);
  let root: J = d;
  let extra = "";
  const rounds = 1 + rng.int(3);
  for (let k = 0; k < rounds; k++) {
    const all = paths(root);
    const p = rng.pick(all);
    if (p.length === 0) {
      if (rng.chance(0.3)) extra = rng.pick(ODD_KEYS);
      else root = oddValue(rng, root);
      continue;
    }
    let parent: J = root;
    for (const s of p.slice(0, -1)) parent = (parent as Record<string, J>)[s as string]!;
    const key = p[p.length - 1]!;
    const obj = parent as Record<string | number, J>;
    switch (rng.int(4)) {
      case 0:
        if (Array.isArray(obj)) obj.splice(key as number, 1);
        else delete obj[key];
        break;
      case 1:
        // defineProperty: an assignment to "__proto__" would set the prototype, not a key.
        if (!Array.isArray(obj)) Object.defineProperty(obj, rng.pick(ODD_KEYS), { value: rng.chance(0.5) ? structuredClone(root) : oddValue(rng, obj[key]!), enumerable: true, writable: true, configurable: true });
        else obj[key] = oddValue(rng, obj[key]!);
        break;
      default:
        obj[key] = oddValue(rng, obj[key]!);
    }
  }
  let out = JSON.stringify(root);
  // A key JSON.stringify cannot produce from an object literal: "__proto__" wrapping the document.
  if (extra) out = `{${JSON.stringify(extra)}: ${out}}`;
  return out;
}
