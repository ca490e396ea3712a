// Table T2 (host SEA, do_sea) and §3.1 fault_info / §3.3 die() of reference/kernel.md.
import { expect } from "chai";
import { dieHeader, doSea, GhesState, seaFaultInfo, type Decision, type SeaApei } from "../../src/kernel/index.js";
import { answerSea } from "../../src/sim/index.js";
import { esr, k, memoryErrorEstatus, seaSource } from "./helpers.js";

const DABT_LOW_SEA = 0x92000410n; // EC 0x24, IL, FnV=1, FSC 0x10
const DABT_LOW_SEA_FAR = 0x92000010n; // FnV=0
const DABT_CUR_SEA = 0x96000210n; // EC 0x25, EA=1, FSC 0x10 (the example)
const TASK = { comm: "app", pid: 4242 };

function sea(v: string, value: bigint, user: boolean, apei: SeaApei, opts: { far?: bigint; inInterrupt?: boolean; panicOnOops?: boolean } = {}): Decision {
  return doSea({
    syndrome: esr(value),
    kernel: k(v),
    fromUser: user,
    far: opts.far ?? 0xffff_1234_5678n,
    irqsEnabled: true,
    die: { inInterrupt: opts.inInterrupt ?? false, panicOnOops: opts.panicOnOops ?? false, task: TASK },
    apei,
  });
}
const CLAIMED: SeaApei = { kind: "claimed" };
const NOT: SeaApei = { kind: "not-claimed" };

function signals(d: Decision): string[] {
  return d.actions.flatMap((a) => (a.kind === "signal" ? [`${a.signal}/${a.code}${a.addr !== undefined ? "@0x" + a.addr.toString(16) : ""}`] : []));
}

describe("kernel/sea: §3.1 fault_info[] for the SEA-class FSCs", () => {
  // [fsc, name, sig, code at v6.18/v4.19], then v4.14 is SIGBUS/0 for all.
  const rows: [number, string, string, string | number][] = [
    [0x10, "synchronous external abort", "SIGBUS", "BUS_OBJERR"],
    [0x14, "level 0 (translation table walk)", "SIGKILL", "SI_KERNEL"],
    [0x15, "level 1 (translation table walk)", "SIGKILL", "SI_KERNEL"],
    [0x16, "level 2 (translation table walk)", "SIGKILL", "SI_KERNEL"],
    [0x17, "level 3 (translation table walk)", "SIGKILL", "SI_KERNEL"],
    [0x18, "synchronous parity or ECC error", "SIGBUS", "BUS_OBJERR"],
    [0x1c, "level 0 synchronous parity error (translation table walk)", "SIGKILL", "SI_KERNEL"],
    [0x1f, "level 3 synchronous parity error (translation table walk)", "SIGKILL", "SI_KERNEL"],
  ];
  for (const [fsc, name, sig, code] of rows) {
    it(`FSC 0x${fsc.toString(16)}: ${name}`, () => {
      for (const v of ["4.19", "6.18"]) expect(seaFaultInfo(k(v), fsc)).to.deep.equal({ fsc, name, sig, code, fn: "do_sea" });
      expect(seaFaultInfo(k("4.14"), fsc)).to.deep.include({ sig: "SIGBUS", code: 0 });
    });
  }
  it("FSC 0x13 (level -1 walk, LPA2) is do_sea in v6.18 only", () => {
    expect(seaFaultInfo(k("6.18"), 0x13)?.name).to.equal("level -1 (translation table walk)");
    expect(seaFaultInfo(k("4.19"), 0x13)).to.equal(undefined);
  });
  it("non-SEA FSCs (0x04 translation fault, 0x11 MTE, 0x21 alignment) are not do_sea", () => {
    for (const fsc of [0x04, 0x11, 0x21, 0x30]) expect(seaFaultInfo(k("6.18"), fsc)).to.equal(undefined);
    expect(() => sea("6.18", 0x92000004n, true, CLAIMED)).to.throw(/does not dispatch to do_sea/);
  });
});

describe("kernel/sea: T2.1 (L, M ≥5.8) EL0 claimed → do_sea returns, no arch signal", () => {
  for (const v of ["5.10", "6.1", "6.13", "6.18"]) {
    it(`@${v}: stated claim, no BUS_OBJERR`, () => {
      const d = sea(v, DABT_LOW_SEA, true, CLAIMED);
      expect(d.outcome.host).to.equal("running");
      expect(d.reason.rule).to.equal("T2.1");
      expect(signals(d)).to.deep.equal([]);
    });
  }
  for (const v of ["6.13", "6.18"]) {
    it(`@${v}: with the GHES model, memory_failure(MF_ACTION_REQUIRED) → BUS_MCEERR_AR at the page VA (§11 flow 1)`, () => {
      const d = answerSea({ esr: DABT_LOW_SEA, kernel: k(v), guestKernel: k(v), from: "el0", claimed: true, far: 0xaaaa_0000_1234n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false });
      expect(signals(d)).to.deep.equal(["SIGBUS/BUS_MCEERR_AR@0xaaaa00001000"]);
      expect(d.outcome.host).to.equal("signal");
      expect(d.log).to.include("Memory failure: 0x89abcd: recovery action for dirty LRU page: Recovered");
      expect(d.actions.some((a) => a.kind === "ghes_clear_ack" && a.ack)).to.equal(true);
    });
  }
  for (const v of ["5.10", "6.1"]) {
    it(`@${v}: MF flags 0 (before the MF_ACTION_REQUIRED change): no signal now, BUS_MCEERR_AR when the task re-touches the page`, () => {
      const d = answerSea({ esr: DABT_LOW_SEA, kernel: k(v), guestKernel: k(v), from: "el0", claimed: true, far: 0xaaaa_0000_1234n, cpu: 0, ras: true, page: "dirty-lru", panicOnOops: false, inInterrupt: false });
      expect(d.actions.find((a) => a.kind === "memory_failure")).to.deep.include({ flags: [] });
      expect(d.steps.map((s) => s.rule)).to.include("T5.7");
      expect(signals(d)).to.deep.equal(["SIGBUS/BUS_MCEERR_AR@0xaaaa00001234"]);
    });
  }
});

describe("kernel/sea: T2.2 (L, M) EL0 not claimed → arm64_notify_die signal", () => {
  for (const v of ["5.10", "6.1", "6.13", "6.18"]) {
    it(`@${v}: FSC 0x10 → SIGBUS BUS_OBJERR, si_addr 0 when FnV, else FAR`, () => {
      expect(signals(sea(v, DABT_LOW_SEA, true, NOT))).to.deep.equal(["SIGBUS/BUS_OBJERR@0x0"]);
      expect(signals(sea(v, DABT_LOW_SEA_FAR, true, NOT, { far: 0xbeef000n }))).to.deep.equal(["SIGBUS/BUS_OBJERR@0xbeef000"]);
    });
    it(`@${v}: FSC 0x14 (TTW) → SIGKILL`, () => {
      const d = sea(v, 0x92000014n, true, NOT);
      expect(signals(d)).to.deep.equal(["SIGKILL/SI_KERNEL"]);
      expect(d.outcome.host).to.equal("killed");
    });
  }
  it("L taints MACHINE_CHECK; M (6.13) does not", () => {
    expect(sea("6.18", DABT_LOW_SEA, true, NOT).actions.some((a) => a.kind === "taint")).to.equal(true);
    expect(sea("6.13", DABT_LOW_SEA, true, NOT).actions.some((a) => a.kind === "taint")).to.equal(false);
  });
  it("the unhandled-signal line (§3.3) by release", () => {
    expect(sea("6.18", DABT_LOW_SEA, true, NOT).log).to.deep.equal(["app[4242]: unhandled exception: DABT (lower EL), ESR 0x0000000092000410, synchronous external abort"]);
    expect(sea("5.10", DABT_LOW_SEA, true, NOT).log).to.deep.equal(["app[4242]: unhandled exception: DABT (lower EL), ESR 0x92000410, synchronous external abort"]);
  });
  it("a task with a SIGBUS handler gets no unhandled-signal line", () => {
    const d = doSea({ syndrome: esr(DABT_LOW_SEA), kernel: k("6.18"), fromUser: true, far: 0n, irqsEnabled: true, die: { inInterrupt: false, panicOnOops: false, task: TASK, handlesSignal: true }, apei: NOT });
    expect(d.log).to.deep.equal([]);
    expect(d.outcome.host).to.equal("signal");
  });
  it("-EINPROGRESS (IRQs masked) is not a claim: the signal follows (§3.4)", () => {
    const d = answerSea({ esr: DABT_LOW_SEA, kernel: k("6.18"), guestKernel: k("6.18"), from: "el0", claimed: true, far: 0n, cpu: 0, ras: true, page: "free", panicOnOops: false, inInterrupt: false });
    expect(d.reason.rule).to.not.equal("T2.2"); // sanity: the IRQs-enabled path claims
    const masked = doSea({
      syndrome: esr(DABT_LOW_SEA),
      kernel: k("6.18"),
      fromUser: true,
      far: 0n,
      irqsEnabled: false,
      die: { inInterrupt: false, panicOnOops: false, task: TASK },
      apei: (() => {
        const env = { kernel: k("6.18"), mf: { kernel: k("6.18"), recovery: true, earlyKillSysctl: false }, page: () => ({ state: "free" as const, mappers: [] }), current: { ...TASK, mm: true }, panicTimeout: 0, memoryFailureConfig: true };
        return { kind: "ghes" as const, env, state: new GhesState(), sources: [seaSource(0, memoryErrorEstatus(0x1000n))], now: 0 };
      })(),
    });
    expect(masked.log).to.include("APEI work queued but not completed");
    expect(signals(masked)).to.deep.equal(["SIGBUS/BUS_OBJERR@0x0"]);
  });
});

describe("kernel/sea: T2.3 (L, M) EL1 → die()", () => {
  it("APEI is not consulted from kernel mode (a claimed SEA still dies)", () => {
    const d = sea("6.18", DABT_CUR_SEA, false, CLAIMED);
    expect(d.steps.some((s) => s.rule === "§3.4")).to.equal(false);
    expect(d.outcome.host).to.equal("killed");
  });
  const cases: [string, string, string, string][] = [
    // [release, header, in-interrupt panic, panic_on_oops panic] from §3.3 (v4.19 plain strings; v6.18 prefixed);
    // the "<str>: " prefix arrived in 5.10 (Yue Hu, 'arm64: traps: Add str of description to panic() in die()',
    // in 'arm64 updates for 5.10').
    ["5.4", "Internal error: synchronous external abort: 96000210 [#1] SMP", "Fatal exception in interrupt", "Fatal exception"],
    ["5.10", "Internal error: synchronous external abort: 96000210 [#1] SMP", "synchronous external abort: Fatal exception in interrupt", "synchronous external abort: Fatal exception"],
    ["6.1", "Internal error: synchronous external abort: 0000000096000210 [#1] SMP", "synchronous external abort: Fatal exception in interrupt", "synchronous external abort: Fatal exception"],
    ["6.13", "Internal error: synchronous external abort: 0000000096000210 [#1] SMP", "synchronous external abort: Fatal exception in interrupt", "synchronous external abort: Fatal exception"],
    ["6.18", "Internal error: synchronous external abort: 0000000096000210 [#1]  SMP", "synchronous external abort: Fatal exception in interrupt", "synchronous external abort: Fatal exception"],
  ];
  for (const [v, header, intr, oops] of cases) {
    it(`@${v}: header, kill current task by default`, () => {
      const d = sea(v, DABT_CUR_SEA, false, NOT);
      expect(d.log).to.deep.equal([header]);
      expect(d.outcome.host).to.equal("killed");
      expect(d.actions.find((a) => a.kind === "kill_task")).to.deep.include({ target: "app:4242" });
    });
    it(`@${v}: in_interrupt → panic("${intr}")`, () => {
      const d = sea(v, DABT_CUR_SEA, false, NOT, { inInterrupt: true });
      expect(d.log).to.deep.equal([header, `Kernel panic - not syncing: ${intr}`]);
      expect(d.outcome.host).to.equal("panic");
    });
    it(`@${v}: panic_on_oops → panic("${oops}")`, () => {
      const d = sea(v, DABT_CUR_SEA, false, NOT, { panicOnOops: true });
      expect(d.log[1]).to.equal(`Kernel panic - not syncing: ${oops}`);
    });
  }
  it("the die counter appears as [#n]", () => {
    expect(dieHeader(k("6.13"), "synchronous external abort", 0x96000210n, 3)).to.equal("Internal error: synchronous external abort: 0000000096000210 [#3] SMP");
  });
});

describe("kernel/sea: T2.4 (~5.0–5.7) APEI processes, then the arch signal/die anyway", () => {
  it("@5.4 EL0 claimed: GHES handled the record and BUS_OBJERR still follows", () => {
    const d = answerSea({ esr: DABT_LOW_SEA, kernel: k("5.4"), guestKernel: k("5.4"), from: "el0", claimed: true, far: 0n, cpu: 0, ras: true, page: "free", panicOnOops: false, inInterrupt: false });
    expect(d.steps.map((s) => s.rule)).to.include.members(["T2.4", "T5.5"]);
    expect(signals(d)).to.deep.equal(["SIGBUS/BUS_OBJERR@0x0"]);
  });
  it("@5.4 EL1 claimed: APEI is consulted in kernel mode too, then die()", () => {
    const d = answerSea({ esr: DABT_CUR_SEA, kernel: k("5.4"), guestKernel: k("5.4"), from: "el1", claimed: true, far: 0n, cpu: 0, ras: true, page: "free", panicOnOops: false, inInterrupt: false });
    expect(d.log[0]).to.match(/^\{1\}\[Hardware Error\]: Hardware error from APEI/);
    expect(d.log).to.include("Internal error: synchronous external abort: 96000210 [#1] SMP");
    expect(d.outcome.host).to.equal("killed");
  });
});

describe("kernel/sea: T2.5 (E, v4.16–v4.19) synchronous ghes_notify_sea(), then always signal/die", () => {
  it("@4.19 EL0 claimed: ghes_proc processes (flags 0), then SIGBUS BUS_OBJERR", () => {
    const d = answerSea({ esr: DABT_LOW_SEA, kernel: k("4.19"), guestKernel: k("4.19"), from: "el0", claimed: true, far: 0n, cpu: 0, ras: true, page: "free", panicOnOops: false, inInterrupt: false });
    expect(d.steps.map((s) => s.rule)).to.include("T3.10");
    expect(signals(d)).to.deep.equal(["SIGBUS/BUS_OBJERR@0x0"]);
  });
  it("@4.19 EL1 not claimed: die with the fault name and %x", () => {
    expect(sea("4.19", DABT_CUR_SEA, false, NOT).log).to.deep.equal(["Internal error: synchronous external abort: 96000210 [#1] SMP"]);
  });
});

describe("kernel/sea: T2.6/T2.7 (B, v4.14)", () => {
  const pre = "Synchronous External Abort: synchronous external abort (0x92000410) at 0x0000ffff12345678";
  it("T2.6 claimed EL0: 'Synchronous External Abort' then SIGBUS si_code 0", () => {
    const d = sea("4.14", DABT_LOW_SEA, true, CLAIMED);
    expect(d.log).to.deep.equal([pre]);
    expect(signals(d)).to.deep.equal(["SIGBUS/0@0x0"]);
    expect(d.reason.rule).to.equal("T2.6");
  });
  it("T2.6 EL1: die(\"\") → 'Internal error: : 96000210 [#1] SMP'", () => {
    const d = sea("4.14", DABT_CUR_SEA, false, CLAIMED);
    expect(d.log[1]).to.equal("Internal error: : 96000210 [#1] SMP");
  });
  it("T2.7 not claimed EL0: plus 'Unhandled fault' and a second SIGBUS", () => {
    const d = sea("4.14", DABT_LOW_SEA, true, NOT);
    expect(d.log.slice(0, 4)).to.deep.equal([pre, "Unhandled fault: synchronous external abort (0x92000410) at 0x0000ffff12345678", "Mem abort info:", "  ESR = 0x92000410"]);
    expect(signals(d)).to.deep.equal(["SIGBUS/0@0x0", "SIGBUS/0@0xffff12345678"]);
    expect(d.reason.rule).to.equal("T2.7");
  });
});
