// MRS/MSR outcomes: UNDEFINED, EC 0x18 traps with their exact ISS, redirections and RAZ/WI
// (arch.md §2.4, §2.6; Arm ARM ERXSTATUS_EL1 / DISR_EL1 accessibility pseudocode).
import { expect } from "chai";
import { NEOVERSE_N1, withFeatures } from "../../src/arch/features.js";
import type { EL } from "../../src/arch/el.js";
import { effectiveHcr } from "../../src/sysregs/hcr-effective.js";
import { RegisterFile, RegisterFileError } from "../../src/sysregs/register-file.js";
import type { AccessContext } from "../../src/sysregs/types.js";

const ctx = (el: EL, security: "Secure" | "NonSecure" = "NonSecure", rt?: number): AccessContext => (rt === undefined ? { el, security } : { el, security, rt });
/** EC 0x18 ISS as the Arm ARM lays it out: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]. */
const iss = (op0: number, op1: number, crn: number, crm: number, op2: number, rt: number, read: boolean): number =>
  op0 * 2 ** 20 + op2 * 2 ** 17 + op1 * 2 ** 14 + crn * 2 ** 10 + rt * 2 ** 5 + crm * 2 + (read ? 1 : 0);

const HCR = { TERR: 1n << 36n, AMO: 1n << 5n, VSE: 1n << 8n, TGE: 1n << 27n, E2H: 1n << 34n, TVM: 1n << 26n, TRVM: 1n << 30n, IMO: 1n << 4n, VI: 1n << 7n, FMO: 1n << 3n, VF: 1n << 6n };
const SCR = { NS: 1n, EA: 1n << 3n, TERR: 1n << 15n };

function rfWith(hcr: bigint, scr: bigint = SCR.NS, features = NEOVERSE_N1): RegisterFile {
  const rf = new RegisterFile({ features, reset: "zero" });
  rf.set("HCR_EL2", hcr);
  rf.set("SCR_EL3", scr);
  return rf;
}

describe("sysregs/access: MRS/MSR outcomes", () => {
  describe("UNDEFINED", () => {
    const rf = rfWith(0n);
    it("EL0 cannot access any EL1 register", () => {
      for (const r of ["ESR_EL1", "DISR_EL1", "ERXSTATUS_EL1", "ISR_EL1", "SPSR_EL1"]) expect(rf.mrs(r, ctx(0)).kind, r).to.equal("undefined");
    });
    it("EL1 cannot access EL2/EL3 registers, EL2 cannot access EL3 registers", () => {
      expect(rf.mrs("ESR_EL2", ctx(1)).kind).to.equal("undefined");
      expect(rf.msr("HCR_EL2", 0n, ctx(1)).kind).to.equal("undefined");
      expect(rf.mrs("VDISR_EL2", ctx(1)).kind).to.equal("undefined");
      expect(rf.mrs("SCR_EL3", ctx(2)).kind).to.equal("undefined");
      expect(rf.mrs("ESR_EL3", ctx(2)).kind).to.equal("undefined");
      expect(rf.mrs("SCR_EL3", ctx(3)).kind).to.equal("ok");
    });
    it("registers of an absent feature", () => {
      const noRas = rfWith(0n, SCR.NS, withFeatures(NEOVERSE_N1, { FEAT_RAS: false }));
      expect(noRas.mrs("DISR_EL1", ctx(1)).kind).to.equal("undefined");
      expect(noRas.mrs("ERRIDR_EL1", ctx(3)).kind).to.equal("undefined");
      expect(rf.mrs("ERXMISC2_EL1", ctx(1)).kind).to.equal("undefined");
      const v11 = rfWith(0n, SCR.NS, withFeatures(NEOVERSE_N1, { FEAT_RASv1p1: true }));
      expect(v11.mrs("ERXMISC3_EL1", ctx(1)).kind).to.equal("ok");
      const noEl3 = rfWith(0n, 0n, withFeatures(NEOVERSE_N1, { EL3: false }));
      expect(noEl3.mrs("SCR_EL3", ctx(2)).kind).to.equal("undefined");
      const noEl2 = rfWith(0n, SCR.NS, withFeatures(NEOVERSE_N1, { EL2: false }));
      expect(noEl2.mrs("ESR_EL2", ctx(1)).kind).to.equal("undefined");
    });
    it("EL2 registers read as 0 and ignore writes from EL3 when EL2 is not implemented", () => {
      const noEl2 = rfWith(0n, SCR.NS, withFeatures(NEOVERSE_N1, { EL2: false }));
      expect(noEl2.msr("HCR_EL2", 1n, ctx(3))).to.deep.include({ kind: "ok", value: 0n });
      expect(noEl2.mrs("VSESR_EL2", ctx(3))).to.deep.include({ kind: "ok", value: 0n });
    });
    it("MSR to a read-only register (ERRIDR_EL1, ERXFR_EL1, ISR_EL1)", () => {
      for (const r of ["ERRIDR_EL1", "ERXFR_EL1", "ISR_EL1"]) {
        expect(rf.msr(r, 0n, ctx(3)).kind, r).to.equal("undefined");
        expect(rf.mrs(r, ctx(3)).kind, r).to.equal("ok");
      }
    });
    it("names and encodings armras does not model, and memory-mapped registers", () => {
      expect(rf.mrs("TTBR0_EL1", ctx(1)).kind).to.equal("undefined");
      expect(rf.mrs({ op0: 3, op1: 0, CRn: 2, CRm: 0, op2: 0 }, ctx(1))).to.deep.include({ kind: "undefined" });
      expect(rf.mrs("ERR0STATUS", ctx(3)).kind).to.equal("undefined");
    });
  });

  describe("ERX* traps (TERR)", () => {
    it("EL1 with HCR_EL2.TERR traps to EL2 with EC 0x18 and the exact ISS (MRS, Rt=7)", () => {
      const out = rfWith(HCR.TERR).mrs("ERXSTATUS_EL1", ctx(1, "NonSecure", 7));
      expect(out).to.deep.include({ kind: "trap", targetEL: 2, ec: 0x18, iss: iss(3, 0, 5, 4, 2, 7, true) });
      expect(iss(3, 0, 5, 4, 2, 7, true)).to.equal(0x3414e9);
    });
    it("MSR by encoding reports Direction=0 and Rt defaults to 0", () => {
      const out = rfWith(HCR.TERR).msr({ op0: 3, op1: 0, CRn: 5, CRm: 3, op2: 1 }, 1n, ctx(1));
      expect(out).to.deep.include({ kind: "trap", targetEL: 2, iss: iss(3, 0, 5, 3, 1, 0, false) });
    });
    it("ERRIDR_EL1, ERRSELR_EL1 and every ERX* are covered", () => {
      const rf = rfWith(HCR.TERR);
      for (const r of ["ERRIDR_EL1", "ERRSELR_EL1", "ERXFR_EL1", "ERXCTLR_EL1", "ERXADDR_EL1", "ERXMISC0_EL1", "ERXMISC1_EL1"]) {
        expect(rf.mrs(r, ctx(1)).kind, r).to.equal("trap");
      }
    });
    it("HCR_EL2.TERR is ignored when EL2 is not enabled (Secure state)", () => {
      expect(rfWith(HCR.TERR, 0n).mrs("ERXSTATUS_EL1", ctx(1, "Secure")).kind).to.equal("ok");
    });
    it("EL1 with SCR_EL3.TERR traps to EL3; HCR_EL2.TERR takes priority", () => {
      expect(rfWith(0n, SCR.NS | SCR.TERR).mrs("ERXSTATUS_EL1", ctx(1))).to.deep.include({ kind: "trap", targetEL: 3 });
      expect(rfWith(HCR.TERR, SCR.NS | SCR.TERR).mrs("ERXSTATUS_EL1", ctx(1))).to.deep.include({ kind: "trap", targetEL: 2 });
      expect(rfWith(0n, SCR.TERR).mrs("ERXSTATUS_EL1", ctx(1, "Secure"))).to.deep.include({ kind: "trap", targetEL: 3 });
    });
    it("EL2: SCR_EL3.TERR traps to EL3, HCR_EL2.TERR does not apply", () => {
      expect(rfWith(HCR.TERR).mrs("ERXSTATUS_EL1", ctx(2)).kind).to.equal("ok");
      expect(rfWith(0n, SCR.NS | SCR.TERR).msr("ERXSTATUS_EL1", 0n, ctx(2, "NonSecure", 31))).to.deep.include({ kind: "trap", targetEL: 3, iss: iss(3, 0, 5, 4, 2, 31, false) });
    });
    it("EL3 is never trapped; SCR_EL3.TERR is ignored without EL3", () => {
      expect(rfWith(HCR.TERR, SCR.TERR).mrs("ERXSTATUS_EL1", ctx(3, "Secure")).kind).to.equal("ok");
      const noEl3 = rfWith(0n, SCR.TERR, withFeatures(NEOVERSE_N1, { EL3: false }));
      expect(noEl3.mrs("ERXSTATUS_EL1", ctx(1)).kind).to.equal("ok");
    });
    it("an Rt outside 0..31 is a typed error", () => {
      expect(() => rfWith(0n).mrs("ESR_EL1", ctx(1, "NonSecure", 32))).to.throw(RegisterFileError, /rt/);
    });
  });

  describe("DISR_EL1", () => {
    it("at EL1 with HCR_EL2.AMO=1 (EL2 enabled) MRS/MSR access VDISR_EL2", () => {
      const rf = rfWith(HCR.AMO);
      rf.set("VDISR_EL2", 0x8000_0c11n);
      rf.set("DISR_EL1", 0x8000_0001n);
      const r = rf.mrs("DISR_EL1", ctx(1));
      expect(r).to.deep.include({ kind: "ok", value: 0x8000_0c11n, register: "VDISR_EL2" });
      rf.msr("DISR_EL1", 0n, ctx(1));
      expect(rf.read("VDISR_EL2")).to.equal(0n);
      expect(rf.read("DISR_EL1")).to.equal(0x8000_0001n);
    });
    it("no redirect in Secure state, at EL2, or when AMO is 0", () => {
      const rf = rfWith(HCR.AMO, 0n);
      expect(rf.mrs("DISR_EL1", ctx(1, "Secure"))).to.deep.include({ register: "DISR_EL1" });
      expect(rfWith(HCR.AMO).mrs("DISR_EL1", ctx(2))).to.deep.include({ register: "DISR_EL1" });
      expect(rfWith(0n).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "DISR_EL1" });
    });
    it("uses the effective AMO: TGE=1,E2H=0 forces AMO=1; TGE=1,E2H=1 forces it to 0 (QEMU arm_hcr_el2_eff)", () => {
      expect(rfWith(HCR.TGE).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "VDISR_EL2" });
      expect(rfWith(HCR.TGE | HCR.E2H | HCR.AMO).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "DISR_EL1" });
    });
    it('disrAmo "raw-tge0" (arch.md §2.4 wording): the stored AMO, and only with TGE=0', () => {
      const mk = (hcr: bigint): RegisterFile => {
        const rf = new RegisterFile({ reset: "zero", disrAmo: "raw-tge0" });
        rf.set("HCR_EL2", hcr);
        rf.set("SCR_EL3", SCR.NS);
        return rf;
      };
      expect(mk(HCR.AMO).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "VDISR_EL2" });
      expect(mk(HCR.TGE).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "DISR_EL1" });
      expect(mk(HCR.TGE | HCR.E2H | HCR.AMO).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "DISR_EL1" });
      expect(mk(HCR.AMO).mrs("DISR_EL1", ctx(1, "Secure"))).to.deep.include({ register: "DISR_EL1" });
    });
    it("RAZ/WI at EL1 and EL2 while SCR_EL3.EA=1; AMO is checked first at EL1", () => {
      const rf = rfWith(0n, SCR.NS | SCR.EA);
      rf.set("DISR_EL1", 0x8000_0000n);
      expect(rf.mrs("DISR_EL1", ctx(1))).to.deep.include({ kind: "ok", value: 0n, register: "DISR_EL1" });
      expect(rf.msr("DISR_EL1", 0n, ctx(2))).to.deep.include({ kind: "ok", value: 0n });
      expect(rf.read("DISR_EL1")).to.equal(0x8000_0000n);
      expect(rf.mrs("DISR_EL1", ctx(3))).to.deep.include({ value: 0x8000_0000n });
      expect(rfWith(HCR.AMO, SCR.NS | SCR.EA).mrs("DISR_EL1", ctx(1))).to.deep.include({ register: "VDISR_EL2" });
    });
  });

  describe("HCR_EL2.TVM / TRVM", () => {
    for (const r of [["SCTLR_EL1", 1, 0, 0], ["ESR_EL1", 5, 2, 0], ["FAR_EL1", 6, 0, 0]] as const) {
      it(`${r[0]}: TVM traps MSR at EL1, TRVM traps MRS`, () => {
        expect(rfWith(HCR.TVM).msr(r[0], 0n, ctx(1, "NonSecure", 2))).to.deep.include({ kind: "trap", targetEL: 2, iss: iss(3, 0, r[1], r[2], r[3], 2, false) });
        expect(rfWith(HCR.TVM).mrs(r[0], ctx(1)).kind).to.equal("ok");
        expect(rfWith(HCR.TRVM).mrs(r[0], ctx(1))).to.deep.include({ kind: "trap", targetEL: 2, iss: iss(3, 0, r[1], r[2], r[3], 0, true) });
        expect(rfWith(HCR.TVM | HCR.TRVM).mrs(r[0], ctx(2)).kind).to.equal("ok");
      });
    }
    it("ELR_EL1 is not a TVM register", () => {
      expect(rfWith(HCR.TVM).msr("ELR_EL1", 0n, ctx(1)).kind).to.equal("ok");
    });
  });

  describe("VHE redirection (HCR_EL2.E2H=1 at EL2)", () => {
    it("ESR_EL1 at EL2 accesses ESR_EL2", () => {
      const rf = rfWith(HCR.E2H);
      rf.set("ESR_EL2", 0x5600_0000n);
      expect(rf.mrs("ESR_EL1", ctx(2))).to.deep.include({ value: 0x5600_0000n, register: "ESR_EL2" });
      rf.msr("VBAR_EL1", 0x1000n, ctx(2));
      expect(rf.read("VBAR_EL2")).to.equal(0x1000n);
      expect(rf.read("VBAR_EL1")).to.equal(0n);
    });
    it("not without FEAT_VHE, nor at EL1", () => {
      const rf = rfWith(HCR.E2H, SCR.NS, withFeatures(NEOVERSE_N1, { FEAT_VHE: false }));
      expect(rf.mrs("ESR_EL1", ctx(2))).to.deep.include({ register: "ESR_EL1" });
      expect(rfWith(HCR.E2H).mrs("ESR_EL1", ctx(1))).to.deep.include({ register: "ESR_EL1" });
    });
  });

  describe("ISR_EL1", () => {
    it("at EL1 with AMO=1, a pending virtual SError (VSE) shows in A (KVM selftest: ISR_EL1.A=1)", () => {
      const rf = rfWith(HCR.AMO | HCR.VSE);
      expect(rf.mrs("ISR_EL1", ctx(1))).to.deep.include({ value: 0x100n });
      expect(rf.mrs("ISR_EL1", ctx(2))).to.deep.include({ value: 0n });
    });
    it("IMO/FMO show VI/VF in place of the physical I/F", () => {
      const rf = rfWith(HCR.IMO | HCR.FMO | HCR.VF);
      rf.set("ISR_EL1", 0x80n); // physical IRQ pending
      expect(rf.mrs("ISR_EL1", ctx(1))).to.deep.include({ value: 0x40n });
      expect(rf.mrs("ISR_EL1", ctx(3))).to.deep.include({ value: 0x80n });
    });
    it("no virtual view with TGE=1 or in Secure state", () => {
      expect(rfWith(HCR.AMO | HCR.VSE | HCR.TGE).mrs("ISR_EL1", ctx(1))).to.deep.include({ value: 0n });
      expect(rfWith(HCR.AMO | HCR.VSE, 0n).mrs("ISR_EL1", ctx(1, "Secure"))).to.deep.include({ value: 0n });
    });
  });

  describe("effectiveHcr (QEMU arm_hcr_el2_eff)", () => {
    it("0 when EL2 is not enabled", () => void expect(effectiveHcr(HCR.AMO | HCR.TERR, false)).to.equal(0n));
    it("TGE=1, E2H=0: FMO/IMO/AMO behave as 1, VF/VI/VSE and TVM/TRVM as 0", () => {
      const e = effectiveHcr(HCR.TGE | HCR.VSE | HCR.TVM | HCR.TRVM | HCR.TERR, true);
      expect(e).to.equal(HCR.TGE | HCR.AMO | HCR.IMO | HCR.FMO | HCR.TERR);
    });
    it("TGE=1, E2H=1: FMO/IMO/AMO behave as 0", () => {
      expect(effectiveHcr(HCR.TGE | HCR.E2H | HCR.AMO | HCR.IMO, true)).to.equal(HCR.TGE | HCR.E2H);
    });
    it("TGE=0: unchanged", () => void expect(effectiveHcr(HCR.AMO | HCR.VSE, true)).to.equal(HCR.AMO | HCR.VSE));
  });
});
