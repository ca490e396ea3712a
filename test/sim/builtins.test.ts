// Each built-in scenario against the outcomes and log lines reference/kernel.md gives
// (tables T1-T7, flows §11); expected values are written here from that text.
import { expect } from "chai";
import { builtins } from "../../src/sim/index.js";
import { rules, runBuiltin, state } from "./helpers.js";

describe("sim: built-in scenarios (kernel.md §10/§11)", () => {
  it("lists every required scenario", () => {
    const names = builtins().map((b) => b.name);
    for (const n of ["seed-guest-poison", "guest-poison-sea", "host-poison-user", "host-poison-kernel", "serror-aet-uc", "serror-aet-ueu", "serror-aet-ueo", "serror-aet-uer", "serror-aet-ce", "ghes-fatal", "sea-storm", "host-poison-kernel-first", "guest-sea-unclaimed"]) {
      expect(names, n).to.include(n);
    }
    for (const b of builtins()) expect(b.description, b.name).to.not.equal("");
  });

  it("seed-guest-poison: SError to firmware, AO to QEMU, stage-2 fault, AR, SEA into the guest (seed 000, §11.3)", () => {
    const r = runBuiltin("seed-guest-poison");
    expect(state(r, "host")).to.equal("running");
    expect(state(r, "guest")).to.equal("running");
    expect(state(r, "vmm")).to.equal("signal");
    expect(state(r, "guest:app")).to.equal("killed");
    expect(r.outcome["guest:app"]!.message).to.contain("BUS_MCEERR_AR");
    // The physical SError goes to EL3 (SCR_EL3.EA=1): AET=UER, DFSC 0x11 (arch.md §4.3).
    const el3 = r.steps.find((s) => s.regs?.["ESR_EL3"] !== undefined)!;
    expect(el3.regs!["ESR_EL3"]).to.equal("0xbe000c11");
    // Host: asynchronous GHES → memory_failure(pfn, 0): QEMU's main thread is early-kill (T5 row 7), comm truncated to 15 chars.
    expect(r.log).to.include("Memory failure: 0x8a5f3: Sending SIGBUS to qemu-system-aar:4242 due to hardware memory corruption");
    expect(r.log).to.include("Memory failure: 0x8a5f3: recovery action for dirty LRU page: Recovered");
    expect(rules(r, "T4.P5")).to.be.greaterThan(0);
    // QEMU records the AO page only (T7 Q3), then the stage-2 fault (T6 K9) and Q1.
    const order = ["T7.Q3", "T6.K9", "T7.Q1"].map((rule) => r.steps.findIndex((s) => s.rule === rule));
    expect(order.every((i) => i >= 0)).to.equal(true);
    expect(order[0]!).to.be.lessThan(order[1]!);
    expect(order[1]!).to.be.lessThan(order[2]!);
    // The stage-2 fault records the faulting IPA in HPFAR_EL2[43:4] = IPA[51:12] (arch.md §4.2 step 6).
    const s2 = r.steps.find((s) => s.regs?.["HPFAR_EL2"] !== undefined)!;
    expect(s2.regs!["HPFAR_EL2"]).to.equal("0x000000000040a080");
    expect(s2.regs!["ESR_EL2"]).to.equal("0x92000007"); // DABT lower EL, DFSC level-3 translation fault
    // The SEA QEMU injects into guest EL1 from EL0: ESR 0x92000410 (kernel.md §8), at VBAR_EL1 + 0x400 (arch.md §4.1).
    const g = r.steps.find((s) => s.layer === "guest-cpu" && s.regs?.["ESR_EL1"] !== undefined)!;
    expect(g.regs!["ESR_EL1"]).to.equal("0x92000410");
    expect(g.regs!["FAR_EL1"]).to.equal("UNKNOWN");
    expect(g.what).to.contain("VBAR_EL1+0x400");
    // Guest: the GHES record and memory_failure(AR) on its page.
    expect(r.log).to.include("guest: {1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0");
    expect(r.log).to.include("guest: {1}[Hardware Error]:   section_type: memory error");
    expect(r.log).to.include("guest: Memory failure: 0x40a08: Sending SIGBUS to app:812 due to hardware memory corruption");
    expect(r.notes.join(" ")).to.contain("2017");
  });

  it("guest-poison-sea: the vCPU thread is current: BUS_MCEERR_AR straight from memory_failure (§11.3, T6 K7)", () => {
    const r = runBuiltin("guest-poison-sea");
    expect(r.log).to.include("Memory failure: 0x8a5f3: Sending SIGBUS to CPU 3/KVM:4246 due to hardware memory corruption");
    expect(rules(r, "T6.K7")).to.equal(1);
    expect(rules(r, "T7.Q3")).to.equal(0);
    expect(state(r, "guest:app")).to.equal("killed");
    expect(state(r, "guest")).to.equal("running");
  });

  it("host-poison-user: firmware-first SEA claimed, BUS_MCEERR_AR to the process (§11.1)", () => {
    const r = runBuiltin("host-poison-user");
    expect(state(r, "host")).to.equal("running");
    expect(state(r, "host:db")).to.equal("killed");
    expect(r.outcome["host:db"]!.message).to.match(/^SIGBUS BUS_MCEERR_AR at 0xffffa0021000 lsb 12/);
    expect(r.log[0]).to.equal("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0");
    expect(r.log).to.include("{1}[Hardware Error]: event severity: recoverable");
    expect(r.log).to.include("Memory failure: 0x8c2d1: Sending SIGBUS to db:2301 due to hardware memory corruption");
    expect(rules(r, "T2.1")).to.equal(1);
  });

  it("host-poison-kernel: kernel-mode SEA skips APEI, die() kills the task (§11.2, T2 row 3)", () => {
    const r = runBuiltin("host-poison-kernel");
    expect(state(r, "host")).to.equal("running");
    expect(state(r, "host:kworker/2:1")).to.equal("killed");
    expect(r.log[0]).to.match(/^Internal error: synchronous external abort: 0000000096000410 \[#1\] +SMP$/);
    expect(r.log.some((l) => l.includes("[Hardware Error]"))).to.equal(false);
    expect(rules(r, "T2.3")).to.be.greaterThan(0);
  });

  it("host-poison-kernel-panic: panic_on_oops turns die() into a panic (§3.3)", () => {
    const r = runBuiltin("host-poison-kernel-panic");
    expect(state(r, "host")).to.equal("panic");
    expect(r.log).to.include("Kernel panic - not syncing: synchronous external abort: Fatal exception");
    expect(state(r, "host:db")).to.equal("killed");
  });

  it("host-poison-kernel-first: no CPER, SIGBUS BUS_OBJERR, page never poisoned (T2 row 2)", () => {
    const r = runBuiltin("host-poison-kernel-first");
    expect(r.outcome["host:db"]!.message).to.match(/^SIGBUS BUS_OBJERR/);
    expect(r.log.some((l) => l.startsWith("Memory failure"))).to.equal(false);
    expect(r.log).to.include("db[2301]: unhandled exception: DABT (lower EL), ESR 0x0000000092000010, synchronous external abort");
  });

  const serror: [string, string, "panic" | "running"][] = [
    ["serror-aet-uc", "0x00000000be000011", "panic"],
    ["serror-aet-ueu", "0x00000000be000411", "panic"],
    ["serror-aet-uer", "0x00000000be000c11", "panic"],
    ["serror-aet-ueo", "", "running"],
    ["serror-aet-ce", "", "running"],
    ["serror-ids", "0x00000000bf000002", "panic"],
  ];
  for (const [name, code, outcome] of serror) {
    it(`${name}: host ${outcome} (T1)`, () => {
      const r = runBuiltin(name);
      expect(state(r, "host")).to.equal(outcome);
      if (outcome === "panic") {
        expect(r.log).to.deep.equal([`SError Interrupt on CPU3, code ${code} -- SError`, "Kernel panic - not syncing: Asynchronous SError Interrupt"]);
      } else {
        expect(r.log).to.deep.equal([]); // "continue, no log, no signal"
      }
    });
  }

  it("ghes-fatal: block severity fatal panics before section handling (T3 row 6)", () => {
    const r = runBuiltin("ghes-fatal");
    expect(state(r, "host")).to.equal("panic");
    expect(r.log.at(-1)).to.equal("Kernel panic - not syncing: GHES: Fatal hardware error");
    expect(r.log).to.include("{1}[Hardware Error]: event severity: fatal");
    expect(r.steps.some((s) => s.rule?.startsWith("T4."))).to.equal(false);
  });

  it("sea-storm (6.13): one print, then identical records claimed without processing (T3 row 7, §12.1)", () => {
    const r = runBuiltin("sea-storm");
    expect(state(r, "host:db")).to.equal("running");
    expect(r.outcome["host:db"]!.reason).to.contain("SEA storm");
    expect(r.log.filter((l) => l.endsWith("Hardware error from APEI Generic Hardware Error Source: 0"))).to.have.length(1);
    expect(r.log).to.include("[Firmware Warn]: GHES: Invalid address in generic error data: 0x4000000000");
    expect(rules(r, "T3.7")).to.equal(3);
  });

  it("guest-sea-unclaimed: vSError with KVM's default syndrome, guest panic (§11.4, T6 K8)", () => {
    const r = runBuiltin("guest-sea-unclaimed");
    expect(state(r, "guest")).to.equal("panic");
    expect(state(r, "host")).to.equal("running");
    expect(state(r, "guest:app")).to.equal("killed");
    // v6.18 emulates the entry without IL: 0xBD000000 (kernel.md §7.3)
    expect(r.log).to.deep.equal(["guest: SError Interrupt on CPU0, code 0x00000000bd000000 -- SError", "guest: Kernel panic - not syncing: Asynchronous SError Interrupt"]);
    expect(rules(r, "T6.K8")).to.be.greaterThan(0);
    // KVM emulates the entry and writes ESR_EL1 itself (no IL); the vector is VBAR_EL1 + 0x580 (lower EL, SError).
    const e = r.steps.find((s) => s.layer === "guest-cpu" && s.regs?.["ESR_EL1"] !== undefined)!;
    expect(e.regs!["ESR_EL1"]).to.equal("0xbd000000");
    expect(e.what).to.contain("VBAR_EL1+0x580");
    // On 6.13 the PE takes it from VSESR_EL2 with IL=1.
    const old = runBuiltin("guest-sea-unclaimed", { kernel: "6.13" }).steps.find((s) => s.layer === "guest-cpu" && s.regs?.["ESR_EL1"] !== undefined)!;
    expect(old.regs!["ESR_EL1"]).to.equal("0xbf000000");
  });

  it("corrected-threshold: below threshold nothing; over it a corrected record and soft offline (T4 P2)", () => {
    const r = runBuiltin("corrected-threshold");
    expect(r.log).to.include("{1}[Hardware Error]: It has been corrected by h/w and requires no further action");
    expect(r.log).to.include("{1}[Hardware Error]: event severity: corrected");
    expect(r.log.filter((l) => l.includes("Hardware error from APEI"))).to.have.length(1);
    expect(rules(r, "T4.P2")).to.be.greaterThan(0);
    expect(state(r, "host:db")).to.equal("running");
  });

  it("pcie-recoverable: PCIe section to aer_recover_queue(AER_NONFATAL) (T4 P7)", () => {
    const r = runBuiltin("pcie-recoverable");
    expect(r.log).to.include("{1}[Hardware Error]:   section_type: PCIe error");
    expect(r.log).to.include("{1}[Hardware Error]:   device_id: 0000:01:00.0");
    expect(r.steps.some((s) => s.rule === "T4.P7" && s.what.includes("aer_recover_queue(AER_NONFATAL)"))).to.equal(true);
    expect(state(r, "host")).to.equal("running");
  });

  it("mc-error-record: ERR1 UER record → recoverable CPER → BUS_MCEERR_AO to the early-kill process (T5 row 7)", () => {
    const r = runBuiltin("mc-error-record");
    expect(r.outcome["host:db"]!.message).to.match(/^SIGBUS BUS_MCEERR_AO/);
    const rec = r.steps.find((s) => s.regs?.["ERR1STATUS"] !== undefined)!;
    expect(rec.what).to.contain("UET=UER");
  });

  it("sei-notified: the SEI source is never registered; the reflected SError panics the guest (§4, T6 K2)", () => {
    const r = runBuiltin("sei-notified");
    expect(r.log[0]).to.equal("[Firmware Warn]: GHES: Unknown notification type: 9 for generic hardware error source: 2");
    expect(state(r, "guest")).to.equal("panic");
    expect(state(r, "host")).to.equal("running");
  });

  it("vendor-4.4-kernel-sea: the SEA source is never registered, do_mem_abort()'s 'Unhandled fault', die() (issue 13)", () => {
    const r = runBuiltin("vendor-4.4-kernel-sea");
    expect(r.log).to.deep.equal([
      "[Firmware Warn]: GHES: Unknown notification type: 8 for generic hardware error source: 0",
      "[Firmware Warn]: GHES: Unknown notification type: 10 for generic hardware error source: 1",
      "Unhandled fault: synchronous external abort (0x96000610) at 0xffff00008c2d1100",
      "Internal error: : 96000610 [#1] PREEMPT SMP",
    ]);
    expect(state(r, "host:kworker/1:1")).to.equal("killed");
    expect(r.assumed).to.deep.equal([]);
  });
  it("guest-memory-hole: 'Invalid address in generic error data' at 0, 10 and 20 s (issue 13)", () => {
    const r = runBuiltin("guest-memory-hole");
    expect(r.log.filter((l) => l === "guest: [Firmware Warn]: GHES: Invalid address in generic error data: 0x40a08000")).to.have.length(3);
    expect(state(r, "guest:app")).to.equal("running");
  });

  it("every built-in: every actor has a reason; steps are numbered in order", () => {
    for (const b of builtins()) {
      const r = runBuiltin(b.name);
      for (const [a, o] of Object.entries(r.outcome)) expect(o.reason, `${b.name} ${a}`).to.be.a("string").and.not.equal("");
      r.steps.forEach((s, i) => expect(s.n).to.equal(i + 1));
    }
  });
});
