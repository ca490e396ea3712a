// The register file's EC 0x18 ISS (src/sysregs/trap-iss.ts) and this codec's LAYOUT_SYS64 agree.
import { expect } from "chai";
import { SYS64_ISS, sysRegTrapIss } from "../../src/sysregs/trap-iss.js";
import { decode, encode, LAYOUT_SYS64, renderText, sysRegName } from "../../src/sysregs/esr/index.js";

describe("EC 0x18 ISS: register file vs ESR codec", () => {
  it("declares the same fields at the same bits (Linux ESR_ELx_SYS64_ISS_* shifts)", () => {
    const ours = LAYOUT_SYS64.cases[0].fields;
    for (const [name, bits] of Object.entries(SYS64_ISS)) {
      const f = ours.find((x) => x.name === name);
      expect(f, name).to.not.equal(undefined);
      expect([f!.bits.msb, f!.bits.lsb], name).to.deep.equal([bits.msb, bits.lsb]);
    }
    expect(ours).to.have.length(Object.keys(SYS64_ISS).length);
  });
  it("a syndrome built by the register file decodes to the register it names", () => {
    const iss = sysRegTrapIss({ op0: 3, op1: 0, CRn: 5, CRm: 4, op2: 2 }, 7, false);
    const esr = encode({ ec: 0x18, iss });
    const d = decode(esr);
    expect(d.fields).to.include({ Op0: 3, Op1: 0, CRn: 5, CRm: 4, Op2: 2, Rt: 7, Direction: 0 });
    expect(renderText(d, [])).to.contain("Trapped MSR: write of X7 to ERXSTATUS_EL1.");
  });
  it("names declared registers and falls back to the generic name", () => {
    expect(sysRegName({ Op0: 3, Op1: 4, CRn: 1, CRm: 1, Op2: 0 })).to.equal("HCR_EL2");
    expect(sysRegName({ Op0: 3, Op1: 0, CRn: 12, CRm: 1, Op2: 1 })).to.equal("DISR_EL1");
    expect(sysRegName({ Op0: 2, Op1: 3, CRn: 0, CRm: 0, Op2: 0 })).to.equal("S2_3_C0_C0_0");
  });
});
