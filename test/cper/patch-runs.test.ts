// PatchRuns (json/patches.ts) against the definition it shortcuts: scanning only the byte ranges
// that can differ, in ascending order, gives exactly patchOf's runs over the whole body.
import { expect } from "chai";
import fc from "fast-check";
import { patchOf, PatchRuns, scratchBody } from "../../src/cper/json/patches.js";

const byteArb = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 }));
const bytes = (min: number, max: number) => fc.array(byteArb, { minLength: min, maxLength: max }).map((a) => Uint8Array.from(a));

describe("cper PatchRuns == patchOf", () => {
  it("ranges scanned as zero or against a base, the rest equal: the same runs and hex", () => {
    fc.assert(
      fc.property(bytes(0, 200), fc.array(fc.tuple(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }), fc.integer(), (actual, cuts, seed) => {
        // Split the body into ranges: 0 equal (base = actual), 1 zero (base = 0), 2 a different
        // base, 3 every byte different (range).
        const base = actual.slice();
        const runs = new PatchRuns();
        runs.reset();
        let at = 0;
        let r = seed;
        for (const [len, kind] of cuts) {
          const end = Math.min(actual.length, at + len);
          if (kind === 1) {
            base.fill(0, at, end);
            runs.nonzero(actual, at, end);
          } else if (kind === 2) {
            for (let i = at; i < end; i++) base[i] = (r = (r * 1103515245 + 12345) >>> 0) & 1 ? actual[i]! : (actual[i]! + 1) & 0xff;
            runs.differ(actual, base, at, end);
          } else if (kind === 3) {
            for (let i = at; i < end; i++) base[i] = (actual[i]! + 1) & 0xff;
            runs.range(at, end);
          }
          at = end;
        }
        const want = patchOf(actual, base, (o) => `f${o}`);
        const got = runs.entries(actual, (o) => `f${o}`);
        expect(got).to.deep.equal((want as { patch?: unknown } | undefined)?.patch);
        // Each run's hex is its bytes' (whether printed whole and cut, or run by run), and the runs
        // cover every byte that differs.
        const differs = new Set<number>();
        for (const p of got ?? []) {
          const n = p.hex.length / 2;
          expect(p.hex).to.equal(Buffer.from(actual.subarray(p.offset, p.offset + n)).toString("hex"));
          for (let i = p.offset; i < p.offset + n; i++) differs.add(i);
        }
        for (let i = 0; i < actual.length; i++) if (actual[i] !== base[i]) expect(differs.has(i), `byte ${i}`).to.equal(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("patchOf: bytes past the base all differ, and a length is given when the lengths differ", () => {
    expect(patchOf(Uint8Array.of(1, 2, 3, 4), Uint8Array.of(1, 2))).to.deep.equal({ length: 4, patch: [{ offset: 2, hex: "0304" }] });
    expect(patchOf(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).to.deep.equal({ length: 2 });
    expect(patchOf(Uint8Array.of(1, 0, 0, 0, 5, 0, 0, 0, 0, 9), new Uint8Array(10))).to.deep.equal({ patch: [{ offset: 0, hex: "0100000005" }, { offset: 9, hex: "09" }] });
    expect(patchOf(Uint8Array.of(7), Uint8Array.of(7))).to.equal(undefined);
  });

  it("patchOf on the two scratch bodies after both grow (past their first 1024 bytes) == on copies of them", () => {
    const n = 3000;
    const actual = scratchBody(0, n);
    const base = scratchBody(1, n + 8);
    for (let i = 0; i < n; i++) actual[i] = base[i] = (i * 31) & 0xff;
    actual[5] = actual[5]! ^ 1; // 0x9b -> 0x9a
    actual[2999] = actual[2999]! ^ 0x80; // 0x29 -> 0xa9
    base[1500] = base[1500]! ^ 2; // actual keeps 0xa4
    const want = patchOf(actual.slice(), base.slice(), (o) => `f${o}`);
    expect(patchOf(actual, base, (o) => `f${o}`)).to.deep.equal(want);
    expect(want).to.deep.equal({ length: 3000, patch: [{ offset: 5, hex: "9a", field: "f5" }, { offset: 1500, hex: "a4", field: "f1500" }, { offset: 2999, hex: "a9", field: "f2999" }] });
  });

  it("patchOf on the two scratch bodies (compared a word at a time) == on copies of them (byte by byte)", () => {
    fc.assert(
      fc.property(bytes(0, 2100), fc.array(fc.tuple(fc.nat(2200), byteArb), { maxLength: 12 }), fc.integer({ min: -9, max: 9 }), (a, edits, dl) => {
        const n = a.length;
        const m = Math.max(0, n + dl);
        const actual = scratchBody(0, n);
        actual.set(a);
        const base = scratchBody(1, m);
        base.set(a.subarray(0, m));
        for (const [at, x] of edits) if (at < m) base[at] = x;
        const want = patchOf(actual.slice(), base.slice(), (o) => `f${o}`);
        expect(patchOf(actual, base, (o) => `f${o}`)).to.deep.equal(want);
      }),
      { numRuns: 1500 },
    );
  });
});
