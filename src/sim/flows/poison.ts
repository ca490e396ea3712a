// A poisoned DRAM line consumed by a load: the CPU's report (SEA or SError), EL3
// firmware (firmware-first) or the OS directly (kernel-first), KVM and the VMM
// when a guest consumed it, and the retries that follow (kernel.md §11).
import { apeiClaimSea, decodeSyndrome, doSea, doSerror, hwpoisonPageFault, kvmGuestSea, kvmHwpoisonFault, runDeferred, vserrorFor } from "../adapters/kernel.js";
import type { PoisonEvent } from "../scenario/types.js";
import { configText } from "../../kernel/config.js";
import { field } from "../scenario/defaults.js";
import { comm, type Task, type World } from "../world.js";
import { enter, hex, hostEL, hostEnv, kernel, memAbortStep, pfnOf, seaEsr, serrorEntryStep, serrorEsr, translationFaultEsr } from "./common.js";
import { firmwritePost, notifyAsync } from "./notify.js";
import { guestContext, guestSerrorExit, vmmSigbus, type GuestCtx } from "./vmm.js";

interface Consumer {
  readonly actor: string;
  readonly guest: boolean;
  /** EL of the consumer (guest ELs for a guest). */
  readonly el: 0 | 1 | 2;
  readonly task: Task;
  /** The virtual address of the load (host process VA, guest VA, or a kernel linear-map address). */
  readonly va: bigint;
  readonly gctx?: GuestCtx;
}

function consumerOf(w: World, ev: PoisonEvent): Consumer {
  const page = w.pageOf(ev.pa)!;
  const off = ev.pa & 0xfffn;
  const linear = 0xffff_0000_0000_0000n + ev.pa;
  switch (ev.by) {
    case "host-process": {
      const p = w.hostProcess(ev.process)!;
      return { actor: `host:${p.name}`, guest: false, el: 0, task: { comm: comm(p.name), pid: p.pid, mm: true }, va: page.va! + off };
    }
    case "host-kernel": {
      const p = w.hostProcess(ev.process);
      if (p) {
        // A system call of this process touched the line (e.g. copy_from_user()): the kernel consumed it, current is the process.
        const va = ev.va ?? (page.owner === "host-process" && page.process === p.name ? page.va! + off : linear);
        return { actor: `host:${p.name}`, guest: false, el: hostEL(w), task: { comm: comm(p.name), pid: p.pid, mm: true }, va };
      }
      const task = { comm: `kworker/${ev.cpu}:1`, pid: 100 + ev.cpu, mm: false };
      if (!w.tr.state(`host:${task.comm}`)) w.tr.settle(`host:${task.comm}`, "running", "the kernel thread that consumed the poison");
      return { actor: `host:${task.comm}`, guest: false, el: hostEL(w), task, va: ev.va ?? linear };
    }
    case "guest-process":
    case "guest-kernel": {
      const tid = w.vcpuTid(ev.cpu);
      const el = ev.by === "guest-process" ? 0 : 1;
      const gva = ev.by === "guest-process" ? page.guestVa! + off : 0xffff_0000_0000_0000n + page.gpa! + off;
      const gctx: GuestCtx = { el, pc: ev.pc, cpu: ev.cpu, va: gva, gpfn: page.gpa! >> 12n, ...(ev.process !== undefined ? { process: ev.process } : {}) };
      return { actor: ev.process !== undefined && el === 0 ? `guest:${ev.process}` : "guest", guest: true, el, task: { comm: `CPU ${ev.cpu}/KVM`, pid: tid, mm: true }, va: gva, gctx };
    }
  }
}

function consumerAlive(w: World, c: Consumer): boolean {
  if (!w.alive("host")) return false;
  if (c.guest && (!w.alive("guest") || !w.alive("vmm"))) return false;
  const st = w.tr.state(c.actor);
  return st === undefined || st === "running";
}

/** Runs a poison-consumed event: each delivery, then retries while the consumer keeps re-executing the load. */
export function poison(w: World, ev: PoisonEvent): void {
  const c = consumerOf(w, ev);
  const pfn = pfnOf(ev.pa);
  let deliveries = 0;
  let refaults = 0;
  if (!consumerAlive(w, c)) {
    w.tr.add(c.guest ? "guest-cpu" : "cpu", `event not run: its consumer (${c.actor}) is no longer running`);
    return;
  }
  for (let attempt = 0; attempt <= 2 * ev.repeat + 1; attempt++) {
    if (!consumerAlive(w, c)) return;
    w.tr.now = ev.at + attempt * ev.interval;
    if (w.hostUnmapped.has(pfn) && ev.by !== "host-kernel") {
      // A guest whose kernel handled QEMU's SEA without signalling the process re-executes the load and
      // meets the hwpoisoned page again (stage-2 fault → SIGBUS to QEMU → another SEA) while repeats remain.
      if (c.guest && refaults > 0 && deliveries + refaults >= ev.repeat) {
        stuck(w, c, deliveries + refaults);
        return;
      }
      refaults++;
      faultOnPoisonedPage(w, ev, c);
      if (c.guest && ev.repeat > 1 && consumerAlive(w, c)) continue;
      return;
    }
    if (deliveries >= ev.repeat) {
      stuck(w, c, deliveries);
      return;
    }
    deliveries++;
    if (!deliver(w, ev, c)) return;
  }
}

function stuck(w: World, c: Consumer, deliveries: number): void {
  w.tr.add(c.guest ? "guest-cpu" : "cpu", `the consumer re-executes the load and consumes the poison again: stopping after ${deliveries} deliveries (the loop continues until something unmaps the page — an SEA storm while the estatus cache entry lives, up to 10 s)`, { rule: "kernel.md §5.5, §12.1" });
  w.tr.settle(c.actor, "running", `stuck re-executing the load: ${deliveries} SEA(s) claimed without any signal (SEA storm)`);
}

/** The access after memory_failure() unmapped the page: a page fault (host) or a stage-2 fault (guest). */
function faultOnPoisonedPage(w: World, ev: PoisonEvent, c: Consumer): void {
  const page = w.pageOf(ev.pa)!;
  if (!c.guest) {
    enter(w, { from: 0, to: hostEL(w), kind: "sync", esr: translationFaultEsr(), far: c.va, pc: ev.pc, why: "translation fault: the page was unmapped by memory_failure() (hwpoison PTE)" });
    w.current = c.task;
    kernel(w, "host", (t) => {
      t.step("T5.7", "arch/arm64/mm/fault.c do_page_fault()", "the task re-executes the access; its mapping was unmapped by memory_failure() (hwpoison swap entry)");
      hwpoisonPageFault(t, { comm: c.task.comm, pid: c.task.pid }, c.va, page.state === "huge" ? 21 : 12);
    });
    w.current = undefined;
    return;
  }
  const hva = page.va!; // gfn_to_hva_memslot_prot(): page-aligned
  enter(w, { from: c.el as 0 | 1, to: 2, kind: "sync", esr: translationFaultEsr(), far: c.va, ipa: page.gpa! + (ev.pa & 0xfffn), pc: ev.pc, why: "stage-2 translation fault: KVM's stage-2 mapping was removed by memory_failure()", guest: true });
  const r = kernel(w, "host", (t) => {
    t.step("T6.K9", "arch/arm64/kvm/mmu.c user_mem_abort()", "the guest re-executes the access; stage 2 was unmapped by memory_failure() and the pfn is PG_hwpoison");
    kvmHwpoisonFault(t, { comm: c.task.comm, pid: c.task.pid }, hva, 12);
  });
  vmmSigbus(w, r.vmm, c.gctx);
}

/** One consumption of the poison. Returns true when the consumer may retry (nothing stopped it). */
function deliver(w: World, ev: PoisonEvent, c: Consumer): boolean {
  const s = w.s;
  const ff = s.firmware === "firmware-first";
  const pageVa = c.va;
  const what = `${c.guest ? (ev.by === "guest-process" ? `guest process ${ev.process}` : "the guest kernel") : ev.by === "host-process" ? `host process ${ev.process}` : "the host kernel"}`;
  w.tr.add(c.guest ? "guest-cpu" : "cpu", `${what} loads from VA ${hex(pageVa)} (PA ${hex(ev.pa)}) on CPU${ev.cpu}: the memory system returns poison; the PE reports it as ${ev.report === "sea" ? "a synchronous external abort" : `an SError (AET=${ev.aet}: it could not make it precise)`}`);
  const physEsr = ev.report === "sea" ? seaEsr(true, false) : serrorEsr(ev.aet);
  const guestFromEl = c.el as 0 | 1;
  if (ff) {
    const fromEl = c.guest ? guestFromEl : c.el;
    enter(w, { from: fromEl as 0 | 1 | 2, to: 3, kind: ev.report === "sea" ? "sync" : "SError", esr: ev.report === "sea" ? physEsr : serrorEsr(ev.aet), ...(ev.report === "sea" ? { far: pageVa } : {}), pc: ev.pc, why: "SCR_EL3.EA=1 routes external aborts and SErrors to EL3 (firmware-first)", guest: c.guest });
    return firmwareFirst(w, ev, c);
  }
  return kernelFirst(w, ev, c, physEsr);
}

function firmwareFirst(w: World, ev: PoisonEvent, c: Consumer): boolean {
  const hest = w.s.machine.hest;
  if (ev.report === "serror" && ev.aet === "CE") {
    w.tr.add("firmware", "the error record says corrected (CE): nothing to report or recover; ERET", { rule: "arch.md §2.7" });
    return false;
  }
  const src = ev.source !== undefined ? hest.find((h) => h.id === ev.source)! : ev.report === "sea" ? (hest.find((h) => h.notify === "sea") ?? hest[0]!) : hest.find((h) => h.notify !== "sea")!;
  let wrote = false;
  if (ev.cperBytes !== undefined) {
    w.tr.add("firmware", `EL3 RAS handler: reads the error record for PA ${hex(ev.pa)}; writes the scenario's status block as given`);
    wrote = firmwritePost(w, src, ev.cperBytes);
  } else if (ev.cper) {
    const fatal = ev.report === "serror" && (ev.aet === "UC" || ev.aet === "UEU");
    const pa = ev.cperPa ?? ev.pa;
    w.tr.add("firmware", `EL3 RAS handler: reads the error record (ERR<n>STATUS/ERR<n>ADDR) for PA ${hex(ev.pa)}; builds a CPER memory error section${ev.cperPa !== undefined ? ` — with PA ${hex(pa)} (not the consumed address)` : ""}`);
    wrote = firmwritePost(w, src, {
      blockStatus: 1 | (1 << 4), severity: fatal ? "fatal" : "recoverable", sectionSeverity: fatal ? "fatal" : "recoverable", flags: 0,
      section: { kind: "memory", pa, errorType: 3 },
    });
  } else {
    w.tr.add("firmware", "EL3 handler forwards the abort without writing any CPER record");
  }
  const ns = c.guest ? 2 : hostEL(w);
  if (src.notify === "sea" || !wrote) {
    if (ev.report === "serror") {
      // Reflect the SError itself (an SEA can only describe a synchronous abort).
      const esr = serrorEsr(ev.aet);
      w.tr.add("firmware", `injects an SError (ESR ${hex(esr, 8)}) into the normal world at EL${ns}`, { rule: "firmware-first SError reflection" });
      return serrorToOs(w, ev, c, esr);
    }
    const fromLower = c.guest || c.el === 0;
    const esr = ev.esr ?? seaEsr(fromLower, true);
    const how = ev.esr !== undefined ? "the scenario's syndrome" : "FnV=1: FAR not forwarded";
    w.tr.add("firmware", `injects a synchronous external abort into the normal world at EL${ns} (ESR ${hex(esr, 8)}, ${how})${wrote ? ` to notify source ${src.id} (SEA)` : ""}`, { rule: "kernel.md §11.1", models: "firmware SEA notification" });
    if (wrote && !w.registered.has(src.id)) {
      const k = w.s.host.kernel.text;
      const n = !w.s.host.config.ACPI_APEI_GHES
        ? `CONFIG_ACPI_APEI_GHES=n: Linux ${k} never reads the firmware's record (${configText(w.s.host.config)})`
        : `firmware-first claim: the firmware's record sits in SEA source ${src.id}, which Linux ${k} does not register (see the ghes_probe() line, printed at boot): it is never read and nothing can claim the SEA; the answer is the kernel's real behaviour`;
      if (!w.tr.notes.includes(n)) w.tr.notes.push(n);
    }
    enter(w, { from: (c.guest ? c.el : c.el) as 0 | 1 | 2, to: ns, kind: "sync", esr, pc: ev.pc, why: "firmware-injected SEA", guest: c.guest });
    return seaToOs(w, ev, c, esr);
  }
  // Asynchronous notification: ERET to the consumer, which will re-execute the load.
  const ran = notifyAsync(w, src, { cpu: ev.cpu, ...(c.gctx ? { guest: c.gctx } : {}) });
  void ran;
  return true;
}

function kernelFirst(w: World, ev: PoisonEvent, c: Consumer, physEsr: bigint): boolean {
  const tea = field("HCR_EL2", w.s.machine.hcrEl2, "TEA");
  if (ev.report === "serror") {
    if (c.guest) enter(w, { from: c.el as 0 | 1, to: 2, kind: "SError", esr: physEsr, pc: ev.pc, why: "kernel-first: HCR_EL2.AMO=1 routes the SError to EL2", guest: true });
    else enter(w, { from: c.el, to: hostEL(w), kind: "SError", esr: physEsr, pc: ev.pc, why: "kernel-first: the SError is taken by the host kernel" });
    return serrorToOs(w, ev, c, physEsr, true);
  }
  if (c.guest && tea === 0n) {
    w.tr.add("guest-cpu", "kernel-first, HCR_EL2.TEA=0: the abort goes straight to the guest's EL1");
    enter(w, { from: c.el as 0 | 1, to: 1, kind: "sync", esr: seaEsr(c.el === 0, false), far: c.va, pc: ev.pc, why: "synchronous external abort", layer: "guest-cpu" });
    return false;
  }
  const fromLower = c.guest || c.el === 0;
  const esr = ev.esr ?? seaEsr(fromLower, false);
  enter(w, { from: c.el, to: c.guest ? 2 : hostEL(w), kind: "sync", esr, far: c.va, ...(c.guest ? { ipa: w.pageOf(ev.pa)!.gpa! + (ev.pa & 0xfffn) } : {}), pc: ev.pc, why: c.guest ? "kernel-first: HCR_EL2.TEA=1 routes the guest's external abort to EL2" : "kernel-first: taken by the host kernel", guest: c.guest });
  return seaToOs(w, ev, c, esr);
}

/** The OS handles an SEA: host do_sea(), or KVM kvm_handle_guest_sea() for a guest. Returns whether to retry. */
function seaToOs(w: World, ev: PoisonEvent, c: Consumer, esr: bigint): boolean {
  const h = w.s.host;
  if (c.guest) {
    kernel(w, "host", (t) => void t.step("§7.4", "arch/arm64/kvm/mmu.c kvm_handle_guest_abort()", `stage-2 abort with SEA-class FSC 0x${(esr & 0x3fn).toString(16)} (kvm_vcpu_abt_issea)`), "kvm");
    w.current = c.task;
    const env = hostEnv(w);
    let rc = 0;
    const r = kernel(w, "host", (t) => {
      t.beforeAbsorb = () => {
        const v = vserrorFor(w.s.host.kernel, w.s.machine.features.FEAT_RAS, guestContext(w, ev.cpu));
        enter(w, { from: c.el as 0 | 1, to: 1, kind: "vSError", esr: v.guestEsr, pc: ev.pc, why: `virtual SError injected by KVM via ${v.via}`, layer: "guest-cpu", ...(v.via === "emulated entry" ? { emulatedEsr: v.guestEsr } : {}) });
      };
      const claim = apeiClaimSea(t, env, w.s.machine.hest.length && h.config.ACPI_APEI_GHES ? w.hostGhes : undefined, w.registeredSources(), w.tr.now);
      rc = claim.rc;
      if (t.outcome.host === "panic") return;
      kvmGuestSea(t, { syndrome: decodeSyndrome(esr), host: h.kernel, hostRas: w.s.machine.features.FEAT_RAS, claimRc: rc, guest: guestContext(w, ev.cpu) });
      runDeferred(t, env, claim.deferred, "before re-entering the guest (task_work on the vCPU thread's return to user): deferred memory_failure() runs");
    });
    w.current = undefined;
    if (rc !== 0) return false;
    const told = vmmSigbus(w, r.vmm, c.gctx);
    // The guest handled QEMU's SEA and its process survived: with repeats asked for, it re-executes the load.
    if (told) return ev.repeat > 1 && consumerAlive(w, c);
    // Nothing reached the guest (no signal, or only BUS_MCEERR_AO to QEMU's main thread): the guest re-runs the access.
    return w.alive("vmm") && r.vmm.every((s) => s.code === "BUS_MCEERR_AO");
  }
  w.current = c.task;
  const proc = w.hostProcess(ev.process);
  const before = w.tr.state(c.actor);
  kernel(w, "host", (t) => {
    memAbortStep(t, h.kernel, Number(esr & 0x3fn), c.el === 0);
    doSea({
      syndrome: decodeSyndrome(esr), kernel: h.kernel, fromUser: c.el === 0, far: c.va, irqsEnabled: !ev.inInterrupt,
      die: { inInterrupt: ev.inInterrupt, panicOnOops: h.panicOnOops, task: { comm: c.task.comm, pid: c.task.pid }, dieCounter: ++w.dieCounter.host, handlesSignal: proc?.handlesSigbus ?? false, preempt: h.config.PREEMPT },
      apei: { kind: "ghes", env: hostEnv(w), state: w.s.machine.hest.length && h.config.ACPI_APEI_GHES ? w.hostGhes : undefined, sources: w.registeredSources(), now: w.tr.now },
    }, t);
  });
  w.current = undefined;
  return w.tr.state(c.actor) === before;
}

/** The OS handles an SError: host do_serror(), or KVM's guest-exit classification for a guest. */
function serrorToOs(w: World, ev: PoisonEvent, c: Consumer, esr: bigint, entered = false): boolean {
  const ras = w.s.machine.features.FEAT_RAS;
  if (c.guest) {
    if (!entered) enter(w, { from: c.el as 0 | 1, to: 2, kind: "SError", esr, pc: ev.pc, why: "SError while the guest runs (HCR_EL2.AMO=1)", guest: true });
    guestSerrorExit(w, esr, ev.cpu, c.el as 0 | 1, ev.pc);
    return false;
  }
  if (!entered) enter(w, { from: c.el, to: hostEL(w), kind: "SError", esr, pc: ev.pc, why: "SError reflected to the host kernel" });
  kernel(w, "host", (t) => {
    serrorEntryStep(t, w.s.host.kernel, c.el === 0 ? "el0" : "el1");
    doSerror({ syndrome: decodeSyndrome(esr), kernel: w.s.host.kernel, ras, cpu: ev.cpu }, t);
  });
  return false;
}


