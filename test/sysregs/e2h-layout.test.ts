// Registers whose layout follows HCR_EL2.E2H (FEAT_VHE): read and written with the layout
// in force. Expected values are worked out from the Arm ARM field lists (E2H=0: TF-A's
// SCTLR_EL2_RES1 / CPTR_EL2_RES1 and TCR_EL2 RES1 bits 23, 31; E2H=1: the EL1 formats).
import { expect } from "chai";
import { CORTEX_A72 } from "../../src/arch/features.js";
import { RegisterFile } from "../../src/sysregs/register-file.js";
import { runScenario } from "../../src/exceptions/index.js";
import { parseScenario } from "../../src/cli/commands/take-scenario.js";

const E2H = 1n << 34n, TGE = 1n << 27n, RW = 1n << 31n;
const EL2 = { el: 2, security: "NonSecure" } as const;

function rf(e2h: boolean): RegisterFile {
  const r = new RegisterFile({ reset: "zero" });
  r.set("HCR_EL2", RW | (e2h ? E2H | TGE : 0n));
  return r;
}
function msrRead(r: RegisterFile, reg: string, v: bigint): bigint {
  const w = r.msr(reg, v, EL2);
  expect(w.kind).to.equal("ok");
  const out = r.mrs(reg, EL2);
  if (out.kind !== "ok") throw new Error(`MRS ${reg}: ${out.kind}`);
  return out.value;
}

describe("sysregs: layouts that follow HCR_EL2.E2H", () => {
  describe("SCTLR_EL2", () => {
    it("E2H=0: the EL2 format forces RES1 bits [5:4], 11, 16, 18, 22, 23, 28, 29 (0x30500800 reads 0x30c50830)", () => {
      expect(msrRead(rf(false), "SCTLR_EL2", 0x30500800n)).to.equal(0x30c50830n);
    });
    it("E2H=1: the SCTLR_EL1 format (SPAN, nTWE, nTWI, SA0, CP15BEN are fields): 0x30500800 reads back as written", () => {
      expect(msrRead(rf(true), "SCTLR_EL2", 0x30500800n)).to.equal(0x30500800n);
      const r = rf(true);
      msrRead(r, "SCTLR_EL2", 0x30500800n);
      expect(r.getField("SCTLR_EL2", "SPAN")).to.equal(0n);
      expect(r.getField("SCTLR_EL2", "E0E")).to.equal(0n);
    });
    it("E2H=1: MSR SCTLR_EL1 at EL2 (redirected) writes SCTLR_EL2 with the EL1 format", () => {
      const r = rf(true);
      expect(r.msr("SCTLR_EL1", 0x30500800n, EL2)).to.include({ kind: "ok", register: "SCTLR_EL2" });
      expect(r.read("SCTLR_EL2")).to.equal(0x30500800n);
      expect(r.read("SCTLR_EL1")).to.equal(new RegisterFile({ reset: "zero" }).read("SCTLR_EL1")); // SCTLR_EL1 untouched
    });
    it("clearing E2H brings the EL2 format back (RES1 bits read 1 again)", () => {
      const r = rf(true);
      msrRead(r, "SCTLR_EL2", 0x30500800n);
      r.set("HCR_EL2", RW);
      expect(r.read("SCTLR_EL2")).to.equal(0x30c50830n);
    });
    it("without FEAT_VHE, E2H is RES0 and the EL2 format stays", () => {
      const r = new RegisterFile({ reset: "zero", features: CORTEX_A72 });
      r.set("HCR_EL2", RW | E2H | TGE);
      expect(r.read("HCR_EL2") & E2H).to.equal(0n);
      expect(msrRead(r, "SCTLR_EL2", 0x30500800n)).to.equal(0x30c50830n);
    });
    it("PSTATE.PAN on entry to a VHE host follows SCTLR_EL2.SPAN (0: PAN=1, 1: unchanged)", () => {
      for (const [sctlr, pan] of [["0x30500800", 1], ["0x30d00800", 0]] as const) {
        const s = parseScenario({
          pstate: { EL: 0, SP: 0, D: 0, A: 0, I: 0, F: 0 },
          registers: { SCR_EL3: "0x531", HCR_EL2: "0x488000000", SCTLR_EL2: sctlr, VBAR_EL2: "0x20000" },
          events: [{ op: "svc", imm: 0 }],
        });
        const r = runScenario(s);
        expect(r.final.pstate.EL).to.equal(2);
        expect(r.final.pstate.PAN, `SCTLR_EL2=${sctlr}`).to.equal(pan);
      }
    });
    it("the same SPAN=0 written at EL2 by MSR in the scenario (E2H=1) gives PAN=1 on the next entry from EL0", () => {
      const s = parseScenario({
        pstate: { EL: 2, SP: 1, D: 1, A: 1, I: 1, F: 1 },
        registers: { SCR_EL3: "0x531", HCR_EL2: "0x488000000", VBAR_EL2: "0x20000", SPSR_EL2: "0x0", ELR_EL2: "0x400000" },
        events: [{ op: "msr", reg: "SCTLR_EL2", value: "0x30500800" }, { op: "eret" }, { op: "svc", imm: 1 }],
      });
      const r = runScenario(s);
      expect(r.final.registers.find(([n]) => n === "SCTLR_EL2")?.[1]).to.equal("0x30500800");
      expect(r.final.pstate).to.include({ EL: 2, PAN: 1 });
    });
  });

  describe("CPTR_EL2", () => {
    it("E2H=0: RES1 bits [13:12], [9:0] (with TZ) and TFP/TTA/TCPAC at 10/20/31", () => {
      expect(msrRead(rf(false), "CPTR_EL2", 0n)).to.equal(0x33ffn);
      expect(msrRead(rf(false), "CPTR_EL2", 0x80300400n)).to.equal(0x801037ffn); // bit 21 RES0, bit 20 TTA
    });
    it("E2H=1: the CPACR_EL1 format: FPEN [21:20], TTA 28, TCPAC 31, no RES1 bits", () => {
      expect(msrRead(rf(true), "CPTR_EL2", 0n)).to.equal(0n);
      const r = rf(true);
      expect(msrRead(r, "CPTR_EL2", 0x90300400n)).to.equal(0x90300000n); // bit 10 RES0 here
      expect(r.getField("CPTR_EL2", "FPEN")).to.equal(3n);
    });
  });

  describe("CNTHCTL_EL2", () => {
    it("E2H=0: EL1PCTEN, EL1PCEN, EVNT* in [7:0], bits [11:8] RES0", () => {
      expect(msrRead(rf(false), "CNTHCTL_EL2", 0xfffn)).to.equal(0xffn);
    });
    it("E2H=1: EL0PCTEN/EL0VCTEN at [1:0], EL0VTEN/EL0PTEN at 8/9, EL1PCTEN/EL1PCEN at 10/11", () => {
      const r = rf(true);
      expect(msrRead(r, "CNTHCTL_EL2", 0xfffn)).to.equal(0xfffn);
      expect(r.getField("CNTHCTL_EL2", "EL1PCEN")).to.equal(1n);
      expect(() => rf(false).getField("CNTHCTL_EL2", "EL0PTEN")).to.throw(/no field 'EL0PTEN'/);
    });
  });

  describe("TCR_EL2", () => {
    it("E2H=0: one VA range, RES1 bits 23 and 31, bits [63:32] RES0", () => {
      expect(msrRead(rf(false), "TCR_EL2", 0n)).to.equal(0x80800000n);
      expect(msrRead(rf(false), "TCR_EL2", (1n << 39n) | 0x10n)).to.equal(0x80800010n);
    });
    it("E2H=1: the TCR_EL1 format (T1SZ, EPD1, IPS, HA at 39, ...), no RES1 bits", () => {
      const r = rf(true);
      expect(msrRead(r, "TCR_EL2", 0n)).to.equal(0n);
      expect(msrRead(r, "TCR_EL2", (1n << 39n) | (2n << 32n) | 0x10n)).to.equal((1n << 39n) | (2n << 32n) | 0x10n);
      expect(r.getField("TCR_EL2", "IPS")).to.equal(2n);
    });
  });

  it("handles on e2hLayout registers see the layout in force (the exception-entry path)", () => {
    const r = rf(false);
    const h = r.handle("SCTLR_EL2");
    h.set(0x30500800n);
    expect(h.read()).to.equal(0x30c50830n);
    r.set("HCR_EL2", RW | E2H);
    expect(h.read()).to.equal(0x30500800n);
    expect(h.lo()).to.equal(0x30500800);
    h.markUnknown();
    expect(h.isUnknown()).to.equal(true);
    h.setWords(0x30d00800, 0);
    expect(h.read()).to.equal(0x30d00800n);
    expect(h.hi()).to.equal(0);
  });
});

describe("armras reg --e2h: the VHE-host layout", () => {
  it("SCTLR_EL2 0x30500800 is clean in the E2H=1 layout (SPAN=0) and has RES1 findings in the E2H=0 one", async () => {
    const { cli } = await import("../helpers.js");
    const vhe = await cli(["reg", "SCTLR_EL2", "0x30500800", "--e2h"]);
    expect(vhe.code, vhe.stderr).to.equal(0);
    expect(vhe.stdout).to.match(/SPAN +\[23\] +0 +PAN set on entry/);
    expect((await cli(["reg", "SCTLR_EL2", "0x30500800"])).code).to.equal(1);
    const tcr = await cli(["reg", "TCR_EL2", "0x8000000010", "--e2h", "--format", "json"]);
    expect(tcr.code, tcr.stderr).to.equal(0);
    const bad = await cli(["reg", "HCR_EL2", "0x0", "--e2h"]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--e2h: HCR_EL2 has one layout/);
  });
});
