// The other timeline events: an SError of a given syndrome, a corrected error over
// threshold, a PCIe error, an ERR<n> record written by a memory controller, and a
// GHES record posted directly by firmware.
import { decodeSyndrome, doSerror } from "../adapters/kernel.js";
import type { Severity } from "../adapters/cper.js";
import type { CorrectedEvent, ErrorRecordEvent, GhesRecordEvent, HestSource, PcieEvent, SerrorEvent } from "../scenario/types.js";
import type { World } from "../world.js";
import { enter, hex, hostEL, kernel, serrorEntryStep } from "./common.js";
import { firmwritePost, notifyAsync } from "./notify.js";
import { guestSerrorExit } from "./vmm.js";

const KERNEL_PC = 0xffff_8000_0810_2a40n;
const USER_PC = 0x0000_aaaa_c0de_0100n;

function asyncSource(w: World, id: number | undefined): HestSource {
  const hest = w.s.machine.hest;
  return id !== undefined ? hest.find((h) => h.id === id)! : hest.find((h) => h.notify !== "sea")!;
}

export function serror(w: World, ev: SerrorEvent): void {
  const ras = w.s.machine.features.FEAT_RAS;
  const guest = ev.from === "guest";
  const fromEl = guest ? 1 : ev.from === "el0" ? 0 : hostEL(w);
  const pc = ev.from === "el0" ? USER_PC : KERNEL_PC;
  const nsTarget = guest ? 2 : hostEL(w);
  w.tr.add(guest ? "guest-cpu" : "cpu", `an SError interrupt with syndrome ${hex(ev.esr, 8)} becomes pending on CPU${ev.cpu} while ${guest ? "the guest" : ev.from === "el0" ? "a host process" : "the host kernel"} runs`);
  if (w.s.firmware === "firmware-first") {
    enter(w, { from: fromEl, to: 3, kind: "SError", esr: ev.esr, pc, why: "SCR_EL3.EA=1 routes SErrors to EL3", guest });
    w.tr.add("firmware", `no error record with an address to report: firmware reflects the SError to EL${nsTarget} with the same syndrome`, { rule: "firmware-first SError reflection" });
  }
  if (guest) {
    enter(w, { from: 1, to: 2, kind: "SError", esr: ev.esr, pc, why: "HCR_EL2.AMO=1: the guest's SError exits to KVM (with FEAT_RAS it may be deferred by ESB into DISR_EL1)", guest: true });
    guestSerrorExit(w, ev.esr, ev.cpu, 1, pc, ev.vcpu ?? ev.cpu);
    return;
  }
  enter(w, { from: fromEl, to: nsTarget, kind: "SError", esr: ev.esr, pc, why: "the host kernel takes the SError (vector +0x180)" });
  kernel(w, "host", (t) => {
    serrorEntryStep(t, w.s.host.kernel, ev.from === "el0" ? "el0" : "el1");
    doSerror({ syndrome: decodeSyndrome(ev.esr), kernel: w.s.host.kernel, ras, cpu: ev.cpu }, t);
  });
}

export function corrected(w: World, ev: CorrectedEvent): void {
  w.tr.add("cpu", `the memory controller corrects ${ev.count} error(s) at PA ${hex(ev.pa)} (threshold ${ev.threshold})`);
  if (w.s.firmware === "kernel-first") {
    w.tr.add("host", "kernel-first: mainline Linux has no ERR<n> error-record driver; the corrected errors are only counted in ERR<n>MISC0", { rule: "kernel.md §1" });
    return;
  }
  if (ev.count < ev.threshold) {
    w.tr.add("firmware", `${ev.count} < threshold ${ev.threshold}: the corrected-error counter has not overflowed, nothing is reported`);
    return;
  }
  const src = asyncSource(w, ev.source);
  const ok = firmwritePost(w, src, { blockStatus: (1 << 1) | (1 << 4), severity: "corrected", sectionSeverity: "corrected", flags: 0x8, section: { kind: "memory", pa: ev.pa, errorType: 2 } });
  if (ok) notifyAsync(w, src, { cpu: 0 });
}

const PCIE_SEV: Record<PcieEvent["severity"], Severity> = { corrected: "corrected", recoverable: "recoverable", fatal: "fatal" };

export function pcie(w: World, ev: PcieEvent): void {
  const bdf = `${ev.segment.toString(16).padStart(4, "0")}:${ev.bus.toString(16).padStart(2, "0")}:${ev.device.toString(16).padStart(2, "0")}.${ev.function}`;
  w.tr.add("cpu", `PCIe device ${bdf} reports a ${ev.severity} error to its root port`);
  if (w.s.firmware === "kernel-first") {
    w.tr.add("host", "kernel-first: the native AER driver handles it (outside this model)", { rule: "kernel.md §5.7 (AER)" });
    return;
  }
  const src = asyncSource(w, ev.source);
  const sev = PCIE_SEV[ev.severity];
  const ok = firmwritePost(w, src, { blockStatus: sev === "corrected" ? (1 << 1) | (1 << 4) : 1 | (1 << 4), severity: sev, sectionSeverity: sev, flags: 0, section: { kind: "pcie", segment: ev.segment, bus: ev.bus, device: ev.device, function: ev.function } });
  if (ok) notifyAsync(w, src, { cpu: 0 });
}

/** The ERR<n>STATUS fields this flow reads (declared in src/sysregs; arch.md §2.7). */
const ERR_STATUS_FIELDS = ["AV", "V", "UE", "CE", "DE", "UET", "SERR"] as const;
const UET_NAMES = ["UC", "UEU", "UEO", "UER"] as const;

export function errorRecord(w: World, ev: ErrorRecordEvent): void {
  const st = ev.status;
  const fields = w.entries.errStatus(ev.node, st, ERR_STATUS_FIELDS);
  const f = (k: (typeof ERR_STATUS_FIELDS)[number]): number => fields[k]!;
  const kind = f("UE") ? `uncorrected (UET=${UET_NAMES[f("UET")]})` : f("DE") ? "deferred" : f("CE") ? "corrected" : "no error class set";
  w.tr.add("cpu", `the memory controller writes ERR${ev.node}STATUS = ${hex(st, 8)}: V=1, ${kind}, SERR=0x${f("SERR").toString(16)}${f("AV") && ev.addr !== undefined ? `, ERR${ev.node}ADDR = ${hex(ev.addr)}` : ""}`, {
    rule: "arch.md §2.7", regs: { [`ERR${ev.node}STATUS`]: hex(st, 8), ...(ev.addr !== undefined ? { [`ERR${ev.node}ADDR`]: hex(ev.addr, 16) } : {}) },
  });
  if (w.s.firmware === "kernel-first") {
    w.tr.add("host", `kernel-first: mainline Linux has no kernel-first ERR<n> handler; ERR${ev.node}STATUS stays valid and nothing is logged`, { rule: "kernel.md §1" });
    return;
  }
  const sev: Severity = f("UE") ? (f("UET") <= 1 ? "fatal" : "recoverable") : f("DE") ? "recoverable" : f("CE") ? "corrected" : "info";
  const pa = f("AV") && ev.addr !== undefined ? ev.addr : undefined;
  w.tr.add("firmware", `EL3 error-recovery interrupt: firmware reads ERR${ev.node}, maps it to CPER severity ${sev}, clears ERR${ev.node}STATUS (write-1-to-clear)`);
  const src = asyncSource(w, ev.source);
  const ok = firmwritePost(w, src, { blockStatus: (sev === "corrected" ? 1 << 1 : 1) | (1 << 4), severity: sev, sectionSeverity: sev, flags: 0, section: { kind: "memory", ...(pa !== undefined ? { pa } : {}), errorType: sev === "corrected" ? 2 : 3 } });
  if (ok) notifyAsync(w, src, { cpu: 0 });
}

export function ghesRecord(w: World, ev: GhesRecordEvent): void {
  const src = asyncSource(w, ev.source);
  let ok: boolean;
  if (ev.cper !== undefined) {
    w.tr.add("firmware", `firmware posts the scenario's status block (${ev.cper.length} bytes) as written`);
    ok = firmwritePost(w, src, ev.cper);
  } else {
    w.tr.add("firmware", `firmware posts a ${ev.severity} memory error record for PA ${hex(ev.pa)}`);
    ok = firmwritePost(w, src, { blockStatus: (ev.severity === "corrected" ? 1 << 1 : 1) | (1 << 4), severity: ev.severity, sectionSeverity: ev.severity, flags: 0, section: { kind: "memory", pa: ev.pa, errorType: 3 } });
  }
  if (ok) notifyAsync(w, src, { cpu: 0 });
}
