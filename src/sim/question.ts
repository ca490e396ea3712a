// One-question answers (`armras kernel serror|sea`): the question's options become a one-event
// scenario (the same JSON language as `armras sim`), the simulator runs it, and the kernel
// decisions the run made are read back as one Decision (steps, log, actions and outcome in order).
import { Trace, worse, type Actor, type ActorOutcome, type Decision, type Step } from "../kernel/decision.js";
import { CONFIG_NAMES, DEFAULT_CONFIG, type KernelConfig } from "../kernel/config.js";
import type { PageState } from "../kernel/memory-failure.js";
import type { KernelVersion } from "../linux/version.js";
import { encodeRecord, MEM_ERROR_TYPE } from "./adapters/cper.js";
import { runScenario, type SimResult } from "./run.js";
import { DEFAULT_GPA, DEFAULT_HVA, DEFAULT_PA, DEFAULT_TASK, GUEST_TASK, GUEST_VA, PAGE_SIZE, QEMU_MAIN } from "./scenario/defaults.js";
import { validateScenario } from "./scenario/validate.js";
import type { Scenario } from "./scenario/types.js";

export type From = "el0" | "el1" | "guest";

export interface SerrorQuestion {
  readonly esr: bigint;
  readonly kernel: KernelVersion;
  readonly guestKernel: KernelVersion;
  readonly from: From;
  readonly ras: boolean;
  readonly cpu: number;
  /** Guest PSTATE.A clear when the vSError is injected (v6.18 emulates the entry). Default false. */
  readonly guestSerrorsUnmasked?: boolean;
}

export interface SeaQuestion {
  readonly esr: bigint;
  readonly kernel: KernelVersion;
  readonly guestKernel: KernelVersion;
  readonly from: From;
  /** Firmware-first: firmware writes a record to an SEA-notified GHESv2 source (false: it forwards the abort only). */
  readonly claimed: boolean;
  readonly far: bigint;
  readonly cpu: number;
  readonly ras: boolean;
  readonly page: PageState;
  readonly panicOnOops: boolean;
  readonly inInterrupt: boolean;
  /** EL the guest was at when it touched the page (QEMU's SEA ESR). Default 0. */
  readonly guestEl?: 0 | 1;
  /** Guest SEA only: QEMU's read_ack (1 = previous CPER acknowledged). Default 1. */
  readonly readAck?: 0 | 1;
  /** Guest SEA only: guest has GHES (virt,ras=on + ACPI). Default true. */
  readonly guestGhes?: boolean;
  readonly config?: KernelConfig;
  readonly guestConfig?: KernelConfig;
  /** The Generic Error Status Block firmware writes when `claimed` (default: defaultRecord()). */
  readonly record?: Uint8Array;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** The options that differ from DEFAULT_CONFIG, as software.*.config wants them. */
function configJson(c: KernelConfig | undefined): Record<string, boolean> | undefined {
  if (!c) return undefined;
  const diff = CONFIG_NAMES.filter((k) => c[k] !== DEFAULT_CONFIG[k]);
  return diff.length ? Object.fromEntries(diff.map((k) => [k, c[k]])) : undefined;
}

function features(ras: boolean): Record<string, boolean> {
  return ras ? {} : { FEAT_RAS: false, FEAT_IESB: false };
}

/**
 * The record firmware (or QEMU) writes for a consumed poisoned line: a recoverable memory error
 * with its physical address and error type "unknown" (as QEMU's ghes_record_cper_errors() does).
 */
export function defaultRecord(pa: bigint): Uint8Array {
  return encodeRecord({ blockStatus: 1, severity: "recoverable", sectionSeverity: "recoverable", flags: 0, section: { kind: "memory", pa, errorType: MEM_ERROR_TYPE.unknown } });
}

/** `armras kernel serror` as a scenario: one SError of the given syndrome, kernel-first (the ESR alone decides). */
export function serrorScenario(q: SerrorQuestion): Record<string, unknown> {
  const guest = q.from === "guest";
  return {
    name: "kernel-serror",
    description: `one SError, ESR ${hex(q.esr)}, from ${q.from} on CPU${q.cpu}`,
    machine: { cores: q.cpu + 1, features: features(q.ras) },
    software: {
      firmware: "kernel-first",
      host: { kernel: q.kernel.text },
      // The guest's GHES plays no part in an SError (KVM judges it by its ESR).
      ...(guest ? { guest: { kernel: q.guestKernel.text, ghes: false, serrors_unmasked: q.guestSerrorsUnmasked ?? false }, vmm: { pid: QEMU_MAIN.pid } } : {}),
    },
    timeline: [{ event: "serror", esr: hex(q.esr), from: q.from, cpu: q.cpu, ...(guest ? { vcpu: 0 } : {}) }],
  };
}

/** Page keys of the poisoned page for a --page state (docs/sim.md "pages"). */
function pageKeys(page: PageState): Record<string, unknown> {
  switch (page) {
    case "dirty-lru":
      return { dirty: true };
    case "clean-lru":
      return { dirty: false };
    case "huge":
    case "unmap-failed":
    case "hwpoisoned":
      return { state: page };
    case "free":
      return { mapping: "pfnmap", pfn_state: "free" };
    case "kernel":
      return { mapping: "pfnmap", pfn_state: "reserved" };
    case "kernel-high-order":
    case "offline":
      return { mapping: "pfnmap", pfn_state: page };
  }
}

/**
 * `armras kernel sea` as a scenario: the line at DEFAULT_PA, mapped by the host process "app"
 * (or QEMU's guest RAM), is consumed once; firmware-first with one GHESv2 SEA source.
 */
export function seaScenario(q: SeaQuestion): Record<string, unknown> {
  const guest = q.from === "guest";
  const off = q.far & (PAGE_SIZE - 1n);
  const pa = guest ? DEFAULT_PA : DEFAULT_PA | off;
  const guestEl = q.guestEl ?? 0;
  const page = guest
    ? { pa: hex(DEFAULT_PA), owner: "guest-ram", va: hex(DEFAULT_HVA), gpa: hex(DEFAULT_GPA), guest_owner: "guest-process", guest_process: GUEST_TASK.comm, guest_va: hex(GUEST_VA), ...(q.page === "dirty-lru" ? {} : { state: q.page }) }
    : { pa: hex(DEFAULT_PA), owner: "host-process", process: DEFAULT_TASK.comm, va: hex(q.far & ~(PAGE_SIZE - 1n) & ((1n << 48n) - 1n)), ...pageKeys(q.page) };
  const by = guest ? (guestEl === 0 ? "guest-process" : "guest-kernel") : q.from === "el0" ? "host-process" : "host-kernel";
  const record = q.claimed ? (q.record ?? defaultRecord(DEFAULT_PA)) : undefined;
  const hostConfig = configJson(q.config);
  const guestConfig = configJson(q.guestConfig);
  return {
    name: "kernel-sea",
    description: `one synchronous external abort, ESR ${hex(q.esr)}, from ${q.from} on CPU${q.cpu}`,
    machine: {
      cores: q.cpu + 1,
      features: features(q.ras),
      memory: { base: "0x800000000", size: "0x100000000" },
      pages: [page],
      // Host --claimed no: no firmware-first at all (as on the boards of the real logs test/kernel/old-releases.test.ts
      // reproduces). A guest's --claimed no: firmware forwards the abort without a record (KVM still sees it, TEA or not).
      ...(q.claimed || guest ? { hest: [{ id: 0, type: "ghesv2", notify: "sea" }] } : {}),
    },
    software: {
      firmware: q.claimed || guest ? "firmware-first" : "kernel-first",
      host: {
        kernel: q.kernel.text,
        ...(hostConfig ? { config: hostConfig } : {}),
        ...(q.panicOnOops ? { panic_on_oops: true } : {}),
        processes: guest ? [] : [{ name: DEFAULT_TASK.comm, pid: DEFAULT_TASK.pid }],
      },
      ...(guest
        ? {
            guest: {
              kernel: q.guestKernel.text, ...(guestConfig ? { config: guestConfig } : {}), ghes: q.guestGhes ?? true, serrors_unmasked: false,
              processes: [{ name: GUEST_TASK.comm, pid: GUEST_TASK.pid }],
            },
            vmm: { pid: QEMU_MAIN.pid, ...(q.readAck === 0 ? { read_ack: 0 } : {}) },
          }
        : {}),
    },
    timeline: [
      {
        event: "poison-consumed", pa: hex(pa), by, cpu: q.cpu, esr: hex(q.esr),
        ...(by === "host-kernel" || by === "guest-kernel" ? { process: by === "guest-kernel" ? GUEST_TASK.comm : DEFAULT_TASK.comm } : {}),
        ...(by === "host-kernel" ? { va: hex(q.far) } : {}),
        ...(q.inInterrupt && by === "host-kernel" ? { in_interrupt: true } : {}),
        ...(record !== undefined ? { cper: Buffer.from(record).toString("hex") } : guest ? { cper: false } : {}),
      },
    ],
  };
}

/** A simulator run read back as one kernel decision (the steps, lines and actions of every kernel involved, in order). */
export function asDecision(r: SimResult): Decision {
  const steps: Step[] = [];
  const t = new Trace("host");
  const outcome: Partial<Record<Actor, ActorOutcome>> = {};
  let reason: Step | undefined;
  for (const { d, decided } of r.decisions) {
    steps.push(...d.steps);
    t.log.push(...d.log);
    t.actions.push(...d.actions);
    for (const n of d.notes) t.note(n);
    for (const [k, v] of Object.entries(d.outcome) as [Actor, ActorOutcome][]) outcome[k] = worse(outcome[k], v);
    if (decided) reason = d.reason;
  }
  for (const n of r.notes) t.note(n);
  reason ??= steps[steps.length - 1];
  if (!reason) throw new Error("asDecision: the run made no kernel decision");
  return Object.freeze({ outcome: { host: "running" as ActorOutcome, ...outcome }, reason, steps, log: t.log, actions: t.actions, notes: t.notes });
}

/** Validates a one-question scenario and runs it. */
export function runQuestion(json: Record<string, unknown>): { scenario: Scenario; result: SimResult; decision: Decision } {
  const scenario = validateScenario(json);
  const result = runScenario(scenario);
  return { scenario, result, decision: asDecision(result) };
}

/** `armras kernel serror` as a function: the one-event scenario's run as one decision (throws ScenarioError on an invalid question). */
export function answerSerror(q: SerrorQuestion): Decision {
  return runQuestion(serrorScenario(q)).decision;
}

/** `armras kernel sea` as a function: the one-event scenario's run as one decision (throws ScenarioError on an invalid question). */
export function answerSea(q: SeaQuestion): Decision {
  return runQuestion(seaScenario(q)).decision;
}
