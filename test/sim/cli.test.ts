// armras sim through the CLI, in-process.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../helpers.js";
import { builtinJson } from "./helpers.js";

describe("sim: CLI", () => {
  it("with no argument runs the seed's scenario (what npm start runs)", async () => {
    const r = await cli(["sim"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("scenario seed-guest-poison");
    expect(r.stdout).to.contain("| Memory failure: 0x8a5f3: Sending SIGBUS to qemu-system-aar:4242 due to hardware memory corruption");
    expect(r.stdout).to.match(/guest:app +killed/);
    expect(r.stdout).to.contain("notes:");
  });

  it("--format json has outcome, log and steps", async () => {
    const r = await cli(["sim", "host-poison-user", "--format", "json"]);
    expect(r.code).to.equal(0);
    const j = JSON.parse(r.stdout) as { outcome: Record<string, { state: string; reason: string }>; log: string[]; steps: unknown[] };
    expect(j.outcome["host"]!.state).to.equal("running");
    expect(j.outcome["host:db"]!.state).to.equal("killed");
    expect(j.log).to.include("Memory failure: 0x8c2d1: recovery action for dirty LRU page: Recovered");
    expect(j.steps.length).to.be.greaterThan(5);
  });

  it("--kernel changes the run", async () => {
    const r = await cli(["sim", "serror-aet-ce", "--kernel", "4.14", "--format", "json"]);
    const j = JSON.parse(r.stdout) as { outcome: Record<string, { state: string }>; kernel: { host: string } };
    expect(j.kernel.host).to.equal("4.14");
    expect(j.outcome["host"]!.state).to.equal("panic");
  });

  it("--list lists the built-ins with a description", async () => {
    const r = await cli(["sim", "--list"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^seed-guest-poison +The 2017 thread's example/m);
    expect(r.stdout).to.match(/^sea-storm +/m);
  });

  it("runs a scenario file, and rejects a bad one with exit 2 naming the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "armras-sim-"));
    const good = join(dir, "good.json");
    writeFileSync(good, JSON.stringify(builtinJson("serror-aet-uer")));
    const ok = await cli(["sim", good]);
    expect(ok.code).to.equal(0);
    expect(ok.stdout).to.contain("| Kernel panic - not syncing: Asynchronous SError Interrupt");
    const bad = join(dir, "bad.json");
    const j = builtinJson("seed-guest-poison") as any;
    j.machine.hest[0].notify = "mce";
    writeFileSync(bad, JSON.stringify(j));
    const r = await cli(["sim", bad]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("machine.hest[0].notify");
    expect(r.stdout).to.equal("");
  });

  it("reads a scenario from stdin with '-'", async () => {
    const r = await cli(["sim", "-", "--format", "json"], JSON.stringify(builtinJson("serror-aet-ueo")));
    expect(r.code).to.equal(0);
    expect((JSON.parse(r.stdout) as { log: string[] }).log).to.deep.equal([]);
  });

  it("usage errors exit 2", async () => {
    expect((await cli(["sim", "no-such-scenario"])).code).to.equal(2);
    expect((await cli(["sim", "a.json", "b.json"])).code).to.equal(2);
    expect((await cli(["sim", "--format", "xml"])).code).to.equal(2);
    expect((await cli(["sim", "/nonexistent/x.json"])).code).to.equal(2);
    expect((await cli(["sim", "--kernel", "1.0"])).code).to.equal(2);
    const h = await cli(["sim", "--help"]);
    expect(h.code).to.equal(0);
    expect(h.stdout).to.contain("usage: armras sim");
  });
});
