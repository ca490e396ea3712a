// stringifyJson (the JS serializer that prints bigints as bare digits) against the
// native JSON.stringify: identical text on every value JSON.stringify accepts.
import { expect } from "chai";
import fc from "fast-check";
import { stringifyJson } from "../../src/cper/json/reader.js";

describe("cper/json-helpers: stringifyJson equals JSON.stringify where both apply", () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.constantFrom("\ud800", "a\udc00b", '"\\', "\u0000\u0001armras-bigint:12", "x".repeat(40) + "\n"));
  const leaf = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, NaN, Infinity, undefined, null, true, false), text, fc.constant(() => 1));
  const value = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small" },
      leaf,
      fc.array(tie("v"), { maxLength: 5 }),
      fc.dictionary(text, tie("v"), { maxKeys: 5 }),
      tie("v").map((x) => ({ toJSON: (k: string) => ({ k, x }) })),
    ),
  })).v;
  it("property: same text for indent 0, 2, 4 and 12 (clamped to 10)", () => {
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2, 4, 12), (v, indent) => {
        const native = JSON.stringify(v, undefined, indent > 0 ? indent : undefined);
        expect(stringifyJson(v, indent)).to.equal(native ?? "null");
      }),
      { numRuns: 500 },
    );
  });
  it("inherited enumerable keys are not printed (non-plain objects, a polluted Object.prototype)", () => {
    const o = { a: Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } }), b: [1] };
    expect(stringifyJson(o, 0)).to.equal(JSON.stringify(o));
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 1;
    try {
      expect(stringifyJson({ x: { y: 1 } }, 0)).to.equal('{"x":{"y":1}}');
    } finally {
      delete proto.polluted;
    }
  });
  it("bigints print as bare digits, wherever they are", () => {
    const v = { a: [2n ** 64n - 1n, { b: 5n }], c: "\u0000\u0001armras-bigint:1" };
    expect(stringifyJson(v, 0)).to.equal('{"a":[18446744073709551615,{"b":5}],"c":"\\u0000\\u0001armras-bigint:1"}');
    expect(stringifyJson(v, 2)).to.equal('{\n  "a": [\n    18446744073709551615,\n    {\n      "b": 5\n    }\n  ],\n  "c": "\\u0000\\u0001armras-bigint:1"\n}');
    expect(stringifyJson(7n)).to.equal("7");
    expect(stringifyJson(undefined)).to.equal("null");
  });
});
