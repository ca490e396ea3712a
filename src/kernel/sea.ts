// Host Synchronous External Abort: arch/arm64/mm/fault.c do_sea() (and do_mem_abort()'s unhandled
// path in v4.14) by release. kernel.md §3, table T2.
import { memAbortDecodeLines } from "../sysregs/esr/index.js";
import { has } from "../linux/boundaries.js";
import { Trace, type Actor, type Decision } from "./decision.js";
import { arm64NotifyDie, type DieContext } from "./die.js";
import type { SyndromeInput } from "./esr-input.js";
import { seaFaultInfo } from "./fault-info.js";
import { apeiClaimSea, runDeferred, type GhesSource, type GhesState } from "./ghes.js";
import type { GhesEnv } from "./ghes-do-proc.js";
import type { KernelVersion } from "../linux/version.js";

const FAULT = "arch/arm64/mm/fault.c";

/** The APEI side of an SEA: either a stated result, or the GHES model to run. */
export type SeaApei =
  | { readonly kind: "claimed" }
  | { readonly kind: "not-claimed" }
  | {
      readonly kind: "ghes";
      readonly env: GhesEnv;
      /** undefined = no GHES at all (CONFIG_ACPI_APEI_GHES=n / no HEST). */
      readonly state: GhesState | undefined;
      readonly sources: readonly GhesSource[];
      /** Time in ms (estatus cache, ratelimits). */
      readonly now: number;
    };

export interface SeaInput {
  readonly syndrome: SyndromeInput;
  readonly kernel: KernelVersion;
  /** Taken from EL0 (user_mode(regs)). */
  readonly fromUser: boolean;
  readonly far: bigint;
  /** PSTATE.I of the interrupted context was clear (interrupts_enabled(regs)). */
  readonly irqsEnabled: boolean;
  readonly die: Omit<DieContext, "kernel">;
  readonly apei: SeaApei;
  readonly actor?: Actor;
}

export class NotSeaError extends Error {
  override readonly name = "NotSeaError";
}

/** ghes_notify_sea()/apei_claim_sea(): 0 = claimed. Deferred memory_failure work is pushed to `later`. */
function claim(t: Trace, input: SeaInput, irqsEnabled: boolean, later: (() => void)[]): number {
  const a = input.apei;
  switch (a.kind) {
    case "claimed":
      t.step("§3.4", "arch/arm64/kernel/acpi.c apei_claim_sea()", "APEI claims the SEA (stated input; GHES processing not modelled)");
      return 0;
    case "not-claimed":
      t.step("§3.4", "arch/arm64/kernel/acpi.c apei_claim_sea()", "APEI does not claim the SEA (stated input)");
      return -2;
    case "ghes": {
      const r = apeiClaimSea(t, a.env, a.state, a.sources, a.now, irqsEnabled);
      if (r.deferred.length) later.push(() => runDeferred(t, a.env, r.deferred, input.fromUser ? "on return to user: deferred memory_failure() runs" : "later, from the memory_failure workqueue"));
      return r.rc;
    }
  }
}

/** "%08x" of the 32-bit esr argument of 4.x do_mem_abort()/do_sea(). */
function hex8(esr: bigint): string {
  return (esr & 0xffff_ffffn).toString(16).padStart(8, "0");
}

/**
 * Before 4.13 nothing in the kernel reads a firmware-first record for an SEA (no ghes_notify_sea(), no
 * CONFIG_ACPI_APEI_SEA). A record the caller says firmware wrote is noted, and the answer is the kernel's
 * real behaviour (docs/kernel.md "Inputs a kernel cannot have").
 */
function noSeaNotification(t: Trace, input: SeaInput): void {
  const a = input.apei;
  const record = a.kind === "claimed" || (a.kind === "ghes" && a.sources.some((x) => x.notify === "SEA" && x.estatus !== null));
  t.step("T2.8", `${FAULT} ${has(input.kernel, "doSea") ? "do_sea()" : "do_mem_abort()"}`, "no SEA notification in this release (ghes_notify_sea() arrived in 4.13): APEI is not consulted");
  if (record) {
    t.note(
      `Linux ${input.kernel.text} has no SEA notification (ghes_notify_sea() and CONFIG_ACPI_APEI_SEA arrived in 4.13): a firmware-first record for this SEA is never read, so nothing can claim it; the answer is the kernel's real behaviour`,
    );
  }
}

/** do_sea(far, esr, regs), or do_bad() + do_mem_abort() before 4.11. Throws NotSeaError when the FSC is not SEA-class in this release. */
export function doSea(input: SeaInput, trace?: Trace): Decision {
  const t = trace ?? new Trace(input.actor ?? "host");
  const later: (() => void)[] = [];
  doSeaArch(t, input, later);
  if (t.outcome[t.actor] !== "panic") for (const f of later) f();
  return t.finish();
}

function doSeaArch(t: Trace, input: SeaInput, later: (() => void)[]): void {
  const s = input.syndrome;
  const v = input.kernel;
  const inf = seaFaultInfo(v, s.fsc);
  if (!inf) throw new NotSeaError(`FSC 0x${s.fsc.toString(16).padStart(2, "0")} does not dispatch to do_sea() in Linux ${v.text}`);
  const ctx: DieContext = { kernel: v, ...input.die };
  const siaddr = s.fnv ? 0n : input.far;
  const user = input.fromUser;

  if (inf.fn === "do_bad") {
    // 4.4-4.10 (T2 row 8): fault_info[] has do_bad() for every SEA-class FSC; do_mem_abort() reports
    // the fault as unhandled and arm64_notify_die("") follows (4.x fault.c do_mem_abort()).
    t.step("T2.8", `${FAULT} do_bad()`, `fault_info[FSC 0x${s.fsc.toString(16).padStart(2, "0")}] is do_bad() (no do_sea() before 4.11): returns 1, the abort is an unhandled fault`);
    noSeaNotification(t, input);
    t.print(`Unhandled fault: ${inf.name} (0x${hex8(s.esr)}) at 0x${input.far.toString(16).padStart(16, "0")}`);
    t.step("T2.8", `${FAULT} do_mem_abort()`, `'Unhandled fault: …', then arm64_notify_die("", SIGBUS, si_code 0, si_addr=FAR)`);
    arm64NotifyDie(t, ctx, user, s, "", "SIGBUS", 0, input.far, "T2.8");
    return;
  }
  if (!has(v, "rasSerror")) {
    // v4.14 (T2 rows 6/7)
    t.print(`Synchronous External Abort: ${inf.name} (0x${hex8(s.esr)}) at 0x${input.far.toString(16).padStart(16, "0")}`);
    if (!has(v, "ghesSeaNotify")) {
      // 4.11-4.12: do_sea() without CONFIG_ACPI_APEI_SEA (it arrived with ghes_notify_sea() in 4.13).
      noSeaNotification(t, input);
      arm64NotifyDie(t, ctx, user, s, has(v, "dieNamed") ? inf.name : "", "SIGBUS", 0, siaddr, "T2.6");
      return;
    }
    const rc = claim(t, input, input.irqsEnabled, later);
    const str = has(v, "dieNamed") ? inf.name : ""; // v4.14 passes ""
    if (rc === 0 || !user) {
      arm64NotifyDie(t, ctx, user, s, str, "SIGBUS", 0, siaddr, "T2.6");
      return;
    }
    arm64NotifyDie(t, ctx, user, s, str, "SIGBUS", 0, siaddr, "T2.7");
    t.print(`Unhandled fault: ${inf.name} (0x${hex8(s.esr)}) at 0x${input.far.toString(16).padStart(16, "0")}`);
    for (const l of memAbortDecodeLines(s.decoded, { kernel: v })) t.print(l);
    t.step("T2.7", `${FAULT} do_mem_abort()`, "do_sea() returned non-zero (not claimed): 'Unhandled fault', mem_abort_decode(), a second SIGBUS (merged)");
    arm64NotifyDie(t, ctx, user, s, str, "SIGBUS", 0, input.far, "T2.7");
    return;
  }
  if (!has(v, "apeiClaimSea")) {
    // v4.16–v4.19 (T2 row 5): ghes_notify_sea() synchronously, then always signal/die.
    claim(t, input, input.irqsEnabled, later);
    if (t.outcome[t.actor] === "panic") return;
    t.step("T2.5", `${FAULT} do_sea()`, "ghes_notify_sea() result ignored: arm64_notify_die() always follows");
    arm64NotifyDie(t, ctx, user, s, inf.name, inf.sig, inf.code, siaddr, "T2.5");
    return;
  }
  if (!has(v, "seaUserClaimReturns")) {
    // ~v5.0–v5.7 (T2 row 4): apei_claim_sea() for user and kernel, result ignored.
    claim(t, input, input.irqsEnabled, later);
    if (t.outcome[t.actor] === "panic") return;
    t.step("T2.4", `${FAULT} do_sea()`, "apei_claim_sea() return ignored ('we rely on signal merging'): arm64_notify_die() follows");
    arm64NotifyDie(t, ctx, user, s, inf.name, inf.sig, inf.code, siaddr, user ? "T2.2" : "T2.3");
    return;
  }
  // ≥5.8 (T2 rows 1-3)
  if (user) {
    const rc = claim(t, input, input.irqsEnabled, later);
    if (t.outcome[t.actor] === "panic") return;
    if (rc === 0) {
      if (t.outcome[t.actor] === undefined) {
        t.decide("running", "T2.1", `${FAULT} do_sea()`, "apei_claim_sea() claimed: return with no arch signal; the outcome comes from GHES/memory_failure (T3-T5)");
      } else {
        t.step("T2.1", `${FAULT} do_sea()`, "apei_claim_sea() claimed: return with no arch signal");
      }
      return;
    }
    t.step("T2.2", `${FAULT} do_sea()`, `apei_claim_sea() returned ${rc}: not firmware-first`);
  } else {
    t.step("T2.3", `${FAULT} do_sea()`, "kernel-mode SEA: APEI is not consulted (the CPER stays unread and un-acked)");
  }
  if (has(v, "taintMachineCheck")) {
    t.act({ kind: "taint", actor: t.actor, flag: "TAINT_MACHINE_CHECK" });
    t.step(user ? "T2.2" : "T2.3", `${FAULT} do_sea()`, "add_taint(TAINT_MACHINE_CHECK)");
  }
  arm64NotifyDie(t, ctx, user, s, inf.name, inf.sig, inf.code, siaddr, user ? "T2.2" : "T2.3");
  return;
}
