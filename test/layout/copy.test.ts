// copyOf (layout/copy.ts): a copy is slice's bytes, shares none with its source, and copies carved
// from one slab never overlap each other.
import { expect } from "chai";
import fc from "fast-check";
import { copyOf, NO_BYTES, SLAB_BYTES } from "../../src/layout/copy.js";

describe("layout copyOf", () => {
  it("equals slice, for every size (on the heap, from the slab, on its own) and clamped bounds", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 6000 }), fc.nat(7000), fc.nat(7000), (src, a, b) => {
        const c = copyOf(src, a, b);
        expect([...c]).to.deep.equal([...src.slice(a, b)]);
        if (c.length > 0) {
          // shares no bytes with the source, in either direction
          const before = src[Math.min(a, src.length - 1)]!;
          c[0] = c[0]! ^ 0xff;
          expect(src[Math.min(a, src.length - 1)]).to.equal(before);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("copies from one slab are disjoint and outlive later copies", () => {
    const src = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const copies = Array.from({ length: 3 * (SLAB_BYTES / 100) }, (_, k) => copyOf(src, k % 7, (k % 7) + 100));
    copies.forEach((c, k) => c.fill(k & 0xff)); // writing one never reaches another
    copies.forEach((c, k) => {
      const fresh = copyOf(src, k % 7, (k % 7) + 100);
      expect(fresh[0]).to.equal(k % 7);
      expect(c.every((x) => x === (k & 0xff))).to.equal(true);
    });
    expect(new Set(copies.map((c) => c.buffer)).size).to.be.greaterThan(1); // several slabs were used
  });

  it("an empty copy is the one shared empty array (nothing in it to change)", () => {
    const src = Uint8Array.from([1, 2, 3]);
    for (const [a, b] of [[0, 0], [3, 3], [2, 1], [5, 9]] as const) expect(copyOf(src, a, b)).to.equal(NO_BYTES);
    expect(copyOf(new Uint8Array(0), 0)).to.equal(NO_BYTES);
    expect(NO_BYTES.length).to.equal(0);
  });
});
