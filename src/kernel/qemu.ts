// QEMU's SIGBUS handling for an arm64 KVM guest: kvm_arch_on_sigbus_vcpu() (target/arm/kvm.c),
// acpi_ghes_memory_errors()/ghes_record_cper_errors() (hw/acpi/ghes.c), kvm_inject_arm_sea().
// kernel.md §8, table T7. The CPER bytes are described here; the simulator writes them with the codec.
import type { SiCode, Trace } from "./decision.js";
import { abortEsr, EC_DABT_CUR, EC_DABT_LOW } from "./esr-input.js";

/** syn_data_abort_no_iss(same_el, fnv=1, ea=0, cm=0, s1ptw=0, wnr=0, fsc=0x10): ISS = FnV | FSC. */
const SEA_ISS = (1 << 10) | 0x10;

/** ESR QEMU injects for the guest's EL: 0x96000410 (EL1, EC 0x25) or 0x92000410 (EL0, EC 0x24). */
export function qemuSeaEsr(guestEl: 0 | 1): bigint {
  return abortEsr(guestEl === 1 ? EC_DABT_CUR : EC_DABT_LOW, SEA_ISS);
}

/** The CPER QEMU records for one guest memory error (hw/acpi/ghes.c). */
export const QEMU_CPER_DESCRIPTION =
  "Generic Error Status Block {block_status=1 (uncorrectable), error_severity=0 (recoverable), data_length=152}; one Generic Error Data entry {memory error section, severity 0, revision 0x300, flags 0, length 80}; memory section {validation_bits=0x4002 (PA|type valid), physical_address=GPA, memory_error_type=0}";

export interface QemuInput {
  readonly code: SiCode;
  /** si_addr (host VA); undefined when the signal carries none. */
  readonly addr?: bigint;
  /** virt machine with ras=on and ACPI: acpi_ghes_present(). */
  readonly ghesPresent: boolean;
  /** The host VA maps guest RAM at this guest physical address (undefined: QEMU's own memory). */
  readonly gpa?: bigint;
  /** The SEA source's read_ack register: 1 = the guest acknowledged the previous record. */
  readonly readAck: 0 | 1;
  /** EL the guest vCPU was at (decides EC 0x24/0x25). */
  readonly guestEl: 0 | 1;
  /** Program name in error_report() lines. */
  readonly progname?: string;
  /** Newer QEMU logs 'Guest Memory Error … injected' (default true). */
  readonly logInjected?: boolean;
}

export type QemuResult =
  | { readonly kind: "sea-injected"; readonly esr: bigint; readonly gpa: bigint }
  | { readonly kind: "recorded" }
  | { readonly kind: "ignored" }
  | { readonly kind: "vmm-died" };

const ARM_KVM = "target/arm/kvm.c kvm_arch_on_sigbus_vcpu()";

/** kvm_arch_on_sigbus_vcpu() (QEMU ≥5.1) and sigbus_handler()'s re-raise (T7 Q1–Q7). */
export function qemuOnSigbus(t: Trace, q: QemuInput): QemuResult {
  const err = (m: string): void => t.print(`${q.progname ?? "qemu-system-aarch64"}: ${m}`);
  const die = (how: "exit(1)" | "abort()" | "re-raise SIGBUS", rule: string, text: string): QemuResult => {
    t.act({ kind: "vmm_exit", how });
    t.decide("killed", rule, ARM_KVM, text);
    t.outcome.guest = "killed";
    return { kind: "vmm-died" };
  };
  if (q.code !== "BUS_MCEERR_AR" && q.code !== "BUS_MCEERR_AO") {
    return die("re-raise SIGBUS", "T7.Q7", `si_code ${q.code} is not BUS_MCEERR_AR/AO: sigbus_reraise(), QEMU terminates with the guest`);
  }
  const ar = q.code === "BUS_MCEERR_AR";
  if (q.ghesPresent && q.addr !== undefined && q.gpa !== undefined) {
    t.act({ kind: "hwpoison_page_add", ramAddr: q.gpa });
    t.step(ar ? "T7.Q1" : "T7.Q3", ARM_KVM, `kvm_hwpoison_page_add(): page 0x${q.gpa.toString(16)} recorded (re-poisoned on reset)`);
    if (!ar) {
      t.step("T7.Q3", ARM_KVM, "BUS_MCEERR_AO: nothing is told to the guest");
      t.outcome.guest = "running";
      return { kind: "recorded" };
    }
    if (q.readAck === 0) {
      t.print(`${q.progname ?? "qemu-system-aarch64"}: OSPM does not acknowledge previous error, so can not record CPER for current error anymore`);
      err("failed to record the error");
      return die("abort()", "T7.Q2", "acpi_ghes_memory_errors() failed (read_ack = 0): abort()");
    }
    t.act({ kind: "write_guest_cper", gpa: q.gpa, source: "SEA", record: QEMU_CPER_DESCRIPTION });
    t.step("T7.Q1", "hw/acpi/ghes.c acpi_ghes_memory_errors()", `read_ack = 0, CPER written to the SEA source's error status block (GPA 0x${q.gpa.toString(16)})`);
    const esr = qemuSeaEsr(q.guestEl);
    t.act({ kind: "inject_sea", esr, el: 1 });
    if (q.logInjected ?? true) {
      t.print(`Guest Memory Error at QEMU addr 0x${q.addr.toString(16)} and GUEST addr 0x${q.gpa.toString(16)} of type BUS_MCEERR_AR injected`);
    }
    t.decide("signal", "T7.Q1", "target/arm/kvm.c kvm_inject_arm_sea()", `inject SEA into the guest at EL1: ESR_EL1 0x${esr.toString(16)} (FnV=1, FAR UNKNOWN)`);
    return { kind: "sea-injected", esr, gpa: q.gpa };
  }
  if (q.ghesPresent && q.addr !== undefined && !ar) {
    err(`Hardware memory error at addr 0x${q.addr.toString(16)} for memory used by QEMU itself instead of guest system!`);
    t.step("T7.Q4", ARM_KVM, "BUS_MCEERR_AO on QEMU's own memory: logged only");
    return { kind: "ignored" };
  }
  if (ar) {
    err("Hardware memory error!");
    return die("exit(1)", "T7.Q5", "BUS_MCEERR_AR with no guest GHES or an address outside guest RAM: exit(1)");
  }
  t.step("T7.Q6", ARM_KVM, "BUS_MCEERR_AO without a guest GHES: ignored");
  return { kind: "ignored" };
}
