// Direct computations that replaced JSON round trips on the hot path, checked
// against the round trip on random values.
import { expect } from "chai";
import fc from "fast-check";
import { _errorInformationForTest as ei } from "../../src/cper/sections/arm.js";
import { bitSet } from "../../src/cper/json-helpers.js";

describe("cper fast paths equal the round trips they replace", () => {
  it("ARM error information: projection on the bits == fromJson(toJson(info))", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom("cacheError", "tlbError", "busError") , (info, kind) => {
        expect(ei.project(info, kind)).to.equal(ei.fromJson(kind, ei.json(info, kind)));
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
