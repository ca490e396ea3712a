// Releases back to 4.4 (issue 13): the boundaries below 4.14, the refusal below 4.4, inputs a
// kernel cannot have (a firmware-first claim without the SEA notification) and the build options
// that change what is printed. Expected lines are written from the upstream source and from public
// logs of real boards (each cited at its test); the source:
//   4.4-4.10 arch/arm64/mm/fault.c: fault_info[0x10] = { do_bad, SIGBUS, 0, "synchronous external abort" };
//     do_mem_abort(): pr_alert("Unhandled fault: %s (0x%08x) at 0x%016lx\n", inf->name, esr, addr);
//     arm64_notify_die("", regs, &info, esr);
//   4.x arch/arm64/kernel/traps.c __die(): pr_emerg("Internal error: %s: %x [#%d]" S_PREEMPT S_SMP "\n", …)
//     with S_PREEMPT " PREEMPT" under CONFIG_PREEMPT and S_SMP " SMP";
//   drivers/acpi/apei/ghes.c ghes_probe() in v4.12 (default case: FW_WARN GHES_PFX "Unknown notification
//     type: %u for generic hardware error source: %d") and v4.13 (GSIV, GPIO, SEA cases added).
import { expect } from "chai";
import {
  allBoundaries,
  assertModelled,
  beforeModelled,
  configText,
  DEFAULT_CONFIG,
  doSea,
  ghesProbe,
  has,
  KernelConfigError,
  KernelVersionError,
  OLDEST_MODELLED,
  parseConfig,
  seaFaultInfo,
  Trace,
  type GhesSource,
  type NotifyName,
} from "../../src/kernel/index.js";
import { answerSea } from "../../src/sim/index.js";
import { cli } from "../helpers.js";
import { esr, k } from "./helpers.js";

const task = { comm: "app", pid: 4242 };
const die = { inInterrupt: false, panicOnOops: false, task };

function seaAt(v: string, value: bigint, fromUser: boolean, far: bigint, extra: { preempt?: boolean; claimed?: boolean } = {}) {
  return doSea({
    syndrome: esr(value), kernel: k(v), fromUser, far, irqsEnabled: true,
    die: { ...die, ...(extra.preempt ? { preempt: true } : {}) },
    apei: { kind: extra.claimed ? "claimed" : "not-claimed" },
  });
}

describe("kernel/old releases: 4.4 to 4.13", () => {
  it("the oldest modelled release is 4.4; older ones are refused, never answered as newer", () => {
    expect(OLDEST_MODELLED).to.equal("4.4");
    expect(() => assertModelled(k("4.4"))).not.to.throw();
    expect(beforeModelled(k("4.3"))).to.equal(true);
    expect(() => assertModelled(k("3.18"))).to.throw(KernelVersionError, /Linux 3\.18 is older than the oldest modelled release \(4\.4\)/);
  });

  it("boundary rows: do_sea() from 4.11, the SEA/GSIV/GPIO notifications from 4.13, each with evidence", () => {
    const b = allBoundaries();
    expect(b.doSea.since).to.equal("4.11");
    expect(b.doSea.approx).to.match(/v4\.9\.175/);
    expect(b.ghesSeaNotify.since).to.equal("4.13");
    expect(b.ghesSeaNotify.verified).to.match(/v4\.12 and v4\.13/);
    for (const [v, sea, notify] of [["4.4", false, false], ["4.9", false, false], ["4.11", true, false], ["4.12", true, false], ["4.13", true, true], ["4.14", true, true]] as const) {
      expect([has(k(v), "doSea"), has(k(v), "ghesSeaNotify")], v).to.deep.equal([sea, notify]);
    }
  });

  it("4.4/4.9 kernel-mode SEA: fault_info[0x10] is do_bad(): 'Unhandled fault:' and die() with an empty str", () => {
    for (const v of ["4.4", "4.9", "4.10"]) {
      const d = seaAt(v, 0x96000010n, false, 0xffff000008123456n);
      expect(d.log, v).to.deep.equal(["Unhandled fault: synchronous external abort (0x96000010) at 0xffff000008123456", "Internal error: : 96000010 [#1] SMP"]);
      expect(d.outcome.host, v).to.equal("killed");
      expect(d.steps.map((s) => s.rule)).to.include("T2.8");
    }
  });

  it("CONFIG_PREEMPT: '[#1] PREEMPT SMP' (S_PREEMPT before 6.15, preempt_model_str() after)", () => {
    expect(seaAt("4.4", 0x96000010n, false, 0n, { preempt: true }).log[1]).to.equal("Internal error: : 96000010 [#1] PREEMPT SMP");
    expect(seaAt("5.10", 0x96000210n, false, 0n, { preempt: true }).log).to.deep.equal(["Internal error: synchronous external abort: 96000210 [#1] PREEMPT SMP"]);
    expect(seaAt("6.18", 0x96000210n, false, 0n, { preempt: true }).log).to.deep.equal(["Internal error: synchronous external abort: 0000000096000210 [#1] PREEMPT SMP"]);
  });

  it("4.9 user-mode SEA: 'Unhandled fault:' then SIGBUS si_code 0 at the FAR (no unhandled-signal line before 4.19)", () => {
    const d = seaAt("4.9", 0x92000010n, true, 0x7f00001000n);
    expect(d.log).to.deep.equal(["Unhandled fault: synchronous external abort (0x92000010) at 0x0000007f00001000"]);
    expect(d.actions).to.deep.equal([{ kind: "signal", actor: "host", signal: "SIGBUS", code: 0, target: "app:4242", addr: 0x7f00001000n }]);
  });

  it("fault_info[] names before do_sea(): no level in the walk and parity rows", () => {
    const names = [0x10, 0x14, 0x17, 0x18, 0x1c, 0x1f].map((f) => seaFaultInfo(k("4.9"), f)!.name);
    expect(names).to.deep.equal([
      "synchronous external abort",
      "synchronous abort (translation table walk)",
      "synchronous abort (translation table walk)",
      "synchronous parity error",
      "synchronous parity error (translation table walk)",
      "synchronous parity error (translation table walk)",
    ]);
    expect(seaFaultInfo(k("4.9"), 0x15)).to.deep.include({ fn: "do_bad", sig: "SIGBUS", code: 0 });
    expect(seaFaultInfo(k("4.14"), 0x15)).to.deep.include({ fn: "do_sea", name: "level 1 (translation table walk)" });
  });

  it("4.11-4.12: do_sea() prints 'Synchronous External Abort:' but has no APEI call to make", () => {
    const d = seaAt("4.12", 0x96000010n, false, 0n, { claimed: true });
    expect(d.log).to.deep.equal(["Synchronous External Abort: synchronous external abort (0x96000010) at 0x0000000000000000", "Internal error: : 96000010 [#1] SMP"]);
    expect(d.notes.join(" ")).to.match(/no SEA notification .*4\.13/);
  });

  it("a firmware-first claim on a kernel with no SEA notification: the real behaviour and a note, never a memory_failure", () => {
    for (const v of ["4.4", "4.9", "4.12"]) {
      const d = answerSea({ esr: 0x92000410n, kernel: k(v), guestKernel: k(v), from: "el0", claimed: true, far: 0xffffa0021000n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false });
      expect(d.log[0], v).to.equal("[Firmware Warn]: GHES: Unknown notification type: 8 for generic hardware error source: 0");
      expect(d.actions.some((a) => a.kind === "memory_failure"), v).to.equal(false);
      expect(d.notes.length, v).to.be.greaterThan(0);
      expect(d.outcome.host).to.equal("signal");
    }
    const modern = answerSea({ esr: 0x92000410n, kernel: k("6.18"), guestKernel: k("6.18"), from: "el0", claimed: true, far: 0xffffa0021000n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false });
    expect(modern.notes).to.deep.equal([]);
    expect(modern.actions.some((a) => a.kind === "memory_failure")).to.equal(true);
  });

  it("ghes_probe() by release: GSIV/GPIO/SEA from 4.13, SDEI with the 5.1 APEI rework", () => {
    const src = (notify: NotifyName): GhesSource => ({ id: 1, notify, hestType: 10, addressReadable: true, address: 0x1000n, estatus: null });
    const probe = (notify: NotifyName, v: string) => ghesProbe(new Trace(), src(notify), undefined, k(v));
    expect(probe("GSIV", "4.12")).to.deep.equal({ registered: false, message: "[Firmware Warn]: GHES: Unknown notification type: 10 for generic hardware error source: 1" });
    expect(probe("GPIO", "4.12")).to.deep.include({ message: "[Firmware Warn]: GHES: Unknown notification type: 7 for generic hardware error source: 1" });
    expect(probe("SEA", "4.12")).to.deep.include({ message: "[Firmware Warn]: GHES: Unknown notification type: 8 for generic hardware error source: 1" });
    for (const n of ["GSIV", "GPIO", "SEA"] as const) expect(probe(n, "4.13").registered, n).to.equal(true);
    expect(probe("SOFTWARE_DELEGATED", "5.0")).to.deep.include({ message: "[Firmware Warn]: GHES: Unknown notification type: 11 for generic hardware error source: 1" });
    expect(probe("SOFTWARE_DELEGATED", "5.1").registered).to.equal(true);
    expect(probe("SCI", "4.4").registered).to.equal(true);
  });

  it("kernel config: parse, defaults, text, errors", () => {
    expect(DEFAULT_CONFIG.PREEMPT).to.equal(false);
    const c = parseConfig("PREEMPT, CONFIG_ACPI_APEI_SEA=n");
    expect(c.set).to.deep.equal(["PREEMPT", "ACPI_APEI_SEA"]);
    expect(configText(c.config)).to.equal("PREEMPT=y, ACPI_APEI_SEA=n");
    expect(configText(DEFAULT_CONFIG)).to.equal("defaults");
    expect(() => parseConfig("SMP=y")).to.throw(KernelConfigError, /unknown kernel option 'SMP=y'|unknown kernel option 'SMP'/);
    expect(() => parseConfig("PREEMPT=m")).to.throw(KernelConfigError, /not y or n/);
  });

  it("CONFIG_ACPI_APEI_SEA=n on 6.18: the probe refuses the SEA source and the claim cannot happen (noted)", () => {
    const d = answerSea({ esr: 0x92000410n, kernel: k("6.18"), guestKernel: k("6.18"), from: "el0", claimed: true, far: 0xffffa0021000n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false, config: parseConfig("ACPI_APEI_SEA=n").config });
    expect(d.log[0]).to.equal("GHES: Generic hardware error source: 0 notified via SEA is not supported");
    expect(d.notes.length).to.equal(1);
  });
});

describe("kernel/old releases: public logs of real boards reproduced line for line", () => {
  const log = async (args: string[]): Promise<string[]> => {
    const r = await cli(["kernel", "sea", "--claimed", "no", "--format", "json", ...args]);
    expect(r.code, r.stderr).to.equal(0);
    return (JSON.parse(r.stdout) as { log: string[] }).log;
  };
  it("RK3328 on 4.4.71, a kernel-mode SEA in rk_iommu_read() (github.com/rockchip-linux/kernel/issues/31)", async () => {
    expect(await log(["--esr", "0x96000210", "--from", "el1", "--kernel", "4.4.71", "--far", "0xffffff8008066804"])).to.deep.equal([
      "Unhandled fault: synchronous external abort (0x96000210) at 0xffffff8008066804",
      "Internal error: : 96000210 [#1] SMP",
    ]);
  });
  it("RockPro64 on 4.4.167 and 4.4.192, in ahci_scr_read() (github.com/ayufan-rock64/linux-build/issues/299)", async () => {
    expect(await log(["--esr", "0x96000210", "--from", "el1", "--kernel", "4.4.167", "--far", "0xffffff80096c61b0"])).to.deep.equal([
      "Unhandled fault: synchronous external abort (0x96000210) at 0xffffff80096c61b0",
      "Internal error: : 96000210 [#1] SMP",
    ]);
    expect((await log(["--esr", "0x96000210", "--from", "el1", "--kernel", "4.4.192", "--far", "0xffffff80093e6130"]))[0]).to.equal("Unhandled fault: synchronous external abort (0x96000210) at 0xffffff80093e6130");
  });
  it("a user-mode SEA on a 4.4 board kernel: only the do_mem_abort() line, then SIGBUS (github.com/openmediavault/openmediavault/issues/460)", async () => {
    expect(await log(["--esr", "0x92000210", "--from", "el0", "--kernel", "4.4", "--far", "0x0000007f87888000"])).to.deep.equal(["Unhandled fault: synchronous external abort (0x92000210) at 0x0000007f87888000"]);
  });
  it("HiKey960 on 6.2.0-rc3 with CONFIG_PREEMPT, a kernel-mode SEA at boot (github.com/OP-TEE/optee_os/issues/6372)", async () => {
    expect(await log(["--esr", "0x96000210", "--from", "el1", "--kernel", "6.2.0-rc3-dirty", "--config", "PREEMPT"])).to.deep.equal(["Internal error: synchronous external abort: 0000000096000210 [#1] PREEMPT SMP"]);
  });
});

describe("kernel/-rc releases: changes of one cycle that landed at different times", () => {
  // ghesTaskWork (c1f1fda14137) came in the v6.17 merge window, so every 6.17-rc has it;
  // mfAlreadyPoisonedAction (Kyle Meyer's fix, v2 posted 2025-08-28, after v6.17-rc3) came through
  // mm-hotfixes during the -rc phase: -rc1..-rc3 cannot have it (Boundary.fromRc = 4).
  it("6.17-rc1..rc3 have the merge-window change but not the -rc fix", () => {
    for (const v of ["6.17-rc1", "6.17-rc3"]) expect([has(k(v), "ghesTaskWork"), has(k(v), "mfAlreadyPoisonedAction")], v).to.deep.equal([true, false]);
    for (const v of ["6.17-rc4", "6.17", "6.17.7"]) expect(has(k(v), "mfAlreadyPoisonedAction"), v).to.equal(true);
    expect(allBoundaries().mfAlreadyPoisonedAction.fromRc).to.equal(4);
  });
  it("memory_failure() on an already poisoned page prints the 6.11-6.16 pair on 6.17-rc2 and the single 6.17 line on 6.17", async () => {
    const lines = async (v: string) => {
      const r = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--far", "0xffffa0021000", "--page", "hwpoisoned", "--kernel", v, "--format", "json"]);
      return (JSON.parse(r.stdout) as { log: string[] }).log.filter((l) => l.includes("already"));
    };
    expect(await lines("6.17-rc2")).to.deep.equal(["Memory failure: 0x89abcd: already hardware poisoned", "Memory failure: 0x89abcd: recovery action for already poisoned: Failed"]);
    expect(await lines("6.17")).to.deep.equal(["Memory failure: 0x89abcd: recovery action for already poisoned page: Failed"]);
  });
});

describe("kernel/old releases: armras kernel sea (CLI)", () => {
  it("--kernel 4.4 kernel-mode SEA prints the do_mem_abort() line and dies; the header marks every default", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x96000010", "--from", "el1", "--kernel", "4.4", "--far", "0xffff000008123456", "--claimed", "no"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("  Unhandled fault: synchronous external abort (0x96000010) at 0xffff000008123456\n  Internal error: : 96000010 [#1] SMP\n");
    expect(r.stdout.split("\n")[1]).to.equal("from el1, firmware-first claim no, FAR 0xffff000008123456, page dirty-lru (default)");
  });
  it("JSON lists the defaulted inputs and the notes", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x96000010", "--from", "el1", "--kernel", "4.9", "--format", "json"]);
    const o = JSON.parse(r.stdout) as { defaulted: string[]; notes: string[]; config: Record<string, boolean> };
    expect(o.defaulted).to.deep.equal(["claimed", "far", "page", "config"]);
    expect(o.notes[0]).to.match(/does not register/);
    expect(o.config.PREEMPT).to.equal(false);
  });
  it("a release older than 4.4 exits 2 with the reason", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x96000010", "--from", "el1", "--kernel", "4.1"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--kernel: Linux 4\.1 is older than the oldest modelled release \(4\.4\)/);
  });
  it("--from guest on a host before ghes_notify_sea() is refused (KVM's path there is not modelled)", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "guest", "--kernel", "4.9"]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/not modelled/);
  });
  it("--config PREEMPT and a bad option", async () => {
    const r = await cli(["kernel", "sea", "--esr", "0x96000210", "--from", "el1", "--kernel", "5.10", "--config", "PREEMPT"]);
    expect(r.stdout).to.contain("Internal error: synchronous external abort: 96000210 [#1] PREEMPT SMP");
    expect(r.stdout).to.contain("config PREEMPT=y\n");
    const bad = await cli(["kernel", "sea", "--esr", "0x96000210", "--from", "el1", "--config", "PREEMPT_COUNT"]);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--config: unknown kernel option 'PREEMPT_COUNT'/);
  });
  it("--record: the status block as hex or as CPER JSON (any section kind) replaces the built memory record", async () => {
    const hex = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--far", "0xffffa0021000", "--format", "json", "--record", "fixtures/cper/memory-73.bin"]);
    expect(hex.code, hex.stderr).to.equal(0);
    const json = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--far", "0xffffa0021000", "--format", "json", "--record", "fixtures/cper/arm-ghes.json"]);
    expect(json.code, json.stderr).to.equal(0);
    const o = JSON.parse(json.stdout) as { log: string[]; defaulted: string[] };
    expect(o.log.join("\n")).to.match(/event severity: corrected/);
    expect(o.defaulted).not.to.include("record");
    const no = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--claimed", "no", "--record", "fixtures/cper/arm-ghes.json"]);
    expect(no.code).to.equal(2);
    const junk = await cli(["kernel", "sea", "--esr", "0x92000410", "--from", "el0", "--record", "{\"x\":1}"]);
    expect(junk.code).to.equal(2);
    expect(junk.stderr).to.match(/--record: /);
  });
});
