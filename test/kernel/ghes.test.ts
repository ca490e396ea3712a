// Tables T3 (GHES record handling) and T4 (ghes_do_proc sections), §5.1 severities and §5.5 cache/ratelimit.
import { expect } from "chai";
import {
  CACHE_MAX_MS,
  CPER_SEV,
  EstatusCache,
  GhesState,
  Trace,
  cperSeverityString,
  estatusTree,
  ghesDoProc,
  ghesNotifySdei,
  ghesNotifySea,
  ghesProbe,
  ghesProc,
  ghesSeverity,
  RateLimit,
  runDeferred,
  type Estatus,
  type GhesEnv,
  type GhesSource,
  type NotifyName,
  type PageInfo,
} from "../../src/kernel/index.js";
import { encodeEstatus } from "../../src/cper/index.js";
import { k, memoryErrorEstatus } from "./helpers.js";

const PA = 0x8_0000_0000n;
const CUR = { comm: "app", pid: 77 };

/** page null = the pfn is not valid memory. */
function env(v: string, page: PageInfo | null = { state: "free", mappers: [] }, extra: Partial<GhesEnv> = {}): GhesEnv {
  return {
    kernel: k(v),
    mf: { kernel: k(v), recovery: true, earlyKillSysctl: false },
    page: (pfn) => (pfn === PA >> 12n && page !== null ? page : undefined),
    current: { ...CUR, mm: true },
    panicTimeout: 0,
    memoryFailureConfig: true,
    ...extra,
  };
}
function src(notify: NotifyName, estatus: Estatus | null, over: Partial<GhesSource> = {}): GhesSource {
  return { id: 3, notify, hestType: 10, addressReadable: true, address: 0x1000n, estatus, ...over };
}
const REC = (): Estatus => memoryErrorEstatus(PA);
/** CPER_SEC_CXL_PROT_ERR (UEFI N.2.13) and CPER_SEC_CXL_DRAM_GUID (UEFI 2.10 N.2.14). */
const CXL_PROT_GUID = "80b9efb4-52b5-4de3-a777-68784b771048";
const CXL_DRAM_GUID = "601dcbb3-9c06-4eab-b8af-4e9bfb5c9624";

describe("kernel/ghes: §5.1 ghes_severity() and cper severity strings", () => {
  // [CPER, GHES_SEV, string] from kernel.md §5.1
  const rows: [number, number, string][] = [
    [0, 2, "recoverable"],
    [1, 3, "fatal"],
    [2, 1, "corrected"],
    [3, 0, "info"],
    [4, 3, "unknown"],
    [0xffffffff, 3, "unknown"],
  ];
  for (const [cper, sev, str] of rows) {
    it(`CPER ${cper} → GHES_SEV ${sev}, '${str}'`, () => {
      expect(ghesSeverity(cper)).to.equal(sev);
      expect(cperSeverityString(cper)).to.equal(str);
    });
  }
});

describe("kernel/ghes: T3.1 probe — notification types registered and ignored (§4)", () => {
  for (const n of ["POLLED", "EXTERNAL", "SCI", "GSIV", "GPIO", "SEA", "SOFTWARE_DELEGATED"] as const) {
    it(`${n} is registered`, () => expect(ghesProbe(new Trace(), src(n, null)).registered).to.equal(true));
  }
  it("SEI (9) is not: 'Unknown notification type: 9' — there is no ghes_notify_sei()", () => {
    const t = new Trace();
    const r = ghesProbe(t, src("SEI", null));
    expect(r).to.deep.equal({ registered: false, message: "[Firmware Warn]: GHES: Unknown notification type: 9 for generic hardware error source: 3" });
    expect(t.steps[0]!.rule).to.equal("T3.1");
  });
  for (const [n, num] of [["CMCI", 5], ["MCE", 6]] as const) {
    it(`${n} (${num}) is not`, () => expect(ghesProbe(new Trace(), src(n, null))).to.deep.include({ registered: false, message: `[Firmware Warn]: GHES: Unknown notification type: ${num} for generic hardware error source: 3` }));
  }
  it("LOCAL: 'notified via local interrupt is not supported!'", () => {
    expect(ghesProbe(new Trace(), src("LOCAL", null))).to.deep.include({ message: "GHES: Generic hardware error source: 3 notified via local interrupt is not supported!" });
  });
  it("NMI needs HAVE_ACPI_APEI_NMI (x86): not on arm64; SEA needs CONFIG_ACPI_APEI_SEA; SDEI needs SDE", () => {
    expect(ghesProbe(new Trace(), src("NMI", null)).registered).to.equal(false);
    expect(ghesProbe(new Trace(), src("SEA", null), { apeiSea: false, apeiNmi: false, sdei: true }).registered).to.equal(false);
    expect(ghesProbe(new Trace(), src("SOFTWARE_DELEGATED", null), { apeiSea: true, apeiNmi: false, sdei: false }).registered).to.equal(false);
    expect(ghesProbe(new Trace(), src("NMI", null), { apeiSea: true, apeiNmi: true, sdei: true }).registered).to.equal(true);
  });
});

function proc(v: string, s: GhesSource, e: GhesEnv = env(v), state = new GhesState(), now = 0): { rc: number; t: Trace } {
  const t = new Trace();
  return { rc: ghesProc(t, e, state, s, now), t };
}
function nmi(v: string, s: GhesSource, e: GhesEnv = env(v), state = new GhesState(), now = 0) {
  const t = new Trace();
  const r = ghesNotifySea(t, e, state, [s], now);
  runDeferred(t, e, r.deferred, "test");
  return { rc: r.rc, t };
}
const acks = (t: Trace) => t.actions.filter((a) => a.kind === "ghes_clear_ack");

describe("kernel/ghes: T3.2-T3.5 reading the status block", () => {
  for (const path of ["irq", "nmi"] as const) {
    const go = path === "irq" ? proc : nmi;
    it(`T3.2 (${path}) unreadable address: -EIO (ghes_notify_sea() then reports -ENOENT: no source claimed), FW_WARN, nothing cleared`, () => {
      const { rc, t } = go("6.18", src(path === "irq" ? "GPIO" : "SEA", REC(), { addressReadable: false }));
      expect(rc).to.equal(path === "irq" ? -5 : -2);
      expect(t.steps.map((x) => x.rule)).to.include("T3.2");
      expect(t.log).to.deep.equal(["[Firmware Warn]: GHES: Failed to read error status block address for hardware error source: 3."]);
      expect(acks(t)).to.have.length(0);
    });
    it(`T3.3 (${path}) address 0 / block_status 0: -ENOENT, silent`, () => {
      for (const s of [src("SEA", REC(), { address: 0n }), src("SEA", { ...REC(), blockStatus: 0 }), src("SEA", null)]) {
        const { rc, t } = go("6.18", path === "irq" ? { ...s, notify: "GPIO" } : s);
        expect(rc).to.equal(-2);
        expect(t.log).to.deep.equal([]);
        expect(acks(t)).to.have.length(0);
      }
    });
    const defects: [NonNullable<Estatus["defect"]>, string][] = [
      ["truncated", "Truncated error status block!"],
      ["too-long", "Invalid error status block length!"],
      ["bad-header", "Invalid CPER header!"],
      ["bad-sections", "Failed to read error status block!"],
    ];
    for (const [defect, msg] of defects) {
      it(`T3.4 (${path}) ${defect}: '${msg}', not claimed, cleared + acked`, () => {
        const { rc, t } = go("6.18", src(path === "irq" ? "GPIO" : "SEA", { ...REC(), defect }));
        expect(rc).to.not.equal(0);
        expect(t.log).to.deep.equal([`[Firmware Warn]: GHES: ${msg}`]);
        expect(acks(t)).to.deep.equal([{ kind: "ghes_clear_ack", actor: "host", source: 3, ack: true }]);
      });
    }
  }
  it("T3.5 estatus pool exhausted on the NMI-like path: -ENOMEM, not cleared, not acked", () => {
    const state = new GhesState();
    state.poolFree = 0;
    const { rc, t } = nmi("6.18", src("SEA", REC()), env("6.18"), state);
    expect(rc, "ghes_in_nmi_spool_from_list(): -ENOENT unless a source returned 0").to.equal(-2);
    expect(t.steps.map((x) => x.rule)).to.include("T3.5");
    expect(acks(t)).to.have.length(0);
  });
  it("§5.3 a GHES (type 9) source is cleared but has no read-ack register", () => {
    const { t } = proc("6.18", src("GPIO", REC(), { hestType: 9 }));
    expect(acks(t)).to.deep.equal([{ kind: "ghes_clear_ack", actor: "host", source: 3, ack: false }]);
  });
});

describe("kernel/ghes: T3.6 block severity fatal/unknown → panic before sections", () => {
  const cases: [string, string[]][] = [
    ["4.14", ["Kernel panic - not syncing: Fatal hardware error!"]],
    ["4.19", ["Kernel panic - not syncing: Fatal hardware error!"]],
    ["5.10", ["Kernel panic - not syncing: Fatal hardware error!"]],
    ["6.1", ["Kernel panic - not syncing: Fatal hardware error!"]],
    ["6.13", ["GHES: Fatal hardware error but panic disabled", "Kernel panic - not syncing: GHES: Fatal hardware error"]],
    ["6.18", ["GHES: Fatal hardware error but panic disabled", "Kernel panic - not syncing: GHES: Fatal hardware error"]],
  ];
  for (const [v, tail] of cases) {
    for (const sev of [CPER_SEV.FATAL, 7]) {
      it(`@${v} block severity ${sev}: EMERG print, clear+ack, panic`, () => {
        for (const go of [proc, nmi]) {
          const { t } = go(v, src(go === proc ? "GPIO" : "SEA", { ...REC(), severity: sev }));
          expect(t.outcome.host).to.equal("panic");
          expect(t.log.slice(-tail.length)).to.deep.equal(tail);
          expect(t.log[0]).to.equal("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 3");
          expect(t.actions.some((a) => a.kind === "memory_failure"), "no section handling").to.equal(false);
          expect(acks(t)).to.have.length(1);
        }
      });
    }
  }
  it("panic= set (panic_timeout ≠ 0): no 'panic disabled' line (6.13+)", () => {
    const { t } = proc("6.18", src("GPIO", { ...REC(), severity: 1 }), env("6.18", null, { panicTimeout: 30 }));
    expect(t.log.slice(-1)).to.deep.equal(["Kernel panic - not syncing: GHES: Fatal hardware error"]);
    expect(t.log).to.not.include("GHES: Fatal hardware error but panic disabled");
  });
  it("a fatal SECTION in a recoverable block never panics (§12.2)", () => {
    const e: Estatus = { ...REC(), sections: [{ ...REC().sections[0]!, severity: CPER_SEV.FATAL }] };
    const { t } = proc("6.18", src("GPIO", e));
    expect(t.outcome.host).to.not.equal("panic");
  });
});

describe("kernel/ghes: T3.7-T3.9 the estatus cache and its effect by path (§5.5)", () => {
  it("T3.7 NMI-like (SEA): an identical record < 10 s later is claimed (0) without processing or printing, still acked", () => {
    const state = new GhesState();
    const e = env("6.18", { state: "dirty-lru", mappers: [{ ...CUR, va: 0x1000n, earlyKill: false, isCurrent: true }] });
    const first = nmi("6.18", src("SEA", REC()), e, state, 0);
    expect(first.t.actions.some((a) => a.kind === "memory_failure")).to.equal(true);
    const again = nmi("6.18", src("SEA", REC()), e, state, 9_999);
    expect(again.rc).to.equal(0);
    expect(again.t.log).to.deep.equal([]);
    expect(again.t.actions.map((a) => a.kind)).to.deep.equal(["ghes_clear_ack"]);
    expect(again.t.steps.map((s) => s.rule)).to.include("T3.7");
    const later = nmi("6.18", src("SEA", REC()), e, state, CACHE_MAX_MS);
    expect(later.t.actions.some((a) => a.kind === "memory_failure"), "expired after 10 s").to.equal(true);
  });
  it("T3.8 otherwise: claimed, printed, cached, processed", () => {
    const { rc, t } = nmi("6.18", src("SEA", REC()));
    expect(rc).to.equal(0);
    expect(t.log[0]).to.equal("{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 3");
    expect(t.steps.map((s) => s.rule)).to.include("T3.8");
  });
  it("T3.9 IRQ path: a cached duplicate is not printed but ghes_do_proc still runs", () => {
    const state = new GhesState();
    proc("6.18", src("GPIO", REC()), env("6.18"), state, 0);
    const { t } = proc("6.18", src("GPIO", REC()), env("6.18"), state, 1000);
    expect(t.log.filter((l) => l.includes("[Hardware Error]"))).to.deep.equal([]);
    expect(t.actions.some((a) => a.kind === "memory_failure")).to.equal(true);
    expect(t.steps.map((s) => s.rule)).to.include("T3.9");
  });
  it("T3.10 E/B (4.19, 4.14) SEA: ghes_proc() synchronously, every time (no NMI-like cache claim)", () => {
    for (const v of ["4.14", "4.19"]) {
      const state = new GhesState();
      nmi(v, src("SEA", REC()), env(v), state, 0);
      const { rc, t } = nmi(v, src("SEA", REC()), env(v), state, 1000);
      expect(rc).to.equal(0);
      expect(t.actions.some((a) => a.kind === "memory_failure"), v).to.equal(true);
      expect(t.steps.map((s) => s.rule)).to.include("T3.10");
    }
  });
  it("cache: 4 slots; victim = empty/expired, else largest age/(hits+1)", () => {
    const c = new EstatusCache();
    const rec = (n: number): Estatus => memoryErrorEstatus(BigInt(n) << 12n);
    expect([0, 1, 2, 3].map((i) => c.add(rec(i), i * 100))).to.deep.equal([0, 1, 2, 3]);
    // Hits on slot 0 (age 1000/(2+1)) and 1..3 (ages 900, 800, 700 with no hits): slot 1 has the largest period.
    expect(c.cached(rec(0), 500)).to.equal(true);
    expect(c.cached(rec(0), 600)).to.equal(true);
    expect(c.add(rec(9), 1000)).to.equal(1);
    expect(c.cached(rec(1), 1000)).to.equal(false);
    // The first empty or expired slot is taken: at 10_300 slot 0 (added at 0) has expired.
    expect(c.add(rec(10), 10_300)).to.equal(0);
    expect(c.occupied()).to.equal(4);
  });
  it("ratelimit: 2 messages per 5 s per class (corrected vs the rest)", () => {
    const state = new GhesState();
    const e = env("6.18");
    const printed = (sev: number, pa: bigint, now: number): boolean => {
      const est: Estatus = { blockStatus: 1, severity: sev, sections: [{ type: "memory", severity: sev, flags: 0, validationBits: 2, physicalAddress: pa }] };
      const { t } = proc("6.18", src("GPIO", est), e, state, now);
      return t.log.some((l) => l.includes("Hardware error from APEI"));
    };
    expect([printed(0, 0x1000n, 0), printed(0, 0x2000n, 10), printed(0, 0x3000n, 20)]).to.deep.equal([true, true, false]);
    expect(printed(2, 0x4000n, 30), "corrected has its own limit").to.equal(true);
    expect(printed(0, 0x5000n, 5_001), "new window after 5 s").to.equal(true);
    const rl = new RateLimit();
    expect([rl.allow(0), rl.allow(1), rl.allow(5000), rl.allow(5001)]).to.deep.equal([true, true, false, true]);
  });
  it("block severity CORRECTED prints 'It has been corrected by h/w…' (§5.1)", () => {
    const est: Estatus = { blockStatus: 1, severity: 2, sections: [{ type: "memory", severity: 2, flags: 0, validationBits: 0 }] };
    const { t } = proc("6.18", src("GPIO", est));
    expect(t.log.slice(0, 3)).to.deep.equal([
      "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 3",
      "{1}[Hardware Error]: It has been corrected by h/w and requires no further action",
      "{1}[Hardware Error]: event severity: corrected",
    ]);
  });
});

describe("kernel/ghes: the status-block print (__ghes_print_estatus + cper_estatus_print, the CPER renderer's)", () => {
  const print = (v: string, e: Estatus): string[] => proc(v, src("GPIO", e)).t.log.filter((l) => l.startsWith("{1}[Hardware Error]:"));
  it("an abstract block prints as the CPER block it describes: CXL Protocol Error, and a vendor GUID as 'section type: unknown' with length 0x0", () => {
    const e: Estatus = { blockStatus: 1, severity: 0, sections: [{ type: "cxl", kind: "protocol", guid: CXL_PROT_GUID, severity: 0, flags: 0 }, { type: "other", guid: "11111111-2222-3333-4444-555555555555", severity: 0, flags: 0 }] };
    // cper_estatus_print_section(): no valid bits → cper_print_prot_err() prints nothing; an unknown
    // section prints its GUID, "section length: %#x" and a print_hex_dump of 0 bytes (no line).
    expect(print("6.18", e)).to.deep.equal([
      "{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 3",
      "{1}[Hardware Error]: event severity: recoverable",
      "{1}[Hardware Error]:  Error 0, type: recoverable",
      "{1}[Hardware Error]:   section_type: CXL Protocol Error",
      "{1}[Hardware Error]:  Error 1, type: recoverable",
      "{1}[Hardware Error]:   section type: unknown, 11111111-2222-3333-4444-555555555555",
      "{1}[Hardware Error]:   section length: 0x0",
    ]);
  });
  it("an abstract CXL component event prints as its 32-byte header (cper.c has no branch for it: 'section type: unknown'); an unknown component GUID as an empty section", () => {
    const comp = (guid: string): Estatus => ({ blockStatus: 1, severity: 0, sections: [{ type: "cxl", kind: "component", guid, severity: 0, flags: 0 }] });
    expect(estatusTree(comp(CXL_DRAM_GUID)).entries[0]!.section.codec).to.equal("cxl-dram");
    expect(print("6.18", comp(CXL_DRAM_GUID)).slice(3, 5)).to.deep.equal([
      `{1}[Hardware Error]:   section type: unknown, ${CXL_DRAM_GUID}`,
      "{1}[Hardware Error]:   section length: 0x20",
    ]);
    const odd = "11111111-2222-3333-4444-555555555555";
    expect(print("6.18", comp(odd))).to.deep.equal(print("6.18", { blockStatus: 1, severity: 0, sections: [{ type: "other", guid: odd, severity: 0, flags: 0 }] }));
  });
  it("the `armras kernel` record (PA and type valid, type 0) prints 'error_type: 0, unknown' as QEMU's record does (kernel.md §8)", () => {
    expect(print("6.18", REC()).slice(3)).to.deep.equal([
      "{1}[Hardware Error]:   section_type: memory error",
      "{1}[Hardware Error]:   physical_address: 0x0000000800000000",
      "{1}[Hardware Error]:   error_type: 0, unknown",
    ]);
  });
  it("with `raw` the bytes are printed (the abstract shape cannot say the memory error type); undecodable bytes fall back to the shape", () => {
    const bytes = encodeEstatus(estatusTree(REC()));
    expect(print("6.18", { ...REC(), raw: bytes })).to.deep.equal(print("6.18", REC()));
    bytes[20 + 72 + 72] = 3; // MemoryErrorType (UEFI N.2.5 Table N-31 offset 72) = multi-bit ECC
    expect(print("6.18", { ...REC(), raw: bytes })).to.include("{1}[Hardware Error]:   error_type: 3, multi-bit ECC");
    expect(print("6.18", { ...REC(), raw: new Uint8Array(3) })).to.deep.equal(print("6.18", REC()));
  });
  it("the reading kernel's release decides the section lines: the ARM Type byte 0x02 before and after 6.18 (armTypeBitmask)", () => {
    const e: Estatus = { blockStatus: 1, severity: 0, sections: [{ type: "arm", severity: 0, flags: 0, errInfo: [{ type: 0x02, validationBits: 0x10, physicalFaultAddress: PA }] }] };
    expect(print("6.18", e)).to.include("{1}[Hardware Error]:    error_type: 0x02: cache error");
    expect(print("6.13", e)).to.include("{1}[Hardware Error]:    error_type: 2, bus error");
  });
});

function doProc(v: string, e: Estatus, sync: boolean, page: PageInfo | null = { state: "free", mappers: [] }, extra: Partial<GhesEnv> = {}) {
  const t = new Trace();
  const ge = env(v, page, extra);
  const work = ghesDoProc(t, ge, e, sync);
  return { t, work };
}
const mem = (sev: number, secSev: number, flags = 0, vb = 2): Estatus => ({ blockStatus: 1, severity: sev, sections: [{ type: "memory", severity: secSev, flags, validationBits: vb, physicalAddress: PA }] });

describe("kernel/ghes: T4 ghes_do_proc() sections", () => {
  it("P1 memory without PA-valid: report only, nothing queued", () => {
    expect(doProc("6.18", mem(0, 0, 0, 0), false).work).to.deep.equal([]);
  });
  it("P2 corrected section with THRESHOLD_EXCEEDED (0x8): soft offline", () => {
    const { work } = doProc("6.18", mem(2, 2, 0x8), false);
    expect(work).to.deep.equal([{ pfn: PA >> 12n, flags: ["MF_SOFT_OFFLINE"], via: "memory_failure_queue" }]);
    const corrected = doProc("6.18", mem(2, 2, 0), false);
    expect(corrected.work, "without the flag: nothing").to.deep.equal([]);
  });
  it("P3 recoverable with an invalid pfn: FW_WARN 'Invalid address in generic error data'", () => {
    const { t, work } = doProc("6.18", mem(0, 0), false, null);
    expect(work).to.deep.equal([]);
    expect(t.log).to.deep.equal(["[Firmware Warn]: GHES: Invalid address in generic error data: 0x800000000"]);
  });
  // P4 by release: L task_work AR; 6.13 queue(AR)+kick; early M flags 0; E/B flags 0.
  const p4: [string, string[], string][] = [
    ["6.18", ["MF_ACTION_REQUIRED"], "task_work"],
    ["6.13", ["MF_ACTION_REQUIRED"], "memory_failure_queue"],
    ["6.1", [], "memory_failure_queue"],
    ["5.10", [], "memory_failure_queue"],
  ];
  for (const [v, flags, via] of p4) {
    it(`P4 recoverable+sync @${v}: ${via} with flags [${flags.join(",")}]`, () => {
      expect(doProc(v, mem(0, 0), true).work).to.deep.equal([{ pfn: PA >> 12n, flags, via }]);
    });
  }
  it("P4 @6.18 without current->mm (kernel thread): memory_failure_queue, not task_work", () => {
    const k2 = doProc("6.18", mem(0, 0), true, { state: "free", mappers: [] }, { current: { ...CUR, mm: false } });
    expect(k2.work[0]!.via).to.equal("memory_failure_queue");
  });
  it("P5 recoverable, async (IRQ): memory_failure_queue(pfn, 0)", () => {
    expect(doProc("6.18", mem(0, 0), false).work).to.deep.equal([{ pfn: PA >> 12n, flags: [], via: "memory_failure_queue" }]);
  });
  it("P6 other combinations (block CORRECTED/section REC, INFORMATIONAL): none", () => {
    for (const [a, b] of [[2, 0], [0, 2], [3, 0], [0, 3]]) expect(doProc("6.18", mem(a!, b!), false).work, `${a}/${b}`).to.deep.equal([]);
  });
  it("P7 PCIe with device id + AER info: aer_recover_queue, RESET forces FATAL; not 'queued'", () => {
    const pcie = (sev: number, flags: number, ok = true): Estatus => ({ blockStatus: 1, severity: 0, sections: [{ type: "pcie", severity: sev, flags, deviceIdValid: ok, aerInfoValid: ok }] });
    const aer = (e: Estatus) => doProc("6.18", e, false).t.actions.filter((a) => a.kind === "aer_recover_queue").map((a) => (a.kind === "aer_recover_queue" ? a.severity : ""));
    expect(aer(pcie(0, 0))).to.deep.equal(["AER_NONFATAL"]);
    expect(aer(pcie(1, 0))).to.deep.equal(["AER_FATAL"]);
    expect(aer(pcie(2, 0))).to.deep.equal(["AER_CORRECTABLE"]);
    expect(aer(pcie(2, 0x4))).to.deep.equal(["AER_FATAL"]);
    expect(aer(pcie(0, 0, false))).to.deep.equal([]);
  });
  const arm = (type: number, vb = 0x10, sev = 0): Estatus => ({ blockStatus: 1, severity: sev, sections: [{ type: "arm", severity: sev, flags: 0, errInfo: [{ type, validationBits: vb, physicalFaultAddress: PA }] }] });
  it("P8 ARM processor cache error with PA: memory_failure — type bitmask (BIT(1)) in 6.18, enum (0) in 6.13 (§12.6)", () => {
    expect(doProc("6.18", arm(0x02), true).work).to.have.length(1);
    expect(doProc("6.18", arm(0x00), true).work).to.have.length(0);
    expect(doProc("6.13", arm(0x00), true).work).to.have.length(1);
    expect(doProc("6.13", arm(0x02), true).work).to.have.length(0);
  });
  it("P8 E/B (4.19): ARM processor sections are logged only", () => {
    expect(doProc("4.19", arm(0x00), false).work).to.deep.equal([]);
  });
  it("P9 not a cache error or no PA: 'Unhandled processor error type' FW_WARN, by release", () => {
    expect(doProc("6.18", arm(0x04), false).t.log).to.deep.equal(["[Firmware Warn]: GHES: Unhandled processor error type 0x04: TLB error"]);
    expect(doProc("6.13", arm(0x01), false).t.log).to.deep.equal(["[Firmware Warn]: GHES: Unhandled processor error type: TLB error"]);
    expect(doProc("6.18", arm(0x02, 0), false).t.log[0]).to.match(/Unhandled processor error type 0x02/);
    // synchronous (SEA): the FW_WARN, then P12 because nothing was queued
    expect(doProc("6.18", arm(0x04), true).t.log).to.deep.equal([
      "[Firmware Warn]: GHES: Unhandled processor error type 0x04: TLB error",
      "GHES GHES.0: [Hardware Error]: GHES: app:77: synchronous unrecoverable error (SIGBUS)",
    ]);
    // The bitmask reading names the set bits as the CPER printer does (cper_bits_to_str), empty for
    // none, and flags reserved bits: real Debian 6.1.192 and 6.12.118 under QEMU (issue 12).
    expect(doProc("6.18", arm(0x00), false).t.log).to.deep.equal(["[Firmware Warn]: GHES: Unhandled processor error type 0x00: "]);
    expect(doProc("6.18", arm(0x01), false).t.log).to.deep.equal(["[Firmware Warn]: GHES: Unhandled processor error type 0x01:  with reserved bit(s)"]);
  });
  it("P10 ARM section with block or section severity not recoverable: trace only", () => {
    const { t, work } = doProc("6.18", arm(0x02, 0x10, 2), false);
    expect(work).to.deep.equal([]);
    expect(t.log).to.deep.equal([]);
  });
  it("P11 CXL and vendor sections: handed on, not 'queued'", () => {
    const e: Estatus = { blockStatus: 1, severity: 0, sections: [{ type: "cxl", kind: "protocol", guid: CXL_PROT_GUID, severity: 0, flags: 0 }, { type: "other", guid: "11111111-2222-3333-4444-555555555555", severity: 0, flags: 0 }] };
    const { t } = doProc("6.18", e, false);
    expect(t.actions.map((a) => a.kind)).to.deep.equal(["cxl_work", "vendor_notifier"]);
  });
  it("P11 CXL sections by release: component events from 6.8, protocol errors from 6.15; before, the non-standard path names the GUID (boundaries ghesCxlComponentEvents, ghesCxlProtocolErrors)", () => {
    const cxl = (kind: "protocol" | "component", guid: string): Estatus => ({ blockStatus: 1, severity: 0, sections: [{ type: "cxl", kind, guid, severity: 0, flags: 0 }] });
    const vendor = (guid: string): Estatus => ({ blockStatus: 1, severity: 0, sections: [{ type: "other", guid, severity: 0, flags: 0 }] });
    const cases: [string, "protocol" | "component", string, boolean][] = [
      ["6.7", "component", CXL_DRAM_GUID, false],
      ["6.8", "component", CXL_DRAM_GUID, true],
      ["6.14", "protocol", CXL_PROT_GUID, false],
      ["6.15", "protocol", CXL_PROT_GUID, true],
    ];
    for (const [v, kind, guid, handed] of cases) {
      const { t } = doProc(v, cxl(kind, guid), false);
      const d = t.finish();
      expect(d.outcome.host, `${kind} ${v}`).to.equal("running");
      if (handed) {
        expect(t.actions, `${kind} ${v}`).to.deep.equal([{ kind: "cxl_work", actor: "host" }]);
        expect(d.steps.map((s) => [s.rule, s.models, s.text]), `${kind} ${v}`).to.deep.equal([["T4.P11", "drivers/acpi/apei/ghes.c ghes_do_proc()", "CXL section: handed to the CXL work queues"]]);
      } else {
        // Exactly what an unknown vendor GUID gets (the same code path), with this section's GUID.
        const other = doProc(v, vendor(guid), false).t;
        expect(t.actions, `${kind} ${v}`).to.deep.equal([{ kind: "vendor_notifier", actor: "host", sectionType: guid }]);
        expect(t.actions).to.deep.equal(other.actions);
        expect(d.steps).to.deep.equal(other.finish().steps);
        expect(d.steps.map((s) => s.models)).to.deep.equal(["drivers/acpi/apei/ghes.c ghes_defer_non_standard_event()"]);
      }
      expect(t.log, `${kind} ${v}: no line of its own`).to.deep.equal([]);
    }
    // The component-event dispatch does not bring the protocol one (and vice versa is impossible by release order).
    expect(doProc("6.14", cxl("component", CXL_DRAM_GUID), false).t.actions.map((a) => a.kind)).to.deep.equal(["cxl_work"]);
    expect(doProc("6.8", cxl("protocol", CXL_PROT_GUID), false).t.actions.map((a) => a.kind)).to.deep.equal(["vendor_notifier"]);
  });
  it("P12 sync and nothing queued: 'synchronous unrecoverable error (SIGBUS)' + SIGBUS SI_KERNEL to current (6.17+, 6.1.164)", () => {
    // dev_err(ghes->dev, HW_ERR GHES_PFX …) upstream (as real 6.12.118 prints it); the 6.1 backport's
    // pr_err(GHES_PFX …) has neither the device nor HW_ERR (real 6.1.192 under QEMU, issue 12).
    for (const v of ["6.18", "6.17", "6.1.164"]) {
      const { t } = doProc(v, mem(0, 0, 0, 0), true);
      const line = v === "6.1.164" ? "GHES: app:77: synchronous unrecoverable error (SIGBUS)" : "GHES GHES.0: [Hardware Error]: GHES: app:77: synchronous unrecoverable error (SIGBUS)";
      expect(t.log, v).to.deep.equal([line]);
      expect(t.actions.find((a) => a.kind === "signal"), v).to.deep.include({ signal: "SIGBUS", code: "SI_KERNEL", target: "app:77" });
    }
    for (const v of ["6.13", "6.1", "5.10"]) expect(doProc(v, mem(0, 0, 0, 0), true).t.log, v).to.deep.equal([]);
    expect(doProc("6.18", mem(0, 0, 0, 0), false).t.log, "async: never").to.deep.equal([]);
  });
  it("'queued' is assigned per section: the last memory/ARM section decides P12", () => {
    const e: Estatus = { blockStatus: 1, severity: 0, sections: [mem(0, 0).sections[0]!, { ...mem(0, 0, 0, 0).sections[0]! }] };
    expect(doProc("6.18", e, true).t.log).to.deep.equal(["GHES GHES.0: [Hardware Error]: GHES: app:77: synchronous unrecoverable error (SIGBUS)"]);
    const e2: Estatus = { blockStatus: 1, severity: 0, sections: [{ ...mem(0, 0, 0, 0).sections[0]! }, mem(0, 0).sections[0]!] };
    expect(doProc("6.18", e2, true).t.log).to.deep.equal([]);
  });
  it("ghesArmInfoLength: from 6.12.118 (and 7.0) the ARM error-info walk stops at error_data_length; a section shorter than its header only warns", () => {
    const arm = (len: number, n: number): Estatus => ({
      blockStatus: 1,
      severity: 0,
      sections: [{ type: "arm", severity: 0, flags: 0, errorDataLength: len, errInfo: Array.from({ length: n }, (_, i) => ({ type: i === 0 ? 0x10 : 0x08, validationBits: 0, length: 32 })) }],
    });
    const unhandled = (v: string, e: Estatus) => doProc(v, e, false).t.log.filter((l) => l.includes("Unhandled processor error type"));
    // Real 6.12.118 under QEMU: a 64-byte section with one entry prints no entry; a 104-byte one with two prints both.
    expect(unhandled("6.12.118", arm(64, 1))).to.deep.equal([]);
    expect(unhandled("6.12.118", arm(104, 2))).to.have.length(2);
    expect(unhandled("6.1.192", arm(64, 1)), "6.1.192 walks ERR_INFO_NUM entries").to.have.length(1);
    expect(doProc("7.0", arm(24, 1), false).t.log).to.deep.equal(["[Firmware Bug]: arm error length: 24", "[Firmware Bug]: length is too small", "[Firmware Bug]: firmware-generated error record is incorrect"]);
  });
  it("'queued |=' in builds with ghesQueuedAny (Debian 6.12.118 under QEMU): an earlier queued section keeps P12 away; 6.1.192 keeps the last-section rule", () => {
    const e: Estatus = { blockStatus: 1, severity: 0, sections: [mem(0, 0).sections[0]!, { ...mem(0, 0, 0, 0).sections[0]! }] };
    expect(doProc("6.12.118", e, true).t.log).to.deep.equal([]);
    expect(doProc("6.12.117", e, true).t.log, "before the observed build: the last section decides").to.deep.equal(["GHES GHES.0: [Hardware Error]: GHES: app:77: synchronous unrecoverable error (SIGBUS)"]);
    expect(doProc("6.1.192", e, true).t.log).to.deep.equal(["GHES: app:77: synchronous unrecoverable error (SIGBUS)"]);
  });
  it("P13 task_work memory_failure_cb: a failing memory_failure() sends SIGBUS (6.18)", () => {
    const t = new Trace();
    const e = env("6.18", { state: "kernel", mappers: [] });
    const work = ghesDoProc(t, e, mem(0, 0), true);
    runDeferred(t, e, work, "return to user");
    expect(t.log).to.deep.equal(["Memory failure: 0x800000: recovery action for reserved kernel page: Ignored", "0x800000: Sending SIGBUS to app:77 due to hardware memory corruption"]);
    expect(t.outcome.host).to.equal("signal");
    expect(t.steps.map((s) => s.rule)).to.include("T4.P13");
  });
  it("CONFIG_ACPI_APEI_MEMORY_FAILURE=n: nothing queued", () => {
    expect(doProc("6.18", mem(0, 0), false, null, { memoryFailureConfig: false }).work).to.deep.equal([]);
  });
});


describe("kernel/ghes: SDEI (the arm64 firmware-first asynchronous path, §1/§4)", () => {
  const qemu = { comm: "qemu-system-aar", pid: 5000, va: 0xffff0000n, earlyKill: true, isCurrent: false };
  it("a recoverable memory error over SDEI: async → memory_failure_queue(pfn, 0) → early-kill VMM gets BUS_MCEERR_AO (the seed's first half)", () => {
    const e = env("6.18", { state: "dirty-lru", mappers: [qemu] });
    const t = new Trace();
    const r = ghesNotifySdei(t, e, new GhesState(), src("SOFTWARE_DELEGATED", REC()), 0);
    expect(r.rc).to.equal(0);
    expect(r.deferred).to.deep.equal([{ pfn: PA >> 12n, flags: [], via: "memory_failure_queue" }]);
    runDeferred(t, e, r.deferred, "memory_failure workqueue");
    expect(t.actions.find((a) => a.kind === "signal")).to.deep.include({ code: "BUS_MCEERR_AO", target: "qemu-system-aar:5000" });
    expect(t.log, "no P12: SDEI is not synchronous").to.not.include("GHES GHES.0: [Hardware Error]: GHES: app:77: synchronous unrecoverable error (SIGBUS)");
  });
  it("SDEI shares the NMI-like cache claim and the fatal panic", () => {
    const state = new GhesState();
    ghesNotifySdei(new Trace(), env("6.18"), state, src("SOFTWARE_DELEGATED", REC()), 0);
    const again = new Trace();
    expect(ghesNotifySdei(again, env("6.18"), state, src("SOFTWARE_DELEGATED", REC()), 5000).deferred).to.deep.equal([]);
    expect(again.steps.map((s) => s.rule)).to.include("T3.7");
    const fatal = new Trace();
    ghesNotifySdei(fatal, env("6.18"), new GhesState(), src("SOFTWARE_DELEGATED", { ...REC(), severity: 1 }), 0);
    expect(fatal.outcome.host).to.equal("panic");
    const none = new Trace();
    expect(ghesNotifySdei(none, env("6.18"), new GhesState(), src("SOFTWARE_DELEGATED", null), 0).rc).to.equal(-2);
  });
});
