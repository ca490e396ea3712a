// KVM/arm64 host handling of guest errors: handle_exit_early()/kvm_handle_guest_serror(),
// kvm_inject_serror_esr()/kvm_inject_vabt(), kvm_handle_guest_sea(), kvm_send_hwpoison_signal(),
// __kvm_arm_vcpu_set_events(). kernel.md §7, table T6.
import { has } from "../linux/boundaries.js";
import { Trace, type Decision } from "./decision.js";
import { decodeSyndrome, EC_IABT_LOW, EC_SERROR, type SyndromeInput } from "./esr-input.js";
import { classifySerror, doSerror, serrorPanic } from "./serror.js";
import type { Task } from "./memory-failure.js";
import type { KernelVersion } from "../linux/version.js";

const KVM_EXIT = "arch/arm64/kvm/handle_exit.c";
const INJECT = "arch/arm64/kvm/inject_fault.c";

/** ESR_ELx_ISV (= IDS for an SError): KVM's default vSError syndrome. */
export const ESR_ELX_ISV = 1n << 24n;
const ISS_MASK = (1n << 25n) - 1n;
const EC_SERROR_BITS = BigInt(EC_SERROR) << 26n;
const IL = 1n << 25n;

/** The guest side: its kernel and vCPU, for following an injected exception into the guest. */
export interface GuestContext {
  readonly kernel: KernelVersion;
  /** The vCPU reports FEAT_RAS (normally as the host). */
  readonly ras: boolean;
  readonly vcpu: number;
  /** Guest PSTATE.A clear (or SCTLR2.NMEA): SErrors unmasked at the time of injection. */
  readonly serrorsUnmasked: boolean;
}

/** How a vSError reaches the guest, and the ESR_EL1 the guest then reads. */
export interface VSerror {
  readonly via: "VSESR_EL2+HCR_EL2.VSE" | "emulated entry" | "HCR_EL2.VSE";
  /** ESR_EL1 seen by the guest; `assumed` when the architecture leaves it IMPLEMENTATION DEFINED. */
  readonly guestEsr: bigint;
  readonly assumed: boolean;
}

/** kvm_inject_serror_esr(vcpu, esr) (v6.18) / kvm_set_sei_esr() (v4.16–v6.13) / kvm_inject_vabt() (v4.14). */
export function vserrorFor(host: KernelVersion, hostRas: boolean, guest: GuestContext, esr: bigint = ESR_ELX_ISV): VSerror {
  if (!has(host, "rasSerror") || !hostRas) {
    // VSE only: the CPU generates an IMPLEMENTATION DEFINED ESR (modelled as VSESR_EL2 = 0).
    return { via: "HCR_EL2.VSE", guestEsr: EC_SERROR_BITS | IL, assumed: true };
  }
  if (has(host, "kvmEmulatedSerror") && guest.serrorsUnmasked) {
    return { via: "emulated entry", guestEsr: (esr & ISS_MASK) | EC_SERROR_BITS, assumed: false };
  }
  return { via: "VSESR_EL2+HCR_EL2.VSE", guestEsr: EC_SERROR_BITS | IL | (esr & ISS_MASK), assumed: false };
}

function injectVSerror(t: Trace, host: KernelVersion, hostRas: boolean, guest: GuestContext, rule: string, esr: bigint = ESR_ELX_ISV): void {
  const v = vserrorFor(host, hostRas, guest, esr);
  t.act({ kind: "inject_vserror", esr: v.assumed ? "IMPLEMENTATION DEFINED" : v.guestEsr, via: v.via });
  const what = v.assumed
    ? `guest ESR IMPLEMENTATION DEFINED (modelled as 0x${v.guestEsr.toString(16)})`
    : `guest ESR_EL1 = 0x${v.guestEsr.toString(16).padStart(8, "0")}`;
  t.step(rule, `${INJECT} ${has(host, "kvmEmulatedSerror") ? "kvm_inject_serror_esr()" : has(host, "rasSerror") ? "kvm_inject_vabt()/kvm_set_sei_esr()" : "kvm_inject_vabt()"}`, `inject virtual SError via ${v.via}; ${what}`);
  t.decide("running", rule, `${KVM_EXIT} handle_exit()`, "host returns to the guest ('if the guest survives it will re-execute the original instruction')");
  // Follow the vSError into the guest kernel's do_serror().
  t.absorb(doSerror({ syndrome: decodeSyndrome(v.guestEsr), kernel: guest.kernel, ras: guest.ras, cpu: guest.vcpu, actor: "guest" }));
}

export interface GuestSerrorInput {
  /** ESR_EL2 of an EL1_SERROR exit, or disr_to_esr(DISR_EL1) for a deferred SError. */
  readonly syndrome: SyndromeInput;
  readonly host: KernelVersion;
  readonly hostRas: boolean;
  readonly cpu: number;
  readonly guest: GuestContext;
}

/** handle_exit_early()/handle_exit() for a guest SError (T6 K1–K6). */
export function kvmGuestSerror(input: GuestSerrorInput): Decision {
  const t = new Trace("host");
  const { host, hostRas, guest } = input;
  if (!has(host, "rasSerror")) {
    t.step("T6.K6", `${KVM_EXIT} handle_exit() (v4.14)`, "guest SError: kvm_inject_vabt() sets HCR_EL2.VSE only; no classification, no host panic");
    injectVSerror(t, host, hostRas, guest, "T6.K6");
    return t.finish();
  }
  if (!hostRas) {
    t.step("T6.K5", `${KVM_EXIT} handle_exit_early()`, "SError pending and no FEAT_RAS: inject a vSError unconditionally");
    injectVSerror(t, host, hostRas, guest, "T6.K5");
    return t.finish();
  }
  const c = classifySerror(input.syndrome, hostRas);
  if (c.verdict === "continue") {
    t.decide("running", "T6.K3", `${KVM_EXIT} kvm_handle_guest_serror()`, `${c.why}: nothing injected; the guest continues`);
    t.outcome.guest = "running";
    return t.finish();
  }
  if (c.verdict === "panic inside arm64_is_fatal_ras_serror") {
    t.step("T6.K4", `${KVM_EXIT} kvm_handle_guest_serror() → arm64_is_fatal_ras_serror(NULL, esr)`, `${c.why}: host panic (no registers printed)`);
    serrorPanic(t, input.syndrome, host, input.cpu, "T6.K4", "inside arch/arm64/kernel/traps.c arm64_is_fatal_ras_serror(NULL, esr)");
    return t.finish();
  }
  const rule = c.row === 1 ? "T6.K1" : "T6.K2";
  t.step(rule, `${KVM_EXIT} kvm_handle_guest_serror()`, `${c.why}: inject a virtual SError`);
  injectVSerror(t, host, hostRas, guest, rule);
  return t.finish();
}

export interface GuestSeaInput {
  /** ESR_EL2 of the stage-2 abort (EC 0x24 data / 0x20 instruction, SEA-class FSC). */
  readonly syndrome: SyndromeInput;
  readonly host: KernelVersion;
  readonly hostRas: boolean;
  /** apei_claim_sea(NULL) / handle_guest_sea() result, already computed (0 = claimed) with its trace. */
  readonly claimRc: number;
  readonly guest: GuestContext;
}

/** kvm_handle_guest_abort() → kvm_handle_guest_sea() for a stage-2 SEA (T6 K7/K8); `t` already holds the APEI trace. */
export function kvmGuestSea(t: Trace, input: GuestSeaInput): void {
  const { host } = input;
  const fn = has(host, "apeiClaimSea") ? "arch/arm64/kvm/mmu.c kvm_handle_guest_sea() → apei_claim_sea(NULL)" : "virt/kvm/arm/mmu.c handle_guest_sea() → ghes_notify_sea()";
  if (input.claimRc === 0) {
    t.act({ kind: "resume_guest" });
    t.step("T6.K7", fn, "claimed by APEI: resume the guest, inject nothing");
    if (t.outcome.guest === undefined) t.outcome.guest = "running";
    return;
  }
  const iabt = input.syndrome.ec === EC_IABT_LOW;
  if (iabt && !has(host, "apeiClaimSea")) {
    t.step("T6.K8", "virt/kvm/arm/mmu.c kvm_handle_guest_abort()", "not claimed, instruction abort: falls through to the normal stage-2 fault path, nothing injected");
    t.outcome.guest = "running";
    return;
  }
  t.step("T6.K8", fn, "not claimed: inject a virtual SError (not a vSEA)");
  injectVSerror(t, host, input.hostRas, input.guest, "T6.K8");
}

/** kvm_send_hwpoison_signal(): stage-2 fault on a PG_hwpoison page (T6 K9). */
export function kvmHwpoisonFault(t: Trace, vcpuThread: Task, hva: bigint, lsb = 12): void {
  t.act({ kind: "signal", actor: "host", signal: "SIGBUS", code: "BUS_MCEERR_AR", target: `${vcpuThread.comm}:${vcpuThread.pid}`, addr: hva, lsb });
  t.decide("signal", "T6.K9", "arch/arm64/kvm/mmu.c kvm_send_hwpoison_signal()", `pfn is KVM_PFN_ERR_HWPOISON: send_sig_mceerr(BUS_MCEERR_AR, hva=0x${hva.toString(16)}, lsb=${lsb}) to the vCPU thread`);
}

/** struct kvm_vcpu_events (arm64), the exception part. */
export interface VcpuEvents {
  readonly serrorPending: number;
  readonly serrorHasEsr: number;
  /** v5.5+; before that this byte is pad[0]. */
  readonly extDabtPending: number;
  readonly pad: readonly number[];
  readonly serrorEsr: bigint;
  readonly reserved: readonly number[];
}

export const EINVAL = -22;

/** KVM_SET_VCPU_EVENTS: arm.c checks + __kvm_arm_vcpu_set_events() (T6 K10/K11). Returns the ioctl result. */
export function kvmSetVcpuEvents(t: Trace, host: KernelVersion, hostRas: boolean, guest: GuestContext, ev: VcpuEvents): number {
  const FN = "arch/arm64/kvm/guest.c __kvm_arm_vcpu_set_events()";
  const fail = (why: string, fn = FN): number => {
    t.step("T6.K10", fn, `${why}: -EINVAL`);
    return EINVAL;
  };
  if (!has(host, "kvmVcpuEvents")) return fail("KVM_SET_VCPU_EVENTS does not exist before v4.19 (kvm_arch_vcpu_ioctl default)", "arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl()");
  if (ev.reserved.some((r) => r !== 0)) return fail("reserved[] not zero", "arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl_set_events()");
  const pad = has(host, "kvmExtDabt") ? ev.pad : [ev.extDabtPending, ...ev.pad];
  if (pad.some((p) => p !== 0)) return fail(has(host, "kvmExtDabt") ? "pad[] not zero" : "pad[0] (ext_dabt_pending from v5.5) not zero", "arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl_set_events()");
  if (ev.extDabtPending && has(host, "kvmExtDabt")) {
    t.step("§7.6", FN, "ext_dabt_pending: external data abort injected at once (kvm_inject_sea_dabt)");
  }
  if (!ev.serrorPending) {
    t.step("§7.6", FN, "serror_pending = 0: nothing pended (an SError already pending cannot be cancelled)");
    return 0;
  }
  if (ev.serrorHasEsr && !hostRas) return fail("serror_has_esr on a host without FEAT_RAS");
  if (ev.serrorHasEsr && (ev.serrorEsr & ~ISS_MASK) !== 0n) return fail(`serror_esr 0x${ev.serrorEsr.toString(16)} has bits above ESR_ELx_ISS_MASK [24:0]`);
  const esr = ev.serrorHasEsr ? ev.serrorEsr : ESR_ELX_ISV;
  t.step("T6.K11", FN, ev.serrorHasEsr ? `pend a vSError with ISS 0x${esr.toString(16)}` : "pend a vSError with KVM's default ESR");
  injectVSerror(t, host, hostRas, guest, "T6.K11", esr);
  return 0;
}
