// What every decision function returns: outcome per actor, the reasons (rule id + upstream
// function modelled), the exact kernel log lines in order, and follow-on actions for a simulator.

/** Final state of one actor. */
export type ActorOutcome = "running" | "signal" | "killed" | "panic";
export type Actor = "host" | "guest";

/** One rule that fired: its table row in kernel.md and the upstream function it models. */
export interface Step {
  readonly actor: Actor;
  /** Table row or section id in reference/kernel.md, e.g. "T1.5", "T4.P12", "§7.3". */
  readonly rule: string;
  /** Upstream function (and file) modelled, e.g. "arch/arm64/kernel/traps.c do_serror()". */
  readonly models: string;
  readonly text: string;
}

export type SignalName = "SIGBUS" | "SIGKILL" | "SIGSEGV";

/** si_code values (include/uapi/asm-generic/siginfo.h; kernel.md §3.1). */
export const SI_CODES = { 0: 0, BUS_ADRALN: 1, BUS_ADRERR: 2, BUS_OBJERR: 3, BUS_MCEERR_AR: 4, BUS_MCEERR_AO: 5, SI_KERNEL: 0x80 } as const;
export type SiCode = keyof typeof SI_CODES;

/** Follow-on effects, for a simulator to carry out (the kernel model does not execute them). */
export type Action =
  | { readonly kind: "panic"; readonly actor: Actor; readonly message: string }
  | { readonly kind: "taint"; readonly actor: Actor; readonly flag: "TAINT_MACHINE_CHECK" }
  | {
      readonly kind: "signal";
      readonly actor: Actor;
      readonly signal: SignalName;
      readonly code: SiCode;
      readonly target: string;
      readonly addr?: bigint;
      readonly lsb?: number;
    }
  | { readonly kind: "kill_task"; readonly actor: Actor; readonly target: string; readonly how: string }
  | { readonly kind: "memory_failure"; readonly actor: Actor; readonly pfn: bigint; readonly flags: readonly string[]; readonly via: string }
  | { readonly kind: "soft_offline"; readonly actor: Actor; readonly pfn: bigint }
  | { readonly kind: "aer_recover_queue"; readonly actor: Actor; readonly severity: "AER_CORRECTABLE" | "AER_NONFATAL" | "AER_FATAL" }
  | { readonly kind: "cxl_work"; readonly actor: Actor }
  | { readonly kind: "vendor_notifier"; readonly actor: Actor; readonly sectionType: string }
  | { readonly kind: "ghes_clear_ack"; readonly actor: Actor; readonly source: number; readonly ack: boolean }
  | { readonly kind: "inject_vserror"; readonly esr: bigint | "IMPLEMENTATION DEFINED"; readonly via: "VSESR_EL2+HCR_EL2.VSE" | "emulated entry" | "HCR_EL2.VSE" }
  | { readonly kind: "inject_sea"; readonly esr: bigint; readonly el: 0 | 1 }
  | { readonly kind: "resume_guest" }
  | { readonly kind: "hwpoison_page_add"; readonly ramAddr: bigint }
  | { readonly kind: "write_guest_cper"; readonly gpa: bigint; readonly source: "SEA"; readonly record: string }
  | { readonly kind: "vmm_exit"; readonly how: "exit(1)" | "abort()" | "re-raise SIGBUS" };

export interface Decision {
  readonly outcome: Readonly<Partial<Record<Actor, ActorOutcome>>> & { readonly host: ActorOutcome };
  /** The rule that decided the outcome (the last deciding step). */
  readonly reason: Step;
  readonly steps: readonly Step[];
  /** Exact kernel/QEMU log lines in order, without timestamps. Guest lines are prefixed "guest: ". */
  readonly log: readonly string[];
  readonly actions: readonly Action[];
  /**
   * What the answer rests on that the caller may not have meant: an input the chosen kernel cannot
   * have (a firmware-first claim on a kernel without the SEA notification), answered with the
   * kernel's real behaviour. Empty when nothing needs saying.
   */
  readonly notes: readonly string[];
}

/** Collects steps, log lines and actions while a decision is computed. */
export class Trace {
  readonly steps: Step[] = [];
  readonly log: string[] = [];
  readonly actions: Action[] = [];
  readonly notes: string[] = [];
  readonly outcome: Partial<Record<Actor, ActorOutcome>> = {};
  private deciding: Step | undefined;

  constructor(readonly actor: Actor = "host") {}

  step(rule: string, models: string, text: string, actor: Actor = this.actor): Step {
    const s = { actor, rule, models, text };
    this.steps.push(s);
    return s;
  }

  /** A step that sets an actor's outcome; the last one is the decision's reason. */
  decide(outcome: ActorOutcome, rule: string, models: string, text: string, actor: Actor = this.actor): void {
    const s = this.step(rule, models, text, actor);
    this.outcome[actor] = worse(this.outcome[actor], outcome);
    this.deciding = s;
  }

  print(line: string, actor: Actor = this.actor): void {
    this.log.push(actor === "host" ? line : `guest: ${line}`);
  }

  act(a: Action): void {
    this.actions.push(a);
  }

  /** A note for the reader (see Decision.notes); each text once. */
  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Appends another decision's trace (e.g. the guest's kernel after an injection). */
  absorb(d: Decision): void {
    this.steps.push(...d.steps);
    this.log.push(...d.log);
    this.actions.push(...d.actions);
    for (const n of d.notes) this.note(n);
    for (const [k, v] of Object.entries(d.outcome) as [Actor, ActorOutcome][]) this.outcome[k] = worse(this.outcome[k], v);
    this.deciding = d.reason;
  }

  finish(): Decision {
    const reason = this.deciding ?? this.steps[this.steps.length - 1];
    if (!reason) throw new Error("Trace.finish: no step recorded");
    const outcome = { host: "running" as ActorOutcome, ...this.outcome };
    return Object.freeze({ outcome, reason, steps: this.steps, log: this.log, actions: this.actions, notes: this.notes });
  }
}

const RANK: Record<ActorOutcome, number> = { running: 0, signal: 1, killed: 2, panic: 3 };

/** The more severe of two outcomes (a panic is final; a kill outranks a signal). */
export function worse(a: ActorOutcome | undefined, b: ActorOutcome): ActorOutcome {
  return a === undefined || RANK[b] >= RANK[a] ? b : a;
}
