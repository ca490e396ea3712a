// ERR<n>STATUS write-one-to-clear, field by field, with every guard of arch.md §2.7
// and each StatusWritePolicy option.
import { expect } from "chai";
import fc from "fast-check";
import { DEFAULT_STATUS_POLICY, statusWrite, type StatusWritePolicy } from "../../src/sysregs/status-w1c.js";

// Bit positions transcribed from arch.md §2.7 / TF-A ras_arch.h (independent of our declaration).
const AV = 1 << 31, V = 1 << 30, UE = 1 << 29, ER = 1 << 28, OF = 1 << 27, MV = 1 << 26;
const CE = (n: number): number => n << 24;
const DE = 1 << 23, PN = 1 << 22;
const UET = (n: number): number => n << 20;
const CI = 1 << 19;
const IERR = (n: number): number => n << 8;
const u = (n: number): number => n >>> 0;

const W = (old: number, value: number, policy: Partial<StatusWritePolicy> = {}, hasCI = true): number =>
  statusWrite(u(old), u(value), hasCI, { ...DEFAULT_STATUS_POLICY, ...policy });

describe("sysregs/status-w1c: ERR<n>STATUS writes", () => {
  describe("single-bit W1C fields (no guard active)", () => {
    for (const [name, bit] of [["AV", AV], ["V", V], ["UE", UE], ["ER", ER], ["OF", OF], ["MV", MV], ["DE", DE], ["PN", PN], ["CI", CI]] as const) {
      it(`${name}: writing 1 clears it, writing 0 leaves it`, () => {
        expect(W(bit, bit)).to.equal(0);
        expect(W(bit, 0)).to.equal(u(bit));
        expect(W(0, bit)).to.equal(0); // writing 1 never sets
      });
    }
  });

  describe("multi-bit CE[25:24] and UET[21:20]", () => {
    for (const [name, f] of [["CE", CE], ["UET", UET]] as const) {
      it(`${name}: cleared only by writing all-ones (default "all-ones")`, () => {
        for (const cur of [1, 2, 3]) {
          expect(W(f(cur), f(3)), `${name}=${cur}`).to.equal(0);
          expect(W(f(cur), f(1))).to.equal(u(f(cur)));
          expect(W(f(cur), f(2))).to.equal(u(f(cur)));
        }
      });
      it(`${name}: "per-bit" clears each bit written 1`, () => {
        expect(W(f(3), f(1), { multiBitClear: "per-bit" })).to.equal(u(f(2)));
        expect(W(f(3), f(2), { multiBitClear: "per-bit" })).to.equal(u(f(1)));
        expect(W(f(2), f(3), { multiBitClear: "per-bit" })).to.equal(0);
      });
    }
  });

  describe("V guard: clearing V is ignored while UE, DE or CE stays nonzero", () => {
    for (const [name, t, clearT] of [["UE", UE, UE], ["DE", DE, DE], ["CE", CE(2), CE(3)]] as const) {
      it(`V with ${name} set and not cleared: V stays`, () => {
        expect(W(V | t, V)).to.equal(u(V | t));
      });
      it(`V with ${name} cleared by the same write: both clear`, () => {
        expect(W(V | t, V | clearT)).to.equal(0);
      });
    }
    it("a partial CE write (0b01 over 0b11) does not clear CE, so V stays", () => {
      expect(W(V | CE(3), V | CE(1))).to.equal(u(V | CE(3)));
    });
    it("V stays if any one of several types remains", () => {
      expect(W(V | UE | DE, V | UE)).to.equal(u(V | DE));
    });
  });

  describe("OF guard: clearing UE, DE or CE is ignored while OF stays 1", () => {
    for (const [name, t, clearT] of [["UE", UE, UE], ["DE", DE, DE], ["CE", CE(3), CE(3)]] as const) {
      it(`${name} with OF=1 not cleared: ${name} and V stay`, () => {
        expect(W(V | OF | t, V | clearT)).to.equal(u(V | OF | t));
      });
      it(`${name} with OF cleared in the same write: everything clears`, () => {
        expect(W(V | OF | t, V | OF | clearT)).to.equal(0);
      });
    }
    it("clearing OF alone leaves the types and V", () => {
      expect(W(V | OF | UE, OF)).to.equal(u(V | UE));
    });
  });

  describe('guard "types" vs "record" for AV, MV, ER, PN, UET, CI', () => {
    const others = AV | MV | ER | PN | UET(3) | CI;
    it('"types" (default): they clear even while UE stays set', () => {
      expect(W(V | UE | others, others)).to.equal(u(V | UE));
    });
    it('"record": they stay while UE stays set', () => {
      expect(W(V | UE | others, others, { guard: "record" })).to.equal(u(V | UE | others));
    });
    it('"record": they clear once every type is cleared', () => {
      expect(W(V | UE | others, V | UE | others, { guard: "record" })).to.equal(0);
    });
  });

  describe("IERR/SERR syndrome", () => {
    it('"guarded" (default): a write that leaves V=1 does not change them', () => {
      expect(W(V | UE | IERR(5) | 0x12, 0)).to.equal(u(V | UE | IERR(5) | 0x12));
    });
    it('"guarded": written once V is 0 after the write (Linux writes zeros on clear)', () => {
      expect(W(V | UE | IERR(5) | 0x12, V | UE)).to.equal(0);
      expect(W(0, IERR(7) | 0x3)).to.equal(u(IERR(7) | 0x3));
    });
    it('"always": always written', () => {
      expect(W(V | UE | 0x12, 0x00, { syndrome: "always" })).to.equal(u(V | UE));
    });
  });

  it("RES0 bits [18:16] and [63:32] never become set; CI is RES0 without FEAT_RASv1p1", () => {
    expect(W(0, 0x7_0000)).to.equal(0);
    expect(W(CI, 0, {}, false)).to.equal(0);
    expect(W(V, CI, {}, true)).to.equal(u(V));
  });

  it("writing Linux's clear value (read value, CE/UET widened to all-ones) clears every W1C bit", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (raw) => {
        const old = u(raw & ~0x7_0000);
        let clear = old;
        if (old & CE(3)) clear |= CE(3);
        if (old & UET(3)) clear |= UET(3);
        expect(W(old, u(clear)) & u(0xfff8_0000)).to.equal(0);
      }),
    );
  });

  it('"per-bit": writing back exactly the value read clears every W1C bit (arch.md §2.7)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (raw) => {
        const old = u(raw & ~0x7_0000);
        expect(W(old, old, { multiBitClear: "per-bit" }) & u(0xfff8_0000)).to.equal(0);
      }),
    );
  });

  it("never sets a bit that was clear (W1C bits only clear)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 0xffff_ffff }), (o, v) => {
        const n = W(o, v);
        expect(u(n & ~o & 0xfff8_0000)).to.equal(0);
      }),
    );
  });
});
