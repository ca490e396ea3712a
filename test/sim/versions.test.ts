// --kernel / --guest-kernel change exactly what kernel.md says is version-dependent.
import { expect } from "chai";
import { rules, runBuiltin, state } from "./helpers.js";

describe("sim: kernel versions", () => {
  it("an SError with AET=UEO: 6.18 continues silently, 4.14 panics in bad_mode() (T1 rows 7 and 10)", () => {
    expect(runBuiltin("serror-aet-ueo").log).to.deep.equal([]);
    const old = runBuiltin("serror-aet-ueo", { kernel: "4.14" });
    expect(state(old, "host")).to.equal("panic");
    expect(old.log).to.deep.equal(["Bad mode in Error handler detected on CPU3, code 0xbe000811 -- SError", "Kernel panic - not syncing: bad mode"]);
  });

  it("the SError line prints 8 hex digits before 5.19 and 16 after (§2.1)", () => {
    expect(runBuiltin("serror-aet-uc", { kernel: "5.10" }).log[0]).to.equal("SError Interrupt on CPU3, code 0xbe000011 -- SError");
    expect(runBuiltin("serror-aet-uc", { kernel: "6.1" }).log[0]).to.equal("SError Interrupt on CPU3, code 0x00000000be000011 -- SError");
  });

  it("host user SEA: 4.19 signals BUS_OBJERR even though GHES processed the record; 6.18 returns and memory_failure sends AR (T2 rows 1, 5)", () => {
    const old = runBuiltin("host-poison-user", { kernel: "4.19" });
    expect(old.outcome["host:db"]!.message).to.match(/^SIGBUS BUS_OBJERR/);
    expect(old.log).to.include("{1}[Hardware Error]: event severity: recoverable");
    expect(rules(old, "T2.5")).to.be.greaterThan(0);
    const now = runBuiltin("host-poison-user");
    expect(now.outcome["host:db"]!.message).to.match(/^SIGBUS BUS_MCEERR_AR/);
  });

  it("host user SEA on 5.10: memory_failure(pfn, 0) from the workqueue; the late-kill task re-faults and gets AR from the page fault (T4 P4 early M, T5 row 7)", () => {
    const r = runBuiltin("host-poison-user", { kernel: "5.10" });
    expect(r.outcome["host:db"]!.message).to.match(/^SIGBUS BUS_MCEERR_AR at 0xffffa0021100/); // FAR, not the page
    expect(r.log).to.include("Memory failure: 0x8c2d1: recovery action for dirty LRU page: Recovered");
    expect(r.log.some((l) => l.includes("Sending SIGBUS") || l.includes("Killing"))).to.equal(false);
  });

  it("ghes-fatal: 'Fatal hardware error!' before 6.13, 'GHES: Fatal hardware error' after (§5.4)", () => {
    expect(runBuiltin("ghes-fatal", { kernel: "4.19" }).log.at(-1)).to.equal("Kernel panic - not syncing: Fatal hardware error!");
    expect(runBuiltin("ghes-fatal", { kernel: "6.13" }).log.at(-1)).to.equal("Kernel panic - not syncing: GHES: Fatal hardware error");
  });

  it("sea-storm: on 6.18 the first SEA already ends in SIGBUS (SI_KERNEL) to current (T4 P12)", () => {
    const r = runBuiltin("sea-storm", { kernel: "6.18" });
    expect(r.log).to.include("GHES GHES.0: [Hardware Error]: GHES: db:2301: synchronous unrecoverable error (SIGBUS)");
    expect(state(r, "host:db")).to.equal("killed");
    expect(r.outcome["host:db"]!.message).to.match(/^SIGBUS SI_KERNEL/);
    expect(rules(r, "T3.7")).to.equal(0);
  });

  it("kill_proc wording: 'Killing' before 5.13, 'Sending SIGBUS' after (§6)", () => {
    expect(runBuiltin("seed-guest-poison", { kernel: "4.19" }).log).to.include("Memory failure: 0x8a5f3: Killing qemu-system-aar:4242 due to hardware memory corruption");
    expect(runBuiltin("seed-guest-poison", { kernel: "6.1" }).log).to.include("Memory failure: 0x8a5f3: Sending SIGBUS to qemu-system-aar:4242 due to hardware memory corruption");
  });

  it("unclaimed guest SEA: VSESR path gives the guest 0xbf000000 on 6.13, emulated entry 0xbd000000 on 6.18 (§7.3)", () => {
    expect(runBuiltin("guest-sea-unclaimed", { kernel: "6.13" }).log[0]).to.equal("guest: SError Interrupt on CPU0, code 0x00000000bf000000 -- SError");
    expect(runBuiltin("guest-sea-unclaimed").log[0]).to.equal("guest: SError Interrupt on CPU0, code 0x00000000bd000000 -- SError");
  });

  it("the guest's own kernel version decides the guest's behaviour: a 4.14 guest signals SIGBUS with si_code 0 (T2 row 6)", () => {
    const r = runBuiltin("guest-poison-sea", { guestKernel: "4.14" });
    expect(r.log).to.include("guest: Synchronous External Abort: synchronous external abort (0x92000410) at 0x0000000000000000");
    expect(r.outcome["guest:app"]!.message).to.match(/^SIGBUS si_code 0/);
  });

  it("every tested version runs every built-in without an unexplained state", () => {
    for (const v of ["4.14", "4.19", "5.4", "5.10", "6.1", "6.13", "6.18"]) {
      for (const name of ["seed-guest-poison", "guest-poison-sea", "host-poison-user", "sea-storm", "guest-sea-unclaimed", "mc-error-record"]) {
        const r = runBuiltin(name, { kernel: v, guestKernel: v });
        for (const [a, o] of Object.entries(r.outcome)) expect(o.reason, `${v} ${name} ${a}`).to.not.equal("");
      }
    }
  });
});
