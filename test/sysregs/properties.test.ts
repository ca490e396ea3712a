// Properties over every declared register and random 64-bit values.
import { expect } from "chai";
import fc from "fast-check";
import { NEOVERSE_N1, withFeatures } from "../../src/arch/features.js";
import { ALL_REGISTERS, SYSTEM_REGISTERS } from "../../src/sysregs/catalog.js";
import { decodeRegister } from "../../src/sysregs/render.js";
import { compileRegister, RegisterFile, softwareWrite } from "../../src/sysregs/register-file.js";
import { fromWords } from "../../src/arch/bits.js";

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const FEATURE_SETS = [NEOVERSE_N1, withFeatures(NEOVERSE_N1, { FEAT_RASv1p1: true, FEAT_IESB: false, FEAT_PAN: false, aarch32: { 0: true, 1: true, 2: true, 3: false } })];

describe("sysregs properties", () => {
  it("decodeRegister's fields re-assemble the value exactly (nothing dropped, nothing invented)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_REGISTERS), u64, (def, v) => {
        const d = decodeRegister(def, v);
        let back = 0n;
        for (const f of d.fields) if (f.within === undefined) back |= f.value << BigInt(f.lsb);
        expect(back).to.equal(v);
      }),
      { numRuns: 500 },
    );
  });

  for (const features of FEATURE_SETS) {
    it(`software writes keep RES0 at 0, RES1 at 1, RO bits unchanged (${features.FEAT_RASv1p1 ? "RASv1p1, AArch32" : "N1"})`, () => {
      const compiled = ALL_REGISTERS.map((d) => compileRegister(d, features));
      fc.assert(
        fc.property(fc.constantFrom(...compiled), u64, u64, (c, old0, value) => {
          const hw = fromWords(c.hwLo, c.hwHi);
          const one = fromWords(c.oneLo, c.oneHi);
          const old = (old0 & hw) | one;
          const next = softwareWrite(c, old, value);
          expect(next & ~hw & ~one, "forced-0 bits").to.equal(0n);
          expect(next & one).to.equal(one);
          const roWi = hw & ~fromWords(c.rwLo, c.rwHi) & ~fromWords(c.w1cLo, c.w1cHi);
          if (c.def.writeRule !== "ERR_STATUS") expect(next & roWi).to.equal(old & roWi);
          // W1C bits never go from 0 to 1 on a software write.
          const w1c = fromWords(c.w1cLo, c.w1cHi);
          expect(next & w1c & ~old).to.equal(0n);
        }),
        { numRuns: 1000 },
      );
    });
  }

  it("hardware set then read returns the value with only the forced bits changed", () => {
    const rf = new RegisterFile();
    fc.assert(
      fc.property(fc.constantFrom(...SYSTEM_REGISTERS.filter((r) => !r.window)), u64, (def, v) => {
        rf.set(def.name, v);
        // e2hLayout registers read with the layout in force (HCR_EL2.E2H, bit 34, set by an earlier run)
        const inForce = def.e2hLayout !== undefined && (rf.read("HCR_EL2") >> 34n) & 1n ? def.e2hLayout : def;
        const c = compileRegister(inForce, NEOVERSE_N1);
        const hw = fromWords(c.hwLo, c.hwHi);
        expect(rf.read(def.name)).to.equal((v & hw) | fromWords(c.oneLo, c.oneHi));
        expect(rf.isUnknown(def.name)).to.equal(false);
      }),
      { numRuns: 500 },
    );
  });
});
