// Every declaration: fields contiguous, non-overlapping, covering the width; encodings
// against the Arm/LLVM/TF-A values transcribed from arch.md §2.3-2.6.
import { expect } from "chai";
import { ALL_REGISTERS, lookupSysReg, lookupSysRegByEncoding, parseRecordName, requireSysReg, SYSTEM_REGISTERS, UnknownRegisterError } from "../../src/sysregs/catalog.js";
import { DeclarationError, defineRegister, encodingLabel } from "../../src/sysregs/decl.js";
import { ESR_EC, ESR_IL, ESR_ISS, ESR_ISS2 } from "../../src/sysregs/esr/layout.js";
import { PSTATE_FIELDS } from "../../src/arch/pstate.js";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ROOT } from "../helpers.js";

/** (op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2), the LLVM/Linux sys_reg() packing. */
const packed = (name: string): number => {
  const e = requireSysReg(name).encoding!;
  return (e.op0 << 14) | (e.op1 << 11) | (e.CRn << 7) | (e.CRm << 3) | e.op2;
};

describe("sysregs/declarations", () => {
  it("declares every register of the mission", () => {
    const want = [
      "ESR_EL1", "ESR_EL2", "ESR_EL3", "FAR_EL1", "FAR_EL2", "FAR_EL3", "ELR_EL1", "ELR_EL2", "ELR_EL3",
      "SPSR_EL1", "SPSR_EL2", "SPSR_EL3", "VBAR_EL1", "VBAR_EL2", "VBAR_EL3", "SCTLR_EL1", "SCTLR_EL2", "SCTLR_EL3",
      "CPTR_EL2", "CNTHCTL_EL2", "TCR_EL2", "MIDR_EL1", "MPIDR_EL1",
      "HCR_EL2", "SCR_EL3", "VSESR_EL2", "DISR_EL1", "VDISR_EL2", "ISR_EL1", "ERRIDR_EL1", "ERRSELR_EL1",
      "ERXFR_EL1", "ERXCTLR_EL1", "ERXSTATUS_EL1", "ERXADDR_EL1", "ERXMISC0_EL1", "ERXMISC1_EL1", "ERXMISC2_EL1", "ERXMISC3_EL1",
      "ERR<n>FR", "ERR<n>CTLR", "ERR<n>STATUS", "ERR<n>ADDR", "ERR<n>MISC0", "ERR<n>MISC1", "ERR<n>MISC2", "ERR<n>MISC3",
    ];
    expect(ALL_REGISTERS.map((r) => r.name)).to.have.members(want);
  });

  for (const r of ALL_REGISTERS) {
    it(`${r.name}: fields are contiguous, non-overlapping and cover [${r.width - 1}:0]`, () => {
      let next = 0;
      for (const f of r.fields) {
        expect(f.bits.lsb, `${r.name}.${f.name}`).to.equal(next);
        next = f.bits.msb + 1;
      }
      expect(next).to.equal(r.width);
      let all = 0n;
      for (const f of r.fields) {
        expect(all & f.bits.mask).to.equal(0n);
        all |= f.bits.mask;
      }
      expect(all).to.equal((1n << BigInt(r.width)) - 1n);
      const m = r.masks;
      expect(m.RW | m.RO | m.W1C | m.RES0 | m.RES1 | m.WI).to.equal(all);
    });
  }

  it("encodings are unique and round-trip through lookupSysRegByEncoding", () => {
    const seen = new Set<string>();
    for (const r of SYSTEM_REGISTERS) {
      const label = encodingLabel(r.encoding!);
      expect(seen.has(label), label).to.equal(false);
      seen.add(label);
      expect(lookupSysRegByEncoding(r.encoding!)?.name).to.equal(r.name);
    }
    expect(lookupSysRegByEncoding({ op0: 3, op1: 0, CRn: 0, CRm: 0, op2: 6 })).to.equal(undefined);
  });

  it("encodings match arch.md §2.3-2.6 (LLVM ERRSELR=0xc299, ERXCTLR=0xc2a1, ERXSTATUS=0xc2a2, ERXADDR=0xc2a3, ERXMISC0=0xc2a8, DISR_EL1=0xc609)", () => {
    expect(packed("ERRSELR_EL1")).to.equal(0xc299);
    expect(packed("ERXCTLR_EL1")).to.equal(0xc2a1);
    expect(packed("ERXSTATUS_EL1")).to.equal(0xc2a2);
    expect(packed("ERXADDR_EL1")).to.equal(0xc2a3);
    expect(packed("ERXMISC0_EL1")).to.equal(0xc2a8);
    expect(packed("DISR_EL1")).to.equal(0xc609);
    expect(encodingLabel(requireSysReg("VSESR_EL2").encoding!)).to.equal("S3_4_C5_C2_3");
    expect(encodingLabel(requireSysReg("VDISR_EL2").encoding!)).to.equal("S3_4_C12_C1_1");
    expect(encodingLabel(requireSysReg("ERRIDR_EL1").encoding!)).to.equal("S3_0_C5_C3_0");
    expect(encodingLabel(requireSysReg("ERXFR_EL1").encoding!)).to.equal("S3_0_C5_C4_0");
    expect(encodingLabel(requireSysReg("ERXMISC3_EL1").encoding!)).to.equal("S3_0_C5_C5_3");
  });

  it("banked registers use op1 = 0 / 4 / 6 for EL1 / EL2 / EL3 (ESR_ELx = S3_<op1>_C5_C2_0)", () => {
    expect(encodingLabel(requireSysReg("ESR_EL1").encoding!)).to.equal("S3_0_C5_C2_0");
    expect(encodingLabel(requireSysReg("ESR_EL2").encoding!)).to.equal("S3_4_C5_C2_0");
    expect(encodingLabel(requireSysReg("ESR_EL3").encoding!)).to.equal("S3_6_C5_C2_0");
  });

  it("ESR_ELx EC/IL/ISS/ISS2 agree with the ESR codec's layout (src/sysregs/esr/layout.ts)", () => {
    for (const n of ["ESR_EL1", "ESR_EL2", "ESR_EL3"]) {
      const r = requireSysReg(n);
      for (const b of [ESR_EC, ESR_IL, ESR_ISS, ESR_ISS2]) expect(r.byName.get(b.name)?.bits.mask, `${n}.${b.name}`).to.equal(b.mask);
    }
  });

  it("SPSR_ELx is built from the PSTATE layout", () => {
    for (const f of PSTATE_FIELDS) {
      const d = requireSysReg("SPSR_EL2").byName.get(f.name);
      expect(d?.bits.msb).to.equal(f.msb);
      expect(d?.bits.lsb).to.equal(f.lsb);
    }
  });

  it("HCR_EL2 and SCR_EL3 bit positions per arch.md §2.1/§2.2", () => {
    const h = requireSysReg("HCR_EL2");
    const pos = (r: typeof h, n: string): number => r.byName.get(n)!.bits.lsb;
    expect([pos(h, "FMO"), pos(h, "IMO"), pos(h, "AMO"), pos(h, "VSE"), pos(h, "TGE"), pos(h, "RW"), pos(h, "E2H"), pos(h, "TERR"), pos(h, "TEA"), pos(h, "FIEN")]).to.deep.equal([3, 4, 5, 8, 27, 31, 34, 36, 37, 47]);
    expect(h.masks.RES0 >> 39n).to.equal(((1n << 25n) - 1n) & ~(1n << 8n)); // [63:39] RES0 except FIEN[47]
    const s = requireSysReg("SCR_EL3");
    expect([pos(s, "NS"), pos(s, "IRQ"), pos(s, "FIQ"), pos(s, "EA"), pos(s, "SMD"), pos(s, "HCE"), pos(s, "RW"), pos(s, "TERR"), pos(s, "FIEN")]).to.deep.equal([0, 1, 2, 3, 7, 8, 10, 15, 21]);
    expect(s.masks.RES1).to.equal(0x30n); // TF-A SCR_RES1_BITS
  });

  it("SCTLR_EL2/EL3 RES1 bits equal TF-A SCTLR_EL3_RES1 (bits 29,28,23,22,18,16,11,5,4)", () => {
    const want = [29, 28, 23, 22, 18, 16, 11, 5, 4].reduce((m, b) => m | (1n << BigInt(b)), 0n);
    expect(requireSysReg("SCTLR_EL3").masks.RES1).to.equal(want);
    expect(requireSysReg("SCTLR_EL2").masks.RES1).to.equal(want);
    const s1 = requireSysReg("SCTLR_EL1");
    expect(s1.byName.get("IESB")!.bits.lsb).to.equal(21);
    expect(s1.byName.get("SPAN")!.bits.lsb).to.equal(23);
    expect(s1.byName.get("EE")!.bits.lsb).to.equal(25);
  });

  it("catalog.ts imports nothing from src/sysregs/esr/, even transitively (no cycle with the ESR codec)", () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/from "(\.[^"]+)\.js"/g)) visit(resolve(dirname(file), m[1]! + ".ts"));
    };
    visit(resolve(ROOT, "src/sysregs/catalog.ts"));
    expect(seen.size).to.be.greaterThan(10);
    expect([...seen].filter((f) => f.includes("/sysregs/esr/"))).to.deep.equal([]);
  });

  it("lookups accept any case and ERR<n> record numbers", () => {
    expect(lookupSysReg("hcr_el2")?.name).to.equal("HCR_EL2");
    expect(lookupSysReg("ERR7STATUS")?.name).to.equal("ERR<n>STATUS");
    expect(lookupSysReg("err<n>misc3")?.name).to.equal("ERR<n>MISC3");
    expect(parseRecordName("ERR12ADDR")).to.deep.include({ index: 12, reg: "ADDR" });
    expect(parseRecordName("ERR<n>FR")).to.deep.include({ index: undefined, reg: "FR" });
    expect(parseRecordName("ERRXSTATUS")).to.equal(undefined);
    expect(lookupSysReg("NOPE")).to.equal(undefined);
    expect(() => requireSysReg("NOPE")).to.throw(UnknownRegisterError, /NOPE/);
  });

  it("defineRegister rejects overlaps, out-of-range and duplicate fields", () => {
    const base = { name: "T", width: 64, desc: "t" } as const;
    expect(() => defineRegister({ ...base, fields: [{ name: "A", msb: 3, lsb: 0, access: "RW", desc: "" }, { name: "B", msb: 3, lsb: 2, access: "RW", desc: "" }] })).to.throw(DeclarationError, /overlaps/);
    expect(() => defineRegister({ ...base, fields: [{ name: "A", msb: 64, lsb: 0, access: "RW", desc: "" }] })).to.throw(DeclarationError, /bad range/);
    expect(() => defineRegister({ ...base, fields: [{ name: "A", msb: 1, access: "RW", desc: "" }, { name: "A", msb: 2, access: "RW", desc: "" }] })).to.throw(DeclarationError, /twice/);
    const ok = defineRegister({ ...base, width: 32, fields: [{ name: "A", msb: 7, lsb: 4, access: "WI", desc: "" }] });
    expect(ok.fields.map((f) => f.name)).to.deep.equal(["RES0_3_0", "A", "RES0_31_8"]);
  });
});
