// PSTATE/SPSR layout: known values from TF-A and Linux, and round trips.
import { expect } from "chai";
import fc from "fast-check";
import { modeBits, modeName, pstateFromSpsr, spsrFromPstate, PSTATE_RESET_EL3, PSTATE_FIELDS, type Pstate } from "../../src/arch/pstate.js";
import type { EL } from "../../src/arch/el.js";

const bit = fc.constantFrom(0 as const, 1 as const);
const pstateArb: fc.Arbitrary<Pstate> = fc
  .record({
    EL: fc.constantFrom<EL>(0, 1, 2, 3), SP: bit, N: bit, Z: bit, C: bit, V: bit, D: bit, A: bit, I: bit, F: bit,
    IL: bit, SS: bit, PAN: bit, UAO: bit, DIT: bit, SSBS: bit, TCO: bit, BTYPE: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
  })
  .map((p) => ({ ...p, nRW: 0 as const, SP: p.EL === 0 ? (0 as const) : p.SP }));

describe("arch/pstate", () => {
  it("mode encodings match TF-A SPSR_M_EL1H 0x5 / SPSR_M_EL2H 0x9 and arch.md §4.2", () => {
    expect(modeBits(1, 1)).to.equal(0x5);
    expect(modeBits(2, 1)).to.equal(0x9);
    expect(modeBits(3, 0)).to.equal(0xc);
    expect(modeBits(0, 1)).to.equal(0x0);
    expect(modeName(0b1101)).to.equal("EL3h");
    expect(modeName(0b0001)).to.equal(undefined);
  });

  it("EL1h with D,A,I,F masked is 0x3c5 (TF-A SPSR_64(MODE_EL1, MODE_SP_ELX, DISABLE_ALL_EXCEPTIONS))", () => {
    const p: Pstate = { ...PSTATE_RESET_EL3, EL: 1, SP: 1 };
    expect(spsrFromPstate(p)).to.equal(0x3c5n);
  });

  it("decodes Linux's 'pstate: 60400005 (nZCv daif +PAN -UAO ...)'", () => {
    const r = pstateFromSpsr(0x60400005n);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.pstate).to.include({ N: 0, Z: 1, C: 1, V: 0, D: 0, A: 0, I: 0, F: 0, PAN: 1, UAO: 0, EL: 1, SP: 1 });
  });

  it("spsrFromPstate and pstateFromSpsr round trip", () => {
    fc.assert(
      fc.property(pstateArb, (p) => {
        const r = pstateFromSpsr(spsrFromPstate(p));
        expect(r).to.deep.equal({ ok: true, pstate: p });
      }),
    );
  });

  it("rejects AArch32 and reserved modes without throwing", () => {
    expect(pstateFromSpsr(0x10n)).to.deep.include({ ok: false });
    const r = pstateFromSpsr(0x1n);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.error).to.match(/M\[3:0\]=0b0001/);
  });

  it("fields do not overlap and stay in [31:0]", () => {
    let used = 0n;
    for (const f of PSTATE_FIELDS) {
      const m = ((1n << BigInt(f.msb - f.lsb + 1)) - 1n) << BigInt(f.lsb);
      expect(used & m, f.name).to.equal(0n);
      used |= m;
      expect(f.msb).to.be.below(32);
    }
  });
});
