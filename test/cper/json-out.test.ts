// JsonOut: one description, a tree or text. The text must be exactly what
// stringifyJson prints for the tree (the corpus-wide check is in properties.test.ts).
import { expect } from "chai";
import fc from "fast-check";
import { Fragments, membersOf, objectOf, textOf, writeEnum, writeFlags32, type JsonOut } from "../../src/cper/json/writer.js";
import { stringifyJson } from "../../src/cper/json/reader.js";
import { EXTRA_KEY, writeExtra } from "../../src/cper/json/patches.js";

/** Both outputs of one description, checked against each other at indent 0, 2 and 4. */
function both(write: (out: JsonOut) => void): { tree: unknown; text: string } {
  const tree = objectOf(write);
  for (const indent of [0, 2, 4]) expect(textOf(write, indent), `indent ${indent}`).to.equal(stringifyJson(tree, indent));
  return { tree, text: textOf(write) };
}

/** A random document as JsonOut calls: every call in every position (strings first, last, alone, nested). */
type Op = { k: "num" | "str" | "ascii" | "bool" | "int" | "frag" | "value"; x: unknown } | { k: "obj" | "arr"; kids: Op[] };
const FRAG = new Fragments<number>((out, key, id) => {
  out.begin(key);
  out.ascii("name", `n${id}`);
  out.end();
});
const opArb: fc.Arbitrary<Op> = fc.letrec<{ op: Op }>((tie) => ({
  op: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ k: fc.constant("num" as const), x: fc.integer() }),
    fc.record({ k: fc.constant("str" as const), x: fc.oneof(fc.string(), fc.constant('a"b\\c\n')) }),
    fc.record({ k: fc.constant("ascii" as const), x: fc.stringMatching(/^[0-9a-f-]{0,12}$/) }),
    fc.record({ k: fc.constant("bool" as const), x: fc.boolean() }),
    fc.record({ k: fc.constant("int" as const), x: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
    fc.record({ k: fc.constant("frag" as const), x: fc.nat(5) }),
    fc.record({ k: fc.constant("value" as const), x: fc.oneof(fc.constant({ a: ["x", 1] }), fc.constant("s"), fc.constant([])) }),
    fc.record({ k: fc.constant("obj" as const), kids: fc.array(tie("op"), { maxLength: 4 }) }),
    fc.record({ k: fc.constant("arr" as const), kids: fc.array(tie("op"), { maxLength: 4 }) }),
  ),
})).op;
function play(out: JsonOut, op: Op, key: string | undefined): void {
  switch (op.k) {
    case "num":
      return out.num(key, op.x as number);
    case "str":
      return out.str(key, op.x as string);
    case "ascii":
      return out.ascii(key, op.x as string);
    case "bool":
      return out.bool(key, op.x as boolean);
    case "int":
      return out.int(key, op.x as bigint);
    case "frag":
      return out.fragment(key, FRAG, op.x as number);
    case "value":
      return out.value(key, op.x);
    case "obj":
      out.begin(key);
      op.kids.forEach((c, i) => play(out, c, `k${i}`));
      return out.end();
    case "arr":
      out.beginArray(key);
      op.kids.forEach((c) => play(out, c, undefined));
      return out.endArray();
  }
}

describe("cper/json-out: JsonOut (tree and text from one description)", () => {
  it("property: any document of JsonOut calls prints as stringifyJson prints its tree (one line and indented)", () => {
    fc.assert(
      fc.property(opArb, (op) => {
        both((out) => play(out, op, undefined));
      }),
      { numRuns: 1500 },
    );
  });

  it("Fragments: every kind of id (array-indexed small whole numbers, big, negative and fractional numbers, strings) prints its own text, kept or not, and clear() forgets them", () => {
    let made = 0;
    const f = new Fragments<number | string>((o, k, id) => {
      made++;
      o.begin(k);
      o.str("id", String(id));
      o.end();
    }, 6);
    const ids: (number | string)[] = [0, 1, 0xffff, 0x10000, 2 ** 32 - 1, -1, 1.5, "a", "0", 7, 8, 9];
    for (let round = 0; round < 2; round++) for (const id of ids) expect(textOf((o) => o.fragment(undefined, f, id))).to.equal(`{"id":${JSON.stringify(String(id))}}`);
    expect(made).to.equal(ids.length + (ids.length - 6)); // 6 kept: the rest made again in round 2
    for (let i = 0; i < 6; i++) expect(f.text(ids[i]!)).to.be.a("string");
    f.clear();
    expect(f.text(0)).to.equal(undefined);
    expect(f.text("a")).to.equal(undefined);
  });
  it("objects, arrays, empty containers and nesting print as stringifyJson prints the tree", () => {
    const r = both((o) => {
      o.begin();
      o.num("n", 1);
      o.begin("empty");
      o.end();
      o.beginArray("none");
      o.endArray();
      o.beginArray("list");
      o.num(undefined, 2);
      o.begin();
      o.bool("t", true);
      o.end();
      o.beginArray();
      o.str(undefined, "x");
      o.endArray();
      o.endArray();
      o.end();
    });
    expect(r.tree).to.deep.equal({ n: 1, empty: {}, none: [], list: [2, { t: true }, ["x"]] });
    expect(r.text).to.equal('{"n":1,"empty":{},"none":[],"list":[2,{"t":true},["x"]]}');
  });
  it("64-bit integers: numbers when exact, bare digits beyond 2^53, from a bigint or from two words", () => {
    const r = both((o) => {
      o.begin();
      o.int("small", 5n);
      o.int("edge", 2n ** 53n - 1n);
      o.int("big", 2n ** 53n);
      o.int("max", 2n ** 64n - 1n);
      o.int("num", 7);
      o.u64("words", 0xffffffff, 0xffffffff);
      o.u64("wordsSmall", 1, 0x1f_ffff);
      o.end();
    });
    expect(r.tree).to.deep.equal({ small: 5, edge: 2 ** 53 - 1, big: 2n ** 53n, max: 2n ** 64n - 1n, num: 7, words: 2n ** 64n - 1n, wordsSmall: 0x1f_ffff * 2 ** 32 + 1 });
    expect(r.text).to.equal('{"small":5,"edge":9007199254740991,"big":9007199254740992,"max":18446744073709551615,"num":7,"words":18446744073709551615,"wordsSmall":9007194959773697}');
  });
  it("property: u64 words and int(bigint) print the same digits as the tree's value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        const lo = Number(v & 0xffffffffn);
        const hi = Number(v >> 32n);
        const a = both((o) => {
          o.beginArray();
          o.u64(undefined, lo, hi);
          o.int(undefined, v);
          o.endArray();
        });
        expect(a.text).to.equal(`[${v},${v}]`);
      }),
      { numRuns: 2000 },
    );
  });
  it("strings: str escapes what JSON must escape (input text); ascii prints as given (our names, GUIDs, hex)", () => {
    const r = both((o) => {
      o.begin();
      o.str("fru", 'a"b\\c\u0001\ud800é');
      o.ascii("guid", "e19e3d16-bc11-11e4-9caa-c2051d5d46b0");
      o.end();
    });
    expect(r.text).to.equal(JSON.stringify({ fru: 'a"b\\c\u0001\ud800é', guid: "e19e3d16-bc11-11e4-9caa-c2051d5d46b0" }));
  });
  it("property: any string through str prints as JSON.stringify prints it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" })), (s) => {
        expect(textOf((o) => o.str(undefined, s))).to.equal(JSON.stringify(s));
      }),
      { numRuns: 500 },
    );
  });
  it("value(): a tree from a printer not written against JsonOut is printed in place (indented at its depth); undefined writes nothing", () => {
    const r = both((o) => {
      o.begin();
      o.begin("a");
      o.value("tree", { x: [1, { y: 2n ** 64n - 1n }], s: "q\"" });
      o.value("skipped", undefined);
      o.end();
      o.end();
    });
    expect(r.tree).to.deep.equal({ a: { tree: { x: [1, { y: 2n ** 64n - 1n }], s: 'q"' } } });
  });
  it("non-finite numbers print as null (as JSON.stringify does)", () => {
    expect(both((o) => {
      o.beginArray();
      o.num(undefined, NaN);
      o.num(undefined, Infinity);
      o.endArray();
    }).text).to.equal("[null,null]");
  });
  it("membersOf opens the object itself; writeEnum and writeFlags32 give libcper's {value, name} and flag shapes", () => {
    const t = membersOf((o) => {
      writeEnum(o, "e", 1, { 1: "One" });
      writeEnum(o, "u", 9, { 1: "One" }, "type", "Reserved");
      writeFlags32(o, "f", 0b101, [["a", 0], ["b", 1], ["c", 2]]);
    });
    expect(t).to.deep.equal({ e: { value: 1, name: "One" }, u: { value: 9, type: "Reserved" }, f: { a: true, b: false, c: true } });
  });

  it("json(): one-line text takes a printed value as one member (after a string, in an array); the tree and indented outputs say oneLine false and refuse it", () => {
    const t = textOf((o) => {
      expect(o.oneLine).to.equal(true);
      o.begin();
      o.str("s", "x");
      o.json("j", '{"a":[1,2]}');
      o.beginArray("arr");
      o.json(undefined, "3");
      o.json(undefined, '"q"');
      o.endArray();
      o.end();
    });
    expect(t).to.equal('{"s":"x","j":{"a":[1,2]},"arr":[3,"q"]}');
    objectOf((o) => {
      expect(o.oneLine).to.equal(false);
      expect(() => o.json("j", "1")).to.throw(/one-line/);
    });
    textOf((o) => {
      expect(o.oneLine).to.equal(false);
      expect(() => o.json("j", "1")).to.throw(/one-line/);
    }, 2);
  });

  it("property: writeExtra's one-line text (kept entry heads and tails) prints as stringifyJson prints its tree, with or without length and fields, at any offset", () => {
    const entry = fc.record(
      {
        offset: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(0, 1, 4095, 4096, 2 ** 32, Number.NaN, 1.5)),
        hex: fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString("hex")),
        field: fc.constantFrom("A", "ProcessorISA", "Body.Reserved", "x[3].y"),
      },
      { requiredKeys: ["offset", "hex"] },
    );
    const extra = fc.record({ length: fc.nat(), patch: fc.array(entry, { maxLength: 6 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(extra, fc.boolean(), (x, before) => {
        const doc = (o: JsonOut) => {
          o.begin();
          if (before) o.str("k", "v");
          writeExtra(o, x);
          o.end();
        };
        const want = stringifyJson(objectOf(doc), 0);
        // twice: the second time from the kept heads and tails
        expect(textOf(doc)).to.equal(want);
        expect(textOf(doc)).to.equal(want);
        expect(textOf(doc, 2)).to.equal(stringifyJson(objectOf(doc), 2));
      }),
      { numRuns: 500 },
    );
    // another shape is printed as a value
    expect(textOf((o) => { o.begin(); writeExtra(o, { patch: [], other: 1 }); o.end(); })).to.equal(`{"${EXTRA_KEY}":{"patch":[],"other":1}}`);
  });
});
