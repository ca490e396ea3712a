// The simulation trace: one ordered list of steps across every layer, the kernel
// log lines in order, and the final outcome of each actor, each with its reason.
import { Trace as KernelTrace, type Actor, type Decision, type Step as KernelStep } from "../kernel/decision.js";

export type Layer = "cpu" | "firmware" | "host" | "kvm" | "vmm" | "guest-cpu" | "guest" | "process";
export const LAYERS: readonly Layer[] = ["cpu", "firmware", "host", "kvm", "vmm", "guest-cpu", "guest", "process"];

export interface SimStep {
  readonly n: number;
  /** Milliseconds since the start of the timeline. */
  readonly t: number;
  readonly layer: Layer;
  readonly what: string;
  /** The rule that fired (kernel.md table row or spec section) and the function it models. */
  readonly rule?: string;
  readonly models?: string;
  /** Registers written by an exception entry, or register values read. */
  readonly regs?: Readonly<Record<string, string>>;
  /** Bytes written to memory (rendered as a hex dump by the text and JSON renderers). */
  readonly bytes?: Uint8Array;
  /** Exact log lines printed at this step. */
  readonly log?: readonly string[];
}

export type OutcomeState = "running" | "signal" | "killed" | "panic";
export const OUTCOME_STATES: readonly OutcomeState[] = ["running", "signal", "killed", "panic"];

export interface ActorOutcome {
  readonly state: OutcomeState;
  readonly reason: string;
  /** Panic message, or the signal received ("SIGBUS BUS_MCEERR_AR"). */
  readonly message?: string;
}

const RANK: Record<OutcomeState, number> = { running: 0, signal: 1, killed: 2, panic: 3 };

/** Collects the run. Log lines are exact; guest lines carry "guest: " and QEMU lines "qemu: " (as src/kernel does). */
export class SimTrace {
  readonly steps: SimStep[] = [];
  readonly log: string[] = [];
  /** QEMU's stderr lines (error_report/info), not kernel lines. */
  readonly vmmLog: string[] = [];
  readonly outcome = new Map<string, ActorOutcome>();
  /** Notes the kernel model attached (inputs the chosen kernel cannot have, answered with its real behaviour). */
  readonly notes: string[] = [];
  now = 0;

  add(layer: Layer, what: string, extra: Omit<SimStep, "n" | "t" | "layer" | "what"> = {}): SimStep {
    const s: SimStep = { n: this.steps.length + 1, t: this.now, layer, what, ...extra };
    this.steps.push(s);
    if (s.log) (layer === "vmm" ? this.vmmLog : this.log).push(...s.log);
    return s;
  }

  /** Sets an actor's outcome unless a more severe one is already recorded. */
  settle(actor: string, state: OutcomeState, reason: string, message?: string): void {
    const cur = this.outcome.get(actor);
    if (cur && RANK[cur.state] > RANK[state]) return;
    this.outcome.set(actor, message === undefined ? { state, reason } : { state, reason, message });
  }

  state(actor: string): OutcomeState | undefined {
    return this.outcome.get(actor)?.state;
  }
}

/** Appends a finished decision's steps and lines (host part, then `beforeGuest`, then the guest part). */
export function forwardDecision(sim: SimTrace, d: Pick<Decision, "steps" | "log">, beforeGuest?: () => void, hostLayer: Layer = "host"): void {
  let guestStarted = false;
  const hostLines = d.log.filter((l) => !l.startsWith("guest: "));
  const guestLines = d.log.filter((l) => l.startsWith("guest: "));
  let hostPrinted = false;
  for (const st of d.steps) {
    if (st.actor === "guest" && !guestStarted) {
      if (hostLines.length) sim.add(hostLayer, "prints", { log: hostLines });
      hostPrinted = true;
      guestStarted = true;
      beforeGuest?.();
    }
    sim.add(st.actor === "host" ? hostLayer : "guest", st.text, { rule: st.rule, models: st.models });
  }
  if (!hostPrinted && hostLines.length) sim.add(hostLayer, "prints", { log: hostLines });
  if (guestLines.length) sim.add("guest", "prints", { log: guestLines });
}

/**
 * The kernel model's Trace, forwarding each step and log line into the simulation
 * trace as it happens (so decisions and their log lines stay interleaved).
 */
export class ForwardingTrace extends KernelTrace {
  /** Called before an absorbed guest decision is forwarded (e.g. to show the vSError entry). */
  beforeAbsorb: (() => void) | undefined;

  constructor(
    private readonly sim: SimTrace,
    actor: Actor,
    private readonly hostLayer: Layer = "host",
  ) {
    super(actor);
  }

  private layerOf(actor: Actor): Layer {
    return actor === "host" ? this.hostLayer : "guest";
  }

  override step(rule: string, models: string, text: string, actor: Actor = this.actor): KernelStep {
    const s = super.step(rule, models, text, actor);
    this.sim.add(this.layerOf(actor), text, { rule, models });
    return s;
  }

  /** Whether a step of this trace set an outcome (its reason is then a deciding step, not just the last one). */
  decided = false;

  override decide(outcome: Parameters<KernelTrace["decide"]>[0], rule: string, models: string, text: string, actor: Actor = this.actor): void {
    super.decide(outcome, rule, models, text, actor);
    this.decided = true;
  }

  override print(line: string, actor: Actor = this.actor): void {
    super.print(line, actor);
    const layer = this.layerOf(actor);
    const shown = actor === "host" ? line : `guest: ${line}`;
    const last = this.sim.steps[this.sim.steps.length - 1];
    // Consecutive lines of one kernel form one "prints" step.
    if (last && last.layer === layer && last.what === "prints" && last.log) {
      (last.log as string[]).push(shown);
      (layer === "vmm" ? this.sim.vmmLog : this.sim.log).push(shown);
      return;
    }
    this.sim.add(layer, "prints", { log: [shown] });
  }

  override note(text: string): void {
    super.note(text);
    if (!this.sim.notes.includes(text)) this.sim.notes.push(text);
  }

  override absorb(d: Decision): void {
    super.absorb(d);
    this.decided = true;
    for (const n of d.notes) if (!this.sim.notes.includes(n)) this.sim.notes.push(n);
    forwardDecision(this.sim, d, this.beforeAbsorb, this.hostLayer);
  }
}
