// The scenario a simulation runs: a machine, the software on it and a timeline
// of hardware events. This is the validated, normalised form (validate.ts builds
// it from JSON; every default is applied there, so the engine never guesses).
import type { FeatureSet } from "../../arch/features.js";
import type { KernelConfig } from "../../kernel/config.js";
import type { KernelVersion } from "../../linux/version.js";

/** HEST notification types by their ACPI name (ACPI 6.5 Table 18.14). */
export type NotifyName =
  | "polled" | "external" | "local" | "sci" | "gpio" | "sea" | "sei" | "gsiv" | "sdei";

/** HEST GHES / GHESv2 source (ACPI 6.5 §18.3.2.7 / §18.3.2.8). */
export interface HestSource {
  readonly id: number;
  /** 9 = GHES, 10 = GHESv2 (with the Read Ack register). */
  readonly type: "ghes" | "ghesv2";
  readonly notify: NotifyName;
  /** Error Status Block length (bytes). */
  readonly errorBlockLength: number;
}

/** Who a physical page belongs to. */
export const PAGE_OWNERS = ["host-process", "guest-ram", "host-kernel", "vmm", "free"] as const;
export type PageOwner = (typeof PAGE_OWNERS)[number];
/** Who a guest-physical page belongs to inside the guest. */
export type GuestPageOwner = "guest-process" | "guest-kernel" | "guest-free";

/** Page states of an rmap-mapped host-process page beyond dirty/clean (names as src/kernel PAGE_STATES). */
export const RMAP_STATES = ["huge", "unmap-failed", "hwpoisoned"] as const;
export type RmapState = (typeof RMAP_STATES)[number];
/**
 * guest-ram only: what memory_failure() finds for the host pfn behind the guest RAM (default from
 * `dirty`, which also says whether the guest's own page is dirty): the rmap states, "clean-lru"
 * (a clean host page under a dirty guest page), or a pfn QEMU's mapping reaches that is not an LRU page.
 */
export const GUEST_RAM_STATES = [...RMAP_STATES, "clean-lru", "free", "kernel", "kernel-high-order", "offline"] as const;
export type GuestRamState = (typeof GUEST_RAM_STATES)[number];
/** What a pfnmap-mapped page is to the allocator ("reserved" is src/kernel's "kernel"). */
export const PFN_STATES = ["free", "reserved", "kernel-high-order", "offline"] as const;
export type PfnState = (typeof PFN_STATES)[number];

export interface Page {
  /** Page-aligned host physical address. */
  readonly pa: bigint;
  readonly owner: PageOwner;
  /** host-process: the process name; guest-ram: "vmm" is implied. */
  readonly process?: string;
  /** User VA of the mapping (host process) or the VMM's HVA (guest RAM). */
  readonly va?: bigint;
  /** guest-ram only. */
  readonly gpa?: bigint;
  readonly guestOwner?: GuestPageOwner;
  readonly guestProcess?: string;
  readonly guestVa?: bigint;
  /** Dirty (anonymous or dirty page cache) vs clean page cache. */
  readonly dirty: boolean;
  /**
   * host-process only: "pfnmap" = the process maps the physical page through /dev/mem or another
   * VM_PFNMAP mapping (remap_pfn_range()): the rmap does not know it, so memory_failure() finds no
   * process and never unmaps it. Default "rmap" (an ordinary anonymous or page-cache page).
   */
  readonly mapping?: "rmap" | "pfnmap";
  /**
   * mapping "pfnmap": what the page is to the kernel's allocator: a free buddy page, a reserved page,
   * a high-order kernel page (e.g. a slab compound page), or memory that is not online
   * (pfn_to_online_page() returns NULL).
   */
  readonly pfnState?: PfnState;
  /**
   * host-process (rmap) only: a page state memory_failure() meets that `dirty` cannot say: "huge"
   * (a hugetlb page, si_addr_lsb 21), "unmap-failed" (try_to_unmap() fails) or "hwpoisoned"
   * (PG_hwpoison is already set while the process still maps it). Default: from `dirty`.
   * guest-ram: any of GUEST_RAM_STATES.
   */
  readonly state?: RmapState | GuestRamState;
}

export interface Process {
  readonly name: string;
  readonly pid: number;
  /** prctl(PR_MCE_KILL, PR_MCE_KILL_EARLY). */
  readonly earlyKill: boolean;
  /** Installs a SIGBUS handler (survives a SIGBUS: outcome "signal" instead of "killed"). */
  readonly handlesSigbus: boolean;
}

export interface HostSoftware {
  readonly kernel: KernelVersion;
  /** Build options (software.host.config; src/kernel/config.ts). */
  readonly config: KernelConfig;
  readonly panicOnOops: boolean;
  /** vm.memory_failure_recovery. */
  readonly memoryFailureRecovery: boolean;
  /** vm.memory_failure_early_kill. */
  readonly memoryFailureEarlyKill: boolean;
  readonly processes: readonly Process[];
}

export interface GuestSoftware {
  readonly kernel: KernelVersion;
  readonly config: KernelConfig;
  /**
   * The guest's RAM as its kernel sees it (software.guest.memory): a GPA outside every range is not
   * RAM (pfn_valid() false). Undefined: every GPA the scenario uses is RAM.
   */
  readonly memory?: readonly { readonly base: bigint; readonly size: bigint }[];
  readonly panicOnOops: boolean;
  /** ACPI with GHES in the guest (QEMU virt, ras=on): the VMM's SEA source. */
  readonly ghes: boolean;
  /**
   * PSTATE.A clear while the guest runs (software.guest.serrors_unmasked): how KVM's injected
   * vSError is taken (v6.18 emulates the entry). Default true (Linux unmasks SErrors early in boot).
   */
  readonly serrorsUnmasked: boolean;
  readonly vcpus: number;
  readonly processes: readonly Process[];
}

export interface Vmm {
  readonly name: "qemu";
  readonly version: string;
  readonly pid: number;
  /** The vCPU threads are named "CPU n/KVM". */
  readonly comm: string;
  /**
   * The Read Ack register of QEMU's guest SEA source at the start (software.vmm.read_ack): 1, or 0
   * when the guest has not acknowledged QEMU's previous record (QEMU then cannot write a new one).
   */
  readonly readAck: 0 | 1;
}

export type Firmware = "firmware-first" | "kernel-first";

/** Who consumed the poisoned line. */
export type Consumer = "host-process" | "host-kernel" | "guest-process" | "guest-kernel";

export interface PoisonEvent {
  readonly kind: "poison-consumed";
  readonly at: number;
  readonly pa: bigint;
  readonly by: Consumer;
  /**
   * The process: the consumer (host-process / guest-process), or for a kernel consumer the task
   * current in kernel mode (a system call of that process; default a kernel thread).
   */
  readonly process?: string;
  readonly cpu: number;
  /** How the CPU reports it: a precise SEA, or an SError (the CPU could not make it synchronous). */
  readonly report: "sea" | "serror";
  /** SError report: ESR.AET of the physical SError. */
  readonly aet: "UC" | "UEU" | "UEO" | "UER" | "CE";
  /** Firmware-first: the HEST source firmware uses (default: the first that fits). */
  readonly source?: number;
  /** Firmware-first: the physical address firmware writes in the CPER (default: pa; a buggy firmware may differ). */
  readonly cperPa?: bigint;
  /**
   * Firmware-first: the exact Generic Error Status Block firmware writes (the scenario's `cper`
   * given as hex), instead of the memory error section it builds itself.
   */
  readonly cperBytes?: Uint8Array;
  /** Firmware-first: whether firmware writes a CPER record (false: it only forwards the abort). */
  readonly cper: boolean;
  /** Kernel mode only: taken in interrupt context. */
  readonly inInterrupt: boolean;
  /** How many times the access is repeated (SEA storm). */
  readonly repeat: number;
  /** Milliseconds between two deliveries of a repeated access (default 1; 10000 shows the 10 s estatus cache expiring). */
  readonly interval: number;
  /**
   * The SEA syndrome the OS reads in ESR_ELx. Firmware-first: what firmware injects (default: EC of
   * the consumer's level, IL=1, FnV=1, DFSC 0x10, TF-A style). Kernel-first: what the CPU reports to
   * the host kernel or KVM (default: EC, IL=1, DFSC 0x10). A guest taking its own abort (kernel-first,
   * HCR_EL2.TEA=0) keeps the default.
   */
  readonly esr?: bigint;
  /** PC of the load (ELR); default per EL. */
  readonly pc: bigint;
  /** host-kernel only: the kernel VA of the load (FAR); default the linear-map address, or the process's user VA. */
  readonly va?: bigint;
}

export interface SerrorEvent {
  readonly kind: "serror";
  readonly at: number;
  readonly esr: bigint;
  readonly from: "el0" | "el1" | "guest";
  readonly cpu: number;
  /** from "guest": the guest's vCPU that was running on `cpu` (default: the same number). */
  readonly vcpu?: number;
}

export interface CorrectedEvent {
  readonly kind: "corrected-error";
  readonly at: number;
  readonly pa: bigint;
  readonly count: number;
  readonly threshold: number;
  readonly source?: number;
}

export interface PcieEvent {
  readonly kind: "pcie-error";
  readonly at: number;
  readonly segment: number;
  readonly bus: number;
  readonly device: number;
  readonly function: number;
  readonly severity: "corrected" | "recoverable" | "fatal";
  readonly source?: number;
}

export interface ErrorRecordEvent {
  readonly kind: "error-record";
  readonly at: number;
  /** ERR<n>: the record index. */
  readonly node: number;
  /** ERR<n>STATUS as written by the node. */
  readonly status: bigint;
  readonly addr?: bigint;
  readonly source?: number;
}

/**
 * Firmware posts a record on an asynchronous source: a memory error section it builds (severity +
 * pa), or the exact status block given as hex (`cper`).
 */
export type GhesRecordEvent = {
  readonly kind: "ghes-record";
  readonly at: number;
  readonly source: number;
} & (
  | { readonly severity: "recoverable" | "fatal" | "corrected" | "info"; readonly pa: bigint; readonly cper?: undefined }
  | { readonly cper: Uint8Array; readonly severity?: undefined; readonly pa?: undefined }
);

/** The timeline's event kinds (the JSON "event" key). */
export const EVENT_KINDS = ["poison-consumed", "serror", "corrected-error", "pcie-error", "error-record", "ghes-record"] as const;

export type SimEvent = PoisonEvent | SerrorEvent | CorrectedEvent | PcieEvent | ErrorRecordEvent | GhesRecordEvent;

export interface Machine {
  readonly cores: number;
  readonly features: FeatureSet;
  readonly scrEl3: bigint;
  readonly hcrEl2: bigint;
  readonly memory: { readonly base: bigint; readonly size: bigint };
  readonly pages: readonly Page[];
  readonly hest: readonly HestSource[];
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Free-text notes shown with the result (e.g. where the 2017 proposal differed). */
  readonly notes: readonly string[];
  readonly machine: Machine;
  readonly firmware: Firmware;
  readonly host: HostSoftware;
  readonly guest?: GuestSoftware;
  readonly vmm?: Vmm;
  readonly timeline: readonly SimEvent[];
  /** Inputs left to their defaults that can change the outcome (shown in the header and JSON): key → value. */
  readonly assumed: readonly { readonly key: string; readonly value: string }[];
}
