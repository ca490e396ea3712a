// arch/arm64/kernel/traps.c arm64_notify_die(), arm64_force_sig_fault()/arm64_show_signal() and
// die()/__die(). kernel.md §3.3.
import { has } from "./boundaries.js";
import type { SiCode, SignalName, Trace } from "./decision.js";
import { esrClassString, type SyndromeInput } from "./esr-input.js";
import { panicLine } from "./format.js";
import type { Task } from "./memory-failure.js";
import type { KernelVersion } from "./version.js";

const TRAPS = "arch/arm64/kernel/traps.c";

export interface DieContext {
  readonly kernel: KernelVersion;
  /** in_interrupt() at the time of the abort. */
  readonly inInterrupt: boolean;
  /** kernel.panic_on_oops. */
  readonly panicOnOops: boolean;
  /** Value of the die counter after this oops ([#n]); default 1. */
  readonly dieCounter?: number;
  /** The task running (user task for EL0; the kernel thread or task in a syscall for EL1). */
  readonly task: Task;
  /** Whether the user task has a SIGBUS handler (then the "unhandled exception" line is not printed). */
  readonly handlesSignal?: boolean;
}

/** __die() header: "Internal error: %s: %016lx [#%d] SMP" (format by version; non-PREEMPT SMP kernel). */
export function dieHeader(kernel: KernelVersion, str: string, esr: bigint, counter = 1): string {
  const err = has(kernel, "esr64") ? esr.toString(16).padStart(16, "0") : esr.toString(16);
  const smp = has(kernel, "dieDoubleSpaceSmp") ? "  SMP" : " SMP";
  return `Internal error: ${str}: ${err} [#${counter}]${smp}`;
}

/** die(str, regs, esr) from kernel mode: oops, then panic or kill the current task. */
export function die(t: Trace, ctx: DieContext, str: string, esr: bigint, rule: string): void {
  t.print(dieHeader(ctx.kernel, str, esr, ctx.dieCounter ?? 1));
  t.step(rule, `${TRAPS} die()`, "oops printed (modules, registers and backtrace follow; not reproduced)");
  const named = has(ctx.kernel, "diePanicNamesFault");
  const prefix = named ? `${str}: ` : "";
  if (ctx.inInterrupt || ctx.panicOnOops) {
    const msg = `${prefix}Fatal exception${ctx.inInterrupt ? " in interrupt" : ""}`;
    t.print(panicLine(msg));
    t.act({ kind: "panic", actor: t.actor, message: msg });
    t.decide("panic", rule, `${TRAPS} die()`, ctx.inInterrupt ? "in_interrupt(): panic" : "panic_on_oops=1: panic");
    return;
  }
  const how = has(ctx.kernel, "diePanicNamesFault") ? "make_task_dead(SIGSEGV)" : "do_exit(SIGSEGV)";
  t.act({ kind: "kill_task", actor: t.actor, target: `${ctx.task.comm}:${ctx.task.pid}`, how });
  t.decide("killed", rule, `${TRAPS} die()`, `${how}: the current task is killed, the kernel keeps running`);
}

/** arm64_notify_die(str, regs, signo, code, far, esr). */
export function arm64NotifyDie(
  t: Trace,
  ctx: DieContext,
  fromUser: boolean,
  s: SyndromeInput,
  str: string,
  sig: SignalName,
  code: SiCode,
  far: bigint,
  rule: string,
): void {
  if (!fromUser) {
    die(t, ctx, str, s.esr, rule);
    return;
  }
  // current->thread.fault_code = esr; arm64_force_sig_fault() → arm64_show_signal()
  const target = `${ctx.task.comm}:${ctx.task.pid}`;
  if (has(ctx.kernel, "unhandledSignalLine") && (sig === "SIGKILL" || !ctx.handlesSignal)) {
    const esr = has(ctx.kernel, "esr64") ? s.esr.toString(16).padStart(16, "0") : s.esr.toString(16).padStart(8, "0");
    t.print(`${ctx.task.comm}[${ctx.task.pid}]: unhandled exception: ${esrClassString(s.ec)}, ESR 0x${esr}, ${str}`);
  }
  if (sig === "SIGKILL") {
    t.act({ kind: "signal", actor: t.actor, signal: "SIGKILL", code: "SI_KERNEL", target });
    t.decide("killed", rule, `${TRAPS} arm64_force_sig_fault()`, `force_sig(SIGKILL) to ${target}`);
    return;
  }
  t.act({ kind: "signal", actor: t.actor, signal: sig, code, target, addr: far });
  t.decide("signal", rule, `${TRAPS} arm64_force_sig_fault()`, `force_sig_fault(${sig}, ${code}, si_addr=0x${far.toString(16)}) to ${target}`);
}
