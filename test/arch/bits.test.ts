// bits.ts against a naive BigInt reference (masks built per call), over random fields and values.
import { expect } from "chai";
import fc from "fast-check";
import {
  u64Decimal,
  splitU64,
  lo32,
  hi32,
  bitField, extract, extractWords, fits, fromWords, hex, hexDigits, HEX_BYTE, insert, insertHi, insertHiI32, insertInPlace, extractInPlace, insertLo, insertLoI32, MASK64, parseUnsigned, toWords,
} from "../../src/arch/bits.js";

const naiveExtract = (v: bigint, msb: number, lsb: number): bigint => (v >> BigInt(lsb)) & ((1n << BigInt(msb - lsb + 1)) - 1n);
const naiveInsert = (v: bigint, msb: number, lsb: number, f: bigint): bigint => {
  const m = ((1n << BigInt(msb - lsb + 1)) - 1n) << BigInt(lsb);
  return (v & ~m & MASK64) | ((f << BigInt(lsb)) & m);
};

const u64 = fc.bigInt({ min: 0n, max: MASK64 });
const range = fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 })).map(([a, b]) => [Math.max(a, b), Math.min(a, b)] as const);
/** Ranges whose width fits a JS number exactly (the word-pair path returns numbers). */
const range53 = range.filter(([msb, lsb]) => msb - lsb + 1 <= 53);

describe("arch/bits", () => {
  it("bitField precomputes masks that agree with the naive ones", () => {
    fc.assert(
      fc.property(range, ([msb, lsb]) => {
        const f = bitField("F", msb, lsb);
        const m = ((1n << BigInt(msb - lsb + 1)) - 1n) << BigInt(lsb);
        expect(f.mask).to.equal(m);
        expect(f.clearMask).to.equal(MASK64 & ~m);
        expect(fromWords(f.loMask, f.hiMask)).to.equal(m);
        expect(f.width).to.equal(msb - lsb + 1);
      }),
    );
  });

  it("bigint extract/insert equal the naive reference", () => {
    fc.assert(
      fc.property(range, u64, u64, ([msb, lsb], v, fv) => {
        const f = bitField("F", msb, lsb);
        expect(extract(v, f)).to.equal(naiveExtract(v, msb, lsb));
        expect(insert(v, f, fv)).to.equal(naiveInsert(v, msb, lsb, fv));
      }),
    );
  });

  it("word-pair extract equals bigint extract (fields up to 53 bits, incl. those crossing bit 32)", () => {
    fc.assert(
      fc.property(range53, u64, ([msb, lsb], v) => {
        const f = bitField("F", msb, lsb);
        const [lo, hi] = toWords(v);
        expect(BigInt(extractWords(lo, hi, f))).to.equal(naiveExtract(v, msb, lsb));
      }),
      { numRuns: 2000 },
    );
  });

  it("word-pair insert equals bigint insert (fields up to 53 bits)", () => {
    fc.assert(
      fc.property(range53, u64, u64, ([msb, lsb], v, raw) => {
        const f = bitField("F", msb, lsb);
        const fv = raw & f.valueMask;
        const [lo, hi] = toWords(v);
        const got = fromWords(insertLo(lo, f, Number(fv)), insertHi(hi, f, Number(fv)));
        expect(got).to.equal(naiveInsert(v, msb, lsb, fv));
      }),
      { numRuns: 2000 },
    );
  });

  it("int32 in-place variants give the same bit pattern as insertLo/insertHi", () => {
    fc.assert(
      fc.property(range53, u64, u64, ([msb, lsb], v, raw) => {
        const f = bitField("F", msb, lsb);
        const fv = Number(raw & f.valueMask);
        const [lo, hi] = toWords(v);
        expect(insertLoI32(lo | 0, f, fv) >>> 0).to.equal(insertLo(lo, f, fv));
        expect(insertHiI32(hi | 0, f, fv) >>> 0).to.equal(insertHi(hi, f, fv));
      }),
      { numRuns: 1000 },
    );
  });

  it("insertInPlace/extractInPlace on a Uint32Array equal the bigint reference", () => {
    fc.assert(
      fc.property(range53, u64, u64, ([msb, lsb], v, raw) => {
        const f = bitField("F", msb, lsb);
        const fv = raw & f.valueMask;
        const w = new Uint32Array(4);
        const [lo, hi] = toWords(v);
        w[2] = lo;
        w[3] = hi;
        insertInPlace(w, 2, f, Number(fv));
        expect(fromWords(w[2]!, w[3]!)).to.equal(naiveInsert(v, msb, lsb, fv));
        expect(extractInPlace(w, 2, f)).to.equal(Number(fv));
        expect([w[0], w[1]]).to.deep.equal([0, 0]);
      }),
      { numRuns: 1000 },
    );
  });

  it("crossing-bit-32 fields named in toolchain.md §3 (PAR.PA[47:12], TCR.IPS[34:32]) extract exactly", () => {
    const pa = bitField("PA", 47, 12);
    const v = 0x0000_abcd_ef12_3456n;
    const [lo, hi] = toWords(v);
    expect(extractWords(lo, hi, pa)).to.equal(Number(naiveExtract(v, 47, 12)));
    expect(extractWords(lo, hi, pa)).to.equal(0xabcdef123);
    const ips = bitField("IPS", 34, 32);
    expect(extractWords(0, 0b101, ips)).to.equal(5);
  });

  it("toWords/fromWords round trip every 64-bit value", () => {
    fc.assert(fc.property(u64, (v) => void expect(fromWords(...toWords(v))).to.equal(v)));
  });

  it("bitField rejects impossible ranges", () => {
    expect(() => bitField("X", 64, 0)).to.throw(RangeError);
    expect(() => bitField("X", 3, 4)).to.throw(RangeError);
    expect(() => bitField("X", 1.5, 0)).to.throw(RangeError);
    expect(() => bitField("X", 3, -1)).to.throw(RangeError);
  });

  it("fits", () => {
    const f = bitField("F", 3, 2);
    expect(fits(f, 3n)).to.equal(true);
    expect(fits(f, 4n)).to.equal(false);
    expect(fits(f, -1n)).to.equal(false);
  });

  it("hex and parseUnsigned", () => {
    expect(hex(0xabn, 4)).to.equal("0x00ab");
    expect(hex(255)).to.equal("0xff");
    expect(parseUnsigned("0x10")).to.deep.equal({ ok: true, value: 16n });
    expect(parseUnsigned("1_000")).to.deep.equal({ ok: true, value: 1000n });
    expect(parseUnsigned("ff")).to.deep.equal({ ok: true, value: 255n });
    expect(parseUnsigned("zz").ok).to.equal(false);
    expect(parseUnsigned("0x1" + "0".repeat(16)).ok).to.equal(false);
    expect(parseUnsigned("0x100", 8).ok).to.equal(false);
  });
});

describe("arch/bits: hex formatting (printf %0Nx, and 0x%0Nx)", () => {
  it("hexDigits pads without a prefix; hex adds 0x; both take number and bigint", () => {
    expect(hexDigits(0x2f, 2)).to.equal("2f");
    expect(hexDigits(5n, 4)).to.equal("0005");
    expect(hexDigits(0x1234, 2)).to.equal("1234");
    expect(hex(0xdeadbeefn, 16)).to.equal("0x00000000deadbeef");
    expect(hex(0xffff_ffff_ffff_ffffn, 16)).to.equal("0xffffffffffffffff");
  });
  it("HEX_BYTE has the two digits of every byte", () => {
    expect(HEX_BYTE).to.have.length(256);
    expect([HEX_BYTE[0], HEX_BYTE[0x0a], HEX_BYTE[0xff]]).to.deep.equal(["00", "0a", "ff"]);
  });
});

describe("arch/bits: u64Decimal (64-bit decimal without BigInt)", () => {
  const check = (v: bigint): void => void expect(u64Decimal(Number(v & 0xffffffffn), Number(v >> 32n)), `0x${v.toString(16)}`).to.equal(v.toString());
  it("agrees with BigInt's digits at the edges: 0, 2^53 - 1, 2^53, 2^53 + 1, 10^19, 2^64 - 1, and where the low part is r < 10^4", () => {
    for (const v of [0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 19n, 10n ** 19n + 7n, 2n ** 64n - 1n, 0x20_0000_0000_0000n, 0x20_0000_0000_0000n + 9999n]) check(v);
  });
  it("agrees with BigInt's digits on any 64-bit value", () => {
    fc.assert(fc.property(u64, (v) => {
      check(v);
    }), { numRuns: 5000 });
  });
});

describe("arch/bits: splitU64 / lo32 / hi32 (64-bit words without BigInt arithmetic)", () => {
  it("property: the words are v's bits 31:0 and 63:32 (v taken modulo 2^64, as setBigUint64 takes it)", () => {
    const dv = new DataView(new ArrayBuffer(8));
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n })), (v) => {
        splitU64(v);
        dv.setBigUint64(0, BigInt.asUintN(64, v), true);
        expect([lo32(), hi32()]).to.deep.equal([dv.getUint32(0, true), dv.getUint32(4, true)]);
        expect(lo32() + hi32() * 2 ** 32).to.equal(Number(BigInt.asUintN(64, v)));
      }),
      { numRuns: 2000 },
    );
  });
});
