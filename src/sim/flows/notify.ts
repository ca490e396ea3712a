// Firmware (EL3) writing a CPER record into a GHES block and notifying the OS by
// the source's notification type, and the OS side of the asynchronous types.
import { encodeRecord, estatusFromBytes, ghesSectionType, severityName, type RecordSpec } from "../adapters/cper.js";
import { decodeSyndrome, doSerror, ghesProc } from "../adapters/kernel.js";
import type { HestSource } from "../scenario/types.js";
import type { World } from "../world.js";
import { enter, hex, hostEL, hostEnv, kernel, serrorEsr } from "./common.js";
import { guestSerrorExit, vmmSigbus, type GuestCtx } from "./vmm.js";

/** What a record holds, for the trace: block severity and its sections. */
function recordSummary(spec: RecordSpec | Uint8Array, bytes: Uint8Array): string {
  if (!(spec instanceof Uint8Array)) {
    return `block severity ${spec.severity}, ${spec.section.kind} section${spec.section.kind === "memory" && spec.section.pa !== undefined ? ` PA ${hex(spec.section.pa)}` : ""}`;
  }
  const e = estatusFromBytes(bytes);
  if (!e) return "the scenario's status block";
  const kinds = e.tree.entries.map((x) => (ghesSectionType(x) === "other" ? `section ${x.entry.SectionType}` : `${ghesSectionType(x)} section`));
  return `the scenario's status block: block severity ${severityName(e.tree.block.ErrorSeverity)}, ${kinds.join(" + ") || "no sections"}`;
}

/**
 * Firmware posts a record on a source (GHESv2: only once the previous one was acknowledged):
 * the record it builds from `spec`, or the exact status block bytes given. Returns false when dropped.
 */
export function firmwritePost(w: World, src: HestSource, spec: RecordSpec | Uint8Array): boolean {
  const apei = w.hostApei!;
  const bytes = spec instanceof Uint8Array ? spec : encodeRecord(spec);
  const err = apei.post(src.id, bytes);
  if (err !== null) {
    w.tr.add("firmware", `source ${src.id}: cannot write a new record: ${err}`, { rule: "ACPI 6.5 §18.3.2.8", models: "src/apei GhesFirmware.post()" });
    return false;
  }
  const ack = apei.readAck(src.id);
  w.tr.add("firmware", `writes a CPER record to source ${src.id} (${src.type.toUpperCase()}, notify ${src.notify.toUpperCase()}): ${recordSummary(spec, bytes)} (${bytes.length} bytes)`, {
    rule: "ACPI 6.5 §18.3.2.7.1", models: "src/apei GhesFirmware.post()", bytes,
    regs: { "Error Status Block": hex(apei.errorStatusAddress(src.id), 16), ...(ack !== undefined ? { "Read Ack": hex(ack) } : {}) },
  });
  return true;
}

/** Where the NS world was when firmware notifies: a guest on this CPU (KVM exits first) or the host. */
export interface NotifyCtx {
  readonly cpu: number;
  readonly guest?: GuestCtx;
}

/**
 * An asynchronous notification (interrupt, polled, SDEI, SEI): the OS reads the source.
 * Returns true when the OS actually ran ghes_proc on it.
 */
export function notifyAsync(w: World, src: HestSource, ctx: NotifyCtx): boolean {
  const n = src.notify;
  if (n === "sei") {
    // Firmware can only reflect an SError; Linux never registered the SEI source (kernel.md §4).
    const esr = serrorEsr("UER");
    w.tr.add("firmware", `notifies source ${src.id} by SEI: injects an SError (ESR ${hex(esr, 8)}) into the normal world`, { rule: "kernel.md §4", models: "SEI notification" });
    if (ctx.guest && w.alive("guest")) {
      enter(w, { from: ctx.guest.el, to: 2, kind: "SError", esr, pc: ctx.guest.pc, why: "SError while the guest runs (HCR_EL2.AMO=1)", guest: true });
      kernel(w, "host", (t) => void t.step("§4", "drivers/acpi/apei/ghes.c ghes_probe()", `no ghes_notify_sei(): source ${src.id} is never read; KVM judges the SError by its ESR alone`));
      guestSerrorExit(w, esr, ctx.cpu, ctx.guest.el, ctx.guest.pc);
    } else {
      enter(w, { from: hostEL(w), to: hostEL(w), kind: "SError", esr, pc: 0xffff_8000_0810_2a40n, why: "SError reflected by firmware" });
      kernel(w, "host", (t) => {
        t.step("§4", "drivers/acpi/apei/ghes.c ghes_probe()", `no ghes_notify_sei(): source ${src.id} is never read; do_serror() judges the ESR alone`);
      });
      kernel(w, "host", (t) => void doSerror({ syndrome: decodeSyndrome(esr), kernel: w.s.host.kernel, ras: w.s.machine.features.FEAT_RAS, cpu: ctx.cpu }, t));
    }
    return false;
  }
  if (!w.registered.has(src.id)) {
    w.tr.add("host", `source ${src.id} (${n.toUpperCase()}) was not registered by ghes_probe(): the record is never read and stays in the block`, { rule: "T3.1", models: "drivers/acpi/apei/ghes.c ghes_probe()" });
    return false;
  }
  const how: Record<string, string> = {
    gsiv: "raises its GSIV interrupt", gpio: "signals the GPIO event (GED)", sci: "raises an SCI", external: "raises an external interrupt",
    polled: "does nothing: the OS polls the block (poll interval)", sdei: "signals an SDEI event",
  };
  w.tr.add("firmware", `returns to the normal world (ERET) and ${how[n] ?? "notifies"} for source ${src.id}`, { rule: `HEST notify ${n.toUpperCase()}`, models: "firmware notification" });
  if (ctx.guest && w.alive("guest") && n !== "polled") {
    enter(w, { from: ctx.guest.el, to: 2, kind: "IRQ", pc: ctx.guest.pc, why: "interrupt while the guest runs (HCR_EL2.IMO=1): KVM exits, the host handles it", guest: true });
  } else if (n !== "polled" && n !== "sdei") {
    enter(w, { from: hostEL(w), to: hostEL(w), kind: "IRQ", pc: 0xffff_8000_0810_2a40n, why: "the host takes the interrupt" });
  }
  if (n === "sdei") w.tr.add("host", "SDEI event: SIM approximation — processed like ghes_proc() (the NMI-like SDEI queue is not exposed by src/kernel)", { rule: "§5.6", models: "ghes_sdei_normal_callback()" });
  const saved = w.current;
  w.current = undefined;
  const r = kernel(w, "host", (t) => void ghesProc(t, hostEnv(w), w.hostGhes, w.ghesSource(src), w.tr.now));
  w.current = saved;
  if (w.s.vmm) vmmSigbus(w, r.vmm, ctx.guest);
  return true;
}

