// Table T5 of reference/kernel.md: memory_failure(pfn, flags) per page state.
import { expect } from "chai";
import { memoryFailure, Trace, hwpoisonPageFault, type Mapper, type PageInfo, type PageState } from "../../src/kernel/index.js";
import { k } from "./helpers.js";

const PFN = 0x89abcn;
const CURRENT: Mapper = { comm: "app", pid: 100, va: 0x7fff_0000_0000n, earlyKill: false, isCurrent: true };
const EARLY: Mapper = { comm: "monitor", pid: 200, va: 0x7eee_0000_0000n, earlyKill: true, isCurrent: false };
const LATE: Mapper = { comm: "late", pid: 300, va: 0x7ddd_0000_0000n, earlyKill: false, isCurrent: false };

function mf(v: string, state: PageState, flags: string[], mappers: Mapper[] = [CURRENT, EARLY, LATE], extra: { recovery?: boolean; earlyKillSysctl?: boolean } = {}) {
  const t = new Trace();
  const page: PageInfo = { state, mappers };
  const ret = memoryFailure(t, { kernel: k(v), recovery: extra.recovery ?? true, earlyKillSysctl: extra.earlyKillSysctl ?? false }, PFN, flags, page);
  const sigs = t.actions.flatMap((a) => (a.kind === "signal" ? [`${a.signal}/${a.code}->${a.target}`] : []));
  return { t, ret, sigs };
}
const AR = ["MF_ACTION_REQUIRED"];

describe("kernel/memory-failure: T5", () => {
  it("T5.1 vm.memory_failure_recovery=0: panic('Memory failure on page %lx')", () => {
    const { t } = mf("6.18", "dirty-lru", AR, [CURRENT], { recovery: false });
    expect(t.log).to.deep.equal(["Kernel panic - not syncing: Memory failure on page 89abc"]);
    expect(t.outcome.host).to.equal("panic");
  });
  it("T5.2 not online memory: 'memory outside kernel control', -ENXIO", () => {
    const { t, ret } = mf("6.18", "offline", AR);
    expect(ret).to.equal(-6);
    expect(t.log).to.deep.equal(["Memory failure: 0x89abc: memory outside kernel control"]);
  });
  it("T5.3 already poisoned + AR: current gets BUS_MCEERR_AR if it maps the pfn; 'already poisoned page: Failed' (6.18)", () => {
    const { t, ret, sigs } = mf("6.18", "hwpoisoned", AR);
    expect(sigs).to.deep.equal(["SIGBUS/BUS_MCEERR_AR->app:100"]);
    expect(ret).to.equal(-133);
    expect(t.log).to.deep.equal(["Memory failure: 0x89abc: Sending SIGBUS to app:100 due to hardware memory corruption", "Memory failure: 0x89abc: recovery action for already poisoned page: Failed"]);
  });
  it("T5.3 … 6.11-6.16: 'already hardware poisoned' then action_result 'already poisoned: Failed' (b8b9488d50b7); 6.10: the first line only", () => {
    expect(mf("6.13", "hwpoisoned", AR).t.log).to.deep.equal([
      "Memory failure: 0x89abc: already hardware poisoned",
      "Memory failure: 0x89abc: Sending SIGBUS to app:100 due to hardware memory corruption",
      "Memory failure: 0x89abc: recovery action for already poisoned: Failed",
    ]);
    expect(mf("6.16", "hwpoisoned", []).t.log).to.deep.equal(["Memory failure: 0x89abc: already hardware poisoned", "Memory failure: 0x89abc: recovery action for already poisoned: Failed"]);
    expect(mf("6.10", "hwpoisoned", []).t.log).to.deep.equal(["Memory failure: 0x89abc: already hardware poisoned"]);
    expect(mf("6.17", "hwpoisoned", []).t.log).to.deep.equal(["Memory failure: 0x89abc: recovery action for already poisoned page: Failed"]);
  });
  it("T5.3 … 'already hardware poisoned' in 6.13; returns 0 when current does not map the pfn", () => {
    const r = mf("6.13", "hwpoisoned", AR);
    expect(r.t.log[0]).to.equal("Memory failure: 0x89abc: already hardware poisoned");
    expect(r.sigs).to.deep.equal(["SIGBUS/BUS_MCEERR_AR->app:100"]);
    expect(mf("6.13", "hwpoisoned", AR, [EARLY]).ret).to.equal(0);
  });
  it("T5.4 already poisoned, flags 0: nobody, -EHWPOISON", () => {
    for (const v of ["4.19", "6.13", "6.18"]) {
      const { sigs, ret } = mf(v, "hwpoisoned", []);
      expect(sigs, v).to.deep.equal([]);
      expect(ret).to.equal(-133);
    }
    expect(mf("4.19", "hwpoisoned", []).t.log).to.deep.equal(["Memory failure: 0x89abc: already hardware poisoned"]);
  });
  it("T5.5 free buddy page: 'free buddy page: Recovered', no signal", () => {
    const { t, sigs, ret } = mf("6.18", "free", AR);
    expect([t.log, sigs, ret]).to.deep.equal([["Memory failure: 0x89abc: recovery action for free buddy page: Recovered"], [], 0]);
  });
  it("T5.6 mapped dirty + AR: current BUS_MCEERR_AR, early-kill procs BUS_MCEERR_AO, late procs nothing", () => {
    const { t, sigs } = mf("6.18", "dirty-lru", AR);
    expect(sigs).to.deep.equal(["SIGBUS/BUS_MCEERR_AR->app:100", "SIGBUS/BUS_MCEERR_AO->monitor:200"]);
    expect(t.log).to.deep.equal([
      "Memory failure: 0x89abc: Sending SIGBUS to app:100 due to hardware memory corruption",
      "Memory failure: 0x89abc: Sending SIGBUS to monitor:200 due to hardware memory corruption",
      "Memory failure: 0x89abc: recovery action for dirty LRU page: Recovered",
    ]);
    const ar = t.actions.find((a) => a.kind === "signal");
    expect(ar).to.deep.include({ addr: CURRENT.va, lsb: 12 });
  });
  it("T5.6 v4.19 wording: 'Killing comm:pid'", () => {
    expect(mf("4.19", "dirty-lru", AR, [CURRENT]).t.log[0]).to.equal("Memory failure: 0x89abc: Killing app:100 due to hardware memory corruption");
  });
  it("T5.7 mapped dirty, flags 0: early-kill procs only (AO); late procs wait for their next touch", () => {
    const { sigs, t } = mf("6.18", "dirty-lru", [], [CURRENT, EARLY, LATE]);
    expect(sigs).to.deep.equal(["SIGBUS/BUS_MCEERR_AO->monitor:200"]);
    expect(t.steps.filter((s) => s.text.includes("late-kill")).length).to.equal(2);
    const late = new Trace();
    hwpoisonPageFault(late, LATE, 0x7ddd_0000_0123n);
    expect(late.actions[0]).to.deep.include({ signal: "SIGBUS", code: "BUS_MCEERR_AR", target: "late:300", addr: 0x7ddd_0000_0123n });
  });
  it("T5.7 vm.memory_failure_early_kill=1 makes every mapper early-kill", () => {
    expect(mf("6.18", "dirty-lru", [], [LATE], { earlyKillSysctl: true }).sigs).to.deep.equal(["SIGBUS/BUS_MCEERR_AO->late:300"]);
  });
  it("T5.8 mapped clean page cache: dropped, nobody signalled", () => {
    const { t, sigs } = mf("6.18", "clean-lru", AR);
    expect(sigs).to.deep.equal([]);
    expect(t.log).to.deep.equal(["Memory failure: 0x89abc: recovery action for clean LRU page: Recovered"]);
  });
  it("T5.9 unmap failed: SIGKILL when there is no address, else MCEERR; 'unmapping failed page: Failed'", () => {
    const noAddr: Mapper = { comm: "noaddr", pid: 400, earlyKill: true, isCurrent: false };
    const { t, sigs, ret } = mf("6.18", "unmap-failed", AR, [CURRENT, noAddr]);
    expect(sigs).to.deep.equal(["SIGBUS/BUS_MCEERR_AR->app:100", "SIGKILL/SI_KERNEL->noaddr:400"]);
    expect(t.log[t.log.length - 1]).to.equal("Memory failure: 0x89abc: recovery action for unmapping failed page: Failed");
    expect(ret).to.equal(-16);
    expect(t.outcome.host).to.equal("killed");
  });
  it("T5.10 kernel pages: Ignored (-EBUSY)", () => {
    expect(mf("6.18", "kernel", AR).t.log).to.deep.equal(["Memory failure: 0x89abc: recovery action for reserved kernel page: Ignored"]);
    expect(mf("6.18", "kernel-high-order", AR).t.log).to.deep.equal(["Memory failure: 0x89abc: recovery action for high-order kernel page: Ignored"]);
    expect(mf("6.18", "kernel", AR).ret).to.equal(-16);
  });
  it("hugetlb: lsb is the huge page shift (21)", () => {
    const { t } = mf("6.18", "huge", AR, [CURRENT]);
    expect(t.actions[0]).to.deep.include({ lsb: 21 });
    expect(t.log[1]).to.equal("Memory failure: 0x89abc: recovery action for huge page: Recovered");
  });
});
