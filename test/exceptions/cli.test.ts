// armras route / armras take, run in-process.
import { expect } from "chai";
import { cli, fixturePath } from "../helpers.js";

const take = (name: string, ...rest: string[]) => cli(["take", fixturePath("scenarios", "take", name), ...rest]);
const takeJson = async (scenario: unknown, ...rest: string[]) => cli(["take", "-", ...rest], JSON.stringify(scenario));

describe("armras route", () => {
  const json = async (...args: string[]) => {
    const r = await cli(["route", ...args, "--format", "json"]);
    expect(r.code, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  it("SError from EL1 with HCR_EL2.AMO: EL2, unmaskable, +0x580", async () => {
    const o = await json("--kind", "serror", "--el", "1", "--hcr-el2", "0x80000020", "--daif", "0x4");
    expect(o).to.include({ targetEl: 2, masked: false, maskable: false, taken: true, vectorOffset: "0x580" });
  });

  it("IRQ at EL2 without IMO/TGE: pending (targetEl null), no vectorOffset", async () => {
    const o = await json("--kind", "irq", "--el", "2");
    expect(o["targetEl"]).to.equal(null);
    expect(o["masked"]).to.equal(true);
    expect(o).to.not.have.property("vectorOffset");
  });

  it("IRQ at EL1 masked by PSTATE.I (MRS DAIF form 0x80)", async () => {
    const o = await json("--kind", "irq", "--el", "1", "--daif", "0x80");
    expect(o).to.include({ targetEl: 1, masked: true, maskable: true, taken: false });
  });

  it("VHE host: SError from EL0 with E2H=TGE=1 is maskable at EL2", async () => {
    const o = await json("--kind", "serror", "--el", "0", "--hcr-el2", "0x488000000", "--daif", "4");
    expect(o).to.include({ targetEl: 2, maskable: true, masked: true });
  });

  it("virtual SError at EL1 with AMO: EL1 +0x380; sync SEA with SCR_EL3.EA: EL3 +0x400", async () => {
    expect(await json("--kind", "vserror", "--el", "1", "--hcr-el2", "0x80000120")).to.include({ targetEl: 1, vectorOffset: "0x380" });
    expect(await json("--kind", "sync", "--el", "0", "--scr-el3", "0x439")).to.include({ targetEl: 3, vectorOffset: "0x400", syncClass: "sea" });
    expect(await json("--kind", "sync", "--sync", "other", "--el", "0", "--hcr-el2", "0x88000000")).to.include({ targetEl: 2 });
  });

  it("Secure EL1 ignores HCR_EL2; EL0 AArch32 uses +0x600; no EL3", async () => {
    expect(await json("--kind", "irq", "--el", "1", "--secure", "--hcr-el2", "0x80000010")).to.include({ targetEl: 1, security: "Secure" });
    expect(await json("--kind", "irq", "--el", "0", "--aarch32")).to.include({ vectorOffset: "0x680" });
    expect(await json("--kind", "irq", "--el", "1", "--no-el3")).to.include({ targetEl: 1, scrEl3: null });
  });

  it("text output names the target and the reasons", async () => {
    const r = await cli(["route", "--kind", "fiq", "--el", "1", "--scr-el3", "0x435"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^FIQ from EL1 \(Non-secure\): taken to EL3 at VBAR_EL3 \+ 0x500/);
    expect(r.stdout).to.contain("SCR_EL3.FIQ=1: routed to EL3");
    const p = await cli(["route", "--kind", "irq", "--el", "2"]);
    expect(p.stdout).to.contain("stays pending");
    const m = await cli(["route", "--kind", "irq", "--el", "1", "--daif", "2"]);
    expect(m.stdout).to.contain("masked by PSTATE");
    expect((await cli(["route", "--help"])).stdout).to.contain("usage: armras route");
  });

  const bad: [string[], RegExp][] = [
    [["--el", "1"], /--kind is required/],
    [["--kind", "nmi", "--el", "1"], /--kind must be one of/],
    [["--kind", "irq"], /--el must be/],
    [["--kind", "irq", "--el", "4"], /--el must be/],
    [["--kind", "irq", "--el", "1", "--hcr-el2", "0x1ffffffffffffffff"], /wider than 64 bits/],
    [["--kind", "irq", "--el", "1", "--hcr-el2", "zz"], /not a number/],
    [["--kind", "irq", "--el", "2", "--secure"], /impossible state.*Secure EL2/],
    [["--kind", "irq", "--el", "1", "--secure", "--scr-el3", "0x431"], /contradicts/],
    [["--kind", "irq", "--el", "1", "--daif", "0x3"+"c1"], /--daif/],
    [["--kind", "irq", "--el", "2", "--no-el2"], /EL2 is not implemented/],
    [["--kind", "irq", "--el", "1", "--no-el3", "--scr-el3", "0x431"], /--no-el3/],
    [["--kind", "irq", "--el", "1", "--no-el2", "--hcr-el2", "0"], /--no-el2/],
    [["--kind", "irq", "--el", "0", "--sp", "1"], /SP_EL0/],
    [["--kind", "irq", "--el", "1", "--aarch32"], /EL1 cannot be AArch32 on neoverse-n1/],
    [["--kind", "irq", "--el", "1", "extra"], /unexpected argument/],
  ];
  for (const [args, msg] of bad) {
    it(`usage error: ${args.join(" ")}`, async () => {
      const r = await cli(["route", ...args]);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.match(msg);
    });
  }
});

describe("armras take", () => {
  it("kvm-virtual-serror.json: ISR_EL1.A=1 while masked, ESR_EL1 = 0xbf01d1ed after unmasking (KVM selftest)", async () => {
    const r = await take("kvm-virtual-serror.json", "--format", "json");
    expect(r.code, r.stderr).to.equal(0);
    const o = JSON.parse(r.stdout);
    expect(o.events[1].value).to.equal("0x100");
    expect(o.events[3].value).to.equal("0xbf01d1ed");
    expect(o.final.registers["HCR_EL2"]).to.equal("0x80000020");
    expect(o.final.pc).to.equal("0x400008");
  });

  it("ras-sea-poisoned-read.json: SEA ESR 0x92000010, record cleared by W1C", async () => {
    const r = await take("ras-sea-poisoned-read.json", "--format", "json");
    expect(r.code, r.stderr).to.equal(0);
    const o = JSON.parse(r.stdout);
    expect(o.events[0].trace.some((s: { register: string; after: string }) => s.register === "ESR_EL1" && s.after === "0x92000010")).to.equal(true);
    expect(o.events[2].value).to.equal("0xf030000c");
    expect(o.final.registers["ERR0STATUS"]).to.equal("0xc");
    expect(o.final.state).to.match(/^EL0t/);
  });

  it("esb-deferral.json: DISR_EL1 = 0x80000811", async () => {
    const r = await take("esb-deferral.json", "--format", "json");
    expect(JSON.parse(r.stdout).events[3].value).to.equal("0x80000811");
  });

  it("firmware-first-serror.json: ESR_EL3 = 0xbe002411 (IESB set), text output", async () => {
    const r = await take("firmware-first-serror.json");
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain("ESR_EL3 0x0 -> 0xbe002411");
    expect(r.stdout).to.match(/final: EL3h Secure/);
  });

  it("illegal-eret.json: PSTATE.IL=1 at EL2", async () => {
    const r = await take("illegal-eret.json");
    expect(r.stdout).to.contain("PSTATE.IL 0 -> 1");
    expect(r.stdout).to.contain("EL2h NZCV=0000 DAIF=1111 IL=1");
  });

  it("--help", async () => {
    expect((await cli(["take", "--help"])).stdout).to.contain("usage: armras take");
  });

  const base = { pstate: { EL: 1 }, registers: { SCR_EL3: "0x431", HCR_EL2: "0x80000000" }, events: [{ op: "esb" }] };
  const badScenarios: [string, unknown, RegExp][] = [
    ["unknown top-level key", { ...base, extra: 1 }, /scenario\.extra: unknown key/],
    ["unknown event key", { ...base, events: [{ op: "esb", when: 1 }] }, /events\[0\]\.when: unknown key/],
    ["unknown op", { ...base, events: [{ op: "halt" }] }, /events\[0\]\.op: must be one of/],
    ["EL2 state on a core without EL2", { ...base, features: { EL2: false }, registers: {}, pstate: { EL: 2 } }, /pstate\.EL: EL2 on a core without EL2/],
    ["HCR_EL2 on a core without EL2", { ...base, features: { EL2: false } }, /registers\.HCR_EL2: HCR_EL2 needs EL2/],
    ["AArch32 where unsupported", { ...base, features: { aarch32: { 0: false } }, pstate: { EL: 0, nRW: 1 } }, /pstate\.nRW: AArch32 at EL0/],
    ["AArch32 above EL0", { ...base, pstate: { EL: 1, nRW: 1 } }, /pstate\.nRW/],
    ["Secure EL2", { ...base, registers: { SCR_EL3: "0x430" }, pstate: { EL: 2 } }, /Secure EL2/],
    ["value wider than the register", { ...base, registers: { VBAR_EL1: "0x10000000000000000" } }, /registers\.VBAR_EL1: .*wider than 64 bits/],
    ["ISS wider than 25 bits", { ...base, events: [{ op: "serror", iss: "0x2000000" }] }, /events\[0\]\.iss: .*wider than 25 bits/],
    ["SError ESR with another EC", { ...base, events: [{ op: "serror", esr: "0x96000010" }] }, /events\[0\]\.esr: EC is 0x25/],
    ["both iss and esr", { ...base, events: [{ op: "serror", iss: 1, esr: "0xbe000000" }] }, /exactly one/],
    ["record that does not exist", { ...base, events: [{ op: "record", record: 5, type: "UC", serr: 1 }] }, /record 5 does not exist/],
    ["SEA for a CE", { ...base, events: [{ op: "record", record: 0, type: "CE", serr: 1, signal: "sea" }] }, /not reported as a synchronous External abort/],
    ["MISC2 without RASv1p1", { ...base, events: [{ op: "record", record: 0, type: "CE", serr: 1, misc: [1, 2, 3] }] }, /at most 2 values/],
    ["unknown register", { ...base, registers: { FOO_EL1: 0 } }, /unknown register 'FOO_EL1'/],
    ["read-only register", { ...base, registers: { ERRIDR_EL1: 0 } }, /read-only/],
    ["ERX window", { ...base, registers: { ERXSTATUS_EL1: 0 } }, /window/],
    ["negative number", { ...base, pc: -4 }, /pc: must be a non-negative integer/],
    ["pstate value", { ...base, pstate: { EL: 1, A: 2 } }, /pstate\.A: must be an integer 0\.\.1/],
    ["EL0h", { ...base, pstate: { EL: 0, SP: 1 } }, /pstate\.SP/],
    ["events missing", { pstate: { EL: 1 } }, /events: must be an array/],
    ["MSR of ERR<n> by name", { ...base, events: [{ op: "msr", reg: "ERR0STATUS", value: 0 }] }, /memory-mapped/],
    ["access without sea", { ...base, events: [{ op: "record", record: 0, type: "UC", serr: 1, access: { va: 1 } }] }, /only meaningful/],
    ["architectural reset without SCR_EL3", { reset: "architectural", pstate: { EL: 1 }, events: [] }, /registers\.SCR_EL3: required/],
    ["feature type", { ...base, features: { FEAT_RAS: "yes" } }, /features\.FEAT_RAS: must be true or false/],
    ["inconsistent AArch32 support", { ...base, features: { aarch32: { 0: false, 1: true } } }, /features\.aarch32/],
    ["EL3 state without EL3", { events: [], features: { EL3: false } }, /pstate\.EL: EL3 on a core without EL3/],
    ["too many records", { ...base, features: { errorRecords: 60 } }, /at most 56/],
    ["RASv1p1 without RAS", { ...base, features: { FEAT_RAS: false, FEAT_RASv1p1: true } }, /needs FEAT_RAS/],
  ];
  for (const [name, scenario, msg] of badScenarios) {
    it(`bad scenario: ${name} -> exit 2, nothing printed on stdout`, async () => {
      const r = await takeJson(scenario);
      expect(r.code, r.stdout).to.equal(2);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.match(msg);
    });
  }

  it("a core without EL3 (Non-secure), with RASv1p1: runs, MISC2 accepted", async () => {
    const r = await takeJson({
      features: { EL3: false, FEAT_RASv1p1: true },
      pstate: { EL: 1, A: 1 },
      registers: { HCR_EL2: "0x80000000", ERR0CTLR: "0x1" },
      events: [{ op: "record", record: 0, type: "CE", serr: 2, misc: [1, 2, 3] }, { op: "irq" }, { op: "msr", reg: "DAIFClr", value: 2 }, { op: "irq", level: false }, { op: "sea", errorType: "UEO", va: "0x10", fetch: true }],
    }, "--format", "json");
    expect(r.code, r.stderr).to.equal(0);
    const o = JSON.parse(r.stdout);
    expect(o.final.registers["ERR0MISC2"]).to.equal("0x3");
    expect(o.final.registers["ESR_EL1"]).to.equal("0x86001810"); // IABT same EL, SET=UEO (11), DFSC 0x10
  });

  it("a model error during the run (ERET with SPSR UNKNOWN) prints nothing and names the event", async () => {
    const r = await takeJson({ reset: "architectural", pstate: { EL: 1 }, registers: { SCR_EL3: "0x431", HCR_EL2: "0x80000000" }, events: [{ op: "esb" }, { op: "eret" }] });
    expect(r.code).to.equal(2);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.match(/events\[1\]: ERET: .*SPSR_EL1 is UNKNOWN/);
  });

  it("not JSON, no file, two files", async () => {
    expect((await cli(["take", "-"], "{nope")).stderr).to.match(/not valid JSON/);
    expect((await cli(["take", "/nonexistent/x.json"])).stderr).to.match(/cannot read/);
    expect((await cli(["take", "a", "b"])).code).to.equal(2);
  });
});

describe("register values on the command line read as kernels print them (issue 16 item 10)", () => {
  it("reg and route: bare digits are hex, 0d<digits> is decimal, a negative value is refused", async () => {
    const hexBare = await cli(["reg", "HCR_EL2", "80000008", "--format", "json"]);
    const hex0x = await cli(["reg", "HCR_EL2", "0x80000008", "--format", "json"]);
    expect(hexBare.stdout).to.equal(hex0x.stdout);
    const dec = await cli(["reg", "HCR_EL2", "0d2147483656", "--format", "json"]);
    expect(dec.stdout).to.equal(hex0x.stdout);
    const a = await cli(["route", "--kind", "serror", "--el", "0", "--hcr-el2", "80000020", "--format", "json"]);
    const b = await cli(["route", "--kind", "serror", "--el", "0", "--hcr-el2", "0x80000020", "--format", "json"]);
    expect(a.stdout).to.equal(b.stdout);
    const neg = await cli(["route", "--kind", "irq", "--el", "1", "--daif", "-1"]);
    expect(neg.code).to.equal(2);
    expect(neg.stderr).to.match(/--daif: '-1' is negative/);
  });
});
