// Every codec with a fast "_armras" path (libcper-codec.ts: a projection, direct patches or the byte-level diff) gives the
// same JSON as the generic path it replaces (encode(fromLib(toLib(v))) diffed against the bytes),
// on random bodies of every length around its structure (junk in fields whose validation bit is
// clear, reserved bytes, trailing bytes, short bodies), and on the libcper oracle's records.
import { expect } from "chai";
import fc from "fast-check";
import "../../src/cper/index.js";
import { registeredSections } from "../../src/cper/registry.js";
import { parseJson, stringifyJson } from "../../src/cper/json/reader.js";
import { DEFAULT_SECTION_OPTIONS, type SectionCodec } from "../../src/cper/section-api.js";
import type { LibcperCodec } from "../../src/cper/sections/libcper-codec.js";
import { HAVE_ORACLE, oracleRecords, oracleTypes } from "./oracle/libcper-oracle.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPath } from "../helpers.js";

const byteArb = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 }));

/** Bytes biased towards printable text, NUL and 0xff (strings, reserved bytes). */
const textByte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x20, max: 0x7e }), byteArb);
const le = (n: number, size: number): number[] => Array.from({ length: size }, (_, i) => Math.floor(n / 256 ** i) % 256);

// Codec-specific generators for bodies random bytes rarely reach.
const STRUCTURED: Record<string, fc.Arbitrary<Uint8Array>> = {
  // NVIDIA event: header, info (CPU 29 / GPU 13 bytes or odd sizes), contexts of every data format.
  "nvidia-event": fc
    .tuple(
      fc.constantFrom(0, 1, 1, 7),
      fc.array(textByte, { minLength: 32, maxLength: 32 }),
      fc.constantFrom(0x0100, 0x0200, 0x0101, 0x0000),
      fc.constantFrom(3, 16, 32, 40),
      fc.array(
        fc.tuple(fc.constantFrom(0, 1, 2, 3, 4, 0x8000, 0x8001, 0x8002, 9), fc.integer({ min: 0, max: 260 }), fc.integer({ min: -6, max: 6 }), fc.integer({ min: 0, max: 20 }), fc.array(textByte, { minLength: 0, maxLength: 280 }), fc.array(byteArb, { minLength: 4, maxLength: 4 })),
        { maxLength: 4 },
      ),
      fc.array(byteArb, { maxLength: 8 }),
    )
    .map(([dev, head, infoVersion, infoSize, ctxs, tail]) => {
      const out: number[] = [...head];
      out[0] = 1;
      out[1] = ctxs.length;
      out[2] = dev;
      out.push(...le(infoVersion, 2), infoSize, ...head.concat(head).slice(0, infoSize - 3));
      for (const [type, len, skew, pad, bytes, misc] of ctxs) {
        const data = Array.from({ length: len }, (_, i) => bytes[i % Math.max(1, bytes.length)] ?? 0);
        out.push(...le(16 + len + pad, 4), misc[0]!, 0, misc[1]!, misc[2]!, ...le(type, 2), misc[3]!, 0, ...le(Math.max(0, len + skew), 4), ...data, ...Array.from({ length: pad }, (_, i) => misc[i % 4]!));
      }
      return Uint8Array.from([...out, ...tail]);
    }),
};

const fastCodecs = (): LibcperCodec<unknown>[] =>
  registeredSections().filter((c: SectionCodec<unknown>) => (c as LibcperCodec<unknown>).genericToJson !== undefined) as LibcperCodec<unknown>[];

/** A body decoding to `v` whose fast JSON differs from the generic one, as text (undefined: equal). */
function differs(c: LibcperCodec<unknown>, body: Uint8Array): string | undefined {
  const r = c.decode(body, DEFAULT_SECTION_OPTIONS);
  if (!r.ok) return undefined;
  const fast = stringifyJson(c.toJson(r.value, DEFAULT_SECTION_OPTIONS), 0);
  const slow = stringifyJson(c.genericToJson!(r.value, DEFAULT_SECTION_OPTIONS), 0);
  return fast === slow ? undefined : `fast ${fast}\nslow ${slow}`;
}

describe("cper: fast _armras paths == the generic JSON round trip", () => {
  it("covers the flat codecs", () => {
    expect(fastCodecs().map((c) => c.key)).to.include.members(["generic", "memory", "arm"]);
  });
  for (const c of fastCodecs()) {
    it(`${c.key}: random and mutated bodies`, () => {
      fc.assert(
        fc.property(fc.array(byteArb, { minLength: 0, maxLength: 320 }), fc.option(fc.bigInt({ min: 0n, max: (1n << 24n) - 1n })), (a, vb) => {
          const body = Uint8Array.from(a);
          if (vb !== null && body.length >= 8) new DataView(body.buffer).setBigUint64(0, vb, true); // realistic validation words too
          const d = differs(c, body);
          expect(d, d).to.equal(undefined);
        }),
        { numRuns: 600 },
      );
    });
  }
  // Random bodies rarely decode to the rich shapes (Arm RAS aux data, IA32 contexts, NVIDIA events,
  // CMET-INFO): mutate real section bodies (the oracle's and libcper's examples) instead.
  for (const c of fastCodecs()) {
    it(`${c.key}: mutated real section bodies (when ../shared is there)`, function () {
      const real = realBodies().get(c.guid) ?? [];
      if (real.length === 0) this.skip();
      // Beside each real body, its canonical form (what libcper's JSON alone rebuilds): one flip away
      // from it is where a `lossless` shortcut must say no.
      const bodies = [...real, ...real.map((b) => canonical(c, b)).filter((b): b is Uint8Array => b !== undefined)];
      fc.assert(
        fc.property(
          fc.nat(),
          fc.array(fc.tuple(fc.nat(), byteArb), { maxLength: 6 }),
          fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -24, max: 24 })),
          (pick, flips, resize) => {
            const src = bodies[pick % bodies.length]!;
            const body = new Uint8Array(Math.max(0, src.length + resize));
            body.set(src.subarray(0, body.length));
            for (const [at, b] of flips) if (body.length > 0) body[at % body.length] = b;
            const d = differs(c, body);
            expect(d, d).to.equal(undefined);
          },
        ),
        { numRuns: 300 },
      );
    });
  }
  for (const c of fastCodecs()) {
    const arb = STRUCTURED[c.key];
    if (arb === undefined) continue;
    it(`${c.key}: generated structured bodies`, () => {
      fc.assert(
        fc.property(arb, (body) => {
          const d = differs(c, body);
          expect(d, d).to.equal(undefined);
        }),
        { numRuns: 400 },
      );
    });
  }
  it("the libcper oracle's records (when ../shared is there)", function () {
    if (!HAVE_ORACLE) this.skip();
    const byGuid = new Map(fastCodecs().map((c) => [c.guid, c]));
    for (const t of oracleTypes()) {
      for (const r of oracleRecords(t)) {
        const v = new DataView(r.record.buffer, r.record.byteOffset, r.record.byteLength);
        for (let i = 0; i < v.getUint16(10, true); i++) {
          const off = v.getUint32(128 + 72 * i, true);
          const len = v.getUint32(132 + 72 * i, true);
          const g = [...r.record.subarray(128 + 72 * i + 16, 128 + 72 * i + 32)];
          const guid = `${hx(g.slice(0, 4).reverse())}-${hx(g.slice(4, 6).reverse())}-${hx(g.slice(6, 8).reverse())}-${hx(g.slice(8, 10))}-${hx(g.slice(10))}`;
          const c = byGuid.get(guid);
          if (!c) continue;
          const d = differs(c, r.record.subarray(off, off + len));
          expect(d, `${r.name} section ${i}: ${d}`).to.equal(undefined);
        }
      }
    }
  });
});

/** The bytes fromJson rebuilds from libcper's JSON alone (no "_armras"), or undefined when that fails. */
function canonical(c: LibcperCodec<unknown>, body: Uint8Array): Uint8Array | undefined {
  const r = c.decode(body, DEFAULT_SECTION_OPTIONS);
  if (!r.ok) return undefined;
  const json = parseJson(stringifyJson(c.toLibcperJson(r.value, DEFAULT_SECTION_OPTIONS), 0));
  if (!json.ok) return undefined;
  const back = c.fromJson(json.value);
  return back.ok ? c.encode(back.value) : undefined;
}

let REAL: Map<string, Uint8Array[]> | undefined;
/** Section bodies by GUID: up to 40 per oracle type, plus libcper's examples (../shared/corpus). */
function realBodies(): Map<string, Uint8Array[]> {
  if (REAL) return REAL;
  REAL = new Map();
  const records: Uint8Array[] = [];
  if (HAVE_ORACLE) for (const t of oracleTypes()) records.push(...oracleRecords(t).slice(0, 40).map((r) => r.record));
  const dir = sharedPath("corpus", "cper", "record");
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.startsWith("libcper_") && f.endsWith(".bin")) records.push(new Uint8Array(readFileSync(join(dir, f))));
  for (const rec of records) {
    const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
    if (rec.length < 128) continue;
    for (let i = 0; i < v.getUint16(10, true) && 128 + 72 * (i + 1) <= rec.length; i++) {
      const off = v.getUint32(128 + 72 * i, true);
      const len = v.getUint32(132 + 72 * i, true);
      if (off + len > rec.length) continue;
      const g = [...rec.subarray(128 + 72 * i + 16, 128 + 72 * i + 32)];
      const guid = `${hx(g.slice(0, 4).reverse())}-${hx(g.slice(4, 6).reverse())}-${hx(g.slice(6, 8).reverse())}-${hx(g.slice(8, 10))}-${hx(g.slice(10))}`;
      const list = REAL.get(guid) ?? [];
      list.push(rec.slice(off, off + len));
      REAL.set(guid, list);
    }
  }
  return REAL;
}

function hx(b: number[]): string {
  return b.map((x) => x.toString(16).padStart(2, "0")).join("");
}
