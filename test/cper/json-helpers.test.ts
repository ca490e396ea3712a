// The JSON big-integer policy and the JSON reader used by every fromJson.
import { expect } from "chai";
import fc from "fast-check";
import { objectOf, writeFlags32 } from "../../src/cper/json/writer.js";
import { parseJson, stringifyJson, jsonInt, JsonReader, JsonPathError, fromJsonResult, enumJson, flagsFromJson, toBase64, fromBase64, fromHex, bitSet, toHex, hexRange } from "../../src/cper/json/reader.js";
import { bufferSlicer, LATIN1_SLICE, nativeSlicer } from "../../src/layout/native-text.js";
import { hexUpper64Fast } from "../../src/cper/json/writer.js";

describe("cper/json-helpers: big-integer-safe JSON", () => {
  it("keeps 64-bit integers exact (JSON.parse would round 16186631622361702307)", () => {
    const text = '{"midrEl1": 16186631622361702307, "small": 42, "neg": -7, "f": 1.5, "e": 1e3}';
    expect(JSON.parse(text).midrEl1).to.not.equal(16186631622361702307n);
    const r = parseJson(text);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.value).to.deep.equal({ midrEl1: 16186631622361702307n, small: 42, neg: -7, f: 1.5, e: 1000 });
    expect(stringifyJson(r.value, 0)).to.equal('{"midrEl1":16186631622361702307,"small":42,"neg":-7,"f":1.5,"e":1000}');
  });
  it("jsonInt: numbers when exact, bigints above 2^53", () => {
    expect(jsonInt(2n ** 53n - 1n)).to.equal(9007199254740991);
    expect(jsonInt(2n ** 53n)).to.equal(2n ** 53n);
    expect(jsonInt(5)).to.equal(5);
  });
  it("stringify: 4-space indentation like libcper, escapes, empty containers, undefined members skipped", () => {
    expect(stringifyJson({ a: [1, { b: "x\"\n\u0001" }], c: [], d: {}, u: undefined, n: null, t: true })).to.equal(
      '{\n    "a": [\n        1,\n        {\n            "b": "x\\"\\n\\u0001"\n        }\n    ],\n    "c": [],\n    "d": {},\n    "n": null,\n    "t": true\n}',
    );
    expect(stringifyJson([NaN, () => 1], 0)).to.equal("[null,null]");
  });
  it("a string that looks like the serializer's internal bigint marker stays a string", () => {
    const tricky = { s: "\u0000\u0001armras-bigint:12", n: 2n ** 64n - 1n };
    const text = stringifyJson(tricky, 0);
    expect(text).to.equal('{"s":"\\u0000\\u0001armras-bigint:12","n":18446744073709551615}');
    const r = parseJson(text);
    expect(r.ok && r.value).to.deep.equal(tricky);
    expect(stringifyJson(tricky, 2)).to.contain('\n  "n": 18446744073709551615');
    expect(stringifyJson({ a: [tricky] }, 0, true)).to.equal('{"a":[{"s":"\\u0000\\u0001armras-bigint:12","n":18446744073709551615}]}');
    const later = { n: 2n ** 64n - 1n, s: "\u0000\u0001armras-bigint:12" }; // the clash after a bigint was marked
    expect(stringifyJson(later, 0, true)).to.equal('{"n":18446744073709551615,"s":"\\u0000\\u0001armras-bigint:12"}');
    const owned = { a: [1n << 60n, { b: 2n ** 64n - 1n, c: null, d: true }], e: "x" };
    expect(stringifyJson(owned, 0, true)).to.equal('{"a":[1152921504606846976,{"b":18446744073709551615,"c":null,"d":true}],"e":"x"}');
  });
  it("parse errors name the character offset", () => {
    for (const [t, at] of [
      ["{", 1],
      ['{"a" 1}', 5],
      ["[1,]", 3],
      ['"\\q"', 1],
      ["[1] x", 4],
      ['"abc', 4],
      ['"\\u12"', 1],
      ["{1:2}", 1],
      ["[1 2]", 3],
    ] as const) {
      const r = parseJson(t);
      expect(r.ok, t).to.equal(false);
      if (!r.ok) expect(r.error.offset, t).to.equal(at);
    }
  });
  it("parses escapes and nested values", () => {
    const r = parseJson(' { "s" : "a\\u0041\\t\\/" , "a" : [ true , false , null , { } , [ ] ] } ');
    expect(r.ok && r.value).to.deep.equal({ s: "aA\t/", a: [true, false, null, {}, []] });
  });
  it("round trip property: stringify then parse is the identity on JSON values with bigints", () => {
    const big = fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n });
    const leaf = fc.oneof(fc.integer(), big, fc.string(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("v"), { maxLength: 4 }), fc.dictionary(fc.string(), tie("v"), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2, 4), (v, indent) => {
        const r = parseJson(stringifyJson(v, indent));
        expect(r.ok).to.equal(true);
        if (r.ok) expect(r.value).to.deep.equal(v);
      }),
    );
  });
});

describe("cper/json-helpers: JsonReader", () => {
  const r = JsonReader.of({ n: 5, big: 2n ** 60n, hx: "0x10", s: "x", b: true, o: { value: 3 }, a: [{ k: 1 }], d: "AAE=", g: "E19E3D16-BC11-11E4-9CAA-C2051D5D46B0" }, "$");
  it("typed getters", () => {
    expect(r.uint("n", 8)).to.equal(5);
    expect(r.u64("big")).to.equal(2n ** 60n);
    expect(r.u64("hx")).to.equal(16n);
    expect(r.u64("n")).to.equal(5n);
    expect(r.optU64("missing", 9n)).to.equal(9n);
    expect(r.optUint("missing", 8, 4)).to.equal(4);
    expect(r.str("s")).to.equal("x");
    expect(r.optStr("missing", "d")).to.equal("d");
    expect(r.bool("b")).to.equal(true);
    expect(r.optBool("missing")).to.equal(false);
    expect(r.enumValue("o")).to.equal(3);
    expect(r.at(0, "a").uint("k")).to.equal(1);
    expect([...r.base64("d")]).to.deep.equal([0, 1]);
    expect(r.guid("g")).to.equal("e19e3d16-bc11-11e4-9caa-c2051d5d46b0");
    expect(r.raw("n")).to.equal(5);
    expect(r.optObj("missing")).to.equal(undefined);
  });
  it("errors name the JSON path", () => {
    expect(() => r.uint("s")).to.throw(JsonPathError, "$.s: expected an integer");
    expect(() => r.uint("big", 32)).to.throw(JsonPathError, "does not fit in 32 bits");
    expect(() => r.u64("s")).to.throw(JsonPathError, "$.s");
    expect(() => JsonReader.of({ x: -1n }, "$").u64("x")).to.throw(JsonPathError, "64 bits");
    expect(() => r.str("n")).to.throw(JsonPathError, "$.n: expected a string");
    expect(() => r.bool("n")).to.throw(JsonPathError);
    expect(() => r.obj("n")).to.throw(JsonPathError, "$.n: expected an object");
    expect(() => r.arr("n")).to.throw(JsonPathError, "$.n: expected an array");
    expect(() => r.base64("s")).to.throw(JsonPathError, "not base64");
    expect(() => r.guid("s")).to.throw(JsonPathError, "not a GUID");
    expect(() => JsonReader.of([], "$")).to.throw(JsonPathError);
    const res = fromJsonResult(() => r.uint("s"));
    expect(res.ok).to.equal(false);
    if (!res.ok) expect(res.error.field).to.equal("$.s");
    expect(() => fromJsonResult(() => { throw new TypeError("boom"); })).to.throw(TypeError);
  });
  it("property: toBase64 equals Node's base64 for every length (our encoder under 16 bytes, Buffer's from 16)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(toBase64(b)).to.equal(Buffer.from(b).toString("base64"));
        // a view into a bigger buffer encodes only its own bytes
        const big = new Uint8Array(b.length + 8);
        big.set(b, 4);
        expect(toBase64(big.subarray(4, 4 + b.length))).to.equal(Buffer.from(b).toString("base64"));
      }),
      { numRuns: 400 },
    );
  });
  it("the native hex/base64 printers (or their Buffer.from fallback) print a view's own bytes", () => {
    // Node's hexSlice/base64Slice when present and right; a missing or wrong one falls back.
    expect(nativeSlicer("noSuchSlice", "fbff01")).to.equal(undefined);
    expect(nativeSlicer("base64Slice", "fbff01")).to.equal(undefined); // present, but prints otherwise
    const slicers = {
      hex: [nativeSlicer("hexSlice", "fbff01")!, bufferSlicer("hex")],
      base64: [nativeSlicer("base64Slice", "+/8B")!, bufferSlicer("base64")],
    };
    expect(LATIN1_SLICE).to.be.a("function");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(8), fc.nat(8), (b, pre, cut) => {
        const big = new Uint8Array(pre + b.length + 8); // a view at an offset into a bigger buffer
        big.set(b, pre);
        const v = big.subarray(pre, pre + b.length);
        const s = Math.min(cut, b.length);
        for (const f of slicers.hex) expect(f.call(v, s, b.length)).to.equal(Buffer.from(b.subarray(s)).toString("hex"));
        for (const f of slicers.base64) expect(f.call(v, 0, b.length)).to.equal(Buffer.from(b).toString("base64"));
        expect(hexRange(v, s, b.length)).to.equal(Buffer.from(b.subarray(s)).toString("hex"));
        // a small fresh slice (V8 keeps it on its own heap)
        expect(hexRange(b.slice(0, 40), 0, Math.min(40, b.length))).to.equal(Buffer.from(b.subarray(0, 40)).toString("hex"));
      }),
      { numRuns: 300 },
    );
  });
  it("enum, flags, base64, hex helpers", () => {
    expect(enumJson(2, { 2: "Corrected" })).to.deep.equal({ value: 2, name: "Corrected" });
    expect(enumJson(9, {})).to.deep.equal({ value: 9, name: "Unknown" });
    const bits = [["a", 0], ["c", 2]] as const;
    expect(objectOf((o) => writeFlags32(o, undefined, 5, bits))).to.deep.equal({ a: true, c: true });
    expect(flagsFromJson(JsonReader.of({ a: true, c: false }, "$"), bits)).to.equal(1);
    expect(toBase64(fromBase64("VlQ7PlYp"))).to.equal("VlQ7PlYp");
    expect([...fromHex("0aff", "$")]).to.deep.equal([10, 255]);
    expect(() => fromHex("0", "$.h")).to.throw(JsonPathError, "$.h");
    expect(hexUpper64Fast(0x8cca3d6506b3101bn)).to.equal("0x8CCA3D6506B3101B");
    // toHex: the table below NATIVE_HEX bytes, the native encoder from there, both as Node prints hex (at an offset too)
    const src = Uint8Array.from({ length: 48 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let n = 0; n <= 40; n++) expect(toHex(src.subarray(3, 3 + n))).to.equal(Buffer.from(src.subarray(3, 3 + n)).toString("hex"));
    expect(bitSet(0x10n, 4)).to.equal(true);
    expect(bitSet(0x10, 3)).to.equal(false);
  });
});
