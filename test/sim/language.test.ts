// The scenario language of issue 13: kernel build options, the ESR firmware injects, any CPER
// section as a record, PFNMAP mappings of free/reserved pages, a guest memory map with holes and
// repeated injection over time, -rc and old releases, and every default that can change the outcome
// listed. Expected lines are written from the upstream source:
//   ghes.c ghes_handle_memory_failure(): pr_warn_ratelimited(FW_WARN GHES_PFX "Invalid address in generic
//     error data: %#llx\n", …) when !pfn_valid(pfn);
//   ghes.c ghes_estatus_cached(): a record equal to one printed less than GHES_ESTATUS_IN_CACHE_MAX_NSEC
//     (10 s) ago is not printed again;
//   4.x fault.c do_mem_abort() / traps.c __die() (see test/kernel/old-releases.test.ts).
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { runScenario, validateScenario, type SimResult } from "../../src/sim/index.js";
import { builtinJson, rejects, state } from "./helpers.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

function hostScenario(over: (j: J) => void): J {
  const j: J = {
    name: "t",
    machine: {
      pages: [{ pa: "0x8c2d1000", owner: "host-process", process: "db", va: "0xffffa0021000" }],
      hest: [{ id: 0, type: "ghesv2", notify: "sea" }, { id: 1, type: "ghesv2", notify: "gsiv" }],
    },
    software: { firmware: "firmware-first", host: { kernel: "6.18", config: {}, processes: [{ name: "db", pid: 2301 }] } },
    timeline: [{ at: 0, event: "poison-consumed", pa: "0x8c2d1100", by: "host-process", process: "db", cpu: 1, report: "sea" }],
  };
  over(j);
  return j;
}

const run = (j: J): SimResult => runScenario(validateScenario(j));

describe("sim: scenario language (issue 13)", () => {
  it("a 4.4 host: the SEA source is never registered, the injected ESR reaches do_mem_abort(), CONFIG_PREEMPT shows in die()", () => {
    const r = run(hostScenario((j) => {
      j.software.host = { kernel: "4.4", config: { PREEMPT: true } };
      j.machine.pages = [];
      j.timeline = [{ at: 0, event: "poison-consumed", pa: "0x8c2d1100", by: "host-kernel", cpu: 1, esr: "0x96000610" }];
      j.machine.pages = [{ pa: "0x8c2d1000", owner: "host-kernel" }];
    }));
    expect(r.log).to.deep.equal([
      "[Firmware Warn]: GHES: Unknown notification type: 8 for generic hardware error source: 0",
      "[Firmware Warn]: GHES: Unknown notification type: 10 for generic hardware error source: 1",
      "Unhandled fault: synchronous external abort (0x96000610) at 0xffff00008c2d1100",
      "Internal error: : 96000610 [#1] PREEMPT SMP",
    ]);
    expect(r.notes.join(" ")).to.match(/does not register \(see the ghes_probe\(\) line, printed at boot\)/);
    expect(state(r, "host:kworker/1:1")).to.equal("killed");
  });

  it("'esr' is checked: firmware-first only, SEA reports only, an abort EC of the right level", () => {
    rejects(hostScenario((j) => (j.timeline[0].esr = "0x96000410")), "timeline[0].esr", /EC=0x25: an abort injected from a lower EL has EC 0x20 or 0x24/);
    rejects(hostScenario((j) => ((j.timeline[0].report = "serror"), (j.timeline[0].esr = "0x92000410"))), "timeline[0].esr", /only applies to report 'sea'/);
    const ok = run(hostScenario((j) => (j.timeline[0].esr = "0x92000610")));
    expect(ok.steps.some((s) => s.what.includes("ESR 0x92000610, the scenario's syndrome"))).to.equal(true);
  });

  it("kernel-first 'esr': the syndrome the CPU reports reaches do_sea() as given (here EA=1, as real CPUs set it)", () => {
    const r = run(hostScenario((j) => {
      j.software.firmware = "kernel-first";
      j.machine.hest = [];
      j.timeline[0].esr = "0x92000610";
    }));
    expect(r.log).to.deep.include("db[2301]: unhandled exception: DABT (lower EL), ESR 0x0000000092000610, synchronous external abort");
  });

  it("page 'state': a hugetlb page (si_addr_lsb 21) and a page try_to_unmap() cannot unmap", () => {
    const huge = run(hostScenario((j) => (j.machine.pages[0].state = "huge")));
    expect(huge.log.some((l) => /huge page/.test(l))).to.equal(true);
    const failed = run(hostScenario((j) => (j.machine.pages[0].state = "unmap-failed")));
    expect(failed.log.some((l) => /Failed|failed/.test(l) && l.startsWith("Memory failure:"))).to.equal(true);
    rejects(hostScenario((j) => ((j.machine.pages[0].mapping = "pfnmap"), (j.machine.pages[0].state = "huge"))), "machine.pages[0].state", /use pfn_state/);
  });

  it("every default that can change the outcome is listed (header and JSON), and none when all are given", () => {
    const j = builtinJson("guest-poison-sea") as J;
    delete j.software.firmware;
    delete j.software.guest.kernel;
    const r = run(j);
    expect(r.assumed.map((a) => a.key)).to.deep.equal(["software.firmware", "software.host.config", "software.guest.kernel", "software.guest.config"]);
    expect(run(hostScenario(() => undefined)).assumed).to.deep.equal([]);
  });

  it("software.*.config: unknown options and non-booleans are rejected naming the key", () => {
    rejects(hostScenario((j) => (j.software.host.config = { PREEMPT_RT: true })), "software.host.config", /unknown kernel option 'PREEMPT_RT'/);
    rejects(hostScenario((j) => (j.software.host.config = { PREEMPT: "y" })), "software.host.config", /must be true or false/);
    const r = run(hostScenario((j) => (j.software.host.config = { ACPI_APEI_SEA: false })));
    expect(r.log[0]).to.equal("GHES: Generic hardware error source: 0 notified via SEA is not supported");
  });

  it("releases: older than 4.4 refused; an -rc runs as its release", () => {
    rejects(hostScenario((j) => (j.software.host.kernel = "3.18")), "software.host.kernel", /older than the oldest modelled release \(4\.4\)/);
    const rc = run(hostScenario((j) => (j.software.host.kernel = "6.17-rc3")));
    const rel = run(hostScenario((j) => (j.software.host.kernel = "6.17")));
    expect(rc.log).to.deep.equal(rel.log);
  });

  it("ghes-record 'record': any CPER section as CPER JSON (here an ARM processor section), framed with the given severity", () => {
    const arm = JSON.parse(readFileSync("fixtures/cper/arm-ghes.json", "utf8")) as J;
    const section = { sectionType: arm.errorDataEntries[0].sectionType, section: arm.sections[0] };
    const r = run(hostScenario((j) => (j.timeline = [{ at: 0, event: "ghes-record", source: 1, severity: "recoverable", record: section }])));
    expect(r.log.some((l) => l.includes("section_type: ARM processor error"))).to.equal(true);
    expect(r.log.some((l) => l.includes("event severity: recoverable"))).to.equal(true);
    rejects(hostScenario((j) => (j.timeline = [{ at: 0, event: "ghes-record", source: 1, record: { x: 1 } }])), "timeline[0].record", /not a CPER JSON document/);
    rejects(hostScenario((j) => (j.timeline = [{ at: 0, event: "ghes-record", source: 1, record: section, pa: "0x8c2d1000" }])), "timeline[0].pa", /does not apply/);
  });

  it("a PFNMAP (/dev/mem) mapping of a reserved page: memory_failure() finds no process and unmaps nothing, so the load repeats", () => {
    const r = run(hostScenario((j) => {
      j.machine.pages[0].mapping = "pfnmap";
      j.timeline[0].repeat = 3;
      j.software.host.kernel = "6.6";
    }));
    expect(r.log.filter((l) => l.startsWith("Memory failure:")).every((l) => !l.includes("Sending SIGBUS"))).to.equal(true);
    expect(r.log.some((l) => /reserved kernel page|already poisoned|kernel/.test(l) && l.startsWith("Memory failure:"))).to.equal(true);
    expect(r.outcome["host:db"]!.reason).to.match(/stuck re-executing the load: 3/);
    rejects(hostScenario((j) => (j.machine.pages[0].pfn_state = "free")), "machine.pages[0].pfn_state", /only applies to mapping 'pfnmap'/);
  });

  it("a PFNMAP mapping of a free page: the buddy page is taken off, still no process found", () => {
    const r = run(hostScenario((j) => {
      j.machine.pages[0].mapping = "pfnmap";
      j.machine.pages[0].pfn_state = "free";
      j.software.host.kernel = "6.6";
    }));
    expect(r.log.some((l) => /free buddy page/.test(l))).to.equal(true);
    expect(r.log.some((l) => l.includes("Sending SIGBUS"))).to.equal(false);
  });

  it("a guest memory map with a hole: 'Invalid address in generic error data', retried every 10 s (the estatus cache expires)", () => {
    const j = builtinJson("guest-poison-sea") as J;
    j.software.guest.kernel = "6.6";
    j.software.guest.memory = [{ base: "0x40000000", size: "0x400000" }, { base: "0x41000000", size: "0x1000000" }];
    j.timeline[0].repeat = 3;
    j.timeline[0].interval = 10000;
    const r = run(j);
    expect(r.log.filter((l) => l === "guest: [Firmware Warn]: GHES: Invalid address in generic error data: 0x40a08000")).to.have.length(3);
    expect(r.log.filter((l) => l.endsWith("Hardware error from APEI Generic Hardware Error Source: 0") && l.startsWith("guest:"))).to.have.length(3);
    expect(r.steps.filter((s) => s.layer === "vmm" && s.log).map((s) => s.t)).to.deep.equal([0, 10000, 20000]);
    // 1 ms apart the cached record is not printed again (ghes_estatus_cached()).
    j.timeline[0].interval = 1;
    const fast = run(j);
    expect(fast.log.filter((l) => l.endsWith("Hardware error from APEI Generic Hardware Error Source: 0") && l.startsWith("guest:"))).to.have.length(1);
    expect(fast.outcome["guest:app"]!.reason).to.match(/stuck re-executing the load: 3/);
  });

  it("guest memory map checks", () => {
    const j = builtinJson("guest-poison-sea") as J;
    j.software.guest.memory = [{ base: "0x40000000", size: "0x2000" }, { base: "0x40001000", size: "0x1000" }];
    rejects(j, "software.guest.memory[1]", /overlaps/);
    j.software.guest.memory = [];
    rejects(j, "software.guest.memory", /has no ranges/);
  });
});

describe("sim: a poison event's syndrome is checked before any kernel runs (fuzz seed 21, sim-scenario input 167988)", () => {
  it("vendor-4.4-kernel-sea with an ESR whose FSC is not an SEA is refused at timeline[0].esr (was NotSeaError thrown from do_sea, exit 70)", () => {
    const j = builtinJson("vendor-4.4-kernel-sea") as { timeline: Record<string, unknown>[] };
    j.timeline[0] = { ...j.timeline[0], report: "sea", esr: "0x96000630" };
    rejects(j, "timeline[0].esr", /^FSC 0x30 is not a synchronous external abort \(SEA FSCs: 0x10, 0x13-0x18, 0x1b-0x1f\)$/);
  });
});
