// The releases at which each modelled rule or log format changed, declared once as data.
// Every entry cites reference/kernel.md (which cites the trees read: v4.14, v4.19, v6.13, v6.18).
// Printf formats of ESR-bearing lines (8 vs 16 digits, die()'s "[#n]  SMP", the unhandled-signal
// line) are the ESR codec's (src/sysregs/esr/linux-format.ts LINUX_ESR_FORMAT), not repeated here.
// "approx" marks a boundary known only to lie between two trees read; the release chosen is
// stated there and in docs/kernel.md.
import { atLeast, type KernelVersion } from "./version.js";

export interface Boundary {
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
    since: "5.0",
    what: "apei_claim_sea() and the NMI-like estatus queue for SEA (cached duplicates claimed without processing)",
    source: "kernel.md §3.2 '~v5.0-v5.7', §5.5 'since the ~v5.x rework', T2 row 4",
    approx: "between v4.19 and v5.5 logs; 5.0 chosen (the series that added apei_claim_sea)",
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
    approx: "v4.19 logs only, v6.13 handles; 5.14 chosen",
  },
  mfSendingSigbus: {
    since: "5.13",
    what: "kill_proc() says 'Sending SIGBUS to comm:pid' instead of 'Killing comm:pid'",
    source: "kernel.md §6 kill_proc (v4.19 'Killing', v6.18 'Sending SIGBUS')",
    approx: "v4.19 'Killing', v6.13 'Sending SIGBUS'; 5.13 chosen",
  },
  ghesPanicHonorsPanicTimeout: {
    since: "6.13",
    what: "__ghes_panic(): panic(\"GHES: Fatal hardware error\") (and 'Fatal hardware error but panic disabled' when panic=0) instead of panic(\"Fatal hardware error!\")",
    source: "kernel.md §5.4 ('≥ ~v6.13, also backported to stables')",
  },
  ghesSyncActionRequired: {
    since: "6.13",
    what: "ghes_handle_memory_failure() uses MF_ACTION_REQUIRED for synchronous (SEA) notifications (before: flags 0)",
    source: "kernel.md §5.7, T4 P4 (Shuai Xue change present in v6.13)",
    approx: "absent at v5.8, present in the v6.13 tree; 6.13 chosen",
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
  },
  ghesTaskWork: {
    since: "6.18",
    what: "ghes_do_memory_failure(): MF_ACTION_REQUIRED with current->mm runs memory_failure() from task_work (memory_failure_cb) instead of memory_failure_queue() + kick",
    source: "kernel.md §5.7 ('v6.18; not v6.13'), T4 P4/P13",
    approx: "absent in the v6.13 tree, present in v6.18; 6.18 chosen",
  },
  armTypeBitmask: {
    since: "6.18",
    what: "CPER ARM error_info type read as a bitmask (cache = BIT(1)) instead of an enum (cache = 0); 'Unhandled processor error type 0x%02x: %s' message",
    source: "kernel.md §5.7, §12.6",
    approx: "enum in the v6.13 tree, bitmask in v6.18; 6.18 chosen",
  },
  mfAlreadyPoisonedAction: {
    since: "6.18",
    what: "memory_failure() on an already poisoned page logs 'recovery action for already poisoned page: Failed' instead of 'already hardware poisoned'",
    source: "kernel.md §6, T5 rows 3-4",
    approx: "old text in the v6.13 tree, new in v6.18; 6.18 chosen",
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
    approx: "absent in v4.19, present in v6.13; 5.14 chosen",
  },
  diePanicNamesFault: {
    since: "5.19",
    what: "die() panics with \"<str>: Fatal exception[ in interrupt]\" instead of \"Fatal exception[ in interrupt]\"",
    source: "kernel.md §3.3 (v4.19 plain strings, v6.18 prefixed)",
    approx: "v4.19 plain, v6.18 prefixed; 5.19 chosen",
  },
  lpa2Fsc: {
    since: "6.9",
    what: "fault_info[] FSC 0x13 and 0x1B (level -1 walk, LPA2) dispatch to do_sea",
    source: "kernel.md §3.1 ('0x13 do_sea (v6.x, LPA2)')",
    approx: "not in v4.19, present in v6.18; 6.9 (LPA2 support) chosen",
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
