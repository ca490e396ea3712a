// Adapter: the Linux / KVM / QEMU decisions the simulator drives. Everything that
// src/kernel provides is used from there (do_serror, die, GHES, memory_failure,
// fault_info). The pieces marked SIM-LOCAL are the minimal missing ones — do_sea()
// (T2), the KVM guest-exit handling (T6) and QEMU's SIGBUS handling (T7) —
// written from reference/kernel.md until src/kernel exports them.
import { has } from "../../kernel/boundaries.js";
import type { Trace } from "../../kernel/decision.js";
import { arm64NotifyDie, type DieContext } from "../../kernel/die.js";
import { decodeSyndrome, type SyndromeInput } from "../../kernel/esr-input.js";
import { seaFaultInfo } from "../../kernel/fault-info.js";
import { classifySerror, serrorPanic } from "../../kernel/serror.js";
import type { KernelVersion } from "../../kernel/version.js";

export { doSerror } from "../../kernel/serror.js";
export { apeiClaimSea, ghesProbe, ghesProc, GhesState, type GhesSource } from "../../kernel/ghes.js";
export { hwpoisonPageFault, type PageInfo, type Mapper } from "../../kernel/memory-failure.js";
export type { GhesEnv } from "../../kernel/ghes-do-proc.js";
export { decodeSyndrome };

const FAULT = "arch/arm64/mm/fault.c do_sea()";

export interface SeaInput {
  readonly kernel: KernelVersion;
  readonly fromUser: boolean;
  readonly esr: bigint;
  readonly far: bigint;
  readonly die: DieContext;
  /** apei_claim_sea() / ghes_notify_sea(): runs the GHES model, returns its rc (0 = claimed). */
  readonly claim: () => number;
}

/** SIM-LOCAL do_sea() by version (kernel.md §3.2, table T2). */
export function doSea(t: Trace, i: SeaInput): void {
  const s = decodeSyndrome(i.esr);
  const inf = seaFaultInfo(i.kernel, s.fsc);
  if (!inf) {
    t.step("§3.1", "arch/arm64/mm/fault.c do_mem_abort()", `FSC 0x${s.fsc.toString(16)} does not dispatch to do_sea() in this release`);
    return;
  }
  const addr = s.fnv ? 0n : i.far & 0x00ff_ffff_ffff_ffffn;
  if (!has(i.kernel, "rasSerror")) {
    // v4.14 (T2 rows 6/7)
    const line = `${inf.name} (0x${i.esr.toString(16).padStart(8, "0")}) at 0x${i.far.toString(16).padStart(16, "0")}`;
    t.print(`Synchronous External Abort: ${line}`);
    const rc = i.claim();
    if (t.outcome[t.actor] === "panic") return;
    t.step(rc === 0 ? "T2.6" : "T2.7", FAULT, `ghes_notify_sea() returned ${rc}; SIGBUS with si_code 0 regardless`);
    arm64NotifyDie(t, i.die, i.fromUser, s, "", "SIGBUS", 0, addr, rc === 0 ? "T2.6" : "T2.7");
    if (rc !== 0 && i.fromUser) {
      t.print(`Unhandled fault: ${line}`);
      t.step("T2.7", "arch/arm64/mm/fault.c do_mem_abort()", "not claimed: 'Unhandled fault' and a second SIGBUS");
    }
    return;
  }
  if (!has(i.kernel, "seaUserClaimReturns")) {
    // v4.16–v5.7: APEI first (return value ignored), then always signal / die (T2 rows 4/5)
    const rule = has(i.kernel, "apeiClaimSea") ? "T2.4" : "T2.5";
    const rc = i.claim();
    if (t.outcome[t.actor] === "panic") return;
    t.step(rule, FAULT, `APEI returned ${rc} (ignored: "we rely on signal merging"); arm64_notify_die() anyway`);
    arm64NotifyDie(t, i.die, i.fromUser, s, inf.name, inf.sig, inf.code, addr, rule);
    return;
  }
  if (i.fromUser) {
    const rc = i.claim();
    if (t.outcome[t.actor] === "panic") return;
    if (rc === 0) {
      t.step("T2.1", FAULT, "user-mode SEA claimed by APEI: do_sea() returns; any signal comes from memory_failure()/ghes_do_proc()");
      return;
    }
    t.step("T2.2", FAULT, `apei_claim_sea() returned ${rc}: not firmware-first`);
  } else {
    t.step("T2.3", FAULT, "kernel-mode SEA: APEI is not consulted (the CPER, if any, stays unread and un-acked)");
  }
  if (has(i.kernel, "taintMachineCheck")) t.act({ kind: "taint", actor: t.actor, flag: "TAINT_MACHINE_CHECK" });
  arm64NotifyDie(t, i.die, i.fromUser, s, inf.name, inf.sig, inf.code, addr, i.fromUser ? "T2.2" : "T2.3");
}

/** ESR_ELx.ISV/IDS (bit 24): KVM's default virtual SError syndrome. */
export const ESR_ISV = 1n << 24n;
const EC_SERROR = 0x2fn << 26n;
const IL = 1n << 25n;

/** What the guest's ESR_EL1 holds when the virtual SError is taken. */
export type VSerror = { readonly esr: bigint; readonly how: string } | { readonly esr: "IMPLEMENTATION DEFINED"; readonly how: string };

/**
 * SIM-LOCAL kvm_inject_serror()/kvm_inject_vabt() (kernel.md §7.3): the ESR the guest sees.
 * v6.18 emulates the entry when the guest has SErrors unmasked (no IL: 0xBD000000).
 */
export function injectVserror(t: Trace, kernel: KernelVersion, ras: boolean, guestUnmasked: boolean): VSerror {
  if (!has(kernel, "rasSerror")) {
    t.step("T6.K6", "arch/arm64/kvm/inject_fault.c kvm_inject_vabt()", "HCR_EL2.VSE = 1 only (no VSESR_EL2): the guest's ESR is IMPLEMENTATION DEFINED");
    return { esr: "IMPLEMENTATION DEFINED", how: "HCR_EL2.VSE" };
  }
  if (!ras) {
    t.step("T6.K5", "arch/arm64/kvm/inject_fault.c kvm_inject_vabt()", "no RAS: HCR_EL2.VSE = 1; the CPU generates an IMPLEMENTATION DEFINED ESR");
    return { esr: "IMPLEMENTATION DEFINED", how: "HCR_EL2.VSE" };
  }
  if (has(kernel, "kvmEmulatedSerror") && guestUnmasked) {
    const esr = EC_SERROR | ESR_ISV;
    t.step("§7.3", "arch/arm64/kvm/inject_fault.c kvm_inject_serror_esr()", `guest has SErrors unmasked: entry emulated now with ESR_EL1 = 0x${esr.toString(16)} (ISV/IDS, IL not set)`);
    return { esr, how: "emulated entry" };
  }
  const esr = EC_SERROR | IL | ESR_ISV;
  t.step("§7.3", "arch/arm64/kvm/inject_fault.c kvm_set_sei_esr()", `VSESR_EL2 = 0x${ESR_ISV.toString(16)} (ISV/IDS), HCR_EL2.VSE = 1: the guest takes ESR_EL1 = 0x${esr.toString(16)}`);
  return { esr, how: "VSESR_EL2+HCR_EL2.VSE" };
}

export type GuestSerrorResult = { readonly inject: boolean };

/** SIM-LOCAL kvm_handle_guest_serror() / handle_exit_early() (table T6 K1–K6). */
export function kvmGuestSerror(t: Trace, kernel: KernelVersion, ras: boolean, esr: bigint, cpu: number): GuestSerrorResult {
  const HX = "arch/arm64/kvm/handle_exit.c kvm_handle_guest_serror()";
  if (!has(kernel, "rasSerror")) {
    t.step("T6.K6", "arch/arm64/kvm/handle_exit.c handle_exit()", "v4.14: every guest SError is reflected as a virtual SError (kvm_inject_vabt)");
    return { inject: true };
  }
  if (!ras) {
    t.step("T6.K5", "arch/arm64/kvm/handle_exit.c handle_exit_early()", "no RAS: SError pending at guest exit → inject a virtual SError unconditionally");
    return { inject: true };
  }
  const s: SyndromeInput = decodeSyndrome(esr);
  const c = classifySerror(s, ras);
  if (c.row === 1) {
    t.step("T6.K1", HX, "ESR.IDS=1: not a RAS SError → inject a virtual SError");
    return { inject: true };
  }
  if (c.row === 5 || c.row === 6) {
    t.step("T6.K2", HX, `${c.why} → inject a virtual SError (the guest, not the host, pays)`);
    return { inject: true };
  }
  if (c.verdict === "continue") {
    t.step("T6.K3", HX, `${c.why}: nothing injected, the guest continues`);
    return { inject: false };
  }
  t.step("T6.K4", HX, `${c.why}: arm64_serror_panic(NULL, esr) — the HOST panics`);
  serrorPanic(t, s, kernel, cpu, "T6.K4", "from kvm_handle_guest_serror() (regs NULL: no register dump)");
  return { inject: false };
}

/** QEMU's kvm_inject_arm_sea() syndrome (kernel.md §8): EC DABT (lower 0x24 / current 0x25), IL, FnV, DFSC 0x10. */
export function qemuSeaEsr(guestEl: 0 | 1): bigint {
  return ((guestEl === 0 ? 0x24n : 0x25n) << 26n) | IL | (1n << 10n) | 0x10n;
}

/** Whether this QEMU forwards BUS_MCEERR_AR to the guest (guest GHES + SEA injection landed in QEMU 5.1). */
export function qemuHasGuestRas(version: string): boolean {
  const [maj, min] = version.split(".").map(Number) as [number, number];
  return maj > 5 || (maj === 5 && min >= 1);
}
