// Direct computations that replaced JSON round trips on the hot path, checked
// against the round trip on random values.
import { expect } from "chai";
import fc from "fast-check";
import { _errorInformationForTest as ei, ARM_GUID, armCodec, type ArmSection } from "../../src/cper/sections/arm.js";
import { CONTEXT_REGISTERS } from "../../src/cper/layouts/arm.js";
import { bitSet, jsonInt, parseJson } from "../../src/cper/json/reader.js";
import { toJsonText } from "../../src/cper/json/tree.js";
import { DEFAULT_SECTION_OPTIONS } from "../../src/cper/section-api.js";

describe("cper fast paths equal the round trips they replace", () => {
  it("ARM error information: projection on the bits == fromJson(toJson(info))", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom("cacheError", "tlbError", "busError") , (info, kind) => {
        expect(ei.project(info, kind)).to.equal(ei.fromJson(kind, ei.json(info, kind)));
      }),
      { numRuns: 2000 },
    );
  });
  it("ARM register arrays: each 64-bit register prints as jsonInt(getBigUint64) (a number up to 2^53-1, else bare digits), in the tree and in the text", () => {
    const names = CONTEXT_REGISTERS[6]!; // AArch64 EL2 context: 15 64-bit registers (120 bytes)
    const edge = fc.constantFrom(0n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), edge), { minLength: names.length, maxLength: names.length }), (xs) => {
        const regs = new Uint8Array(8 * xs.length);
        const view = new DataView(regs.buffer);
        xs.forEach((x, i) => view.setBigUint64(8 * i, x, true));
        const value: ArmSection = {
          fields: { ValidationBits: 0, ErrInfoNum: 0, ContextInfoNum: 1, SectionLength: 48 + regs.length, ErrorAffinityLevel: 0, Reserved: new Uint8Array(3), MPIDR_EL1: 0n, MIDR_EL1: 0n, RunningState: 0, PSCIState: 0 },
          errorInfo: [],
          contexts: [{ header: { Version: 0, RegisterContextType: 6, RegisterArraySize: regs.length }, registers: regs }],
          vendor: new Uint8Array(0),
        };
        const expected = Object.fromEntries(names.map(([n], i) => [n, jsonInt(xs[i]!)]));
        const tree = armCodec.toLibcperJson(value, DEFAULT_SECTION_OPTIONS) as unknown as { contextInfo: { registerArray: unknown }[] };
        expect(tree.contextInfo[0]!.registerArray).to.deep.equal(expected);
        const text = toJsonText({ framing: "section", section: { guid: ARM_GUID, codec: "arm", value } }, DEFAULT_SECTION_OPTIONS, 0);
        const parsed = parseJson(text);
        expect(parsed.ok && (parsed.value as { section: { ArmProcessor: { contextInfo: { registerArray: unknown }[] } } }).section.ArmProcessor.contextInfo[0]!.registerArray).to.deep.equal(expected);
      }),
      { numRuns: 500 },
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
