// armras's prediction for one boot of the real-Linux oracle: the kernel model (src/kernel) at the
// running kernel's exact build, for the set-up the harness makes (linux-under-qemu.md §4): one
// GHESv2 source notified by SEA, firmware-first, a user process ("ghes-inject", with a SIGBUS
// handler) whose load from an undecoded PA raises a synchronous external abort from EL0 (DFSC
// 0x10). The record is in the block when the first abort comes; do_sea() returns when APEI
// claimed it and the load is re-executed, and the second abort finds Block Status 0 (QEMU writes
// nothing per abort), so it is not claimed and do_sea() signals BUS_OBJERR (§4 step 4).
import { SI_CODES, Trace, type Action, type SiCode } from "../kernel/decision.js";
import { abortEsr, decodeSyndrome, EC_DABT_LOW } from "../kernel/esr-input.js";
import { ghesReadBlock, type GhesBlockRead } from "../kernel/ghes-read.js";
import { GhesState, type GhesSource } from "../kernel/ghes.js";
import type { GhesEnv } from "../kernel/ghes-do-proc.js";
import type { PageInfo, PageState } from "../kernel/memory-failure.js";
import { doSea } from "../kernel/sea.js";
import type { KernelVersion } from "../linux/version.js";
import type { MemoryRange } from "./console.js";
import type { PcieSection } from "../cper/sections/pcie.js";
import type { GhesEstatus } from "../kernel/ghes-read.js";
import { aerInfoUsable, ghesSectionType } from "../kernel/ghes-sections.js";

/** ESR of the probe's load: data abort from a lower EL, DFSC 0x10 (synchronous external abort, not on a walk), FAR valid. */
export const PROBE_ESR = abortEsr(EC_DABT_LOW, 0x10);
export const PROBE_COMM = "ghes-inject";

/** /proc/kpageflags bits (include/uapi/linux/kernel-page-flags.h). */
export const KPF = { BUDDY: 10n, HWPOISON: 19n } as const;

/** Guest RAM with -m 1G on virt (linux-under-qemu.md §2). */
export const GUEST_RAM: MemoryRange = { start: 0x4000_0000n, end: 0x7fff_ffffn };

/**
 * arm64 SPARSEMEM with 4K pages: 128 MiB sections (SECTION_SIZE_BITS 27), 2 MiB subsections.
 * pfn_valid() holds for every pfn of an early section that has any memory; pfn_to_online_page()
 * only where a subsection has memory (include/linux/mmzone.h pfn_valid(), pfn_section_valid()).
 * Evidence: real 6.1.192 runs memory_failure(0) ("memory outside kernel control") when EDK2's
 * flash bank at 0x04000000 is memory, but calls PA 0x09000000 an invalid address (issue 12).
 */
export const SECTION_SHIFT = 27n;
export const SUBSECTION_SHIFT = 21n;

function overlaps(memory: readonly MemoryRange[], pa: bigint, shift: bigint): boolean {
  const lo = (pa >> shift) << shift;
  const hi = lo + (1n << shift) - 1n;
  return memory.some((r) => r.start <= hi && r.end >= lo);
}

export interface PredictCase {
  readonly bytes: Uint8Array;
  /** Guest uptime (ms) of the injection: the ratelimits and the estatus cache run on it. */
  readonly atMs: number;
  readonly pid: number;
  /** The user VA of the load (si_addr of BUS_OBJERR). */
  readonly loadVa: bigint;
  /** kpageflags of pages the block names, as read before the case. */
  readonly pages: ReadonlyMap<bigint, bigint>;
}

export interface PredictedCase {
  readonly lines: readonly string[];
  /** The first signal the process gets (its handler exits), or none. */
  readonly signal?: { readonly name: string; readonly code: SiCode; readonly siCode: number; readonly addr?: bigint };
  readonly panicked: boolean;
  /** Pages memory_failure()/soft-offline took (each adds 4 kB to HardwareCorrupted). */
  readonly poisoned: readonly bigint[];
  /** memory_failure() and soft-offline actions, as text. */
  readonly actions: readonly string[];
  /** Block Status 0 and the read-ack written after the kernel read the block. */
  readonly cleared: boolean;
  /** Why the model could not decide (then the other fields are the model's best effort). */
  readonly note?: string;
}

export interface BootSetup {
  readonly kernel: KernelVersion;
  /** memblock memory (the boot's "Early memory node ranges"); default: the 1 GiB of RAM. */
  readonly memory?: readonly MemoryRange[];
  readonly sourceId: number;
  readonly errorBlockLength: number;
  readonly blockAddress: bigint;
}

/** What __ghes_peek_estatus()/__ghes_check_estatus()/__ghes_read_estatus() see in the block (padded with the zeros the probe writes): the kernel model's reading. */
export function blockAsKernelReadsIt(bytes: Uint8Array, errorBlockLength: number): { readonly estatus: GhesBlockRead | null; readonly note?: string } {
  const estatus = ghesReadBlock(bytes, errorBlockLength);
  return { estatus, ...(estatus?.note !== undefined ? { note: estatus.note } : {}) };
}

/**
 * The PCI functions of this machine (QEMU virt with -nic none: the host bridge only). The
 * kernel model queues AER recovery (aer_recover_queue()); the AER driver's work then looks the
 * device up and, when it is absent, says so: drivers/pci/pcie/aer.c aer_recover_work_func(),
 * "AER: no pci_dev for 0000:01:03.0" on real 6.1.192 and 6.12.118 (issue 12).
 */
export const PCI_FUNCTIONS: readonly string[] = ["0000:00:00.0"];

/** Segment:bus:device.function of each PCIe section ghes_handle_aer() queues (device id and AER info valid). */
function aerTargets(e: GhesEstatus): string[] {
  const out: string[] = [];
  for (const entry of e.tree.entries) {
    if (ghesSectionType(entry) !== "pcie" || !aerInfoUsable(entry)) continue;
    const f = (entry.section.value as PcieSection).fields;
    const h = (n: number, w: number) => n.toString(16).padStart(w, "0");
    out.push(`${h(f.SegmentNumber, 4)}:${h(f.DeviceBusNumber, 2)}:${h(f.DeviceNumber, 2)}.${f.FunctionNumber.toString(16)}`);
  }
  return out;
}

function pageState(flags: bigint | undefined): PageState {
  if (flags === undefined) return "free";
  if ((flags >> KPF.HWPOISON) & 1n) return "hwpoisoned";
  if ((flags >> KPF.BUDDY) & 1n) return "free";
  return "kernel";
}

function signalOf(actions: readonly Action[], target: string): PredictedCase["signal"] {
  for (const a of actions) {
    if (a.kind === "signal" && a.target === target) {
      return { name: a.signal, code: a.code, siCode: SI_CODES[a.code], ...(a.addr !== undefined ? { addr: a.addr } : {}) };
    }
  }
  return undefined;
}

/** One boot: the cases in order, on one GHES state (estatus cache, ratelimits, print sequence). */
export class BootPredictor {
  private readonly state = new GhesState();
  /** Pages poisoned earlier in this boot. */
  private readonly poisoned = new Set<bigint>();

  constructor(readonly setup: BootSetup) {}

  predict(c: PredictCase): PredictedCase {
    const { kernel } = this.setup;
    const { estatus, note } = blockAsKernelReadsIt(c.bytes, this.setup.errorBlockLength);
    const task = { comm: PROBE_COMM, pid: c.pid };
    const target = `${task.comm}:${task.pid}`;
    const memory = this.setup.memory?.length ? this.setup.memory : [GUEST_RAM];
    const page = (pfn: bigint): PageInfo | undefined => {
      const pa = pfn << 12n;
      if (!overlaps(memory, pa, SECTION_SHIFT)) return undefined;
      if (!overlaps(memory, pa, SUBSECTION_SHIFT)) return { state: "offline", mappers: [] };
      const state = this.poisoned.has(pfn) ? "hwpoisoned" : pageState(c.pages.get(pfn));
      return { state, mappers: [] };
    };
    const env: GhesEnv = {
      kernel,
      mf: { kernel, recovery: true, earlyKillSysctl: false },
      page,
      current: { ...task, mm: true },
      panicTimeout: -1,
      memoryFailureConfig: true,
    };
    const syndrome = decodeSyndrome(PROBE_ESR);
    const t = new Trace("host");
    const abort = (block: Uint8Array | null, now: number): void => {
      const source: GhesSource = { id: this.setup.sourceId, notify: "SEA", hestType: 10, addressReadable: true, address: this.setup.blockAddress, estatus: block, errorBlockLength: this.setup.errorBlockLength };
      doSea(
        {
          syndrome,
          kernel,
          fromUser: true,
          far: c.loadVa,
          irqsEnabled: true,
          die: { inInterrupt: false, panicOnOops: false, task, handlesSignal: true },
          apei: { kind: "ghes", env, state: this.state, sources: [source], now },
        },
        t,
      );
    };
    abort(c.bytes, c.atMs);
    // The load is re-executed unless the task was signalled or the kernel panicked.
    if (t.outcome.host !== "panic" && !signalOf(t.actions, target)) abort(null, c.atMs + 1);
    // The AER driver's recovery work, after the record is printed.
    const queuedAer = t.actions.filter((a) => a.kind === "aer_recover_queue").length;
    let aerNote: string | undefined;
    if (queuedAer > 0 && estatus?.estatus) {
      for (const bdf of aerTargets(estatus.estatus).slice(0, queuedAer)) {
        if (PCI_FUNCTIONS.includes(bdf)) aerNote = `AER recovery of ${bdf} (present on this machine) is not modelled`;
        else t.print(`AER: no pci_dev for ${bdf}`);
      }
    }
    const poisoned: bigint[] = [];
    const actions: string[] = [];
    for (const a of t.actions) {
      if (a.kind === "memory_failure" || a.kind === "soft_offline") {
        actions.push(a.kind === "memory_failure" ? `memory_failure(0x${a.pfn.toString(16)}, ${a.flags.join("|") || "0"})` : `soft_offline_page(0x${a.pfn.toString(16)})`);
        // HardwareCorrupted counts pages memory_failure()/soft-offline marked: not memory outside
        // the kernel's control (offline), not pages already poisoned.
        const st = page(a.pfn)?.state;
        if (!this.poisoned.has(a.pfn) && st !== undefined && st !== "hwpoisoned" && st !== "offline") poisoned.push(a.pfn);
      }
    }
    for (const p of poisoned) this.poisoned.add(p);
    const signal = signalOf(t.actions, target);
    return {
      lines: t.log,
      ...(signal ? { signal } : {}),
      panicked: t.outcome.host === "panic",
      poisoned,
      actions,
      cleared: t.actions.some((a) => a.kind === "ghes_clear_ack"),
      ...(note || aerNote ? { note: [note, aerNote].filter(Boolean).join("; ") } : {}),
    };
  }
}
