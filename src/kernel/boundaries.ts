// The releases at which each modelled rule or log format changed, declared once as data.
// Every entry cites reference/kernel.md (which cites the trees read: v4.14, v4.19, v6.13, v6.18).
// Printf formats of ESR-bearing lines (8 vs 16 digits, die()'s "[#n]  SMP", the unhandled-signal
// line) are the ESR codec's (src/sysregs/esr/linux-format.ts LINUX_ESR_FORMAT), not repeated here.
// "approx" marks a boundary known only to lie between two trees read; the release chosen is
// stated there and in docs/kernel.md. "verified" cites the patch email / pull request (lore
// archive copies) that dates the change.
import { atLeast, type KernelVersion } from "./version.js";

export interface Boundary {
  /** When set: the upstream evidence that dates the boundary (patch email, pull request). */
  readonly verified?: string;
  /** First release line (major.minor) with the new behaviour. */
  readonly since: string;
  /** Stable releases that carry a backport: line "6.1" from patch 164, etc. */
  readonly backports?: readonly { readonly line: string; readonly fromPatch: number }[];
  readonly what: string;
  readonly source: string;
  /** When set: the bracket the boundary is known to lie in, and why this release was chosen. */
  readonly approx?: string;
}

export const BOUNDARIES = {
  rasSerror: {
    since: "4.16",
    what: "do_serror() with the AET severity rules (T1 rows 1-9) replaces bad_mode() (T1 row 10); KVM classifies guest SErrors and programs VSESR_EL2",
    source: "kernel.md §2.1 ('identical logic since v4.16'), §2.2, §9 'Landed: v4.16'",
  },
  dieNamed: {
    since: "4.16",
    what: "do_sea() passes the fault_info name to arm64_notify_die() (v4.14 passes \"\": 'Internal error: : 96000210')",
    source: "kernel.md §3.2 v4.14/v4.16-v4.19, §3.3",
  },
  apeiClaimSea: {
    since: "5.1",
    what: "apei_claim_sea() and the NMI-like estatus queue for SEA (cached duplicates claimed without processing)",
    source: "kernel.md §3.2 '~v5.0-v5.7', §5.5 'since the ~v5.x rework', T2 row 4",
    approx: "d44f1b8dd7e6 'arm64: KVM/mm: Move SEA handling behind a single 'claim' interface' is in James Morse's APEI series, v8 posted 2019-01-29 (after v5.0-rc4) and applied by Rafael from it, so the v5.1 merge window; Mark Rutland's e533dbe9dcb1 message says 'introduced in v5.0' (contradicts the posting date; 5.1 chosen)",
  },
  seaUserClaimReturns: {
    since: "5.8",
    what: "do_sea() returns at once when apei_claim_sea() claims a user-mode SEA; kernel-mode SEA no longer calls APEI; ghes_kick_task_work flushes queued memory_failure before return to user",
    source: "kernel.md §3.2 (v5.8, James Morse 'Make apei_claim_sea() synchronise with APEI's irq work'), T4 P4",
  },
  armProcMemoryFailure: {
    since: "5.14",
    what: "ghes_handle_arm_hw_error(): recoverable cache errors with a physical address go to memory_failure (before: ARM processor sections are logged only)",
    source: "kernel.md T4 P8 (E/B log only; M type==0)",
    approx: "Xiaofei Tan '[PATCH v6] ACPI / APEI: fix the regression of synchronous external aborts occur in user-mode' (adds ghes_handle_arm_hw_error) posted 2021-06-09, during v5.13-rc5, with Rafael asking for a v7: so 5.14 at the earliest; its merge release was not found",
  },
  mfSendingSigbus: {
    since: "5.3",
    what: "kill_proc() says 'Sending SIGBUS to comm:pid' instead of 'Killing comm:pid'",
    source: "kernel.md §6 kill_proc (v4.19 'Killing', v6.18 'Sending SIGBUS')",
    approx: "Jane Chu '[PATCH v2] mm, memory-failure: clarify error message' posted 2019-05-21 (after v5.2-rc1, via -mm), so 5.3 at the earliest; the 2020-05 kill_proc patches (v5.8) already show the new text: window 5.3-5.8, 5.3 chosen",
  },
  ghesPanicHonorsPanicTimeout: {
    since: "6.13",
    what: "__ghes_panic(): panic(\"GHES: Fatal hardware error\") (and 'Fatal hardware error but panic disabled' when panic=0) instead of panic(\"Fatal hardware error!\")",
    source: "kernel.md §5.4 ('≥ ~v6.13, also backported to stables')",
  },
  ghesSyncActionRequired: {
    since: "6.8",
    backports: [{ line: "5.15", fromPatch: 149 }],
    what: "ghes_handle_memory_failure() uses MF_ACTION_REQUIRED for synchronous (SEA) notifications (before: flags 0)",
    source: "kernel.md §5.7, T4 P4 (Shuai Xue change present in v6.13)",
    approx: "'ACPI: APEI: set memory failure flags as MF_ACTION_REQUIRED on synchronous events' is in the Linux 5.15.149 stable release (2024-02-23) and other stable lines of early 2024, so mainline had it by v6.8-rc; 6.8 chosen (other stable lines' patch levels not modelled)",
  },
  taintMachineCheck: {
    since: "6.17",
    what: "arm64_serror_panic(), do_sea() and __ghes_panic() add TAINT_MACHINE_CHECK",
    source: "kernel.md §2.1 ('not in v6.13; present in 6.17.7 logs'), §3.2, §5.4",
  },
  ghesSyncSigbus: {
    since: "6.17",
    backports: [{ line: "6.1", fromPatch: 164 }],
    what: "ghes_do_proc(): a synchronous error that queued nothing sends SIGBUS (SI_KERNEL) to current ('synchronous unrecoverable error (SIGBUS)')",
    source: "kernel.md §5.7 (upstream 2025-07, backported to 6.1.164 with pr_err), T4 P12",
    verified: "79a5ae3c4c5e 'ACPI: APEI: send SIGBUS to current task if synchronous memory error not recovered' entered Linus' master on 2025-07-30 (v6.17 merge window)",
  },
  ghesTaskWork: {
    since: "6.17",
    what: "ghes_do_memory_failure(): MF_ACTION_REQUIRED with current->mm runs memory_failure() from task_work (memory_failure_cb) instead of memory_failure_queue() + kick",
    source: "kernel.md §5.7 ('v6.18; not v6.13'), T4 P4/P13",
    verified: "c1f1fda14137 'ACPI: APEI: handle synchronous exceptions in task work' entered Linus' master with 79a5ae3c4c5e (the sync-SIGBUS patch, ghesSyncSigbus) on 2025-07-30, the v6.17 merge window",
  },
  armTypeBitmask: {
    since: "6.18",
    what: "CPER ARM error_info type read as a bitmask (cache = BIT(1)) instead of an enum (cache = 0); 'Unhandled processor error type 0x%02x: %s' message",
    source: "kernel.md §5.7, §12.6",
    approx: "'efi/cper: align ARM CPER type with UEFI 2.9A/2.10 specs' v6 (Daniel Ferguson, for Mauro Carvalho Chehab) posted 2025-08-14, after v6.17-rc1, so the v6.18 merge window; later picked by stable lines (patch levels not modelled)",
  },
  cperPcieAerAll: {
    since: "6.12",
    what: "cper_print_pcie() prints the AER registers for every severity and adds 'aer_cor_status: …, aer_cor_mask: …' (before: only aer_uncor_status/mask, aer_uncor_severity and TLP Header, only when gdata->error_severity & CPER_SEV_FATAL)",
    source: "drivers/firmware/efi/cper.c cper_print_pcie()",
    verified: "'efi/cper: Print correctable AER information' (Yazen Ghannam, Avadhut Naik), queued by Ard Biesheuvel for v6.12",
  },
  ghesCxlComponentEvents: {
    since: "6.8",
    what: "ghes_do_proc(): CXL component event sections (General Media, DRAM, Memory Module; UEFI 2.10 N.2.14) are handed to the CXL driver (before: non-standard sections, ghes_defer_non_standard_event() / log_non_standard_event())",
    source: "kernel.md §5.7 ('CXL protocol / GMER / DRAM / memory-module sections → CXL work queues'), T4 P11",
    verified: "Ira Weiny's series 'firmware/efi: Process CXL Component Events' / 'acpi/ghes: Process CXL Component Events': 'Re: [PATCH v3 6/7] firmware/efi: Process CXL Component Events' (Ira Weiny, LKML archive, 2023-12-14) says 'V4 coming'; the checked evidence is that posting (v3 in mid-December 2023, so the next merge window was v6.8's, January 2024); the merge itself was not seen",
  },
  ghesCxlProtocolErrors: {
    since: "6.15",
    what: "ghes_do_proc(): CXL protocol error sections (CPER_SEC_CXL_PROT_ERR, UEFI N.2.13) are handed to the CXL driver's work queue (before: non-standard sections, ghes_defer_non_standard_event() / log_non_standard_event())",
    source: "kernel.md §5.7 ('CXL protocol / GMER / DRAM / memory-module sections → CXL work queues'), T4 P11",
    approx: "Smita Koralahalli's series 'acpi/ghes, cxl/pci: Process CXL CPER Protocol Errors' was posted in early 2025; 6.15 is the chosen release, unverified",
  },
  mfAlreadyPoisonedResult: {
    since: "6.11",
    what: "memory_failure() on an already poisoned page also logs 'recovery action for already poisoned: Failed' after 'already hardware poisoned' (action_result(MF_MSG_ALREADY_POISONED))",
    source: "kernel.md §6, T5 rows 3-4",
    approx: "b8b9488d50b7 'mm/memory-failure: improve memory failure action_result messages' (Jane Chu, v2 2024-05-10, during v6.10-rc) adds the action_result() call; 6.11 chosen (its merge window), release not confirmed",
  },
  mfAlreadyPoisonedAction: {
    since: "6.17",
    what: "memory_failure() on an already poisoned page logs only 'recovery action for already poisoned page: Failed' (type renamed, 'already hardware poisoned' dropped)",
    source: "kernel.md §6, T5 rows 3-4",
    verified: "Kyle Meyer '[PATCH v2] mm/memory-failure: Fix redundant updates for already poisoned pages' (2025-08-28, Fixes b8b9488d50b7) merged through mm-hotfixes-stable during v6.17-rc, then picked by stable lines",
  },
  kvmEmulatedSerror: {
    since: "6.18",
    what: "kvm_inject_serror_esr() emulates the vSError entry at once when the guest has SErrors unmasked (ESR without IL, 0xBD000000)",
    source: "kernel.md §7.3",
    approx: "VSESR-only in v6.13, emulation in v6.18; 6.18 chosen",
  },
  kvmVcpuEvents: {
    since: "4.19",
    what: "KVM_GET/SET_VCPU_EVENTS with serror_pending/serror_has_esr/serror_esr (KVM_CAP_ARM_INJECT_SERROR_ESR)",
    source: "kernel.md §7.6, §9 'Landed: v4.19'",
  },
  kvmExtDabt: {
    since: "5.5",
    what: "kvm_vcpu_events.exception.ext_dabt_pending",
    source: "kernel.md §7.6 ('ext_dabt_pending /*v5.5+*/')",
  },
} as const satisfies Record<string, Boundary>;

/** More boundaries (memory_failure, die(), fault_info); same shape as BOUNDARIES. */
export const MF_BOUNDARIES = {
  mfKillAccessing: {
    since: "5.14",
    what: "memory_failure() on an already poisoned page with MF_ACTION_REQUIRED signals current if it maps the pfn (kill_accessing_process)",
    source: "kernel.md §6, T5 row 3",
    approx: "Naoya Horiguchi 'mm,hwpoison: add kill_accessing_process() to find error virtual address' v3 posted 2021-04-21 (v5.12-rc8, via -mm): window 5.13-5.14; 5.14 kept, release not confirmed",
  },
  diePanicNamesFault: {
    since: "5.10",
    what: "die() panics with \"<str>: Fatal exception[ in interrupt]\" instead of \"Fatal exception[ in interrupt]\"",
    source: "kernel.md §3.3 (v4.19 plain strings, v6.18 prefixed)",
    verified: "Yue Hu 'arm64: traps: Add str of description to panic() in die()' (posted 2020-08-04, applied 2020-09-07) is in Will Deacon's 'arm64 updates for 5.10' pull",
  },
  lpa2Fsc: {
    since: "6.9",
    what: "fault_info[] FSC 0x13 and 0x1B (level -1 walk, LPA2) dispatch to do_sea",
    source: "kernel.md §3.1 ('0x13 do_sea (v6.x, LPA2)')",
    verified: "Ard Biesheuvel 'arm64: Add ESR decoding for exceptions involving translation level -1' is in Catalin Marinas' 'arm64 updates for 6.9' pull (LPA2 at stage 1)",
  },
} as const satisfies Record<string, Boundary>;

export type BoundaryId = keyof typeof BOUNDARIES | keyof typeof MF_BOUNDARIES;

/** Every boundary, for listing (docs, `armras kernel versions`). */
export function allBoundaries(): Readonly<Record<BoundaryId, Boundary>> {
  return { ...BOUNDARIES, ...MF_BOUNDARIES };
}

function lineOf(s: string): [number, number] {
  const [a, b] = s.split(".");
  return [Number(a), Number(b)];
}

interface Resolved {
  readonly major: number;
  readonly minor: number;
  readonly backports: readonly { readonly major: number; readonly minor: number; readonly fromPatch: number }[];
}

// Parsed once: has() runs on every decision.
const RESOLVED = new Map<string, Resolved>(
  Object.entries(allBoundaries()).map(([id, b]) => {
    const [major, minor] = lineOf(b.since);
    const backports = (b.backports ?? []).map((bp) => {
      const [lm, ln] = lineOf(bp.line);
      return { major: lm, minor: ln, fromPatch: bp.fromPatch };
    });
    return [id, { major, minor, backports }];
  }),
);

/** Whether release v has the behaviour introduced at boundary id (including listed stable backports). */
export function has(v: KernelVersion, id: BoundaryId): boolean {
  const b = RESOLVED.get(id)!;
  if (atLeast(v, b.major, b.minor)) return true;
  for (const bp of b.backports) {
    if (v.major === bp.major && v.minor === bp.minor && v.patch >= bp.fromPatch) return true;
  }
  return false;
}
