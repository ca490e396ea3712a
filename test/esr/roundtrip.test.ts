// Round trips and totality, per exception class, with fast-check.
import { expect } from "chai";
import fc from "fast-check";
import { fromWords, MASK64 } from "../../src/arch/bits.js";
import { checkDecoded, decode, decodeWords, EC_TABLE, encode, encodeDecoded, EsrError, LAYOUTS, validate } from "../../src/sysregs/esr/index.js";

const allocated = EC_TABLE.filter((e) => e.allocated);

describe("ESR codec: round trips per exception class", () => {
  it("covers every allocated EC of the table (44 classes incl. decode-only later ones)", () => {
    expect(allocated.length).to.equal(44);
  });

  for (const info of allocated) {
    const layout = LAYOUTS[info.layout];
    layout.cases.forEach((c, caseIndex) => {
      const label = `EC 0x${info.ec.toString(16).padStart(2, "0")} ${info.linuxClass}${layout.selector ? ` (${layout.selector}=${caseIndex})` : ""}`;
      it(`${label}: decode(encode(fields)) = fields`, () => {
        const fieldArbs: Record<string, fc.Arbitrary<number>> = {};
        for (const f of c.fields) {
          if (layout.selector === f.name) fieldArbs[f.name] = fc.constant(caseIndex);
          else fieldArbs[f.name] = fc.integer({ min: 0, max: f.max });
        }
        fc.assert(
          fc.property(fc.record(fieldArbs), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 0xffffff }), (fields, il, iss2) => {
            const esr = encode({ ec: info.ec, il: il as 0 | 1, iss2, fields });
            const d = decode(esr);
            expect(d.ec).to.equal(info.ec);
            expect(d.il).to.equal(il);
            expect(d.iss2).to.equal(iss2);
            expect(d.fields).to.deep.equal(fields);
            expect(encodeDecoded(d)).to.equal(esr);
          }),
          { numRuns: 200 },
        );
      });
      it(`${label}: encode(decode(esr)) = esr for every value with no RES0 bit set`, () => {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 0x01ffffff }), fc.integer({ min: 0, max: 1 }), (rawIss, il) => {
            const selectorBit = layout.selector ? caseIndex << 24 : 0;
            const iss = ((rawIss & ~c.res0Mask & ~(layout.selector ? 0x0100_0000 : 0)) | selectorBit) >>> 0;
            const lo = ((info.ec << 26) | (il << 25) | iss) >>> 0;
            const esr = fromWords(lo, 0);
            expect(encodeDecoded(decode(esr))).to.equal(esr);
          }),
          { numRuns: 200 },
        );
      });
    });
  }
});

describe("ESR codec: totality over all 64-bit values", () => {
  it("decode never throws and loses nothing: fields + RES0 bits + ISS2 + top rebuild the value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MASK64 }), (esr) => {
        const d = decode(esr);
        let iss = d.iss & d.issCase.res0Mask;
        for (const f of d.issCase.fields) iss |= (d.fields[f.name] ?? 0) << f.lsb;
        const lo = ((d.ec << 26) | (d.il << 25) | iss) >>> 0;
        const hi = ((d.top << 24) | d.iss2) >>> 0;
        expect(fromWords(lo, hi)).to.equal(esr);
      }),
      { numRuns: 2000 },
    );
  });
  it("validate never throws on a 64-bit value and returns sentences", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MASK64 }), fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, fc.boolean(), (esr, el, a32) => {
        const problems = validate(esr, { el, fromAArch32: a32 });
        for (const p of problems) expect(p).to.be.a("string").and.have.length.greaterThan(10);
      }),
      { numRuns: 2000 },
    );
  });
  it("unallocated ECs decode as raw ISS with the 'UNRECOGNIZED EC' Linux class", () => {
    for (const ec of [0x02, 0x0a, 0x0b, 0x0f, 0x10, 0x14, 0x1b, 0x1e, 0x23, 0x29, 0x2a, 0x2b, 0x2e, 0x36, 0x37, 0x39, 0x3b, 0x3d, 0x3e, 0x3f]) {
      const d = decodeWords(((ec << 26) | 0x2000000 | 0x123456) >>> 0, 0);
      expect(d.info.allocated, `EC ${ec}`).to.equal(false);
      expect(d.className).to.equal("UNRECOGNIZED EC");
      expect(d.fields).to.deep.equal({ ISS: 0x123456 });
      expect(checkDecoded(d).map((p) => p.kind)).to.deep.equal(["ec-unallocated"]);
    }
  });
  it("splits words exactly on both sides of 2^53 (the double fast path) and at 2^64-1", () => {
    for (const v of [0n, 0xffff_ffffn, 1n << 32n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, MASK64, 0x0012_3456_9600_0004n]) {
      const d = decode(v);
      expect(fromWords(d.lo, d.hi), v.toString(16)).to.equal(v);
    }
  });
  it("rejects values outside [0, 2^64) with a typed error", () => {
    expect(() => decode(-1n)).to.throw(EsrError, /not a 64-bit unsigned integer/);
    expect(() => decode(1n << 64n)).to.throw(EsrError, /0x10000000000000000/);
  });
});

describe("ESR codec: encode errors name the field", () => {
  const cases: [Parameters<typeof encode>[0], string, RegExp][] = [
    [{ ec: 64 }, "EC", /EC = 64 does not fit/],
    [{ ec: 0x25, il: 2 as 0 }, "IL", /IL = 2/],
    [{ ec: 0x25, iss2: 1 << 24 }, "ISS2", /ISS2/],
    [{ ec: 0x25, iss: 1 << 25 }, "ISS", /ISS = 33554432/],
    [{ ec: 0x25, iss: 1, fields: {} }, "ISS", /either ISS or fields/],
    [{ ec: 0x25, fields: { DFSC: 64 } }, "DFSC", /DFSC = 64 does not fit \(0\.\.0x3f\)/],
    [{ ec: 0x25, fields: { SAS: 1 } }, "SAS", /ISV=0\) has no ISS field 'SAS'/],
    [{ ec: 0x25, fields: { ISV: 1, SAS: 1.5 } }, "SAS", /SAS = 1\.5/],
    [{ ec: 0x00, fields: { X: 1 } }, "X", /\(none: ISS is RES0\)/],
  ];
  for (const [input, field, re] of cases) {
    it(`${JSON.stringify(input)} -> EsrError on ${field}`, () => {
      try {
        encode(input);
        expect.fail("no error");
      } catch (e) {
        expect(e).to.be.instanceOf(EsrError);
        expect((e as EsrError).field).to.equal(field);
        expect((e as EsrError).message).to.match(re);
      }
    });
  }
  it("encodes a raw ISS", () => {
    expect(encode({ ec: 0x25, iss: 0x46 })).to.equal(0x96000046n);
    expect(encode({ ec: 0x25, il: 0 })).to.equal(0x94000000n);
  });
});
