// `armras take` scenarios as the engine runs them: a machine (features, reset, PSTATE, PC,
// registers) and its events, executed one by one on a PE. The JSON form and its validation are
// the command's (src/cli/commands/take-scenario.ts).
import { hex } from "../arch/bits.js";
import { hasFeature, type FeatureSet } from "../arch/features.js";
import type { Pstate } from "../arch/pstate.js";
import { SYSTEM_REGISTERS } from "../sysregs/catalog.js";
import { ERR_RECORD_REGS } from "../sysregs/decl.js";
import { RegisterFile } from "../sysregs/register-file.js";
import type { ErrorType } from "./abort.js";
import { PE } from "./pe.js";
import type { RecordedError } from "./records.js";
import { showValue, type Trace } from "./trace.js";

/** A scenario that cannot be run: names the JSON path and the problem. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export type ScenarioEvent =
  | { readonly op: "serror"; readonly iss: number; readonly inFlight: boolean }
  | { readonly op: "vserror"; readonly vsesr?: bigint }
  | { readonly op: "esb" }
  | { readonly op: "eret" }
  | { readonly op: "sea"; readonly errorType: ErrorType; readonly va?: bigint; readonly write: boolean; readonly fetch: boolean; readonly ea: 0 | 1 }
  | { readonly op: "record"; readonly record: number; readonly error: RecordedError }
  | { readonly op: "msr"; readonly reg: string; readonly value: bigint; readonly rt?: number }
  | { readonly op: "mrs"; readonly reg: string; readonly rt?: number }
  | { readonly op: "svc" | "hvc" | "smc"; readonly imm: number }
  | { readonly op: "irq" | "fiq"; readonly level: boolean };

export interface Scenario {
  readonly description?: string;
  readonly features: FeatureSet;
  /** MIDR_EL1 of the core preset the features came from (undefined: the register's reset, Neoverse N1). */
  readonly midr?: bigint;
  readonly reset: "zero" | "architectural";
  readonly pstate: Pstate;
  readonly pc: bigint;
  /** Initial register values, in file order (hardware writes). */
  readonly registers: readonly (readonly [string, bigint])[];
  readonly events: readonly ScenarioEvent[];
}

// ---- running -------------------------------------------------------------

export interface EventResult {
  readonly index: number;
  readonly op: ScenarioEvent["op"];
  readonly summary: string;
  readonly trace: Trace;
  /** The value an MRS read, or null when it trapped. */
  readonly value?: string | null;
}

export interface ScenarioResult {
  readonly initial: string;
  readonly events: readonly EventResult[];
  readonly final: {
    readonly pstate: Pstate;
    readonly pc: bigint;
    readonly state: string;
    readonly pendingSError: boolean;
    readonly pendingSErrorIss: number | null;
    readonly irq: boolean;
    readonly fiq: boolean;
    readonly rasInterrupts: readonly { kind: string; record: number; why: string }[];
    /** Registers whose value differs from the reset value, in catalog order. */
    readonly registers: readonly (readonly [string, string])[];
  };
}

function summary(e: ScenarioEvent): string {
  switch (e.op) {
    case "serror":
      return `SError ${e.inFlight ? "signalled (in flight)" : "asserted"}, ISS ${hex(e.iss)}`;
    case "vserror":
      return `virtual SError injected${e.vsesr !== undefined ? `, VSESR_EL2 ${hex(e.vsesr)}` : ""}`;
    case "esb":
      return "ESB";
    case "eret":
      return "ERET";
    case "sea":
      return `synchronous External abort (${e.errorType}) on a ${e.fetch ? "fetch" : e.write ? "write" : "read"}${e.va !== undefined ? ` of ${hex(e.va)}` : ""}`;
    case "record":
      return `${e.error.type} error recorded in ERR${e.record}${e.error.signal && e.error.signal !== "none" ? `, signalled as ${e.error.signal}` : ""}`;
    case "msr":
      return `MSR ${e.reg}, ${e.rt !== undefined ? `X${e.rt} = ` : ""}${hex(e.value)}`;
    case "mrs":
      return `MRS ${e.rt !== undefined ? `X${e.rt}, ` : ""}${e.reg}`;
    case "svc":
    case "hvc":
    case "smc":
      return `${e.op.toUpperCase()} #${hex(e.imm)}`;
    case "irq":
    case "fiq":
      return `${e.op.toUpperCase()} line ${e.level ? "asserted" : "deasserted"}`;
  }
}

function registerNames(f: FeatureSet): string[] {
  const names: string[] = [];
  for (const d of SYSTEM_REGISTERS) if (!d.window && (d.feature === undefined || hasFeature(f, d.feature))) names.push(d.name);
  if (f.FEAT_RAS) {
    for (let n = 0; n < f.errorRecords; n++) {
      for (const r of ERR_RECORD_REGS) if (f.FEAT_RASv1p1 || (r !== "MISC2" && r !== "MISC3")) names.push(`ERR${n}${r}`);
    }
  }
  return names;
}

function snapshot(rf: RegisterFile, names: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of names) {
    const u = rf.unknownMask(n);
    const v = rf.read(n);
    m.set(n, u === 0n ? showValue(v) : v === 0n ? "UNKNOWN" : `${showValue(v)} (bits ${showValue(u)} UNKNOWN)`);
  }
  return m;
}

/** Builds the PE of a scenario (registers applied as hardware writes). */
export function buildPE(s: Scenario, trace = true): { pe: PE; rf: RegisterFile } {
  const rf = new RegisterFile({ features: s.features, reset: s.reset, ...(s.midr !== undefined ? { midr: s.midr } : {}) });
  for (const [name, value] of s.registers) rf.set(name, value);
  const pe = new PE(rf, { features: s.features, pstate: s.pstate, pc: s.pc, trace });
  return { pe, rf };
}

/** Runs a validated scenario. Model errors (e.g. ERET with SPSR UNKNOWN) throw ScenarioError naming the event. */
export function runScenario(s: Scenario): ScenarioResult {
  const { pe, rf } = buildPE(s);
  const names = registerNames(s.features);
  const reset = snapshot(new RegisterFile({ features: s.features, reset: s.reset, ...(s.midr !== undefined ? { midr: s.midr } : {}) }), names);
  const initial = pe.describe();
  const events: EventResult[] = [];
  s.events.forEach((e, index) => {
    let trace: Trace;
    let value: string | null | undefined;
    try {
      switch (e.op) {
        case "serror":
          trace = pe.raiseSError(e.iss, e.inFlight);
          break;
        case "vserror":
          trace = pe.injectVirtualSError(e.vsesr);
          break;
        case "esb":
          trace = pe.esb();
          break;
        case "eret":
          trace = pe.eret();
          break;
        case "sea":
          trace = pe.externalAbort({ errorType: e.errorType, write: e.write, fetch: e.fetch, ea: e.ea, ...(e.va !== undefined ? { va: e.va } : {}) });
          break;
        case "record":
          trace = pe.recordError(e.record, e.error);
          break;
        case "msr":
          trace = pe.msr(e.reg, e.value, e.rt ?? 0);
          break;
        case "mrs": {
          const r = pe.mrs(e.reg, e.rt ?? 0);
          trace = r.trace;
          value = r.value === null ? null : hex(r.value);
          break;
        }
        case "svc":
          trace = pe.svc(e.imm);
          break;
        case "hvc":
          trace = pe.hvc(e.imm);
          break;
        case "smc":
          trace = pe.smc(e.imm);
          break;
        case "irq":
        case "fiq":
          trace = pe.setLine(e.op === "irq" ? "IRQ" : "FIQ", e.level);
          break;
      }
    } catch (err) {
      throw new ScenarioError(`events[${index}]`, `${summary(e)}: ${err instanceof Error ? err.message : String(err)}`);
    }
    events.push({ index, op: e.op, summary: summary(e), trace, ...(value !== undefined ? { value } : {}) });
  });
  rf.set("ISR_EL1", pe.isr()); // ISR_EL1 reflects the final pending state
  const after = snapshot(rf, names);
  const changed: [string, string][] = [];
  for (const n of names) if (after.get(n) !== reset.get(n)) changed.push([n, after.get(n)!]);
  return {
    initial,
    events,
    final: {
      pstate: pe.pstate,
      pc: pe.pc,
      state: pe.describe(),
      pendingSError: pe.serrorPending,
      pendingSErrorIss: pe.serrorPending ? pe.serrorISS : null,
      irq: pe.irqLine,
      fiq: pe.fiqLine,
      rasInterrupts: pe.rasInterrupts.map((i) => ({ ...i })),
      registers: changed,
    },
  };
}
