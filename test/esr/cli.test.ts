// `armras esr` in-process: each format and each exit code.
import { expect } from "chai";
import { decodeExamples, ESR_EXAMPLES } from "../../src/sysregs/esr/index.js";
import { cli } from "../helpers.js";

describe("armras esr (CLI)", () => {
  it("--format json prints the contract object, exit 0 when valid", async () => {
    const r = await cli(["esr", "0x96000004", "--format", "json", "--el", "1"]);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.equal("");
    const j = JSON.parse(r.stdout);
    expect(j).to.include({ esr: "0x0000000096000004", ec: 0x25, class: "DABT (current EL)", il: 1, iss: 4, el: 1 });
    expect(j.fields).to.deep.equal({ ISV: 0, VNCR: 0, SET: 0, FnV: 0, EA: 0, CM: 0, S1PTW: 0, WnR: 0, DFSC: 4 });
    expect(j.fsc).to.deep.equal({ code: 4, name: "level 0 translation fault", meaning: "Translation fault, level 0" });
    expect(j.problems).to.deep.equal([]);
  });

  it("decimal input (--decimal or 0d; bare digits are hex, as the kernel prints them) and a value needing 64 bits", async () => {
    const r = await cli(["esr", String(0x96000004), "--decimal", "--format", "json"]);
    expect(JSON.parse(r.stdout).esr).to.equal("0x0000000096000004");
    expect(JSON.parse((await cli(["esr", `0d${0x96000004}`, "--format", "json"])).stdout).esr).to.equal("0x0000000096000004");
    expect(JSON.parse((await cli(["esr", "96000004", "--format", "json"])).stdout).esr).to.equal("0x0000000096000004");
    const r2 = await cli(["esr", "0xffffffffffffffff", "--format", "json", "--arch", "later"]);
    expect(r2.code).to.equal(1);
    expect(JSON.parse(r2.stdout).problems[0]).to.match(/ESR bits \[63:56\] are set/);
  });

  it("exit 1 for an architecturally invalid value, still printing the decode and problems", async () => {
    const r = await cli(["esr", "0x5a000000", "--el", "1", "--format", "json"]);
    expect(r.code).to.equal(1);
    const j = JSON.parse(r.stdout);
    expect(j.class).to.equal("HVC (AArch64)");
    expect(j.problems).to.have.length(1);
    expect(j.problems[0]).to.match(/cannot be reported in ESR_EL1/);
  });

  it("--format json with --kernel uses that kernel's fault name", async () => {
    const r = await cli(["esr", "0x96000011", "--format", "json", "--kernel", "5.4", "--arch", "later"]);
    expect(JSON.parse(r.stdout).fsc.name).to.equal("unknown 17");
  });

  it("several values: a JSON array, exit 1 if any is invalid", async () => {
    const r = await cli(["esr", "0x96000004", "0x0", "--format", "json"]);
    expect(r.code).to.equal(1);
    const j = JSON.parse(r.stdout);
    expect(j.map((x: { esr: string }) => x.esr)).to.deep.equal(["0x0000000096000004", "0x0000000000000000"]);
  });

  it("--format text explains", async () => {
    const r = await cli(["esr", "0x82001e10"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("Synchronous External abort, not on translation table walk (FSC 0x10) on an instruction fetch from a lower EL; FAR not valid; error type: Restartable (UEO) or Corrected (CE) (UEO)");
    expect(r.stdout).to.contain("Valid: no architectural problems.");
    const bad = await cli(["esr", "0x0"]);
    expect(bad.code).to.equal(1);
    expect(bad.stdout).to.contain("Problems (1):");
  });

  it("--format text names the trapped register", async () => {
    const r = await cli(["esr", "0x62341409", "--el", "2"]);
    expect(r.stdout).to.contain("Trapped MRS: read of ERXSTATUS_EL1 into X0.");
  });

  it("--format linux prints the kernel's text for the version", async () => {
    const r = await cli(["esr", "0x96000004", "--format", "linux", "--kernel", "5.10"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.equal(
      ["Mem abort info:", "  ESR = 0x96000004", "  EC = 0x25: DABT (current EL), IL = 32 bits", "  SET = 0, FnV = 0", "  EA = 0, S1PTW = 0", "Data abort info:", "  ISV = 0, ISS = 0x00000004", "  CM = 0, WnR = 0", ""].join("\n"),
    );
    const s = await cli(["esr", "0xbe000411", "--format", "linux", "--cpu", "4"]);
    expect(s.stdout).to.equal("SError Interrupt on CPU4, code 0x00000000be000411 -- SError\n");
  });

  it("--format linux keeps stdout to the kernel text and reports problems on stderr", async () => {
    const r = await cli(["esr", "0x94000004", "--format", "linux"]);
    expect(r.code).to.equal(1);
    expect(r.stdout.startsWith("Mem abort info:\n")).to.equal(true);
    expect(r.stderr).to.match(/^armras esr: problem: IL is 0/);
  });

  it("--from-el and --aarch32/--aarch64 feed the validator", async () => {
    expect((await cli(["esr", "0x96000004", "--el", "1", "--from-el", "0"])).code).to.equal(1);
    expect((await cli(["esr", "0x92000004", "--el", "1", "--from-el", "0"])).code).to.equal(0);
    expect((await cli(["esr", "0x56000000", "--aarch32"])).code).to.equal(1);
    expect((await cli(["esr", "0x46000000", "--aarch64"])).code).to.equal(1);
  });

  const usage: [string[], RegExp][] = [
    [["esr", "0xzz"], /not a number: '0xzz'/],
    [["esr", "0x10000000000000000"], /wider than 64 bits/],
    [["esr"], /missing ESR value/],
    [["esr", "1", "--el", "0"], /--el must be 1, 2 or 3/],
    [["esr", "1", "--from-el", "4"], /--from-el must be 0, 1, 2 or 3/],
    [["esr", "1", "--format", "xml"], /--format must be one of text, json, linux/],
    [["esr", "1", "--kernel", "six"], /not a Linux release: 'six'/],
    [["esr", "1", "--cpu", "x"], /--cpu must be a CPU number/],
    [["esr", "1", "--aarch32", "--aarch64"], /not both/],
    [["esr", "1", "--bogus"], /unknown option --bogus/],
    [["esr", "0x96000004", "0xnope"], /not a number/],
  ];
  for (const [argv, re] of usage) {
    it(`exit 2 with a one-line error: ${argv.slice(1).join(" ")}`, async () => {
      const r = await cli(argv);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal("");
      expect(r.stderr).to.match(re);
      expect(r.stderr.trimEnd().split("\n")).to.have.length(1);
    });
  }

  it("--help", async () => {
    const r = await cli(["esr", "--help"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^usage: armras esr <value>/);
  });

  it("the built-in examples decode, all valid at their EL", () => {
    const text = decodeExamples();
    expect(text.match(/Valid: no architectural problems\./g)).to.have.length(ESR_EXAMPLES.length);
  });
});
