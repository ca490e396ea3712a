// Rendering register values as named fields (text and JSON), and `armras reg` in-process.
import { expect } from "chai";
import { cli } from "../helpers.js";
import { ALL_REGISTERS, requireSysReg } from "../../src/sysregs/catalog.js";
import { decodeRegister, listLine, renderText, toJson } from "../../src/sysregs/render.js";
import { NEOVERSE_N1 } from "../../src/arch/features.js";

describe("sysregs/render", () => {
  it("decodes every declared register without problems at its reset-like value", () => {
    for (const r of ALL_REGISTERS) {
      const v = r.masks.RES1;
      const d = decodeRegister(r, v);
      expect(d.problems, r.name).to.deep.equal([]);
      expect(renderText(d)).to.contain(r.name);
    }
  });

  it("SCR_EL3.RW and NS print their meanings", () => {
    const t = renderText(decodeRegister(requireSysReg("SCR_EL3"), 0x431n));
    expect(t).to.match(/\n {2}RW +\[10\] +1 +next lower EL is AArch64\n/);
    expect(t).to.match(/\n {2}NS +\[0\] +1 +Non-secure\n/);
  });

  it("DISR_EL1 with IDS=0 shows AET/EA/DFSC under ISS (AET 0b011 = UER)", () => {
    const d = decodeRegister(requireSysReg("DISR_EL1"), 0x8000_0c11n);
    expect(d.fields.map((f) => f.name)).to.deep.equal(["A", "IDS", "ISS", "AET", "EA", "DFSC"]);
    expect(d.fields.find((f) => f.name === "AET")).to.include({ value: 3n, meaning: "UER (Recoverable)", within: "IDS" });
    const idsSet = decodeRegister(requireSysReg("DISR_EL1"), 0x8100_0000n);
    expect(idsSet.fields.map((f) => f.name)).to.deep.equal(["A", "IDS", "ISS"]);
  });

  it("reports RES0 bits set and RES1 bits clear, feature-aware when given a FeatureSet", () => {
    const d = decodeRegister(requireSysReg("SCR_EL3"), 1n << 40n);
    expect(d.problems).to.have.length(2);
    expect(d.problems[0]).to.match(/RES0 bits \[63:22\] are set/);
    expect(d.problems[1]).to.match(/RES1 bits \[5:4\] \(RES1_5_4\) are not all set/);
    const fien = decodeRegister(requireSysReg("SCR_EL3"), 0x30n | (1n << 21n), NEOVERSE_N1);
    expect(fien.problems[0]).to.match(/FIEN, needs FEAT_RASv1p1/);
    expect(decodeRegister(requireSysReg("SCR_EL3"), 0x30n | (1n << 21n)).problems).to.deep.equal([]);
    const rao = decodeRegister(requireSysReg("HCR_EL2"), 0n, NEOVERSE_N1);
    expect(rao.problems[0]).to.match(/RAO bits \[31\] \(RW\)/);
  });

  it("ESR_ELx.EC is named with Linux's class string (from the ESR codec's table)", () => {
    const d = decodeRegister(requireSysReg("ESR_EL2"), 0x9600_0010n);
    expect(d.fields.find((f) => f.name === "EC")?.meaning).to.equal("DABT (current EL)");
  });

  it("reserved enum values say so", () => {
    const d = decodeRegister(requireSysReg("ERR<n>STATUS"), 0x16n);
    expect(d.fields.find((f) => f.name === "SERR")?.meaning).to.equal("reserved");
  });

  it("JSON: numbers up to 2^53, hex strings above", () => {
    const j = toJson(decodeRegister(requireSysReg("FAR_EL1"), 0xffff_8000_0000_1234n)) as { value: string; fields: { value: unknown }[] };
    expect(j.value).to.equal("0xffff800000001234");
    expect(j.fields[0]!.value).to.equal("0xffff800000001234");
    const k = toJson(decodeRegister(requireSysReg("ESR_EL2"), 0x9600_0010n)) as { fields: { name: string; value: unknown }[] };
    expect(k.fields.find((f) => f.name === "EC")?.value).to.equal(0x25);
  });

  it("listLine names the encoding or the MMIO offset", () => {
    expect(listLine(requireSysReg("ERXSTATUS_EL1"))).to.match(/^ERXSTATUS_EL1 +S3_0_C5_C4_2 +EL1\+ +FEAT_RAS/);
    expect(listLine(requireSysReg("ERR<n>STATUS"))).to.match(/MMIO \+0x10\+0x40\*n/);
  });
});

describe("armras reg (in-process)", () => {
  it("text output, exit 0", async () => {
    const r = await cli(["reg", "SCR_EL3", "0x431"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^SCR_EL3 = 0x0000000000000431 {2}\(Secure Configuration Register\)\n/);
    expect(r.stdout).to.contain("next lower EL is AArch64");
  });
  it("JSON output", async () => {
    const r = await cli(["reg", "err3status", "0xc4000012", "--format", "json"]);
    expect(r.code).to.equal(0);
    const j = JSON.parse(r.stdout) as { register: string; fields: { name: string; value: number; meaning?: string }[]; problems: string[] };
    expect(j.register).to.equal("ERR3STATUS");
    expect(j.fields.find((f) => f.name === "SERR")).to.include({ value: 0x12, meaning: "Error response from slave" });
    expect(j.fields.find((f) => f.name === "MV")?.value).to.equal(1);
    expect(j.problems).to.deep.equal([]);
  });
  it("exit 1 when RES0 bits are set (the decode is still printed)", async () => {
    const r = await cli(["reg", "VBAR_EL1", "0x7ff"]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain("problem: RES0 bits [10:0] are set: 0x7ff");
  });
  it("exit 2 on an unknown register, a bad or too-wide value, or bad usage", async () => {
    for (const argv of [["reg", "FOO_EL1", "1"], ["reg", "HCR_EL2", "0x1" + "0".repeat(16)], ["reg", "HCR_EL2", "xyz"], ["reg", "HCR_EL2"], ["reg", "HCR_EL2", "1", "2"], ["reg", "--list", "HCR_EL2"], ["reg", "HCR_EL2", "1", "--format", "xml"]]) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).to.equal(2);
      expect(r.stderr.split("\n").filter(Boolean), argv.join(" ")).to.have.length(1);
    }
    const wide = await cli(["reg", "HCR_EL2", "0x1" + "0".repeat(16)]);
    expect(wide.stderr).to.match(/wider than 64 bits/);
  });
  it("every register of --list decodes by name (RES1 bits set: exit 0)", async () => {
    for (const r of ALL_REGISTERS) {
      const res = await cli(["reg", r.name.replace("<n>", "0"), "0x" + r.masks.RES1.toString(16)]);
      expect(res.code, r.name).to.equal(0);
      expect(res.stdout.split("\n")[0]).to.match(new RegExp(`^${r.name.replace("<n>", "0")} = 0x`));
    }
  });
  it("--list (text and JSON) and --help", async () => {
    const t = await cli(["reg", "--list"]);
    expect(t.code).to.equal(0);
    expect(t.stdout.trim().split("\n")).to.have.length(ALL_REGISTERS.length);
    const j = await cli(["reg", "--list", "--format", "json"]);
    expect((JSON.parse(j.stdout) as unknown[]).length).to.equal(ALL_REGISTERS.length);
    const h = await cli(["reg", "--help"]);
    expect(h.code).to.equal(0);
    expect(h.stdout).to.contain("usage: armras reg");
  });
});
