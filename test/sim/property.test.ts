// Property: thousands of generated scenarios — each is either rejected by validation with a
// ScenarioError naming a key, or runs without throwing and ends with every actor in a known
// state with a reason (no unexplained state).
import { expect } from "chai";
import fc from "fast-check";
import { OUTCOME_STATES, LAYERS } from "../../src/sim/trace.js";
import { runScenario, ScenarioError, validateScenario } from "../../src/sim/index.js";

const VERSIONS = ["4.4", "4.9", "4.12", "4.14", "4.19", "5.4", "5.10", "6.1", "6.13", "6.17-rc2", "6.17.7", "6.18"];
const NOTIFY = ["sea", "gsiv", "sdei", "polled", "gpio", "sei", "local", "sci", "external"];
const PAGES = {
  user: { pa: "0x80010000", owner: "host-process", process: "db", va: "0xaaaa00010000" },
  guest: { pa: "0x80020000", owner: "guest-ram", va: "0xffff80020000", gpa: "0x40020000", guest_owner: "guest-process", guest_process: "app", guest_va: "0xaaaa00020000" },
  guestKernel: { pa: "0x80030000", owner: "guest-ram", va: "0xffff80030000", gpa: "0x40030000", guest_owner: "guest-kernel" },
  kernel: { pa: "0x80040000", owner: "host-kernel" },
  free: { pa: "0x80050000", owner: "free" },
  vmm: { pa: "0x80060000", owner: "vmm", va: "0xffff80060000" },
};

const event = fc.oneof(
  fc.record({
    event: fc.constant("poison-consumed"),
    target: fc.constantFrom("user", "kernel", "free", "guest", "guestKernel", "vmm"),
    report: fc.constantFrom("sea", "serror"),
    aet: fc.constantFrom("UC", "UEU", "UEO", "UER", "CE"),
    cper: fc.boolean(),
    repeat: fc.integer({ min: 1, max: 5 }),
    interval: fc.constantFrom(1, 10_000),
    in_interrupt: fc.boolean(),
    source: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    cper_pa: fc.option(fc.constantFrom("0x4000000000", "0x80050000"), { nil: undefined }),
  }),
  fc.record({ event: fc.constant("serror"), esr: fc.integer({ min: 0, max: 0x1ffffff }).map((iss) => "0x" + ((0x2f * 2 ** 26 + 2 ** 25 + iss) >>> 0).toString(16)), from: fc.constantFrom("el0", "el1", "guest") }),
  fc.record({ event: fc.constant("corrected-error"), count: fc.integer({ min: 1, max: 20 }), threshold: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ event: fc.constant("pcie-error"), bus: fc.integer({ min: 0, max: 255 }), device: fc.integer({ min: 0, max: 31 }), severity: fc.constantFrom("corrected", "recoverable", "fatal") }),
  fc.record({ event: fc.constant("error-record"), node: fc.integer({ min: 0, max: 1 }), status: fc.integer({ min: 0, max: 0xffffffff }).map((v) => "0x" + ((v | 0x40000000) >>> 0).toString(16)), addr: fc.constantFrom("0x80010000", "0x80040000") }),
  fc.record({ event: fc.constant("ghes-record"), severity: fc.constantFrom("recoverable", "fatal", "corrected", "info"), source: fc.integer({ min: 0, max: 3 }) }),
);

const scenario = fc.record({
  firmware: fc.constantFrom("firmware-first", "kernel-first"),
  ras: fc.boolean(),
  vhe: fc.boolean(),
  host: fc.constantFrom(...VERSIONS),
  guestKernel: fc.constantFrom(...VERSIONS),
  withGuest: fc.boolean(),
  guestGhes: fc.boolean(),
  qemu: fc.constantFrom("4.2", "5.1", "9.2", "10.1"),
  panicOnOops: fc.boolean(),
  earlyKill: fc.boolean(),
  handler: fc.boolean(),
  hest: fc.uniqueArray(fc.constantFrom(...NOTIFY), { minLength: 0, maxLength: 4 }),
  v1: fc.boolean(),
  preempt: fc.boolean(),
  apeiSea: fc.boolean(),
  pfnmap: fc.constantFrom(undefined, "free", "reserved"),
  guestHole: fc.boolean(),
  events: fc.array(event, { minLength: 1, maxLength: 4 }),
});

type Gen = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(g: Gen): unknown {
  // Firmware-first needs somewhere to report asynchronous errors: keep one non-SEA source.
  const hest = g.firmware === "firmware-first" && !g.hest.some((n) => n !== "sea") ? [...g.hest, "gsiv"] : g.hest;
  const asyncIds = hest.flatMap((n, i) => (n === "sea" ? [] : [i]));
  const user = g.pfnmap === undefined ? PAGES.user : { ...PAGES.user, mapping: "pfnmap", pfn_state: g.pfnmap };
  const pages: unknown[] = [user, PAGES.kernel, PAGES.free];
  if (g.withGuest) pages.push(PAGES.guest, PAGES.guestKernel, PAGES.vmm);
  const timeline = g.events.map((e, i) => {
    const at = i * 700;
    const { event: kind, ...rest } = e as Record<string, unknown>;
    if (kind === "serror" && rest["from"] === "guest" && !g.withGuest) rest["from"] = "el1";
    if (kind === "corrected-error" || kind === "ghes-record") rest["pa"] = PAGES.user.pa;
    if (kind === "error-record" && !g.ras) return { at, event: "serror", esr: "0xbe000811", from: "el0" };
    if (kind === "ghes-record") {
      if (asyncIds.length === 0) return { at, event: "serror", esr: "0xbe000c11", from: "el0" };
      rest["source"] = asyncIds[(rest["source"] as number) % asyncIds.length];
    }
    if (kind === "poison-consumed") {
      const t = rest as { target: keyof typeof PAGES } & Record<string, unknown>;
      if (!g.withGuest && (t.target === "guest" || t.target === "guestKernel" || t.target === "vmm")) t.target = "user";
      const src = t["source"] as number | undefined;
      if (src !== undefined && (src >= hest.length || (t["report"] === "serror" && hest[src] === "sea"))) delete t["source"];
      const page = PAGES[t.target] as { pa: string };
      const by = t.target === "user" ? "host-process" : t.target === "guest" ? "guest-process" : t.target === "guestKernel" ? "guest-kernel" : "host-kernel";
      const o: Record<string, unknown> = { at, event: kind, pa: page.pa, by, report: t["report"], repeat: t["repeat"], interval: t["interval"] };
      if (t["report"] === "serror") o["aet"] = t["aet"];
      if (g.firmware === "firmware-first") {
        o["cper"] = t["cper"];
        if (t["source"] !== undefined) o["source"] = t["source"];
        if (t["cper_pa"] !== undefined) o["cper_pa"] = t["cper_pa"];
      }
      if (by.endsWith("kernel")) o["in_interrupt"] = t["in_interrupt"];
      return o;
    }
    return { at, event: kind, ...rest };
  });
  return {
    name: "generated",
    machine: {
      cores: 2,
      features: { FEAT_RAS: g.ras, FEAT_IESB: g.ras, FEAT_VHE: g.vhe },
      memory: { base: "0x80000000", size: "0x100000" },
      pages,
      hest: hest.map((n, id) => ({ id, type: g.v1 && id % 2 ? "ghes" : "ghesv2", notify: n })),
    },
    software: {
      firmware: g.firmware,
      host: { kernel: g.host, config: { PREEMPT: g.preempt, ACPI_APEI_SEA: g.apeiSea }, panic_on_oops: g.panicOnOops, processes: [{ name: "db", pid: 100, early_kill: g.earlyKill, sigbus_handler: g.handler }] },
      ...(g.withGuest
        ? { guest: { kernel: g.guestKernel, ghes: g.guestGhes, ...(g.guestHole ? { memory: [{ base: "0x40000000", size: "0x20000" }] } : {}), processes: [{ name: "app", pid: 200, sigbus_handler: g.handler }] }, vmm: { name: "qemu", version: g.qemu, pid: 300 } }
        : {}),
    },
    timeline,
  };
}

describe("sim: property over generated scenarios", () => {
  it("no scenario throws, ends in an unexplained state, or has an outcome without a reason", function () {
    this.timeout(120_000);
    let ran = 0;
    let rejected = 0;
    fc.assert(
      fc.property(scenario, (g) => {
        let s;
        try {
          s = validateScenario(build(g));
        } catch (e) {
          expect(e, String(e)).to.be.instanceOf(ScenarioError);
          expect((e as ScenarioError).path).to.not.equal("");
          rejected++;
          return;
        }
        const r = runScenario(s);
        ran++;
        // Plain checks (chai per step would dominate the run time).
        const fail = (m: string): never => expect.fail(m);
        if (!r.outcome["host"]) fail("no host outcome");
        if (s.guest && !r.outcome["guest"]) fail("no guest outcome");
        for (const [actor, o] of Object.entries(r.outcome)) {
          if (!OUTCOME_STATES.includes(o.state)) fail(`${actor}: state ${o.state}`);
          if (typeof o.reason !== "string" || o.reason === "") fail(`${actor}: outcome without a reason`);
          if (o.state === "panic" && typeof o.message !== "string") fail(`${actor}: panic without a message`);
        }
        for (const st of r.steps) if (!LAYERS.includes(st.layer) || st.what === "") fail(`step ${st.n}: ${st.layer} '${st.what}'`);
        // A panicked kernel takes its processes with it.
        if (r.outcome["host"]!.state === "panic") for (const [a, o] of Object.entries(r.outcome)) if (a.startsWith("host:")) expect(o.state, a).to.equal("killed");
        // Every kernel panic is the last line that kernel printed.
        const hostLines = r.log.filter((l) => !l.startsWith("guest: "));
        if (r.outcome["host"]!.state === "panic") expect(hostLines.at(-1)).to.match(/^Kernel panic - not syncing: /);
        // The host's die() header says PREEMPT exactly when the scenario's kernel config does.
        for (const l of hostLines) if (l.startsWith("Internal error: ") && / PREEMPT SMP$/.test(l) !== g.preempt) fail(`PREEMPT mismatch: ${l}`);
      }),
      { numRuns: 2000, seed: 20260125 },
    );
    expect(ran, `${rejected} rejected`).to.be.greaterThan(1500);
  });
});
