// MIDR_EL1 and MPIDR_EL1: declared, read-only, named (implementer and part), and set per core.
import { expect } from "chai";
import { CORES } from "../../src/arch/features.js";
import { RegisterFile } from "../../src/sysregs/register-file.js";
import { cli } from "../helpers.js";

const EL1 = { el: 1, security: "NonSecure" } as const;

describe("sysregs: MIDR_EL1 and MPIDR_EL1", () => {
  it("reset to the default core (Neoverse N1 r4p1, Aff 0) and read by MRS at EL1; MSR is UNDEFINED", () => {
    const rf = new RegisterFile({ reset: "zero" });
    expect(rf.mrs("MIDR_EL1", EL1)).to.include({ kind: "ok", value: 0x414fd0c1n });
    expect(rf.mrs("MPIDR_EL1", EL1)).to.include({ kind: "ok", value: 0x80000000n });
    expect(rf.msr("MIDR_EL1", 0n, EL1).kind).to.equal("undefined");
    expect(rf.mrs("MIDR_EL1", { el: 0, security: "NonSecure" }).kind).to.equal("undefined");
  });
  it("RegisterFileConfig.midr / mpidr give another core's identification (the presets carry their MIDR)", () => {
    const rf = new RegisterFile({ midr: CORES["cortex-a72"]!.midr, mpidr: 0x81000102n });
    expect(rf.read("MIDR_EL1")).to.equal(0x410fd083n);
    expect(rf.getField("MIDR_EL1", "PartNum")).to.equal(0xd08n);
    expect(rf.getField("MPIDR_EL1", "Aff1")).to.equal(1n);
    expect(rf.getField("MPIDR_EL1", "MT")).to.equal(1n);
  });
  const cases: [string, string, RegExp, RegExp][] = [
    ["MIDR_EL1", "0x414fd0c1", /Arm Limited/, /Part +\[15:4\] +0xd0c +Neoverse N1/],
    ["MIDR_EL1", "0x410fd083", /Arm Limited/, /Cortex-A72/],
    ["MIDR_EL1", "0x411fd070", /Arm Limited/, /Cortex-A57/],
    ["MIDR_EL1", "0x410fd4f0", /Arm Limited/, /Neoverse V2/],
    ["MIDR_EL1", "0x431f0af1", /Cavium/, /ThunderX2/],
    ["MIDR_EL1", "0x481fd010", /HiSilicon/, /TSV110/],
    ["MIDR_EL1", "0xc00fac30", /Ampere Computing/, /AmpereOne/],
    ["MIDR_EL1", "0x000f0510", /reserved for software use/, /PartNum/],
  ];
  for (const [reg, v, imp, part] of cases) {
    it(`armras reg ${reg} ${v}: implementer and part named`, async () => {
      const r = await cli(["reg", reg, v]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(imp);
      expect(r.stdout).to.match(part);
    });
  }
  it("armras reg MPIDR_EL1: affinity levels; RES1 bit 31 clear is a finding (exit 1)", async () => {
    const ok = await cli(["reg", "MPIDR_EL1", "0x100000203", "--format", "json"]);
    expect(ok.code).to.equal(1); // bit 31 clear
    const good = await cli(["reg", "MPIDR_EL1", "0x180000203"]);
    expect(good.code, good.stderr).to.equal(0);
    expect(good.stdout).to.match(/Aff3 +\[39:32\] +0x1/);
    expect(good.stdout).to.match(/Aff1 +\[15:8\] +0x2/);
  });
});

describe("take: the core preset's MIDR_EL1", () => {
  it("--core cortex-a72 and \"features\": \"max\" give their MIDR; the default is Neoverse N1", async () => {
    const { cli } = await import("../helpers.js");
    const s = { pstate: { EL: 1 }, registers: { SCR_EL3: "0x531" }, events: [{ op: "mrs", reg: "MIDR_EL1" }] };
    const v = async (scenario: unknown, ...args: string[]) => {
      const r = await cli(["take", "-", ...args, "--format", "json"], JSON.stringify(scenario));
      expect(r.code, r.stderr).to.equal(0);
      return (JSON.parse(r.stdout) as { events: { value: string }[] }).events[0]!.value;
    };
    expect(await v(s)).to.equal("0x414fd0c1");
    expect(await v(s, "--core", "cortex-a72")).to.equal("0x410fd083");
    expect(await v({ ...s, features: "max" })).to.equal("0xf0510");
    expect(await v({ ...s, features: { core: "cortex-a57" } })).to.equal("0x411fd070");
  });
});
