// drivers/acpi/apei/ghes.c: probe (notification types), peek/check/read, __ghes_panic(),
// ghes_proc() (IRQ/polled), the NMI-like SEA queue (ghes_in_nmi_queue_one_entry(), ghes_notify_sea(),
// ghes_proc_in_irq()) and arch/arm64/kernel/acpi.c apei_claim_sea(). kernel.md §4, §5, tables T3/T4.
import { has } from "../linux/boundaries.js";
import { NOTIFY } from "../apei/notify.js";
import { ARM64_GHES_CONFIG, ghesProbeVerdict, type GhesConfig } from "./ghes-probe.js";
import type { Trace } from "./decision.js";
import { panicLine } from "./format.js";
import { EstatusCache, RateLimit } from "./ghes-cache.js";
import { ghesDoProc, runMfWork, type GhesEnv, type MfWork } from "./ghes-do-proc.js";
import { GHES_SEV, ghesSeverity } from "./ghes-severity.js";
import { ghesReadBlock, type GhesBlockRead, type GhesEstatus } from "./ghes-read.js";
import { ESTATUS_DEFECT_MESSAGES } from "../apei/ghes-runtime.js";
import { estatusLines } from "./ghes-print.js";
import type { KernelVersion } from "../linux/version.js";

const GHES = "drivers/acpi/apei/ghes.c";

export { NOTIFY };
export type NotifyName = keyof typeof NOTIFY;

export interface GhesSource {
  readonly id: number;
  readonly notify: NotifyName;
  /** HEST type 9 (GHES) or 10 (GHESv2, with the read-ack register). */
  readonly hestType: 9 | 10;
  /** Reading error_status_address (GAS) works. */
  readonly addressReadable: boolean;
  /** The error status block's address (0 = none). */
  readonly address: bigint;
  /** The bytes firmware wrote at that address (null = all zero / nothing pending). */
  readonly estatus: Uint8Array | null;
  /** HEST error_block_length (default: the length of `estatus`). */
  readonly errorBlockLength?: number;
}

/** The source's block as the kernel reads it (null: no block, or Block Status 0). */
function blockOf(src: GhesSource): GhesBlockRead | null {
  return src.estatus ? ghesReadBlock(src.estatus, src.errorBlockLength) : null;
}


export type ProbeResult = { readonly registered: true } | { readonly registered: false; readonly message: string };

/** ghes_probe() on one source, traced: the verdict is ghes-probe.ts ghesProbeVerdict() (the one statement of it). */
export function ghesProbe(t: Trace, src: GhesSource, cfg: GhesConfig = ARM64_GHES_CONFIG, kernel?: KernelVersion): ProbeResult {
  const v = ghesProbeVerdict(NOTIFY[src.notify], src.id, cfg, kernel);
  if (v.registered) {
    t.step("§4", `${GHES} ghes_probe()`, `source ${src.id} (${src.notify}) registered: ${v.why}`);
    return { registered: true };
  }
  const message = v.message!;
  t.print(message);
  t.step("T3.1", `${GHES} ghes_probe()`, `source ${src.id} (${src.notify}) not registered: ${v.why}; never read`);
  return { registered: false, message };
}

/** Mutable GHES state shared by all sources: estatus cache, ratelimits, print sequence, pool. */
export class GhesState {
  readonly cache = new EstatusCache();
  readonly rlCorrected = new RateLimit();
  readonly rlOther = new RateLimit();
  seqno = 0;
  /** Free ghes_estatus_pool nodes; 0 models exhaustion (-ENOMEM on the NMI-like path). */
  poolFree = Number.POSITIVE_INFINITY;
}

export const ENOENT = -2;
export const EIO = -5;
export const ENOMEM = -12;
export const EINPROGRESS = -115;

/** __ghes_peek_estatus() + __ghes_check_estatus() + __ghes_read_estatus(): 0 when a valid record is pending. */
function readEstatus(t: Trace, src: GhesSource, b: GhesBlockRead | null = src.addressReadable ? blockOf(src) : null): { rc: number; e?: GhesEstatus; clear: boolean } {
  if (!src.addressReadable) {
    t.print(`[Firmware Warn]: GHES: Failed to read error status block address for hardware error source: ${src.id}.`);
    t.step("T3.2", `${GHES} __ghes_peek_estatus()`, "error_status_address unreadable: -EIO");
    return { rc: EIO, clear: false };
  }
  if (src.address === 0n || !b) {
    t.step("T3.3", `${GHES} __ghes_peek_estatus()`, src.address === 0n ? "address 0: -ENOENT" : "block_status 0: nothing pending (-ENOENT)");
    return { rc: ENOENT, clear: false };
  }
  const defect = b.defect;
  if (defect !== undefined) {
    const msg = ESTATUS_DEFECT_MESSAGES[defect];
    t.print(`[Firmware Warn]: GHES: ${msg}`);
    t.step("T3.4", `${GHES} ${defect === "bad-sections" ? "__ghes_read_estatus()" : "__ghes_check_estatus()"}`, `${msg} (-EIO); block cleared and acked`);
    return { rc: EIO, clear: true };
  }
  return { rc: 0, e: b.estatus!, clear: true };
}

function clearAck(t: Trace, src: GhesSource): void {
  t.act({ kind: "ghes_clear_ack", actor: t.actor, source: src.id, ack: src.hestType === 10 });
  t.step("§5.3", `${GHES} ghes_clear_estatus()`, src.hestType === 10 ? "block_status = 0; GHESv2 read-ack written" : "block_status = 0");
}

/** __ghes_panic(): block severity ≥ GHES_SEV_PANIC (T3 row 6). */
function ghesPanic(t: Trace, env: GhesEnv, state: GhesState, src: GhesSource, e: GhesEstatus): void {
  const seq = ++state.seqno;
  for (const l of estatusLines(seq, src.id, e, env.kernel)) t.print(l); // __ghes_print_estatus(KERN_EMERG, …)
  if (has(env.kernel, "taintMachineCheck")) t.act({ kind: "taint", actor: t.actor, flag: "TAINT_MACHINE_CHECK" });
  clearAck(t, src);
  let msg: string;
  if (has(env.kernel, "ghesPanicHonorsPanicTimeout")) {
    if (env.panicTimeout === 0) t.print("GHES: Fatal hardware error but panic disabled");
    msg = "GHES: Fatal hardware error";
  } else {
    msg = "Fatal hardware error!";
  }
  t.print(panicLine(msg));
  t.act({ kind: "panic", actor: t.actor, message: msg });
  t.decide("panic", "T3.6", `${GHES} __ghes_panic()`, `block severity ${e.tree.block.ErrorSeverity} is fatal/unknown: panic before any section handling`);
}

/** ghes_print_estatus(): two ratelimits (corrected-or-less, the rest); true when printed (as `kernel` prints). */
function printEstatus(t: Trace, kernel: KernelVersion, state: GhesState, src: GhesSource, e: GhesEstatus, now: number): boolean {
  const rl = ghesSeverity(e.tree.block.ErrorSeverity) <= GHES_SEV.CORRECTED ? state.rlCorrected : state.rlOther;
  if (!rl.allow(now)) {
    t.step("§5.5", `${GHES} ghes_print_estatus()`, "ratelimited (2 messages per 5 s): not printed");
    return false;
  }
  const seq = ++state.seqno;
  for (const l of estatusLines(seq, src.id, e, kernel)) t.print(l); // __ghes_print_estatus(NULL, …)
  return true;
}

/** ghes_estatus_cached() then ghes_print_estatus() and ghes_estatus_cache_add(), as `kernel` prints. */
function printUnlessCached(t: Trace, kernel: KernelVersion, state: GhesState, src: GhesSource, e: GhesEstatus, now: number): void {
  if (state.cache.cached(e, now)) {
    t.step("T3.9", `${GHES} ghes_estatus_cached()`, "identical record printed < 10 s ago: print suppressed");
    return;
  }
  if (printEstatus(t, kernel, state, src, e, now)) state.cache.add(e, now);
}

/** ghes_proc(): IRQ / polled / SCI / GPIO / GSIV sources, and SEA before the NMI-like queue (≤4.19). Returns rc. */
export function ghesProc(t: Trace, env: GhesEnv, state: GhesState, src: GhesSource, now: number): number {
  const r = readEstatus(t, src);
  if (r.rc !== 0 || !r.e) {
    if (r.clear) clearAck(t, src);
    return r.rc;
  }
  const e = r.e;
  if (ghesSeverity(e.tree.block.ErrorSeverity) >= GHES_SEV.PANIC) {
    ghesPanic(t, env, state, src, e);
    return 0;
  }
  printUnlessCached(t, env.kernel, state, src, e, now);
  const sync = src.notify === "SEA" && has(env.kernel, "ghesSyncActionRequired");
  const work = ghesDoProc(t, env, e, sync, src.id);
  clearAck(t, src);
  t.step(src.notify === "SEA" ? "T3.10" : "T3.8", `${GHES} ghes_proc()`, "record processed");
  for (const w of work) runMfWork(t, env, w);
  return 0;
}

interface Queued {
  readonly src: GhesSource;
  readonly e: GhesEstatus;
}

/** ghes_in_nmi_queue_one_entry() for one SEA/SDEI source. */
function nmiQueueOne(t: Trace, env: GhesEnv, state: GhesState, src: GhesSource, now: number, queue: Queued[]): number {
  // peek + check (a header defect is found before the pool allocation; a section-walk defect after it)
  const b = src.addressReadable ? blockOf(src) : null;
  if (!src.addressReadable || src.address === 0n || !b || (b.defect && b.defect !== "bad-sections")) {
    const r = readEstatus(t, src, b);
    if (r.clear) clearAck(t, src);
    return r.rc;
  }
  if (state.poolFree <= 0) {
    t.step("T3.5", `${GHES} ghes_in_nmi_queue_one_entry()`, "ghes_estatus_pool exhausted: -ENOMEM, block not cleared, no ack");
    return ENOMEM;
  }
  if (!b.estatus) {
    t.print(`[Firmware Warn]: GHES: ${ESTATUS_DEFECT_MESSAGES["bad-sections"]}`);
    t.step("T3.4", `${GHES} __ghes_read_estatus()`, "section walk failed: cleared and acked, -ENOENT");
    clearAck(t, src);
    return ENOENT;
  }
  const e = b.estatus;
  if (ghesSeverity(e.tree.block.ErrorSeverity) >= GHES_SEV.PANIC) {
    for (const q of queue) printUnlessCached(t, env.kernel, state, q.src, q.e, now); // ghes_print_queued_estatus()
    ghesPanic(t, env, state, src, e);
    return 0;
  }
  clearAck(t, src);
  if (state.cache.cached(e, now)) {
    t.step("T3.7", `${GHES} ghes_in_nmi_queue_one_entry()`, "identical record seen < 10 s ago: claimed (0) WITHOUT processing — no ghes_do_proc, no memory_failure, no signal");
    return 0;
  }
  queue.push({ src, e });
  t.step("T3.8", `${GHES} ghes_in_nmi_queue_one_entry()`, "record queued for ghes_proc_in_irq()");
  return 0;
}

export interface SeaClaim {
  /** apei_claim_sea()/ghes_notify_sea() return value: 0 = claimed. */
  readonly rc: number;
  /**
   * memory_failure work ghes_do_proc() scheduled; it runs after the arch handler returns (task_work
   * on return to user, or the memory_failure workqueue). Run it with runDeferred().
   */
  readonly deferred: readonly MfWork[];
}

/**
 * ghes_notify_sea() over the SEA sources. ≥5.0: the NMI-like queue, then ghes_proc_in_irq() (run in
 * place when `irqsEnabled`, as apei_claim_sea() does). ≤4.19: ghes_proc() on each source synchronously.
 */
export function ghesNotifySea(t: Trace, env: GhesEnv, state: GhesState, sources: readonly GhesSource[], now: number, irqsEnabled = true): SeaClaim {
  const sea = sources.filter((s) => s.notify === "SEA");
  let rc = ENOENT;
  if (!has(env.kernel, "apeiClaimSea")) {
    for (const s of sea) if (ghesProc(t, env, state, s, now) === 0) rc = 0;
    return { rc, deferred: [] };
  }
  const queue: Queued[] = [];
  for (const s of sea) {
    if (nmiQueueOne(t, env, state, s, now, queue) === 0) rc = 0;
    if (t.outcome[t.actor] === "panic") return { rc: 0, deferred: [] };
  }
  if (rc !== 0 || queue.length === 0) return { rc, deferred: [] };
  if (!irqsEnabled) {
    t.print("APEI work queued but not completed");
    t.step("§3.4", "arch/arm64/kernel/acpi.c apei_claim_sea()", "interrupted context had IRQs masked: -EINPROGRESS (not claimed); the queued work runs later");
    return { rc: EINPROGRESS, deferred: procInIrq(t, env, state, queue, now) };
  }
  t.step("§3.4", "arch/arm64/kernel/acpi.c apei_claim_sea()", "claimed with IRQs enabled: irq_work_run() → ghes_proc_in_irq() now, inside do_sea");
  return { rc: 0, deferred: procInIrq(t, env, state, queue, now) };
}

/**
 * ghes_sdei_{normal,critical}_callback() → __ghes_sdei_callback(): the NMI-like queue for one SDEI
 * source (T3.5-T3.8 apply, including the cached-duplicate claim), then ghes_proc_in_irq() from
 * irq_work with sync = false (the interrupted task is not "current" for memory_failure).
 * Returns 0 when the event was handled, and the deferred memory_failure work.
 */
export function ghesNotifySdei(t: Trace, env: GhesEnv, state: GhesState, source: GhesSource, now: number): SeaClaim {
  const queue: Queued[] = [];
  const rc = nmiQueueOne(t, env, state, source, now, queue);
  if (rc !== 0 || queue.length === 0 || t.outcome[t.actor] === "panic") return { rc, deferred: [] };
  t.step("§1", `${GHES} __ghes_sdei_callback()`, "SDEI event: record queued; irq_work runs ghes_proc_in_irq() when the CPU can take IRQs");
  const { current: _interrupted, ...noCurrent } = env; // irq_work: no user task is "current"
  return { rc, deferred: procInIrq(t, noCurrent, state, queue, now) };
}

/** ghes_proc_in_irq(): ghes_do_proc() first, then print (unless cached); returns the deferred memory_failure work. */
function procInIrq(t: Trace, env: GhesEnv, state: GhesState, queue: readonly Queued[], now: number): MfWork[] {
  const work: MfWork[] = [];
  for (const q of queue) {
    work.push(...ghesDoProc(t, env, q.e, q.src.notify === "SEA", q.src.id));
    printUnlessCached(t, env.kernel, state, q.src, q.e, now);
  }
  if (work.length > 0 && !has(env.kernel, "ghesTaskWork") && env.current?.mm && has(env.kernel, "seaUserClaimReturns")) {
    t.step("T4.P4", `${GHES} ghes_proc_in_irq()`, "task_work ghes_kick_task_work: memory_failure_queue_kick() before returning to user");
  }
  return work;
}

/** Runs work ghes_do_proc() deferred (the caller says when: return to user, before re-entering a guest, the workqueue). */
export function runDeferred(t: Trace, env: GhesEnv, work: readonly MfWork[], when: string): void {
  if (work.length === 0) return;
  t.step("§5.7", work.some((w) => w.via === "task_work") ? `${GHES} memory_failure_cb()` : "mm/memory-failure.c memory_failure_work_func()", when);
  for (const w of work) runMfWork(t, env, w);
}

/** arch/arm64/kernel/acpi.c apei_claim_sea(): -ENOENT without GHES; else ghes_notify_sea(). */
export function apeiClaimSea(t: Trace, env: GhesEnv, state: GhesState | undefined, sources: readonly GhesSource[], now: number, irqsEnabled = true): SeaClaim {
  if (!state) {
    t.step("§3.4", "arch/arm64/kernel/acpi.c apei_claim_sea()", "no GHES (CONFIG_ACPI_APEI_GHES=n or no HEST): -ENOENT");
    return { rc: ENOENT, deferred: [] };
  }
  const r = ghesNotifySea(t, env, state, sources, now, irqsEnabled);
  const fn = has(env.kernel, "apeiClaimSea") ? "arch/arm64/kernel/acpi.c apei_claim_sea()" : `${GHES} ghes_notify_sea() (called directly, before apei_claim_sea() existed)`;
  t.step("§3.4", fn, r.rc === 0 ? "returns 0: claimed" : `returns ${r.rc}: not claimed`);
  return r;
}
