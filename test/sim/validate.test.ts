// Scenario validation: bad input is rejected before anything runs, naming the key (exit 2 at the CLI).
import { expect } from "chai";
import { parseScenario, ScenarioError, validateScenario } from "../../src/sim/index.js";
import { builtinJson, rejects } from "./helpers.js";

function mutate(name: string, f: (j: any) => void): unknown {
  const j = structuredClone(builtinJson(name)) as any;
  f(j);
  return j;
}

describe("sim: scenario validation", () => {
  it("accepts every built-in", () => {
    for (const n of ["seed-guest-poison", "host-poison-user", "serror-aet-uc", "ghes-fatal"]) expect(() => validateScenario(builtinJson(n))).to.not.throw();
  });

  it("rejects unknown keys at every level, naming the key", () => {
    rejects(mutate("seed-guest-poison", (j) => (j.colour = 1)), "colour", /unknown key/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.hest[1].notfy = "gsiv")), "machine.hest[1].notfy", /unknown key/);
    rejects(mutate("seed-guest-poison", (j) => (j.software.guest.kernal = "6.1")), "software.guest.kernal", /unknown key/);
    rejects(mutate("seed-guest-poison", (j) => (j.timeline[0].esx = "0xbe000000")), "timeline[0].esx", /unknown key/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.pages[0].process = "x")), "machine.pages[0].process", /does not apply/);
  });

  it("rejects a page outside memory and an event address outside memory", () => {
    rejects(mutate("host-poison-user", (j) => (j.machine.pages[0].pa = "0xc0000000")), "machine.pages[0].pa", /outside memory \[0x80000000, 0xc0000000\)/);
    rejects(mutate("host-poison-user", (j) => (j.timeline[0].pa = "0x1000")), "timeline[0].pa", /outside memory/);
    rejects(mutate("host-poison-user", (j) => (j.timeline[0].pa = "0x80000000")), "timeline[0].pa", /no page declared/);
    rejects(mutate("host-poison-user", (j) => (j.machine.pages[0].pa = "0x8c2d1010")), "machine.pages[0].pa", /not 4 KiB aligned/);
  });

  it("rejects notification types a source cannot have", () => {
    rejects(mutate("seed-guest-poison", (j) => (j.machine.hest[1].notify = "nmi")), "machine.hest[1].notify", /IA-32.*cannot have it/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.hest[1].notify = "sse")), "machine.hest[1].notify", /RISC-V/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.hest[1].notify = "carrier-pigeon")), "machine.hest[1].notify", /not a notification type/);
    // An SEA can only describe a synchronous external abort (seed 000): not an asynchronous corrected error.
    rejects(mutate("corrected-threshold", (j) => (j.timeline[1].source = 0)), "timeline[1].source", /SEA-notified/);
    rejects(mutate("seed-guest-poison", (j) => (j.timeline[0].source = 0)), "timeline[0].source", /SEA-notified/);
    rejects(mutate("host-poison-user", (j) => (j.machine.features = { EL3: false })), "software.firmware", /needs EL3/);
    rejects(mutate("host-poison-kernel-first", (j) => ((j.machine.features = { EL3: false }), (j.machine.hest[0].notify = "sdei"))), "machine.hest[0].notify", /no EL3/);
  });

  it("register defaults come from the register file's field declarations (arch.md §2.1/§2.2)", () => {
    // SCR_EL3: NS[0], EA[3], RES1[5:4], RW[10]; HCR_EL2: KVM's guest flags (VM..TLOR), TERR[36], TEA[37], E2H[34].
    expect(validateScenario(builtinJson("host-poison-user")).machine.scrEl3).to.equal(0x439n);
    expect(validateScenario(builtinJson("host-poison-kernel-first")).machine.scrEl3).to.equal(0x431n);
    expect(validateScenario(builtinJson("seed-guest-poison")).machine.hcrEl2).to.equal(0x3c8078663fn);
  });

  it("rejects impossible machine states", () => {
    rejects(mutate("host-poison-user", (j) => (j.machine.SCR_EL3 = "0x401")), "machine.SCR_EL3", /SCR_EL3.EA=0/);
    rejects(mutate("host-poison-kernel-first", (j) => (j.machine.SCR_EL3 = "0x409")), "machine.SCR_EL3", /SCR_EL3.EA=1/);
    rejects(mutate("host-poison-user", (j) => (j.machine.SCR_EL3 = "0x408")), "machine.SCR_EL3", /NS=0/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.HCR_EL2 = "0x8000003f")), "machine.HCR_EL2", /TEA=0/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.HCR_EL2 = "0x3c8078661f")), "machine.HCR_EL2", /HCR_EL2.AMO=0/);
    rejects(mutate("seed-guest-poison", (j) => (j.machine.features = { EL2: false, FEAT_VHE: false })), "software.guest", /needs EL2/);
    rejects(mutate("seed-guest-poison", (j) => delete j.software.vmm), "software.vmm", /required with a guest/);
    rejects(mutate("mc-error-record", (j) => (j.timeline[0].node = 2)), "timeline[0].node", /ERR2 does not exist: ERRIDR_EL1.NUM = 2/);
    rejects(mutate("mc-error-record", (j) => (j.timeline[0].status = "0x20000000")), "timeline[0].status", /V \(bit 30\) is 0/);
    rejects(mutate("serror-aet-uc", (j) => (j.timeline[0].esr = "0x92000010")), "timeline[0].esr", /not 0x2F/);
    rejects(mutate("serror-aet-uc", (j) => (j.timeline[0].cpu = 4)), "timeline[0].cpu", /outside 0..3/);
    rejects(mutate("host-poison-user", (j) => (j.timeline[0].by = "guest-process")), "timeline[0].by", /not guest RAM/);
    rejects(mutate("host-poison-user", (j) => (j.software.host.kernel = "2.6")), "software.host.kernel", /predates arm64/);
  });

  it("rejects a timeline out of order and an empty timeline", () => {
    rejects(mutate("corrected-threshold", (j) => (j.timeline[1].at = -1)), "timeline[1].at", /outside/);
    rejects(mutate("corrected-threshold", (j) => ((j.timeline[0].at = 5000), (j.timeline[1].at = 1000))), "timeline[1].at", /before the previous event/);
    rejects(mutate("corrected-threshold", (j) => (j.timeline = [])), "timeline", /no events/);
  });

  it("names a missing section", () => {
    rejects(mutate("serror-aet-uc", (j) => delete j.software), "software", /is required/);
    rejects(mutate("serror-aet-uc", (j) => (j.machine = [])), "machine", /must be an object/);
    rejects(mutate("serror-aet-uc", (j) => (j.timeline[0].event = "meteor")), "timeline[0].event", /not one of/);
  });

  it("reports invalid JSON and --kernel errors with their source", () => {
    expect(() => parseScenario("{")).to.throw(ScenarioError, /not valid JSON/);
    try {
      parseScenario(JSON.stringify(builtinJson("serror-aet-uc")), { kernel: "banana" });
      expect.fail("accepted");
    } catch (e) {
      expect((e as ScenarioError).path).to.equal("--kernel");
    }
  });
});
