// Direct computations that replaced JSON round trips on the hot path, checked
// against the round trip on random values.
import { expect } from "chai";
import fc from "fast-check";
import { _errorInformationForTest as ei } from "../../src/cper/sections/arm.js";
import { bitSet, jsonInt } from "../../src/cper/json-helpers.js";

describe("cper fast paths equal the round trips they replace", () => {
  it("ARM error information: projection on the bits == fromJson(toJson(info))", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom("cacheError", "tlbError", "busError") , (info, kind) => {
        expect(ei.project(info, kind)).to.equal(ei.fromJson(kind, ei.json(info, kind)));
      }),
      { numRuns: 2000 },
    );
  });
  it("ARM register words: u64Json == jsonInt(getBigUint64) (a number up to 2^53-1, else a bigint)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n)), (x) => {
        const b = new Uint8Array(12);
        const view = new DataView(b.buffer);
        view.setBigUint64(3, x, true);
        expect(ei.u64Json(view, 3)).to.equal(jsonInt(x));
      }),
      { numRuns: 2000 },
    );
  });
  it("bitSet: mask table and 32-bit shortcut == the arithmetic definition", () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer({ min: -(2 ** 31), max: 2 ** 33 }), fc.double({ min: 0, max: 2 ** 40, noNaN: true })), fc.integer({ min: 0, max: 70 }), (v, bit) => {
        const ref = typeof v === "bigint" ? ((v >> BigInt(bit)) & 1n) === 1n : Math.floor(v / 2 ** bit) % 2 === 1;
        expect(bitSet(v, bit)).to.equal(ref);
      }),
      { numRuns: 3000 },
    );
  });
});
