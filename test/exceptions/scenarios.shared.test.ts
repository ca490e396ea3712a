// ../shared/arch/exception_entry_scenarios.json: each prose scenario set up on the PE
// and its expected observable state checked (KVM selftest, QEMU, TF-A sources).
import { expect } from "chai";
import { describeShared, readSharedJson } from "../helpers.js";
import { HCR_AMO, HCR_RW, VBAR, makePE } from "./pe-helpers.js";

interface Scenario {
  id: string;
  setup: Record<string, unknown>;
  expected: Record<string, unknown>;
}

describeShared("exception entry: ../shared/arch/exception_entry_scenarios.json", () => {
  const data = readSharedJson<{ vectors: Scenario[] }>("arch", "exception_entry_scenarios.json");
  const byId = new Map(data.vectors.map((v) => [v.id, v]));
  const vec = (id: string): Scenario => {
    const v = byId.get(id);
    if (!v) throw new Error(`scenario ${id} missing`);
    return v;
  };
  // serror_esr = ESR_ELx_ISV | 0x1d1ed (Linux: ISV is bit 24, which is IDS for an SError)
  const SERROR_ESR = (1n << 24n) | 0x1d1edn;

  it("covers all 6 scenarios", () => expect(data.vectors.map((v) => v.id)).to.have.members([...byId.keys()]).and.have.length(6));

  it("kvm-selftest-serror-masked: ISR_EL1.A=1, not taken", () => {
    const v = vec("kvm-selftest-serror-masked");
    expect(v.setup["guest_PSTATE.A"]).to.equal(1);
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: v.setup["guest_el"] as 1, A: 1 } });
    pe.injectVirtualSError(SERROR_ESR);
    expect(pe.entries).to.equal(0);
    const { value } = pe.mrs("ISR_EL1");
    expect(Number((value! >> 8n) & 1n)).to.equal(v.expected["ISR_EL1.A"]);
    expect(v.expected["exception_taken"]).to.equal(false);
  });

  it("kvm-selftest-serror-unmasked: vector +0x380, ESR_EL1 = 0xbf01d1ed", () => {
    const v = vec("kvm-selftest-serror-unmasked");
    expect(String(v.expected["ESR_EL1.ISS"])).to.contain("0xbf01d1ed");
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 1, SP: 1, A: 1 } });
    pe.injectVirtualSError(SERROR_ESR);
    pe.msr("DAIFClr", 4n); // guest clears PSTATE.A
    expect(pe.pc).to.equal(VBAR[1] + 0x380n);
    expect(pe.regs.read("ESR_EL1")).to.equal(0xbf01d1edn);
    expect(Number(pe.regs.read("ESR_EL1") >> 26n)).to.equal(Number(v.expected["ESR_EL1.EC"]));
  });

  it("qemu-vserr-entry: target EL1, +0x180, ESR_EL1 = EC 0x2f | IL | VSESR[24:0], VSE cleared", () => {
    vec("qemu-vserr-entry");
    for (const [el, sp, base] of [[1, 0, 0x000n], [1, 1, 0x200n]] as const) {
      const vsesr = 0x1234567n | (0xffn << 32n); // bits above 24 must not reach ESR
      const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: el, SP: sp, A: 1 } });
      pe.regs.set("VSESR_EL2", vsesr);
      pe.injectVirtualSError();
      pe.msr("DAIFClr", 4n);
      expect(pe.pstate.EL).to.equal(1);
      expect(pe.pc).to.equal(VBAR[1] + base + 0x180n);
      expect(pe.regs.read("ESR_EL1")).to.equal((0x2fn << 26n) | (1n << 25n) | (vsesr & 0x1ffffffn));
      expect(pe.hcrBit("VSE")).to.equal(false);
    }
  });

  it("qemu-vserr-entry from EL0 (A=0 at EL0): lower-EL AArch64 vector +0x400+0x180", () => {
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 0, SP: 0, A: 0 } });
    pe.injectVirtualSError(0x11n);
    expect(pe.pc).to.equal(VBAR[1] + 0x580n);
    expect(pe.regs.read("ESR_EL1")).to.equal(0xbe000011n);
    expect(pe.hcrBit("VSE")).to.equal(false);
  });

  it("qemu-vesb-deferral: VDISR_EL2 = 1<<31 | VSESR[24:0], VSE cleared, not taken", () => {
    vec("qemu-vesb-deferral");
    const vsesr = 0x1abcdefn;
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 1, A: 1 } });
    pe.injectVirtualSError(vsesr);
    pe.esb();
    expect(pe.regs.read("VDISR_EL2")).to.equal((1n << 31n) | (vsesr & 0x1ffffffn));
    expect(pe.hcrBit("VSE")).to.equal(false);
    expect(pe.entries).to.equal(0);
  });

  it("qemu-vserr-not-taken-from-el2: target EL1 < EL2", () => {
    vec("qemu-vserr-not-taken-from-el2");
    const pe = makePE({ hcr: HCR_RW | HCR_AMO, pstate: { EL: 2, A: 0 } });
    pe.injectVirtualSError(1n);
    expect(pe.entries).to.equal(0);
    expect(pe.hcrBit("VSE")).to.equal(true);
  });

  it("tfa-inject-undef-vector: current EL SPx +0x200, lower EL +0x400; SPSR.DAIF=0xF after, IL=0, SS=0", () => {
    vec("tfa-inject-undef-vector");
    // Same EL (EL1h): an UNDEFINED MSR at EL1 to an EL2 register.
    const same = makePE({ pstate: { EL: 1, SP: 1 } });
    same.msr("HCR_EL2", 0n);
    expect(same.pc).to.equal(VBAR[1] + 0x200n);
    expect(same.pstate.D + same.pstate.A + same.pstate.I + same.pstate.F).to.equal(4);
    expect(same.pstate.IL).to.equal(0);
    expect(same.pstate.SS).to.equal(0);
    // Lower EL: EL0 -> EL1.
    const lower = makePE({ pstate: { EL: 0, SP: 0 } });
    lower.msr("SCTLR_EL1", 0n);
    expect(lower.pc).to.equal(VBAR[1] + 0x400n);
    expect(Number(lower.regs.read("ESR_EL1") >> 26n)).to.equal(0x00);
  });
});
