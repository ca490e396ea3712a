// The simulated machine's mutable state: page states (host and guest), the GHES
// error status blocks and their read-ack registers, the kernels' GHES state, and
// who is still alive. Flows read and change it; nothing else does.
import type { Action, Decision } from "../kernel/decision.js";
import { GhesState, type GhesSource, type Mapper, type PageInfo } from "./adapters/kernel.js";
import { buildGhes, type Ghes } from "./adapters/apei.js";
import { entryModel, type EntryModel } from "./adapters/exceptions.js";
import { PAGE_SHIFT } from "./scenario/defaults.js";
import type { HestSource, NotifyName, Page, Process, Scenario } from "./scenario/types.js";
import { SimTrace } from "./trace.js";
import { writeRegister } from "../apei/memory.js";

/** memory_failure()'s page state of a pfnmap page, by what it is to the allocator (PfnState). */
const PFN_PAGE_STATE: Readonly<Record<NonNullable<Page["pfnState"]>, PageInfo["state"]>> = {
  free: "free", reserved: "kernel", "kernel-high-order": "kernel-high-order", offline: "offline",
};

/** ACPI notification name → the kernel model's NotifyName. */
export const KERNEL_NOTIFY: Readonly<Record<NotifyName, GhesSource["notify"]>> = {
  polled: "POLLED", external: "EXTERNAL", local: "LOCAL", sci: "SCI", gpio: "GPIO", sea: "SEA", sei: "SEI", gsiv: "GSIV", sdei: "SOFTWARE_DELEGATED",
};

/** Where firmware reserves the host's GHES registers and blocks, and where QEMU puts the guest's (etc/hardware_errors). */
export const HOST_GHES_BASE = 0xfe00_0000n;
export const QEMU_GHES_BASE = 0x43da_0000n;
/** QEMU's guest HEST: one GHESv2 SEA source, Source Id 0 (ACPI_HEST_SRC_ID_SEA), 1 KiB blocks (hw/acpi/ghes.c). */
export const QEMU_SEA_SOURCE = 0;

/** A task as the kernel sees it. */
export interface Task {
  readonly comm: string;
  readonly pid: number;
  readonly mm: boolean;
}

/** TASK_COMM_LEN is 16: comm holds 15 characters. */
export function comm(name: string): string {
  return name.slice(0, 15);
}

export class World {
  readonly tr = new SimTrace();
  readonly hostPoisoned = new Set<bigint>();
  readonly hostUnmapped = new Set<bigint>();
  readonly guestPoisoned = new Set<bigint>();
  /** The host's HEST sources in src/apei's physical memory (undefined without HEST). */
  readonly hostApei: Ghes | undefined;
  /** The guest's HEST as QEMU builds it (undefined without a guest GHES). */
  readonly vmmApei: Ghes | undefined;
  readonly hostGhes = new GhesState();
  readonly guestGhes = new GhesState();
  /** Host sources ghes_probe() registered. */
  readonly registered = new Set<number>();
  /** Whether the guest kernel's ghes_probe() registered QEMU's SEA source (set at boot). */
  guestSeaRegistered = false;
  readonly vmmHwpoison: bigint[] = [];
  /** The current task on the CPU handling the error (memory_failure's "current"). */
  current: Task | undefined;
  /** The guest kernel's current task. */
  guestCurrent: Task | undefined;
  dieCounter = { host: 0, guest: 0 };
  /**
   * Every kernel decision the run made, in order, and whether it set an outcome (decided): what a
   * one-question answer (`armras kernel sea|serror`, sim/question.ts) prints as one decision.
   */
  readonly decisions: { readonly d: Decision; readonly decided: boolean }[] = [];
  /** The PE model used for every architectural exception entry. */
  readonly entries: EntryModel;

  constructor(readonly s: Scenario) {
    this.entries = entryModel(s.machine.features);
    const hest = s.machine.hest;
    this.hostApei = hest.length ? buildGhes(hest, HOST_GHES_BASE, Math.max(...hest.map((h) => h.errorBlockLength)), "spec") : undefined;
    this.vmmApei = s.guest?.ghes ? buildGhes([{ id: QEMU_SEA_SOURCE, type: "ghesv2", notify: "sea" }], QEMU_GHES_BASE, 0x400, "qemu") : undefined;
    if (this.vmmApei && s.vmm?.readAck === 0) {
      // software.vmm.read_ack 0: the guest never acknowledged QEMU's previous record.
      const src = this.vmmApei.source(QEMU_SEA_SOURCE)!;
      if ("readAckRegister" in src) writeRegister(this.vmmApei.platform.mem, src.readAckRegister, 0n);
    }
    this.tr.settle("host", "running", "no error made the host kernel stop");
    if (s.guest) this.tr.settle("guest", "running", "no error reached the guest kernel");
    if (s.vmm) this.tr.settle("vmm", "running", "the VMM received nothing it could not handle");
    for (const p of s.host.processes) this.tr.settle(`host:${p.name}`, "running", "no signal was sent to it");
    for (const p of s.guest?.processes ?? []) this.tr.settle(`guest:${p.name}`, "running", "no signal was sent to it");
  }

  /** HCR_EL2 while the host runs: VHE host E2H=1, TGE=1 (Linux HCR_HOST_VHE_FLAGS); nVHE host 0 (only RW). */
  hostHcr(): bigint {
    const f = this.s.machine.features;
    if (!f.EL2) return 0n;
    return f.FEAT_VHE ? (1n << 34n) | (1n << 27n) | (1n << 31n) : 1n << 31n;
  }

  alive(actor: string): boolean {
    const st = this.tr.state(actor);
    return st === undefined || st === "running" || st === "signal";
  }

  hostSource(id: number): HestSource | undefined {
    return this.s.machine.hest.find((h) => h.id === id);
  }

  /** The kernel model's view of a host source (error status address, block). */
  ghesSource(h: HestSource): GhesSource {
    const a = this.hostApei!;
    return { id: h.id, notify: KERNEL_NOTIFY[h.notify], hestType: h.type === "ghesv2" ? 10 : 9, addressReadable: true, address: a.errorStatusAddress(h.id), estatus: a.pending(h.id) };
  }

  registeredSources(): GhesSource[] {
    return this.s.machine.hest.filter((h) => this.registered.has(h.id)).map((h) => this.ghesSource(h));
  }

  vmmSource(): GhesSource {
    const a = this.vmmApei!;
    return { id: QEMU_SEA_SOURCE, notify: "SEA", hestType: 10, addressReadable: true, address: a.errorStatusAddress(QEMU_SEA_SOURCE), estatus: a.pending(QEMU_SEA_SOURCE) };
  }

  pageOf(pa: bigint): Page | undefined {
    const base = (pa >> BigInt(PAGE_SHIFT)) << BigInt(PAGE_SHIFT);
    return this.s.machine.pages.find((p) => p.pa === base);
  }

  hostProcess(name: string | undefined): Process | undefined {
    return this.s.host.processes.find((p) => p.name === name);
  }

  vcpuTid(cpu: number): number {
    return this.s.vmm!.pid + 1 + cpu;
  }

  /** memory_failure()'s view of a host pfn; undefined when the pfn is not RAM (pfn_valid false). */
  hostPage(pfn: bigint): PageInfo | undefined {
    const m = this.s.machine.memory;
    const pa = pfn << BigInt(PAGE_SHIFT);
    if (pa < m.base || pa >= m.base + m.size) return undefined;
    const page = this.pageOf(pa);
    const mappers: Mapper[] = [];
    let state: PageInfo["state"] = "free";
    if (page) {
      if (page.owner === "host-process" && page.mapping === "pfnmap") {
        // A VM_PFNMAP mapping is invisible to the rmap: collect_procs() and kill_accessing_process()
        // find no process; the page is what the allocator holds (free buddy page or reserved).
        state = PFN_PAGE_STATE[page.pfnState ?? "reserved"];
      } else if (page.owner === "host-process") {
        const p = this.hostProcess(page.process)!;
        mappers.push({ comm: comm(p.name), pid: p.pid, va: page.va!, earlyKill: p.earlyKill, isCurrent: this.current?.pid === p.pid });
        state = page.state ?? (page.dirty ? "dirty-lru" : "clean-lru");
      } else if (page.owner === "guest-ram" || page.owner === "vmm") {
        const v = this.s.vmm!;
        const vcpu = this.current && this.current.pid !== v.pid && this.current.pid > v.pid && this.current.pid <= v.pid + 1 + this.s.machine.cores;
        // The rmap finds QEMU (its main thread sets PR_MCE_KILL_EARLY); a vCPU thread that is current shares its mm.
        mappers.push({ comm: v.comm, pid: v.pid, va: page.va!, earlyKill: true, isCurrent: !!vcpu, ...(vcpu ? { currentThread: { comm: this.current!.comm, pid: this.current!.pid } } : {}) });
        state = page.state ?? (page.dirty ? "dirty-lru" : "clean-lru");
      } else if (page.owner === "host-kernel") state = "kernel";
    }
    if (this.hostPoisoned.has(pfn)) state = "hwpoisoned";
    return { state, mappers };
  }

  /** The guest kernel's view of a guest pfn; undefined when the GPA is in a hole of software.guest.memory (pfn_valid() false). */
  guestPage(gpfn: bigint): PageInfo | undefined {
    const gpa = gpfn << BigInt(PAGE_SHIFT);
    const map = this.s.guest?.memory;
    if (map && !map.some((r) => gpa >= r.base && gpa < r.base + r.size)) return undefined;
    const page = this.s.machine.pages.find((p) => p.owner === "guest-ram" && p.gpa === gpa);
    let state: PageInfo["state"] = "free";
    const mappers: Mapper[] = [];
    if (page?.guestOwner === "guest-process") {
      const p = this.s.guest!.processes.find((q) => q.name === page.guestProcess)!;
      mappers.push({ comm: comm(p.name), pid: p.pid, va: page.guestVa!, earlyKill: p.earlyKill, isCurrent: this.guestCurrent?.pid === p.pid });
      state = page.dirty ? "dirty-lru" : "clean-lru";
    } else if (page?.guestOwner === "guest-kernel") state = "kernel";
    if (this.guestPoisoned.has(gpfn)) state = "hwpoisoned";
    return { state, mappers };
  }

  /** Applies page-state effects of kernel actions (PG_hwpoison set, mapping removed). */
  applyPageEffects(actions: readonly Action[]): void {
    for (const a of actions) {
      if (a.kind !== "memory_failure") continue;
      if (a.actor === "host") {
        const info = this.hostPage(a.pfn);
        if (!info) continue;
        this.hostPoisoned.add(a.pfn);
        const pfnmap = this.pageOf(a.pfn << BigInt(PAGE_SHIFT))?.mapping === "pfnmap";
        // A clean page-cache page is dropped without a hwpoison entry (hwpoison_user_mappings() clears
        // TTU_HWPOISON): the next access reads the file again, it does not fault on the poison.
        // An already-poisoned page a process still maps: memory_failure() returns early and leaves the mapping.
        const hostProcess = this.pageOf(a.pfn << BigInt(PAGE_SHIFT))?.owner === "host-process";
        const kept = hostProcess && (info.state === "clean-lru" || info.state === "hwpoisoned");
        const notLru = ["free", "kernel", "kernel-high-order", "offline"].includes(info.state);
        if (info.state !== "unmap-failed" && !notLru && !pfnmap && !kept) this.hostUnmapped.add(a.pfn);
      } else {
        this.guestPoisoned.add(a.pfn);
      }
    }
  }
}
