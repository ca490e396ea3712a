// The VMM (QEMU kvm_arch_on_sigbus_vcpu(), table T7, from src/kernel) and the guest
// kernel's side of what KVM or QEMU inject: an SEA with a CPER in the guest's GHES,
// or a virtual SError.
import { decodeSyndrome, doSea, hwpoisonPageFault, kvmGuestSerror, qemuHasGuestRas, qemuOnSigbus, vserrorFor, type GuestContext } from "../adapters/kernel.js";
import { encodeRecord } from "../adapters/cper.js";
import { vmmDies, type SigbusToVmm } from "../actions.js";
import { forwardDecision } from "../trace.js";
import { comm, type World } from "../world.js";
import { enter, guestEnv, hex, kernel, translationFaultEsr } from "./common.js";
import { applyActions } from "../actions.js";
import { configText } from "../../kernel/config.js";

/** The guest context a VMM- or KVM-injected exception lands in. */
export interface GuestCtx {
  /** EL the guest was at (0: a guest process, 1: the guest kernel). */
  readonly el: 0 | 1;
  readonly pc: bigint;
  readonly cpu: number;
  /** Guest process name (el 0). */
  readonly process?: string;
  /** Guest VA of the load and its guest pfn (for the re-executed access after a recovery). */
  readonly va?: bigint;
  readonly gpfn?: bigint;
}

export function guestContext(w: World, cpu: number): GuestContext {
  // A guest running at EL0, or in the kernel with SErrors unmasked (Linux unmasks them early).
  return { kernel: w.s.guest!.kernel, ras: w.s.machine.features.FEAT_RAS, vcpu: cpu, serrorsUnmasked: w.s.guest!.serrorsUnmasked };
}

/** QEMU handles each SIGBUS the host sent it (T7). Returns true when the guest was told (SEA injected). */
export function vmmSigbus(w: World, sigs: readonly SigbusToVmm[], ctx: GuestCtx | undefined): boolean {
  let told = false;
  for (const sg of sigs) {
    if (!w.alive("vmm")) break;
    const v = w.s.vmm!;
    const g = w.s.guest!;
    const thread = sg.cpu === undefined ? "main thread: kvm_on_sigbus()" : `vCPU ${sg.cpu} thread: kvm_on_sigbus_vcpu()`;
    if (!qemuHasGuestRas(v.version)) {
      w.tr.add("vmm", `QEMU ${v.version} (${thread}) has no Arm memory-error handling (added in 5.1): sigbus_reraise()`, { rule: "T7.Q7", models: "QEMU accel/kvm kvm_on_sigbus*()" });
      vmmDies(w, `QEMU ${v.version} cannot handle ${sg.code} on Arm: the SIGBUS is re-raised and QEMU dies`);
      break;
    }
    const page = sg.addr === undefined ? undefined : w.s.machine.pages.find((p) => (p.owner === "guest-ram" || p.owner === "vmm") && p.va === (sg.addr! & ~0xfffn));
    const gpa = page?.owner === "guest-ram" ? page.gpa! | (sg.addr! & 0xfffn) : undefined;
    const gctx = ctx ?? { el: 1 as const, pc: 0xffff_8000_0810_2a40n, cpu: sg.cpu ?? 0 };
    w.tr.add("vmm", `${thread}: ${sg.code}${sg.addr !== undefined ? ` at host address ${hex(sg.addr)}` : ""}${gpa !== undefined ? ` = guest RAM, GPA ${hex(gpa)}` : page ? " = QEMU's own memory" : ""}`);
    const r = kernel(w, "host", (t) => {
      qemuOnSigbus(t, {
        code: sg.code === "BUS_MCEERR_AR" ? "BUS_MCEERR_AR" : "BUS_MCEERR_AO",
        ...(sg.addr !== undefined ? { addr: sg.addr } : {}),
        ghesPresent: g.ghes,
        ...(gpa !== undefined ? { gpa } : {}),
        readAck: w.vmmApei && w.vmmApei.readAck(0) === 0n ? 0 : 1,
        guestEl: gctx.el,
      });
    }, "vmm");
    let inject: bigint | undefined;
    for (const a of r.d.actions) {
      if (a.kind === "hwpoison_page_add") w.vmmHwpoison.push(a.ramAddr);
      if (a.kind === "write_guest_cper") {
        const bytes = encodeRecord({ blockStatus: 1, severity: "recoverable", sectionSeverity: "recoverable", flags: 0, section: { kind: "memory", pa: a.gpa, errorType: 0 } });
        const apei = w.vmmApei!;
        const err = apei.post(0, bytes);
        w.tr.add("vmm", err ?? `the CPER QEMU wrote to the guest's SEA error status block (${bytes.length} bytes)`, {
          rule: "T7.Q1", models: "QEMU hw/acpi/ghes.c ghes_record_cper_errors() (src/apei GhesFirmware.post(), QEMU read-ack profile)", bytes,
          regs: { "Error Status Block": hex(apei.errorStatusAddress(0), 16), "Read Ack": hex(apei.readAck(0) ?? 0n) },
        });
      }
      if (a.kind === "inject_sea") inject = a.esr;
      if (a.kind === "vmm_exit") vmmDies(w, `QEMU ${a.how}: ${r.d.reason.text}`);
    }
    if (!w.alive("vmm")) break;
    w.tr.settle("vmm", "signal", `handled ${sg.code}: ${r.d.reason.text}`, `SIGBUS ${sg.code}`);
    if (inject !== undefined) {
      told = true;
      guestSea(w, gctx, inject);
    }
  }
  return told;
}

/** The guest kernel takes the SEA QEMU injected: guest do_sea() with its own APEI (QEMU's HEST). */
export function guestSea(w: World, ctx: GuestCtx, esr: bigint): void {
  const g = w.s.guest!;
  enter(w, { from: ctx.el, to: 1, kind: "sync", esr, pc: ctx.pc, why: "the SEA QEMU injected (FnV=1: FAR UNKNOWN)", layer: "guest-cpu" });
  if (!g.config.ACPI_APEI_GHES && g.ghes) {
    const n = `CONFIG_ACPI_APEI_GHES=n: Linux ${g.kernel.text} never reads the firmware's record (${configText(g.config)})`;
    if (!w.tr.notes.includes(n)) w.tr.notes.push(n);
  }
  const proc = g.processes.find((p) => p.name === ctx.process);
  const task = proc ? { comm: comm(proc.name), pid: proc.pid, mm: true } : { comm: `kworker/${ctx.cpu}:1`, pid: 90 + ctx.cpu, mm: false };
  w.guestCurrent = task;
  if (!proc && !w.tr.state(`guest:${task.comm}`)) w.tr.settle(`guest:${task.comm}`, "running", "the guest kernel thread that was running");
  kernel(w, "guest", (t) => {
    doSea({
      syndrome: decodeSyndrome(esr), kernel: g.kernel, fromUser: ctx.el === 0, far: 0n, irqsEnabled: true, actor: "guest",
      die: { inInterrupt: false, panicOnOops: g.panicOnOops, task: { comm: task.comm, pid: task.pid }, dieCounter: ++w.dieCounter.guest, handlesSignal: proc?.handlesSigbus ?? false, preempt: g.config.PREEMPT },
      apei: { kind: "ghes", env: guestEnv(w), state: g.ghes && g.config.ACPI_APEI_GHES ? w.guestGhes : undefined, sources: w.guestSeaRegistered ? [w.vmmSource()] : [], now: w.tr.now },
    }, t);
  });
  w.guestCurrent = undefined;
  if (w.alive("guest")) w.tr.settle("guest", "running", "the guest kernel handled the injected SEA and kept running");
  // A late-kill guest process that was not signalled returns to user and re-executes the load:
  // the guest's memory_failure() unmapped the page, so this is a guest page fault on a hwpoison entry.
  if (proc && ctx.va !== undefined && ctx.gpfn !== undefined && w.guestPoisoned.has(ctx.gpfn) && w.tr.state(`guest:${proc.name}`) === "running" && w.alive("guest")) {
    enter(w, { from: 0, to: 1, kind: "sync", esr: translationFaultEsr(), far: ctx.va, pc: ctx.pc, why: "the process re-executes the load: translation fault on the hwpoison PTE the guest's memory_failure() left", layer: "guest-cpu" });
    kernel(w, "guest", (t) => hwpoisonPageFault(t, { comm: task.comm, pid: task.pid }, ctx.va!, 12));
  }
}

/** A guest SError reaches KVM (EL1_SERROR exit or DISR at exit): T6 K1–K6, then the guest's do_serror() if injected. */
export function guestSerrorExit(w: World, esr: bigint, cpu: number, guestEl: 0 | 1, pc: bigint, vcpu = cpu): void {
  const gc = guestContext(w, vcpu);
  const d = kvmGuestSerror({ syndrome: decodeSyndrome(esr), host: w.s.host.kernel, hostRas: w.s.machine.features.FEAT_RAS, cpu, guest: gc });
  w.decisions.push({ d, decided: true });
  forwardDecision(w.tr, d, () => {
    const v = vserrorFor(w.s.host.kernel, w.s.machine.features.FEAT_RAS, gc);
    enter(w, { from: guestEl, to: 1, kind: "vSError", esr: v.guestEsr, pc, why: `virtual SError injected by KVM via ${v.via}${v.assumed ? " (ESR IMPLEMENTATION DEFINED; modelled)" : ""}`, layer: "guest-cpu", ...(v.via === "emulated entry" ? { emulatedEsr: v.guestEsr } : {}) });
  });
  applyActions(w, "host", d);
  if (w.alive("guest") && d.outcome.guest === "running") w.tr.settle("guest", "running", d.reason.text);
}
