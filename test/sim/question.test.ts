// One-question answers (`armras kernel sea|serror`) are one-event scenarios: the scenario forms
// behind each option, their validation, and --print-scenario giving a scenario `armras sim` runs.
import { expect } from "chai";
import { parseKernelVersion } from "../../src/kernel/index.js";
import { answerSea, runQuestion, runScenario, seaScenario, serrorScenario, validateScenario, type SeaQuestion } from "../../src/sim/index.js";
import { cli } from "../helpers.js";
import { rejects } from "./helpers.js";

const k = parseKernelVersion;
const SEA: SeaQuestion = { esr: 0x92000410n, kernel: k("6.18"), guestKernel: k("6.18"), from: "el0", claimed: true, far: 0xaaaa_bbbb_1234n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false };
const json = (q: Partial<SeaQuestion>): any => structuredClone(seaScenario({ ...SEA, ...q }));

describe("sim: one-question scenarios (armras kernel sea|serror)", () => {
  it("--print-scenario prints the scenario the answer ran; armras sim runs it to the same log and outcome", async () => {
    const args = ["kernel", "sea", "--esr", "0x92000410", "--from", "guest", "--kernel", "4.19", "--guest-el", "1"];
    const printed = await cli([...args, "--print-scenario"]);
    expect(printed.code).to.equal(0);
    const answer = JSON.parse((await cli([...args, "--format", "json"])).stdout) as { log: string[] };
    const r = runScenario(validateScenario(JSON.parse(printed.stdout)));
    // The answer's log interleaves QEMU's messages (the simulator keeps them apart, in vmmLog).
    expect(answer.log.filter((l) => !r.vmmLog.includes(l))).to.deep.equal(r.log);
    expect(r.vmmLog.length).to.be.greaterThan(0);
    expect(r.outcome["guest:app"]?.state).to.equal("killed"); // die() in a system call of the guest process app
    const serror = await cli(["kernel", "serror", "--esr", "0xbe000411", "--from", "guest", "--print-scenario"]);
    expect(JSON.parse(serror.stdout).timeline).to.deep.equal([{ event: "serror", esr: "0xbe000411", from: "guest", cpu: 0, vcpu: 0 }]);
  });

  it("every page state of --page has a scenario form memory_failure() sees", () => {
    const lines: Record<string, RegExp> = {
      free: /free buddy page/, "clean-lru": /clean LRU page/, huge: /huge page/, hwpoisoned: /already poisoned/, kernel: /reserved kernel page/,
      "kernel-high-order": /high-order kernel page/, "unmap-failed": /unmapping failed page/, offline: /memory outside kernel control/,
    };
    for (const [page, line] of Object.entries(lines)) {
      const d = answerSea({ ...SEA, page: page as SeaQuestion["page"] });
      expect(d.log.join("\n"), page).to.match(line);
    }
  });

  it("the guest's SErrors unmasked (v6.18 emulated entry) and vCPU number are scenario inputs", () => {
    const q = { esr: 0xbe000411n, kernel: k("6.18"), guestKernel: k("6.18"), from: "guest" as const, ras: true, cpu: 3 };
    const masked = runQuestion(serrorScenario(q)).decision;
    const unmasked = runQuestion(serrorScenario({ ...q, guestSerrorsUnmasked: true })).decision;
    expect(masked.actions).to.not.deep.equal(unmasked.actions);
    expect(unmasked.log.join("\n")).to.match(/SError Interrupt on CPU0/);
  });

  it("read_ack 0: QEMU cannot write its record and aborts (T7.Q2)", () => {
    const r = runQuestion(json({ from: "guest", far: 0n, readAck: 0 }));
    expect(r.decision.steps.map((s) => s.rule)).to.include("T7.Q2");
    expect(r.result.outcome["vmm"]?.state).to.equal("killed");
  });

  it("rejects the new forms where they cannot apply, naming the key", () => {
    rejects({ ...json({ from: "guest", far: 0n }), software: { ...json({ from: "guest", far: 0n }).software, vmm: { pid: 5000, read_ack: 0 }, guest: { ...json({ from: "guest" }).software.guest, ghes: false } } }, "software.vmm.read_ack", /only with a guest GHES/);
    const s = structuredClone(serrorScenario({ esr: 0xbe000411n, kernel: k("6.18"), guestKernel: k("6.18"), from: "el1", ras: true, cpu: 0 })) as any;
    s.timeline[0].vcpu = 0;
    rejects(s, "timeline[0].vcpu", /only applies to an SError from 'guest'/);
    const host = json({});
    host.timeline[0].va = "0x1000";
    rejects(host, "timeline[0].va", /only applies to a host-kernel consumer/);
    const kern = json({ from: "el1", esr: 0x96000210n });
    kern.timeline[0].process = "nobody";
    rejects(kern, "timeline[0].process", /no host process 'nobody'/);
    rejects(json({ esr: 0x92000404n }), "timeline[0].esr", /FSC 0x04 is not a synchronous external abort/);
    rejects(json({ esr: 0x92000413n, kernel: k("5.10") }), "timeline[0].esr", /FSC 0x13 does not dispatch to do_sea\(\) in Linux 5\.10/);
    const page = json({});
    page.machine.pages[0].pfn_state = "offline";
    rejects(page, "machine.pages[0].pfn_state", /only applies to mapping 'pfnmap'/);
    const gpage = json({ from: "guest", far: 0n });
    gpage.machine.pages[0].state = "weird";
    rejects(gpage, "machine.pages[0].state", /'weird' is not one of huge, unmap-failed, hwpoisoned, clean-lru/);
  });
});
