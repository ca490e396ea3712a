// src/linux (the bottom layer: imports nothing above arch): the releases at which each modelled rule or log format changed, declared once as data.
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
  /**
   * Stable releases that carry a backport: line "6.1" from patch 164, etc. `fromPatch` is the
   * first patch level known to carry it; `evidence` says how that is known (a stable release
   * or review posting read, or only a build observed to have it, in which case `fromPatch` is
   * that build's level and earlier levels of the line are treated as mainline-base).
   */
  readonly backports?: readonly Backport[];
  readonly what: string;
  readonly source: string;
  /** When set: the bracket the boundary is known to lie in, and why this release was chosen. */
  readonly approx?: string;
  /**
   * A change merged during the -rc phase of `since` (a fix, not a merge-window feature): the
   * first -rc that can carry it. Earlier -rcs of that release do not have it; every other -rc
   * behaves as its release (features land in the merge window, before -rc1).
   */
  readonly fromRc?: number;
  /**
   * Known only from stable builds: no mainline release was found to carry it, so `since` is a
   * placeholder past every modelled release (no mainline build in the model has it) and release
   * lists leave it out.
   */
  readonly stableOnly?: true;
}

export interface Backport {
  readonly line: string;
  readonly fromPatch: number;
  readonly evidence?: string;
}

/** What a stable line was measured or read to carry (shared by several rows). */
const DEBIAN_6_1_192 = "observed in Debian's linux-source-6.1 (6.1.192) under QEMU and in its printing code (../shared/oracles/linux-6.1.192); the first 6.1.y patch level carrying it was not found, so 6.1.192 is used and earlier 6.1.y builds print as 6.1.0";
const LINUX_6_12_43 = "the release diff 'Re: Linux 6.12.43' (Greg Kroah-Hartman, stable list, 2025-08-20) carries the hunk (ghes.c ghes_do_proc() with dev_err(), __ghes_panic() and arm64 traps.c/fault.c add_taint(TAINT_MACHINE_CHECK)); Debian 6.12.118 shows it under QEMU (npm run test:linux)";
const MARCH_2026_STABLES =
  "the release diffs 'Re: Linux 5.10.252', 'Re: Linux 5.15.202' and 'Re: Linux 6.1.165' (Sasha Levin, stable list, 2026-03-04) carry it (cper-arm.c / cper.c hunks read); 6.1.192 has it (../shared/oracles/linux-6.1.192)";

export const BOUNDARIES = {
  doSea: {
    since: "4.11",
    what: "fault_info[] sends the SEA FSCs (0x10, 0x14-0x18, 0x1c-0x1f) to do_sea() ('Synchronous External Abort: …', then SIGBUS or die). Before: do_bad(), so do_mem_abort() prints 'Unhandled fault: %s (0x%08x) at 0x%016lx' and calls arm64_notify_die(\"\", …): SIGBUS si_code 0 to a user task, die() ('Internal error: : <esr> [#1] SMP') in the kernel; the old names 'synchronous abort (translation table walk)' / 'synchronous parity error'",
    source: "a 4.6-4.9 arch/arm64/mm/fault.c (fault_info[0x10] = { do_bad, SIGBUS, 0, \"synchronous external abort\" }, do_mem_abort()'s pr_alert and arm64_notify_die(\"\")); kernel.md §3.2 for v4.14",
    approx: "32015c235603 'arm64: exception: handle Synchronous External Abort' is absent from v4.9.175 (the stable bot lists it as a missing dependency of an arm64 fault.c patch, 2019-05-15) and present in v4.14; 4.11 (Tyler Baicar's patch queued by the arm64 tree ahead of the APEI half, ghesSeaNotify) is recalled, not verified",
  },
  ghesSeaNotify: {
    since: "4.13",
    what: "ghes_probe() registers SEA (CONFIG_ACPI_APEI_SEA), GSIV and GPIO sources and do_sea() calls ghes_notify_sea(). Before: those notification types fall to the default case, '[Firmware Warn]: GHES: Unknown notification type: <n> for generic hardware error source: <id>', and the source is never read",
    source: "drivers/acpi/apei/ghes.c ghes_probe() in v4.11 and v4.12 (POLLED/EXTERNAL/SCI/NMI/LOCAL only) and in v4.13 (GSIV, GPIO, SEA added)",
    verified: "the v4.12 and v4.13 ghes.c texts (a public per-release copy of the tree) differ exactly so; 7edda0886bc3 'acpi: apei: handle SEA notification type for ARMv8' is listed as absent from v4.9.175 by the stable bot",
  },
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
    backports: [
      { line: "6.1", fromPatch: 192, evidence: DEBIAN_6_1_192 },
      { line: "6.12", fromPatch: 42, evidence: "6.12.42's __ghes_panic() already has the 'if (!panic_timeout)' branch (context lines of the 'Re: Linux 6.12.43' diff, 2025-08-20); the first 6.12.y carrying it was not found; Debian 6.12.118 prints 'GHES: Fatal hardware error' under QEMU" },
    ],
  },
  ghesSyncActionRequired: {
    since: "6.8",
    backports: [{ line: "5.15", fromPatch: 149, evidence: "the Linux 5.15.149 stable release (2024-02-23) carries it" }],
    what: "ghes_handle_memory_failure() uses MF_ACTION_REQUIRED for synchronous (SEA) notifications (before: flags 0)",
    source: "kernel.md §5.7, T4 P4 (Shuai Xue change present in v6.13)",
    approx: "'ACPI: APEI: set memory failure flags as MF_ACTION_REQUIRED on synchronous events' is in the Linux 5.15.149 stable release (2024-02-23) and other stable lines of early 2024, so mainline had it by v6.8-rc; 6.8 chosen (other stable lines' patch levels not modelled)",
  },
  taintMachineCheck: {
    since: "6.17",
    what: "arm64_serror_panic(), do_sea() and __ghes_panic() add TAINT_MACHINE_CHECK",
    source: "kernel.md §2.1 ('not in v6.13; present in 6.17.7 logs'), §3.2, §5.4",
    backports: [
      { line: "6.1", fromPatch: 192, evidence: DEBIAN_6_1_192 + " ('Tainted: M')" },
      { line: "6.12", fromPatch: 43, evidence: LINUX_6_12_43 },
    ],
  },
  ghesSyncSigbus: {
    since: "6.17",
    backports: [
      { line: "6.1", fromPatch: 164, evidence: "the 'Linux 6.1.164' release diff carries it with pr_err() (ghes has no dev in 6.1; Rajani Kantha's backport note); present in Debian 6.1.192 under QEMU (issue 11)" },
      { line: "6.12", fromPatch: 43, evidence: LINUX_6_12_43 },
    ],
    what: "ghes_do_proc(): a synchronous error that queued nothing sends SIGBUS (SI_KERNEL) to current ('synchronous unrecoverable error (SIGBUS)')",
    source: "kernel.md §5.7 (upstream 2025-07, backported to 6.1.164 with pr_err), T4 P12",
    verified: "79a5ae3c4c5e 'ACPI: APEI: send SIGBUS to current task if synchronous memory error not recovered' entered Linus' master on 2025-07-30 (v6.17 merge window)",
  },
  ghesQueuedAny: {
    since: "7.1",
    stableOnly: true,
    what: "ghes_do_proc(): 'queued |= …' over the memory and ARM sections, so a section that queued memory_failure() keeps the synchronous SIGBUS away whatever later sections say (before: 'queued = …', the last memory/ARM section decides)",
    source: "drivers/acpi/apei/ghes.c ghes_do_proc() as real kernels under QEMU run it (npm run test:linux): Debian 6.12.118 suppresses the SIGBUS when an earlier section queued work, Debian 6.1.192 does not; upstream ghes.c read in 2026 still assigns per section",
    approx: "the change is in Ahmed Tiba's '[PATCH v7 08/10] ACPI: APEI: share GHES CPER helpers' ('Fix queued tracking', 2026); its mainline release was not found (stableOnly: 7.1 is a placeholder past every modelled release), so only the listed stable build has it",
    backports: [{ line: "6.12", fromPatch: 118, evidence: "observed in Debian 6.12.118 under QEMU (multi-section cases of npm run test:linux); the first 6.12.y carrying it was not found" }],
  },
  ghesArmInfoLength: {
    since: "7.0",
    what: "ghes_handle_arm_hw_error() checks gdata->error_data_length: below sizeof(struct cper_sec_proc_arm) it prints '[Firmware Bug]: arm error length: %d', 'length is too small', 'firmware-generated error record is incorrect' and stops; the error-info walk stops when what follows the header cannot hold the next entry's 32 bytes or its claimed Length. Before: ERR_INFO_NUM entries, each advanced by its Length, unbounded",
    source: "drivers/acpi/apei/ghes.c ghes_handle_arm_hw_error() in Mauro Carvalho Chehab's '[PATCH v3 1/2] apei/ghes: ARM processor Error: don't go past allocated memory' (2025-12-19); real 6.12.118 under QEMU (npm run test:linux case bad-arm-section-length-short) stops the walk as that patch does, 6.1.192 does not",
    approx: "posted 2025-12-19 with the cper-arm.c half (cperArmLengthBig, eae21beecb95), so the v7.0 merge window like it; 7.0 chosen. The texts seen differ in how the walk is bounded (v3 takes sizeof(err), a pointer, and then 32 + Length off; a later text checks 'length < sizeof(*err_info)'); the rule modelled is the one real 6.12.118 follows on two cases (a 64-byte section with one entry: no entry; a 104-byte section with two: both)",
    backports: [{ line: "6.12", fromPatch: 118, evidence: "observed in Debian 6.12.118 under QEMU (npm run test:linux); the first 6.12.y carrying it was not found" }],
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
    approx: "'efi/cper: align ARM CPER type with UEFI 2.9A/2.10 specs' v6 (Daniel Ferguson, for Mauro Carvalho Chehab) posted 2025-08-14, after v6.17-rc1, so the v6.18 merge window; later picked by stable lines (other lines' patch levels not found)",
    backports: [
      { line: "5.10", fromPatch: 248, evidence: "the release diff 'Re: Linux 5.10.248' (Greg Kroah-Hartman, stable list, 2026-01-19) carries 96b010536ee0's cper-arm.c hunks" },
      { line: "6.1", fromPatch: 160, evidence: "'[PATCH 6.1 216/634] efi/cper: align ARM CPER type with UEFI 2.9A/2.10 specs' in the 6.1.160-rc1 review (Greg Kroah-Hartman, 2026-01-09; upstream 96b010536ee0); 6.1.192 prints it (../shared/oracles/linux-6.1.192)" },
      { line: "6.12", fromPatch: 63, evidence: "the 'Linux 6.12.63' announcement (Greg Kroah-Hartman, 2025-12-18) lists it with 'efi/cper: Add a new helper function to print bitmasks' and 'Adjust infopfx size to accept an extra space'" },
    ],
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
    fromRc: 4,
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
  mteFscName: {
    since: "5.10",
    what: "fault_info[0x11] is named 'synchronous tag check fault' (before: 'unknown 17')",
    source: "kernel.md §3.1 (v4.14 column: 'unknown 17'); arch/arm64/mm/fault.c fault_info[]",
    verified: "'arm64: mte: Handle synchronous and asynchronous tag check faults' is in the 'arm64 updates for 5.10' pull",
  },
  lpa2Fsc: {
    since: "6.9",
    what: "fault_info[] FSC 0x13 and 0x1B (level -1 walk, LPA2) dispatch to do_sea; the level -1 and level 0 names (0x08, 0x0c, 0x13, 0x1b, 0x29, 0x2b)",
    source: "kernel.md §3.1 ('0x13 do_sea (v6.x, LPA2)')",
    verified: "Ard Biesheuvel 'arm64: Add ESR decoding for exceptions involving translation level -1' is in Catalin Marinas' 'arm64 updates for 6.9' pull (LPA2 at stage 1)",
  },
} as const satisfies Record<string, Boundary>;

/**
 * Where the CPER printers (drivers/firmware/efi/cper*.c) changed; read by src/cper/render/linux.ts
 * through its print profile. Same shape as BOUNDARIES.
 */
export const PRINT_BOUNDARIES = {
  cperArmLengthBig: {
    since: "7.0",
    what: "cper_print_proc_arm() also refuses a section_length larger than the CPER size (gdata->error_data_length): 'section length: %d, CPER size: %d', 'section length is too small|big', 'firmware-generated error record is incorrect', 'ERR_INFO_NUM is %d' right after MIDR (before: 'section length: %d' / 'section length is too small' only when ERR_INFO_NUM overflows it)",
    source: "drivers/firmware/efi/cper.c cper_estatus_print_section() → cper-arm.c cper_print_proc_arm()",
    approx: "eae21beecb95 'EFI/CPER: don't go past the ARM processor CPER record buffer' (Mauro Carvalho Chehab, posted 2026-01-08, applied by Rafael J. Wysocki); '[PATCH 6.19 068/844]' stable review (2026-02-28) picks it from mainline, so the v7.0 merge window; 7.0 chosen",
    backports: [
      { line: "5.10", fromPatch: 252, evidence: MARCH_2026_STABLES },
      { line: "5.15", fromPatch: 202, evidence: MARCH_2026_STABLES },
      { line: "6.1", fromPatch: 165, evidence: MARCH_2026_STABLES + "; also listed in the '[PATCH 6.1 000/533] 6.1.165-rc2 review' shortlog (Sasha Levin, 2026-03-02)" },
      { line: "6.12", fromPatch: 118, evidence: "observed in Debian 6.12.118 under QEMU (npm run test:linux case bad-arm-section-length-short prints the four lines right after MIDR); the first 6.12.y carrying it was not found (the 5.10/5.15/6.1 picks of 2026-03-04 suggest an early-2026 6.12.y)" },
    ],
  },
  cperFwLengthCheck: {
    since: "7.0",
    what: "cper_print_fw_err() prints 'error section length is too small: offset=%d, length=%d' and stops when the record is shorter than its revision's offset (before: the hex dump reads past the section)",
    source: "drivers/firmware/efi/cper.c cper_print_fw_err()",
    approx: "posted by Mauro Carvalho Chehab with eae21beecb95 (same series, patch.msgid 1752b5ba63a3…), applied by Rafael J. Wysocki; stable picks of it in early 2026; 7.0 chosen",
    backports: [
      { line: "5.10", fromPatch: 252, evidence: MARCH_2026_STABLES },
      { line: "5.15", fromPatch: 202, evidence: MARCH_2026_STABLES },
      { line: "6.1", fromPatch: 165, evidence: MARCH_2026_STABLES },
    ],
  },
  cperArmCtxAlign: {
    since: "6.15",
    what: "cper_print_proc_arm() steps context information structures by ALIGN(8 + size, 16) (before: 8 + size, no alignment)",
    source: "drivers/firmware/efi/cper.c cper_estatus_print_section() → cper-arm.c cper_print_proc_arm()",
    approx: "'efi/cper: Fix cper_arm_ctx_info alignment' (Patrick Rudolph, posted to linux-efi 2025-02-21, during v6.14-rc) so the v6.15 merge window at the earliest; the merge was not seen. 6.1.192 does not align (../shared/oracles/linux-6.1.192): no 6.1 backport",
  },
  cperMemStatusStr: {
    since: "5.19",
    what: "cper_print_mem() prints error_status as ' error_status: <cper_mem_err_status_str()> (0x%016llx)' (before: 'error_status: 0x%016llx')",
    source: "drivers/firmware/efi/cper.c cper_print_mem(), cper_mem_err_status_str()",
    approx: "Shuai Xue 'efi/cper: add cper_mem_err_status_str to decode error description' (v6 2022-03-03, a v7 series 2022-03-08 reviewed by Borislav Petkov), so the 5.18 or 5.19 merge window; a 6.0.0-rc5+ dmesg (2022-09) already shows the new line and 6.1.192 prints it: 5.19 chosen, the merge release not confirmed",
  },
  cperCxlProtocol: {
    since: "6.2",
    what: "cper_estatus_print_section() has a CXL Protocol Error printer (cper_print_prot_err(), cper_cxl.c); before, the section prints as 'section type: unknown' with a hex dump",
    source: "drivers/firmware/efi/cper.c cper_estatus_print_section(), cper_cxl.c",
    approx: "Smita Koralahalli 'efi/cper, cxl: Decode CXL Protocol Error Section' (posted autumn 2022, efi tree) recalled as v6.2, not verified; 6.1.192 has no printer (../shared/oracles/linux-6.1.192): no 6.1 backport",
  },
} as const satisfies Record<string, Boundary>;

export type BoundaryId = keyof typeof BOUNDARIES | keyof typeof MF_BOUNDARIES | keyof typeof PRINT_BOUNDARIES;

/** Every boundary, for listing (docs, `armras kernel versions`). */
export function allBoundaries(): Readonly<Record<BoundaryId, Boundary>> {
  return { ...BOUNDARIES, ...MF_BOUNDARIES, ...PRINT_BOUNDARIES };
}

function lineOf(s: string): [number, number] {
  const [a, b] = s.split(".");
  return [Number(a), Number(b)];
}

interface Resolved {
  readonly major: number;
  readonly minor: number;
  /** Boundary.fromRc (0 when the change came in the merge window). */
  readonly fromRc: number;
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
    return [id, { major, minor, fromRc: b.fromRc ?? 0, backports }];
  }),
);

/** An -rc of the boundary's own release earlier than the -rc the (fix) change landed in. */
function earlyRc(v: KernelVersion, b: Resolved): boolean {
  return b.fromRc > 0 && v.major === b.major && v.minor === b.minor && v.rc !== 0 && v.rc < b.fromRc;
}

/** Whether release v has the behaviour introduced at boundary id (including listed stable backports). */
export function has(v: KernelVersion, id: BoundaryId): boolean {
  const b = RESOLVED.get(id)!;
  if (atLeast(v, b.major, b.minor)) return !earlyRc(v, b);
  for (const bp of b.backports) {
    if (v.major === bp.major && v.minor === bp.minor && v.rc === 0 && v.patch >= bp.fromPatch) return true;
  }
  return false;
}

/** Whether, and why, build v has boundary id: from its mainline release, a stable backport, or not at all. */
export interface BoundaryReason {
  readonly applies: boolean;
  readonly via: "mainline" | "backport" | "none";
  /** One line for people: the release or stable patch level, and the backport's evidence. */
  readonly why: string;
}

export function explain(v: KernelVersion, id: BoundaryId): BoundaryReason {
  const b = allBoundaries()[id];
  const r = RESOLVED.get(id)!;
  if (atLeast(v, r.major, r.minor) && earlyRc(v, r)) return { applies: false, via: "none", why: `merged during ${b.since}-rc, from -rc${r.fromRc}: not in ${v.text}` };
  if (atLeast(v, r.major, r.minor)) return { applies: true, via: "mainline", why: `mainline ${b.since}` };
  const line = `${v.major}.${v.minor}`;
  const bp = (b.backports ?? []).find((x) => x.line === line);
  if (bp && v.rc === 0 && v.patch >= bp.fromPatch) {
    return { applies: true, via: "backport", why: `stable ${line}.${bp.fromPatch}+ backport${bp.evidence ? `: ${bp.evidence}` : ""}` };
  }
  if (bp) return { applies: false, via: "none", why: `mainline ${b.since}; the ${line} line carries it from ${line}.${bp.fromPatch}` };
  return { applies: false, via: "none", why: `mainline ${b.since}; no ${line}.y backport known` };
}
