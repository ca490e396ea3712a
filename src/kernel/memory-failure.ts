// mm/memory-failure.c memory_failure(pfn, flags): outcome per page state and the AR/AO signals
// (kill_proc, task_early_kill, collect_procs, action_result). kernel.md §6, table T5.
import { has } from "../linux/boundaries.js";
import type { Trace } from "./decision.js";
import { hashx, panicLine } from "./format.js";

export const PAGE_STATES = [
  "free", // free buddy page
  "dirty-lru", // mapped, dirty (anonymous or dirty page cache)
  "clean-lru", // mapped clean page cache
  "huge", // hugetlb page, mapped
  "hwpoisoned", // PG_hwpoison already set
  "kernel", // reserved kernel page
  "kernel-high-order", // high-order kernel page
  "unmap-failed", // try_to_unmap failed
  "offline", // not online memory (pfn_to_online_page() == NULL)
] as const;
export type PageState = (typeof PAGE_STATES)[number];

export interface Task {
  readonly comm: string;
  readonly pid: number;
}

/** A process mapping the page. */
export interface Mapper extends Task {
  /** User VA of the mapping (kill_proc's addr); undefined models addr == -EFAULT. */
  readonly va?: bigint;
  /** PR_MCE_KILL_EARLY thread (QEMU's main thread sets it). */
  readonly earlyKill: boolean;
  /** Shares current->mm (for AR, current itself is signalled). */
  readonly isCurrent: boolean;
  /** The thread that is current when it differs from the thread named here (a vCPU thread of QEMU). */
  readonly currentThread?: Task;
}

export interface PageInfo {
  readonly state: PageState;
  readonly mappers: readonly Mapper[];
  /** si_addr_lsb: 12 (4K page) or the huge page shift (21). */
  readonly lsb?: number;
}

export interface MfEnv {
  readonly kernel: import("../linux/version.js").KernelVersion;
  /** vm.memory_failure_recovery (default 1). */
  readonly recovery: boolean;
  /** vm.memory_failure_early_kill (default 0). */
  readonly earlyKillSysctl: boolean;
}

export const MF_ACTION_REQUIRED = "MF_ACTION_REQUIRED";
export const MF_SOFT_OFFLINE = "MF_SOFT_OFFLINE";

export const EHWPOISON = -133;
export const ENXIO = -6;
export const EBUSY = -16;
export const EOPNOTSUPP = -95;

const MF = "mm/memory-failure.c";

function actionResult(t: Trace, pfn: bigint, type: string, result: "Ignored" | "Failed" | "Delayed" | "Recovered"): void {
  t.print(`Memory failure: ${hashx(pfn)}: recovery action for ${type}: ${result}`);
}

/** kill_proc(): the log line and the signal (AR to current when action required, else AO). */
function killProc(t: Trace, env: MfEnv, pfn: bigint, m: Mapper, ar: boolean, lsb: number, rule: string): void {
  const named = ar && m.isCurrent && m.currentThread ? m.currentThread : m;
  if (has(env.kernel, "mfSendingSigbus")) t.print(`Memory failure: ${hashx(pfn)}: Sending SIGBUS to ${named.comm}:${named.pid} due to hardware memory corruption`);
  else t.print(`Memory failure: ${hashx(pfn)}: Killing ${named.comm}:${named.pid} due to hardware memory corruption`);
  const code = ar && m.isCurrent ? "BUS_MCEERR_AR" : "BUS_MCEERR_AO";
  const who = code === "BUS_MCEERR_AR" && m.currentThread ? m.currentThread : m;
  const base = { kind: "signal", actor: t.actor, signal: "SIGBUS", code, target: `${who.comm}:${who.pid}`, lsb } as const;
  t.act(m.va === undefined ? base : { ...base, addr: m.va });
  t.step(rule, `${MF} kill_proc()`, `${code === "BUS_MCEERR_AR" ? "force_sig_mceerr" : "send_sig_mceerr"}(${code}) to ${who.comm}:${who.pid}`);
}

/** task_early_kill(): AR → current (same mm); otherwise only early-kill threads. */
function collected(m: Mapper, ar: boolean, env: MfEnv): boolean {
  if (ar && m.isCurrent) return true;
  return m.earlyKill || env.earlyKillSysctl;
}

/**
 * memory_failure(pfn, flags). Returns the kernel's return value (0, -EHWPOISON, -ENXIO, -EBUSY).
 * The outcome of a signalled task is "signal" (SIGBUS), or "killed" for SIGKILL; a panic sets the actor's outcome.
 */
export function memoryFailure(t: Trace, env: MfEnv, pfn: bigint, flags: readonly string[], page: PageInfo): number {
  const ar = flags.includes(MF_ACTION_REQUIRED);
  const lsb = page.lsb ?? (page.state === "huge" ? 21 : 12);
  if (!env.recovery) {
    t.print(panicLine(`Memory failure on page ${pfn.toString(16)}`));
    t.act({ kind: "panic", actor: t.actor, message: `Memory failure on page ${pfn.toString(16)}` });
    t.decide("panic", "T5.1", `${MF} memory_failure()`, "vm.memory_failure_recovery=0");
    return 0;
  }
  if (page.state === "offline") {
    t.print(`Memory failure: ${hashx(pfn)}: memory outside kernel control`);
    t.step("T5.2", `${MF} memory_failure()`, "pfn is not online memory: -ENXIO");
    return ENXIO;
  }
  if (page.state === "hwpoisoned") {
    // ≤6.16: pr_err "already hardware poisoned"; 6.11-6.16 also action_result(MF_MSG_ALREADY_POISONED)
    // ("already poisoned"); 6.17+: only action_result, type "already poisoned page".
    const newMsg = has(env.kernel, "mfAlreadyPoisonedAction");
    const result = newMsg || has(env.kernel, "mfAlreadyPoisonedResult");
    if (!newMsg) t.print(`Memory failure: ${hashx(pfn)}: already hardware poisoned`);
    let ret = EHWPOISON;
    if (ar && has(env.kernel, "mfKillAccessing")) {
      const cur = page.mappers.find((m) => m.isCurrent && m.va !== undefined);
      if (cur) {
        killProc(t, env, pfn, cur, true, lsb, "T5.3");
        t.decide("signal", "T5.3", `${MF} kill_accessing_process()`, "already PG_hwpoison and current maps the pfn: BUS_MCEERR_AR to current");
      } else {
        ret = 0;
        t.step("T5.3", `${MF} kill_accessing_process()`, "already PG_hwpoison; current does not map the pfn");
      }
    } else {
      t.step("T5.4", `${MF} memory_failure()`, "already PG_hwpoison: -EHWPOISON, nobody signalled");
    }
    if (result) actionResult(t, pfn, newMsg ? "already poisoned page" : "already poisoned", "Failed");
    return ret;
  }
  switch (page.state) {
    case "free":
      actionResult(t, pfn, "free buddy page", "Recovered");
      t.step("T5.5", `${MF} memory_failure() take_page_off_buddy()`, "free buddy page taken off the free lists: nobody signalled");
      return 0;
    case "kernel":
    case "kernel-high-order":
      actionResult(t, pfn, page.state === "kernel" ? "reserved kernel page" : "high-order kernel page", "Ignored");
      t.step("T5.10", `${MF} action_result()`, "kernel page: Ignored (-EBUSY)");
      return EBUSY;
    case "clean-lru":
      t.step("T5.8", `${MF} hwpoison_user_mappings()`, "clean page cache: unmapped and dropped, nobody signalled (next access re-reads it)");
      actionResult(t, pfn, "clean LRU page", "Recovered");
      return 0;
    case "dirty-lru":
    case "huge":
    case "unmap-failed": {
      const failed = page.state === "unmap-failed";
      const rule = failed ? "T5.9" : ar ? "T5.6" : "T5.7";
      const victims = page.mappers.filter((m) => collected(m, ar, env));
      for (const m of page.mappers) {
        if (!victims.includes(m)) t.step(rule, `${MF} task_early_kill()`, `${m.comm}:${m.pid} is late-kill: BUS_MCEERR_AR when it next touches the page (fault.c VM_FAULT_HWPOISON)`);
      }
      for (const m of victims) {
        if (m.va === undefined) {
          t.print(`Memory failure: ${hashx(pfn)}: forcibly killing ${m.comm}:${m.pid} because of failure to unmap corrupted page`);
          t.act({ kind: "signal", actor: t.actor, signal: "SIGKILL", code: "SI_KERNEL", target: `${m.comm}:${m.pid}` });
          t.step(rule, `${MF} kill_procs()`, `no address for ${m.comm}:${m.pid}: SIGKILL`);
        } else {
          killProc(t, env, pfn, m, ar, lsb, rule);
        }
      }
      const kind = failed ? "unmapping failed page" : page.state === "huge" ? "huge page" : "dirty LRU page";
      actionResult(t, pfn, kind, failed ? "Failed" : "Recovered");
      if (victims.length > 0) {
        const killed = victims.some((m) => m.va === undefined);
        t.decide(killed ? "killed" : "signal", rule, `${MF} kill_procs()`, `${victims.length} task(s) signalled (${ar ? "action required" : "action optional"})`);
      } else {
        t.step(rule, `${MF} hwpoison_user_mappings()`, "no early-kill mapper: nobody signalled now");
      }
      return failed ? EBUSY : 0;
    }
  }
}

/** fault.c do_page_fault(): a later touch of a PG_hwpoison page (VM_FAULT_HWPOISON) → BUS_MCEERR_AR at FAR. */
export function hwpoisonPageFault(t: Trace, task: Task, far: bigint, lsb = 12): void {
  t.act({ kind: "signal", actor: t.actor, signal: "SIGBUS", code: "BUS_MCEERR_AR", target: `${task.comm}:${task.pid}`, addr: far, lsb });
  t.decide("signal", "T5.7", "arch/arm64/mm/fault.c do_page_fault() VM_FAULT_HWPOISON", `arm64_force_sig_mceerr(BUS_MCEERR_AR, far=${hashx(far)}, lsb=${lsb})`);
}
