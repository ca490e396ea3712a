// `armras kernel serror|sea|versions` in-process: output contract and exit codes.
import { expect } from "chai";
import { cli } from "../helpers.js";

interface Out {
  outcome: Record<string, string>;
  log: string[];
  steps: { rule: string; models: string }[];
  reasons: string[];
  reason: { rule: string };
  actions: { kind: string }[];
}
const json = (s: string): Out => JSON.parse(s) as Out;

describe("kernel/cli: armras kernel serror", () => {
  it("the issue's example: IDS SError on CPU3 panics (JSON contract)", async () => {
    const r = await cli(["kernel", "serror", "--esr", "0xbf000002", "--cpu", "3", "--format", "json"]);
    expect(r.code).to.equal(0);
    const o = json(r.stdout);
    expect(o.outcome).to.deep.equal({ host: "panic" });
    expect(o.log).to.deep.equal(["SError Interrupt on CPU3, code 0x00000000bf000002 -- SError", "Kernel panic - not syncing: Asynchronous SError Interrupt"]);
    expect(o.reasons).to.include("T1.1");
    expect(o.steps.every((s) => s.rule && s.models)).to.equal(true);
  });
  it("defaults: newest kernel (6.18), FEAT_RAS, CPU 0, from EL1; a CE SError continues silently", async () => {
    const r = await cli(["kernel", "serror", "--esr", "0xbe001811", "--format", "json"]);
    const o = json(r.stdout) as Out & { kernel: string; cpu: number; ras: boolean; from: string };
    expect([o.kernel, o.cpu, o.ras, o.from]).to.deep.equal(["6.18", 0, true, "el1"]);
    expect(o.outcome).to.deep.equal({ host: "running" });
    expect(o.log).to.deep.equal([]);
  });
  it("--ras no: the same CE syndrome panics (T1.2); --kernel 4.14: bad mode", async () => {
    expect(json((await cli(["kernel", "serror", "--esr", "0xbe001811", "--ras", "no", "--format", "json"])).stdout).reasons).to.include("T1.2");
    const old = json((await cli(["kernel", "serror", "--esr", "be001811", "--kernel", "4.14", "--format", "json"])).stdout);
    expect(old.log[1]).to.equal("Kernel panic - not syncing: bad mode");
  });
  it("--from guest: KVM injects a vSError and the guest panics", async () => {
    const o = json((await cli(["kernel", "serror", "--esr", "0xbe000411", "--from", "guest", "--format", "json"])).stdout);
    expect(o.outcome).to.deep.equal({ host: "running", guest: "panic" });
    expect(o.log).to.deep.equal(["guest: SError Interrupt on CPU0, code 0x00000000bf000000 -- SError", "guest: Kernel panic - not syncing: Asynchronous SError Interrupt"]);
  });
  it("text output names outcome, reason, log and steps", async () => {
    const r = await cli(["kernel", "serror", "--esr", "0xbe000411", "--kernel", "5.10"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^armras kernel serror: ESR 0x00000000be000411, Linux 5\.10\n/);
    expect(r.stdout).to.contain("outcome: host=panic\n");
    expect(r.stdout).to.contain("  SError Interrupt on CPU0, code 0xbe000411 -- SError\n");
    expect(r.stdout).to.contain("steps:\n");
  });
  it("a release newer than 6.18 is accepted and says so", async () => {
    const r = await cli(["kernel", "serror", "--esr", "0xbe000411", "--kernel", "6.19"]);
    expect(r.stdout).to.contain("newer than the newest modelled");
  });
});

describe("kernel/cli: armras kernel sea", () => {
  it("the issue's example: kernel-mode SEA 0x96000210 on 5.10 dies", async () => {
    const o = json((await cli(["kernel", "sea", "--esr", "0x96000210", "--from", "el1", "--kernel", "5.10", "--format", "json"])).stdout);
    expect(o.log).to.deep.equal(["Internal error: synchronous external abort: 96000210 [#1] SMP"]);
    expect(o.outcome).to.deep.equal({ host: "killed" });
  });
  it("--panic-on-oops / --in-interrupt", async () => {
    const a = json((await cli(["kernel", "sea", "--esr", "0x96000210", "--from", "el1", "--panic-on-oops", "--format", "json"])).stdout);
    expect(a.outcome.host).to.equal("panic");
    const b = json((await cli(["kernel", "sea", "--esr", "0x96000210", "--from", "el1", "--in-interrupt", "--format", "json"])).stdout);
    expect(b.log[1]).to.equal("Kernel panic - not syncing: synchronous external abort: Fatal exception in interrupt");
  });
  it("user SEA, firmware-first (default --claimed yes): BUS_MCEERR_AR via memory_failure", async () => {
    const o = json((await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--far", "0x0000aaaabbbb1234", "--format", "json"])).stdout);
    expect(o.outcome).to.deep.equal({ host: "signal" });
    expect(o.log).to.include("Memory failure: 0x89abcd: recovery action for dirty LRU page: Recovered");
    expect(o.actions.map((a) => a.kind)).to.include("memory_failure");
  });
  it("--claimed no: SIGBUS BUS_OBJERR; --page free: recovered without a signal", async () => {
    const no = json((await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--claimed", "no", "--format", "json"])).stdout);
    expect(no.reasons).to.include("T2.2");
    const free = json((await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--page", "free", "--format", "json"])).stdout);
    expect(free.outcome).to.deep.equal({ host: "running" });
  });
  it("--from guest: the seed's chain to the guest process (text)", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "guest", "--kernel", "4.19", "--guest-kernel", "6.18"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("T6.K9");
    expect(r.stdout).to.contain("guest Linux 6.18 at EL0");
    expect(r.stdout).to.contain("outcome: host=signal guest=signal");
  });
  it("--guest-el 1 --read-ack 0 --guest-ghes yes", async () => {
    const o = json((await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "guest", "--guest-el", "1", "--read-ack", "0", "--guest-ghes", "yes", "--format", "json"])).stdout);
    expect(o.outcome).to.deep.equal({ host: "killed", guest: "killed" });
  });
});

describe("kernel/cli: versions and help", () => {
  it("lists boundaries, marking which apply", async () => {
    const r = await cli(["kernel", "versions", "--kernel", "5.10"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("[x] 4.16  rasSerror");
    expect(r.stdout).to.contain("[ ] 5.19  esr.esr64");
    const j = JSON.parse((await cli(["kernel", "versions", "--format", "json"])).stdout) as { newest: string; boundaries: unknown[] };
    expect(j.newest).to.equal("6.18");
    expect(j.boundaries.length).to.be.greaterThan(10);
  });
  it("lists the CXL dispatch boundaries: component events 6.8 (verified), protocol errors 6.15 (approx)", async () => {
    const lines = (await cli(["kernel", "versions", "--kernel", "6.14"])).stdout.split("\n");
    const row = (id: string): string => lines.find((l) => l.includes(` ${id}: `)) ?? "";
    expect(row("ghesCxlComponentEvents")).to.match(/^\[x\] 6\.8 {3}ghesCxlComponentEvents: ghes_do_proc\(\): CXL component event sections .*\(verified\)$/);
    expect(row("ghesCxlProtocolErrors")).to.match(/^\[ \] 6\.15  ghesCxlProtocolErrors: ghes_do_proc\(\): CXL protocol error sections .*\(approx: .*early 2025.*6\.15.*unverified.*\)$/);
    const j = JSON.parse((await cli(["kernel", "versions", "--kernel", "6.15", "--format", "json"])).stdout) as { boundaries: { id: string; since: string; applies: boolean; verified?: string; approx?: string }[] };
    const byId = new Map(j.boundaries.map((b) => [b.id, b]));
    expect(byId.get("ghesCxlComponentEvents")).to.deep.include({ since: "6.8", applies: true });
    expect(byId.get("ghesCxlComponentEvents")!.verified).to.match(/PATCH v3 6\/7\] firmware\/efi: Process CXL Component Events.*2023-12-14.*V4 coming.*v6\.8/);
    expect(byId.get("ghesCxlProtocolErrors")).to.deep.include({ since: "6.15", applies: true });
    expect(byId.get("ghesCxlProtocolErrors")!.verified).to.equal(undefined);
  });
  it("help for the command and each subcommand exits 0", async () => {
    for (const argv of [["kernel", "--help"], ["kernel", "serror", "--help"], ["kernel", "sea", "--help"], ["kernel", "versions", "--help"]]) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).to.equal(0);
      expect(r.stdout).to.contain("usage:");
    }
  });
});

describe("kernel/cli: bad input exits 2 with one line", () => {
  const cases: [string[], RegExp][] = [
    [["kernel"], /missing subcommand/],
    [["kernel", "oops"], /unknown subcommand 'oops'/],
    [["kernel", "serror"], /--esr is required/],
    [["kernel", "serror", "--esr", "zz"], /--esr: not a number/],
    [["kernel", "serror", "--esr", "0x1_0000_0000_0000_0000"], /wider than 64 bits/],
    [["kernel", "serror", "--esr", "0x96000210"], /not 0x2f \(SError\)/],
    [["kernel", "serror", "--esr", "0xbe000411", "--kernel", "banana"], /--kernel: not a Linux release/],
    [["kernel", "serror", "--esr", "0xbe000411", "--kernel", "2.6.32"], /predates arm64/],
    [["kernel", "serror", "--esr", "0xbe000411", "--from", "el2"], /--from must be one of/],
    [["kernel", "serror", "--esr", "0xbe000411", "--cpu", "-1"], /--cpu must be an integer/],
    [["kernel", "serror", "--esr", "0xbe000411", "extra"], /unexpected argument/],
    [["kernel", "serror", "--esr", "0xbe000411", "--bogus"], /unknown option/],
    [["kernel", "sea", "--esr", "0x92000410"], /--from is required/],
    [["kernel", "sea", "--esr", "0x92000410", "--from", "el1"], /EC is 0x24 .*from EL1 has EC 0x25/],
    [["kernel", "sea", "--esr", "0x96000004", "--from", "el1"], /FSC 0x04 is not a synchronous external abort/],
    [["kernel", "sea", "--esr", "0x92000413", "--from", "el0", "--kernel", "5.10"], /does not dispatch to do_sea\(\) in Linux 5\.10/],
    [["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--page", "weird"], /--page must be one of/],
    [["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--far", "0xg"], /--far: not a number/],
    [["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "extra"], /unexpected argument/],
    [["kernel", "versions", "--kernel", "x"], /not a Linux release/],
  ];
  for (const [argv, msg] of cases) {
    it(argv.slice(1).join(" "), async () => {
      const r = await cli(argv);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(msg);
      expect(r.stderr.trim().split("\n")).to.have.length(1);
      expect(r.stdout).to.equal("");
    });
  }
});
