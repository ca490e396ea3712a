// RegisterFile write semantics (RO/RES0/RES1/RAO/WI/W1C), reset values, UNKNOWN,
// error records, the ERX* window and the memory-mapped node.
import { expect } from "chai";
import { NEOVERSE_N1, withFeatures } from "../../src/arch/features.js";
import { UnknownRegisterError } from "../../src/sysregs/catalog.js";
import { defineRegister } from "../../src/sysregs/decl.js";
import { compileRegister, DEFAULT_ERR_FR, RegisterFile, RegisterFileError, softwareWrite } from "../../src/sysregs/register-file.js";
import { UNKNOWN } from "../../src/sysregs/types.js";

const ALL = (1n << 64n) - 1n;
const NS1 = { el: 1, security: "NonSecure" } as const;

describe("sysregs/RegisterFile", () => {
  describe("reset", () => {
    it("SCR_EL3 resets UNKNOWN except RES1 [5:4] and RW (RAO/WI: no AArch32 below EL3 on N1)", () => {
      const rf = new RegisterFile();
      expect(rf.read("SCR_EL3")).to.equal(0x430n);
      expect(rf.isUnknown("SCR_EL3")).to.equal(true);
      expect(rf.unknownMask("SCR_EL3") & 0x430n).to.equal(0n);
    });
    it('reset "zero" gives known zeros (TF-A / Sail IMPDEF reset)', () => {
      const rf = new RegisterFile({ reset: "zero" });
      expect(rf.read("HCR_EL2")).to.equal(1n << 31n); // RW is RAO on N1
      expect(rf.isUnknown("HCR_EL2")).to.equal(false);
    });
    it("SCTLR_EL3: RES1 bits set, M/C/I reset to 0, the rest UNKNOWN", () => {
      const rf = new RegisterFile();
      expect(rf.read("SCTLR_EL3")).to.equal(0x30c50830n);
      expect(rf.unknownMask("SCTLR_EL3") & 0b1_0000_0000_0101n).to.equal(0n);
      expect(rf.unknownMask("SCTLR_EL3") & 0b10n).to.equal(0b10n); // A: UNKNOWN
    });
    it("ERRIDR_EL1.NUM = features.errorRecords; ERR<n>FR = the configured FR; STATUS valid bits 0", () => {
      const rf = new RegisterFile({ features: withFeatures(NEOVERSE_N1, { errorRecords: 3 }) });
      expect(rf.read("ERRIDR_EL1")).to.equal(3n);
      expect(rf.read("ERR2FR")).to.equal(DEFAULT_ERR_FR);
      expect(rf.read("ERR0STATUS")).to.equal(0n);
      expect(rf.unknownMask("ERR0STATUS")).to.equal(0xffffn); // IERR/SERR UNKNOWN
      expect(new RegisterFile({ errFR: 0x5n }).read("ERR1FR")).to.equal(0x5n);
    });
    it("without FEAT_RAS there are no records", () => {
      const rf = new RegisterFile({ features: withFeatures(NEOVERSE_N1, { FEAT_RAS: false }) });
      expect(rf.recordCount).to.equal(0);
      expect(() => rf.errRecord(0)).to.throw(RegisterFileError);
    });
    it("reset() restores after writes", () => {
      const rf = new RegisterFile();
      rf.set("ESR_EL1", 0x96000010n);
      rf.reset();
      expect(rf.read("ESR_EL1")).to.equal(0n);
      expect(rf.isUnknown("ESR_EL1")).to.equal(true);
    });
  });

  describe("software writes by access type", () => {
    it("RES0: HCR_EL2 bits [63:39] stay 0 (FIEN[47] too without FEAT_RASv1p1)", () => {
      const rf = new RegisterFile();
      rf.write("HCR_EL2", ALL);
      expect(rf.read("HCR_EL2")).to.equal(((1n << 39n) - 1n) & ~(1n << 29n)); // HCD[29] is RES0 with EL3 implemented
      const v11 = new RegisterFile({ features: withFeatures(NEOVERSE_N1, { FEAT_RASv1p1: true }) });
      v11.write("HCR_EL2", ALL);
      expect(v11.read("HCR_EL2")).to.equal((((1n << 39n) - 1n) | (1n << 47n)) & ~(1n << 29n));
    });
    it("RES1: SCR_EL3 [5:4] read 1 after writing 0", () => {
      const rf = new RegisterFile();
      rf.write("SCR_EL3", 0n);
      expect(rf.read("SCR_EL3") & 0x30n).to.equal(0x30n);
    });
    it("RAO/WI: HCR_EL2.RW stays 1 when EL1 cannot use AArch32, is RW when it can", () => {
      const rf = new RegisterFile();
      rf.write("HCR_EL2", 0n);
      expect(rf.getField("HCR_EL2", "RW")).to.equal(1n);
      const a32 = new RegisterFile({ features: withFeatures(NEOVERSE_N1, { aarch32: { 0: true, 1: true, 2: false, 3: false } }) });
      a32.write("HCR_EL2", 0n);
      expect(a32.getField("HCR_EL2", "RW")).to.equal(0n);
      a32.write("SCR_EL3", 0n);
      expect(a32.getField("SCR_EL3", "RW")).to.equal(0n);
    });
    it("feature-dependent fields: SCTLR_EL1.IESB RES0 without FEAT_IESB, SPAN RES1 without FEAT_PAN", () => {
      const rf = new RegisterFile({ features: withFeatures(NEOVERSE_N1, { FEAT_IESB: false, FEAT_PAN: false }) });
      rf.write("SCTLR_EL1", 0n);
      expect(rf.getField("SCTLR_EL1", "SPAN")).to.equal(1n);
      rf.write("SCTLR_EL1", 1n << 21n);
      expect(rf.getField("SCTLR_EL1", "IESB")).to.equal(0n);
      const n1 = new RegisterFile();
      n1.write("SCTLR_EL1", (1n << 21n) | 0n);
      expect(n1.getField("SCTLR_EL1", "IESB")).to.equal(1n);
      expect(n1.getField("SCTLR_EL1", "SPAN")).to.equal(0n);
    });
    it("RO: ERRIDR_EL1 and ERR<n>FR ignore software writes; hardware can set them", () => {
      const rf = new RegisterFile();
      rf.write("ERRIDR_EL1", 7n);
      expect(rf.read("ERRIDR_EL1")).to.equal(2n);
      rf.write("ERR0FR", 0n);
      expect(rf.read("ERR0FR")).to.equal(DEFAULT_ERR_FR);
      rf.set("ERR0FR", 0xan);
      expect(rf.read("ERR0FR")).to.equal(0xan);
      rf.set("ISR_EL1", ALL);
      expect(rf.read("ISR_EL1")).to.equal(0x1c0n);
    });
    it("VBAR_EL1 [10:0] is RES0", () => {
      const rf = new RegisterFile();
      rf.write("VBAR_EL1", 0xffff_0000_0000_0fffn);
      expect(rf.read("VBAR_EL1")).to.equal(0xffff_0000_0000_0800n);
    });
    it("every access type on a synthetic register (RW, RO, WI, W1C, RES0, RES1)", () => {
      const def = defineRegister({
        name: "T", width: 64, desc: "t",
        fields: [
          { name: "RWF", msb: 3, lsb: 0, access: "RW", desc: "" },
          { name: "ROF", msb: 7, lsb: 4, access: "RO", desc: "" },
          { name: "WIF", msb: 11, lsb: 8, access: "WI", desc: "" },
          { name: "W1CF", msb: 15, lsb: 12, access: "W1C", desc: "" },
          { name: "ONE", msb: 19, lsb: 16, access: "RES1", desc: "" },
          { name: "HI", msb: 47, lsb: 40, access: "RW", desc: "" },
        ],
      });
      const c = compileRegister(def, NEOVERSE_N1);
      const old = 0x5n | (0xan << 4n) | (0xcn << 8n) | (0xbn << 12n) | (0xfn << 16n) | (0x12n << 40n);
      const got = softwareWrite(c, old, ALL & ~(0x1n << 12n) & ~(0xffn << 40n));
      // RW 0xf written; RO keeps 0xa; WI keeps 0xc; W1C 0xb with 0xe written -> 0x1; RES1 0xf; HI written 0; RES0 [39:20] 0
      expect(got).to.equal(0xfn | (0xan << 4n) | (0xcn << 8n) | (0x1n << 12n) | (0xfn << 16n));
      const zero = softwareWrite(c, 0n, 0n);
      expect(zero).to.equal(0xfn << 16n);
    });
    it("ERR<n>STATUS software writes go through the W1C guards; hardware sets do not", () => {
      const rf = new RegisterFile();
      const r = rf.errRecord(0);
      r.set("STATUS", 0x6000_0012n); // V, UE, SERR=0x12
      r.write("STATUS", 0x4000_0000n); // V only: ignored while UE stays
      expect(r.read("STATUS")).to.equal(0x6000_0012n);
      r.write("STATUS", 0x6000_0000n);
      expect(r.read("STATUS")).to.equal(0n);
      expect(r.getField("STATUS", "SERR")).to.equal(0n);
      r.setField("STATUS", "CE", 3n);
      expect(r.read("STATUS")).to.equal(0x0300_0000n);
    });
    it("status policy is configurable", () => {
      const rf = new RegisterFile({ status: { multiBitClear: "per-bit" } });
      rf.errRecord(0).set("STATUS", 0x0300_0000n);
      rf.errRecord(0).write("STATUS", 0x0100_0000n);
      expect(rf.errRecord(0).read("STATUS")).to.equal(0x0200_0000n);
      expect(rf.statusPolicy).to.deep.equal({ multiBitClear: "per-bit", guard: "types", syndrome: "guarded" });
    });
  });

  describe("UNKNOWN", () => {
    it("set(UNKNOWN) flags every settable bit; fixed bits keep their value", () => {
      const rf = new RegisterFile({ reset: "zero" });
      rf.set("SCR_EL3", UNKNOWN);
      expect(rf.isUnknown("SCR_EL3")).to.equal(true);
      expect(rf.read("SCR_EL3")).to.equal(0x430n);
      expect(rf.unknownMask("SCR_EL3") & 0x430n).to.equal(0n);
    });
    it("setField makes only that field known; a software RW write makes the written bits known", () => {
      const rf = new RegisterFile();
      rf.set("FAR_EL1", UNKNOWN);
      rf.setField("ESR_EL1", "EC", 0x25n);
      expect(rf.unknownMask("ESR_EL1") & (0x3fn << 26n)).to.equal(0n);
      expect(rf.unknownMask("ESR_EL1") & 0x1ffffffn).to.equal(0x1ffffffn);
      rf.write("FAR_EL1", 0x1234n);
      expect(rf.isUnknown("FAR_EL1")).to.equal(false);
      rf.set("ESR_EL1", 0n);
      expect(rf.isUnknown("ESR_EL1")).to.equal(false);
    });
    it("a guarded STATUS write leaves IERR/SERR UNKNOWN; a taken one makes them known", () => {
      const rf = new RegisterFile();
      rf.errRecord(0).setField("STATUS", "V", 1n);
      rf.errRecord(0).setField("STATUS", "UE", 1n);
      expect(rf.unknownMask("ERR0STATUS")).to.equal(0xffffn);
      rf.errRecord(0).write("STATUS", 0x12n);
      expect(rf.unknownMask("ERR0STATUS")).to.equal(0xffffn);
      rf.errRecord(0).write("STATUS", 0x6000_0000n);
      expect(rf.unknownMask("ERR0STATUS")).to.equal(0n);
    });
  });

  describe("errors are typed and name the register/field", () => {
    const rf = new RegisterFile();
    it("unknown register", () => {
      expect(() => rf.read("NOPE_EL1")).to.throw(UnknownRegisterError, /NOPE_EL1/);
    });
    it("record names need an existing record number", () => {
      expect(() => rf.read("ERR<n>STATUS")).to.throw(RegisterFileError, /record number/);
      expect(() => rf.read("ERR5STATUS")).to.throw(RegisterFileError, /record 5 does not exist/);
      expect(() => rf.errRecord(-1)).to.throw(RegisterFileError);
      expect(() => rf.errRecord(1.5)).to.throw(RegisterFileError);
    });
    it("unknown field, value too wide, negative value", () => {
      expect(() => rf.getField("HCR_EL2", "XYZ")).to.throw(RegisterFileError, /HCR_EL2 has no field 'XYZ'/);
      expect(() => rf.setField("HCR_EL2", "BSU", 4n)).to.throw(RegisterFileError, /HCR_EL2\.BSU/);
      expect(() => rf.setField("HCR_EL2", "BSU", -1n)).to.throw(RegisterFileError);
      expect(() => rf.write("HCR_EL2", 1n << 64n)).to.throw(RegisterFileError, /HCR_EL2/);
      expect(() => rf.set("HCR_EL2", -1n)).to.throw(RegisterFileError);
      expect(() => rf.msr("HCR_EL2", -1n, { el: 2, security: "NonSecure" })).to.throw(RegisterFileError);
    });
    it("bad configuration", () => {
      expect(() => new RegisterFile({ features: withFeatures(NEOVERSE_N1, { errorRecords: 57 }) })).to.throw(RegisterFileError, /errorRecords/);
      expect(() => new RegisterFile({ errFR: -1n })).to.throw(RegisterFileError, /errFR/);
    });
    it("lower-case names work", () => {
      expect(rf.read("scr_el3")).to.equal(0x430n);
    });
  });

  describe("ERX*_EL1 window", () => {
    it("selects record ERRSELR_EL1.SEL", () => {
      const rf = new RegisterFile();
      rf.errRecord(1).set("ADDR", 0x8000_0000_1234_0000n);
      rf.write("ERRSELR_EL1", 1n);
      expect(rf.selectedRecord()).to.equal(1);
      expect(rf.read("ERXADDR_EL1")).to.equal(0x8000_0000_1234_0000n);
      rf.write("ERXADDR_EL1", 0x42n);
      expect(rf.errRecord(1).read("ADDR")).to.equal(0x42n);
      rf.set("ERXMISC0_EL1", 7n);
      rf.setField("ERXCTLR_EL1", "ED", 1n);
      expect(rf.errRecord(1).read("MISC0")).to.equal(7n);
      expect(rf.getField("ERR1CTLR", "ED")).to.equal(1n);
      const out = rf.mrs("ERXADDR_EL1", NS1);
      expect(out).to.deep.equal({ kind: "ok", value: 0x42n, register: "ERR1ADDR", note: "ERXADDR_EL1 selects ERR1ADDR" });
      const w = rf.msr("ERXSTATUS_EL1", 0n, NS1);
      expect(w).to.include({ kind: "ok", register: "ERR1STATUS" });
    });
    it('SEL >= NUM, "raz-wi" (default): reads 0, writes ignored', () => {
      const rf = new RegisterFile();
      rf.write("ERRSELR_EL1", 2n);
      expect(rf.selectedRecord()).to.equal(undefined);
      expect(rf.read("ERXSTATUS_EL1")).to.equal(0n);
      expect(rf.getField("ERXSTATUS_EL1", "V")).to.equal(0n);
      rf.write("ERXSTATUS_EL1", ALL);
      rf.set("ERXSTATUS_EL1", ALL);
      rf.setField("ERXSTATUS_EL1", "V", 1n);
      expect(rf.isUnknown("ERXSTATUS_EL1")).to.equal(false);
      const r = rf.mrs("ERXSTATUS_EL1", NS1);
      expect(r).to.deep.equal({ kind: "ok", value: 0n, register: "ERXSTATUS_EL1", note: "ERRSELR_EL1.SEL=2 >= ERRIDR_EL1.NUM=2: RAZ/WI" });
      expect(rf.msr("ERXCTLR_EL1", 1n, NS1)).to.include({ kind: "ok", value: 0n });
      expect(rf.errRecord(0).read("CTLR") & 1n).to.equal(0n);
    });
    it('SEL >= NUM, "undefined": MRS and MSR are UNDEFINED', () => {
      const rf = new RegisterFile({ erxOutOfRange: "undefined" });
      rf.write("ERRSELR_EL1", 9n);
      expect(rf.mrs("ERXSTATUS_EL1", NS1)).to.deep.include({ kind: "undefined" });
      expect(rf.msr("ERXMISC0_EL1", 1n, NS1)).to.deep.include({ kind: "undefined" });
    });
    it('SEL >= NUM, "unknown": reads an UNKNOWN value (flagged), writes ignored', () => {
      const rf = new RegisterFile({ erxOutOfRange: "unknown" });
      rf.write("ERRSELR_EL1", 9n);
      const r = rf.mrs("ERXSTATUS_EL1", NS1);
      expect(r.kind).to.equal("ok");
      if (r.kind === "ok") expect(r.note).to.match(/UNKNOWN/);
      expect(rf.isUnknown("ERXSTATUS_EL1")).to.equal(true);
    });
    it("NUM is read from ERRIDR_EL1 (hardware may report fewer records)", () => {
      const rf = new RegisterFile();
      rf.set("ERRIDR_EL1", 1n);
      rf.write("ERRSELR_EL1", 1n);
      expect(rf.selectedRecord()).to.equal(undefined);
    });
  });

  describe("memory-mapped node", () => {
    it("STATUS stores honour W1C; MMIO reads the same registers as errRecord()", () => {
      const rf = new RegisterFile();
      rf.errRecord(1).set("STATUS", 0xc000_0000n);
      rf.mmioWrite(0x50, 0x8000_0000n); // ERR1STATUS: clear AV
      expect(rf.mmioRead(0x50)).to.equal(0x4000_0000n);
      rf.mmioWrite(0x48, 0x1n); // ERR1CTLR.ED
      expect(rf.errRecord(1).getField("CTLR", "ED")).to.equal(1n);
      rf.mmioWrite(0x40, 0n); // FR is RO
      expect(rf.mmioRead(0x40)).to.equal(DEFAULT_ERR_FR);
    });
    it("MISC2/MISC3 are RAZ/WI without FEAT_RASv1p1, RW with it", () => {
      const rf = new RegisterFile();
      rf.mmioWrite(0x30, 0x55n);
      expect(rf.mmioRead(0x30)).to.equal(0n);
      const v11 = new RegisterFile({ features: withFeatures(NEOVERSE_N1, { FEAT_RASv1p1: true }) });
      v11.mmioWrite(0x38, 0x55n);
      expect(v11.mmioRead(0x38)).to.equal(0x55n);
    });
    it("reserved offsets read 0 and ignore writes; ERRGSR/ERRDEVID ignore writes", () => {
      const rf = new RegisterFile();
      expect(rf.mmioDecode(0x80)).to.deep.equal({ kind: "reserved" });
      expect(rf.mmioRead(0x80)).to.equal(0n);
      rf.mmioWrite(0x80, 5n);
      rf.mmioWrite(0xfc8, 5n);
      rf.mmioWrite(0xe00, 5n);
      expect(rf.mmioRead(0xfc8)).to.equal(2n);
      expect(rf.mmioRead(0xe00)).to.equal(0n);
      expect(rf.mmioDecode(0xe00)).to.deep.equal({ kind: "ERRGSR", index: 0 });
    });
    it("misaligned, negative or out-of-node offsets are typed errors naming the offset", () => {
      const rf = new RegisterFile();
      expect(() => rf.mmioRead(0x14)).to.throw(RegisterFileError, /0x14/);
      expect(() => rf.mmioRead(-8)).to.throw(RegisterFileError);
      expect(() => rf.mmioWrite(0x1000, 0n)).to.throw(RegisterFileError, /0x1000/);
      expect(() => rf.mmioWrite(0x58, 1n << 64n)).to.throw(RegisterFileError);
      expect(() => rf.mmioWrite(0x80, 1n << 64n)).to.throw(RegisterFileError);
    });
  });
});

describe("sysregs: ERR<n>FR field positions (external definitions)", () => {
  // From a vendor's field-by-field ERR<n>FR union written from Arm's register description
  // (X-Ring plat_ras.h ras_err_fr_reg_t) and HiSilicon's 2019 header (arer_u_err_fr_l) for the low fields.
  const EXPECTED: [string, number, number][] = [
    ["ED", 1, 0], ["IMPDEF3_2", 3, 2], ["UI", 5, 4], ["FI", 7, 6], ["UE", 9, 8], ["CFI", 11, 10], ["CEC", 14, 12], ["RP", 15, 15],
    ["DUI", 17, 16], ["CEO", 19, 18], ["INJ", 21, 20], ["CI", 23, 22], ["TS", 25, 24], ["FRX", 31, 31],
    ["UC", 48, 48], ["UEU", 49, 49], ["UER", 50, 50], ["UEO", 51, 51], ["DE", 52, 52], ["CE", 54, 53],
  ];
  it("every field sits where those definitions put it; DE is a recorded-error-state bit (52), not FR[3:2]", async () => {
    const { FR_FIELDS } = await import("../../src/sysregs/registers/err-record.js");
    for (const [name, msb, lsb] of EXPECTED) {
      const f = FR_FIELDS.find((x) => x.name === name);
      expect(f, name).to.not.equal(undefined);
      expect([f!.msb, f!.lsb ?? f!.msb], name).to.deep.equal([msb, lsb]);
    }
  });
});
