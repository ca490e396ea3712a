// arch/arm64/kernel/traps.c arm64_notify_die(), arm64_force_sig_fault()/arm64_show_signal() and
// die()/__die(). kernel.md §3.3.
import { has } from "../linux/boundaries.js";
import type { SiCode, SignalName, Trace } from "./decision.js";
import { decode, dieLine, hasFormat, LINUX_ESR_FORMAT, userFaultLine } from "../sysregs/esr/index.js";
import type { SyndromeInput } from "./esr-input.js";
import { panicLine } from "./format.js";
import type { Task } from "./memory-failure.js";
import type { KernelVersion } from "../linux/version.js";

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
  /** CONFIG_PREEMPT (die() header "[#1] PREEMPT SMP"). Default false. */
  readonly preempt?: boolean;
}

/** __die() header "Internal error: %s: %016lx [#%d] [PREEMPT ]SMP" (the codec's dieLine(); an SMP kernel). */
export function dieHeader(kernel: KernelVersion, str: string, esr: bigint, counter = 1, preempt = false): string {
  return dieLine(str, decode(esr), { kernel, dieCounter: counter, ...(preempt ? { preempt: "PREEMPT" } : {}) });
}

/** die(str, regs, esr) from kernel mode: oops, then panic or kill the current task. */
export function die(t: Trace, ctx: DieContext, str: string, esr: bigint, rule: string): void {
  t.print(dieHeader(ctx.kernel, str, esr, ctx.dieCounter ?? 1, ctx.preempt ?? false));
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
  const how = ctx.kernel.major > 5 || (ctx.kernel.major === 5 && ctx.kernel.minor >= 17) ? "make_task_dead(SIGSEGV)" : "do_exit(SIGSEGV)"; // make_task_dead() since 5.17
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
  // An -rc of 4.19 has it too, and a stable backport would count (hasFormat, the ESR format table).
  if (hasFormat(ctx.kernel, LINUX_ESR_FORMAT.showSignal) && (sig === "SIGKILL" || !ctx.handlesSignal)) {
    // arm64_show_signal(): "%s[%d]: unhandled exception: %s, ESR 0x%016lx, %s" (the " in <vma>" suffix is not reproduced)
    t.print(userFaultLine(s.decoded, { far: 0n, comm: ctx.task.comm, pid: ctx.task.pid }, { kernel: ctx.kernel }));
  }
  if (sig === "SIGKILL") {
    t.act({ kind: "signal", actor: t.actor, signal: "SIGKILL", code: "SI_KERNEL", target });
    t.decide("killed", rule, `${TRAPS} arm64_force_sig_fault()`, `force_sig(SIGKILL) to ${target}`);
    return;
  }
  t.act({ kind: "signal", actor: t.actor, signal: sig, code, target, addr: far });
  t.decide("signal", rule, `${TRAPS} arm64_force_sig_fault()`, `force_sig_fault(${sig}, ${code}, si_addr=0x${far.toString(16)}) to ${target}`);
}
