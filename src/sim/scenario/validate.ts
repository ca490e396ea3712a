// Strict validation of a scenario JSON BEFORE anything runs: unknown keys, pages
// outside memory, notification types a source cannot have, and machine states
// that cannot exist are errors naming the key (ScenarioError → exit 2).
import { NEOVERSE_N1, withFeatures, type FeatureSet } from "../../arch/features.js";
import { assertModelled, KernelVersionError, NEWEST_MODELLED, parseKernelVersion, type KernelVersion } from "../../linux/version.js";
import { has as hasBoundary } from "../../linux/boundaries.js";
import { configFromObject, configText, DEFAULT_CONFIG, KernelConfigError, type KernelConfig } from "../../kernel/config.js";
import { array, bool, choice, int, join, object, optU64, ScenarioError, str, u64, type Obj } from "./check.js";
import { statusBlockFromHex, statusBlockFromJson } from "../adapters/cper.js";
import { DEFAULT_PC, defaultHcr, defaultScr, field, PAGE_SIZE, QEMU_MAIN } from "./defaults.js";
import { isSeaFsc, seaFaultInfo } from "../../kernel/fault-info.js";
import { EC_DABT_CUR, EC_DABT_LOW, EC_IABT_CUR, EC_IABT_LOW } from "../../kernel/esr-input.js";
import { EVENT_KINDS, GUEST_RAM_STATES, PAGE_OWNERS, PFN_STATES, RMAP_STATES } from "./types.js";
import type { Consumer, GuestSoftware, HestSource, HostSoftware, Machine, NotifyName, Page, Process, Scenario, SimEvent, Vmm } from "./types.js";

/** The SEA fault status codes as ranges ("0x10, 0x13-0x18, …"), from the kernel model's one test (isSeaFsc). */
const SEA_FSC_TEXT = ((): string => {
  const hex = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
  const runs: string[] = [];
  for (let f = 0; f < 64; f++) {
    if (!isSeaFsc(f)) continue;
    let e = f;
    while (e + 1 < 64 && isSeaFsc(e + 1)) e++;
    runs.push(e === f ? hex(f) : `${hex(f)}-${hex(e)}`);
    f = e;
  }
  return runs.join(", ");
})();

export { ScenarioError } from "./check.js";

/** Notification types an Arm GHES source may carry (ACPI 6.5 Table 18.14 minus the IA-32 and RISC-V ones). */
export const ARM_NOTIFY: readonly NotifyName[] = ["polled", "external", "local", "sci", "gpio", "sea", "sei", "gsiv", "sdei"];
/** ACPI notification types that exist but no Arm machine can raise. */
const FOREIGN_NOTIFY: Readonly<Record<string, string>> = {
  nmi: "NMI is an IA-32 notification",
  cmci: "CMCI is an IA-32 notification",
  mce: "MCE is an IA-32 notification",
  sse: "SSE is a RISC-V notification",
};
/** Notifications only EL3 firmware can raise (an abort or SError it fakes, or an SDEI event). */
const NEEDS_EL3: readonly NotifyName[] = ["sea", "sei", "sdei"];

const FEATURE_KEYS = ["FEAT_RAS", "FEAT_RASv1p1", "FEAT_IESB", "FEAT_VHE", "FEAT_PAN", "FEAT_UAO", "EL2", "EL3", "FEAT_DIT", "FEAT_SSBS", "FEAT_BTI", "FEAT_MTE"] as const;

export interface ValidateOptions {
  /** --kernel: overrides software.host.kernel. */
  readonly kernel?: string;
  /** --guest-kernel: overrides software.guest.kernel. */
  readonly guestKernel?: string;
}

function version(text: string, path: string): KernelVersion {
  try {
    return assertModelled(parseKernelVersion(text));
  } catch (e) {
    if (e instanceof KernelVersionError) throw new ScenarioError(path, e.message);
    throw e;
  }
}

/** software.{host,guest}.config: { "PREEMPT": true, "ACPI_APEI_SEA": false, … } (src/kernel/config.ts). */
function kconfig(v: unknown, path: string): KernelConfig {
  if (v === undefined) return DEFAULT_CONFIG;
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ScenarioError(path, "must be an object of kernel options, e.g. { \"PREEMPT\": true }");
  try {
    return configFromObject(v as Record<string, unknown>).config;
  } catch (e) {
    if (e instanceof KernelConfigError) throw new ScenarioError(path, e.message);
    throw e;
  }
}

/** software.guest.memory: [{ base, size }, …] (the guest's RAM map; holes between ranges are not RAM). */
function guestMemory(v: unknown, path: string): { base: bigint; size: bigint }[] {
  const out: { base: bigint; size: bigint }[] = [];
  array(v, path).forEach((r, i) => {
    const rp = join(path, i);
    const o = object(r, rp, ["base", "size"]);
    const base = u64(o, "base", rp, 52);
    const size = u64(o, "size", rp, 52);
    if (base % PAGE_SIZE !== 0n) throw new ScenarioError(join(rp, "base"), "is not 4 KiB aligned");
    if (size === 0n || size % PAGE_SIZE !== 0n) throw new ScenarioError(join(rp, "size"), "must be a non-zero multiple of 4 KiB");
    if (out.some((q) => base < q.base + q.size && q.base < base + size)) throw new ScenarioError(rp, "overlaps another range");
    out.push({ base, size });
  });
  if (out.length === 0) throw new ScenarioError(path, "has no ranges");
  return out;
}

function features(v: unknown, path: string): FeatureSet {
  if (v === undefined) return NEOVERSE_N1;
  const o = object(v, path, [...FEATURE_KEYS, "error_records"]);
  const over: Record<string, unknown> = {};
  for (const k of FEATURE_KEYS) if (o[k] !== undefined) over[k] = bool(o, k, path, false);
  if (o["error_records"] !== undefined) over["errorRecords"] = int(o, "error_records", path, 0, 65535);
  const f = withFeatures(NEOVERSE_N1, over as Partial<FeatureSet>);
  if (f.FEAT_RASv1p1 && !f.FEAT_RAS) throw new ScenarioError(join(path, "FEAT_RASv1p1"), "FEAT_RASv1p1 needs FEAT_RAS");
  if (f.FEAT_IESB && !f.FEAT_RAS) throw new ScenarioError(join(path, "FEAT_IESB"), "FEAT_IESB needs FEAT_RAS (both Armv8.2)");
  if (f.FEAT_VHE && !f.EL2) throw new ScenarioError(join(path, "FEAT_VHE"), "FEAT_VHE needs EL2");
  return f;
}

function processes(v: unknown, path: string): Process[] {
  if (v === undefined) return [];
  const out: Process[] = [];
  array(v, path).forEach((p, i) => {
    const pp = join(path, i);
    const o = object(p, pp, ["name", "pid", "early_kill", "sigbus_handler"]);
    const name = str(o, "name", pp);
    if (!/^[\x21-\x7e]{1,64}$/.test(name)) throw new ScenarioError(join(pp, "name"), "must be 1-64 printable characters without spaces");
    const proc = { name, pid: int(o, "pid", pp, 1, 4194304), earlyKill: bool(o, "early_kill", pp, false), handlesSigbus: bool(o, "sigbus_handler", pp, false) };
    if (out.some((q) => q.name === proc.name)) throw new ScenarioError(join(pp, "name"), `duplicate process '${proc.name}'`);
    if (out.some((q) => q.pid === proc.pid)) throw new ScenarioError(join(pp, "pid"), `duplicate pid ${proc.pid}`);
    out.push(proc);
  });
  return out;
}

function hest(v: unknown, path: string, f: FeatureSet): HestSource[] {
  if (v === undefined) return [];
  const out: HestSource[] = [];
  array(v, path).forEach((s, i) => {
    const sp = join(path, i);
    const o = object(s, sp, ["id", "type", "notify", "error_block_length"]);
    const id = int(o, "id", sp, 0, 65535);
    if (out.some((x) => x.id === id)) throw new ScenarioError(join(sp, "id"), `duplicate HEST source id ${id}`);
    const type = choice(o, "type", sp, ["ghes", "ghesv2"] as const, "ghesv2");
    const n = str(o, "notify", sp);
    const foreign = FOREIGN_NOTIFY[n];
    if (foreign !== undefined) throw new ScenarioError(join(sp, "notify"), `'${n}': ${foreign}; an Arm GHES source cannot have it (allowed: ${ARM_NOTIFY.join(", ")})`);
    if (!(ARM_NOTIFY as readonly string[]).includes(n)) throw new ScenarioError(join(sp, "notify"), `'${n}' is not a notification type (allowed: ${ARM_NOTIFY.join(", ")})`);
    const notify = n as NotifyName;
    if (NEEDS_EL3.includes(notify) && !f.EL3) throw new ScenarioError(join(sp, "notify"), `'${notify}' is raised by EL3 firmware, but the machine has no EL3`);
    const errorBlockLength = int(o, "error_block_length", sp, 20, 1 << 20, 4096);
    out.push({ id, type, notify, errorBlockLength });
  });
  return out;
}

interface Ctx {
  readonly machine: Omit<Machine, "pages"> & { pages: Page[] };
  readonly host: HostSoftware;
  readonly guest: GuestSoftware | undefined;
  readonly vmm: Vmm | undefined;
  readonly firmwareFirst: boolean;
}

function pages(v: unknown, path: string, c: Omit<Ctx, "machine"> & { base: bigint; size: bigint }): Page[] {
  if (v === undefined) return [];
  const out: Page[] = [];
  array(v, path).forEach((p, i) => {
    const pp = join(path, i);
    const o = object(p, pp, ["pa", "owner", "process", "va", "gpa", "guest_owner", "guest_process", "guest_va", "dirty", "mapping", "pfn_state", "state"]);
    const pa = u64(o, "pa", pp, 52);
    if (pa % PAGE_SIZE !== 0n) throw new ScenarioError(join(pp, "pa"), `0x${pa.toString(16)} is not 4 KiB aligned`);
    if (pa < c.base || pa + PAGE_SIZE > c.base + c.size) {
      throw new ScenarioError(join(pp, "pa"), `page 0x${pa.toString(16)} is outside memory [0x${c.base.toString(16)}, 0x${(c.base + c.size).toString(16)})`);
    }
    if (out.some((q) => q.pa === pa)) throw new ScenarioError(join(pp, "pa"), `duplicate page 0x${pa.toString(16)}`);
    const owner = choice(o, "owner", pp, PAGE_OWNERS);
    const page: { -readonly [K in keyof Page]: Page[K] } = { pa, owner, dirty: bool(o, "dirty", pp, true) };
    const only = (keys: readonly string[]): void => {
      for (const k of ["process", "va", "gpa", "guest_owner", "guest_process", "guest_va", "mapping", "pfn_state", "state"]) {
        if (o[k] !== undefined && !keys.includes(k)) throw new ScenarioError(join(pp, k), `does not apply to a page owned by '${owner}'`);
      }
    };
    if (owner === "host-process") {
      only(["process", "va", "mapping", "pfn_state", "state"]);
      const name = str(o, "process", pp);
      if (!c.host.processes.some((q) => q.name === name)) throw new ScenarioError(join(pp, "process"), `no host process '${name}' (software.host.processes)`);
      page.process = name;
      page.va = u64(o, "va", pp, 48);
      const mapping = choice(o, "mapping", pp, ["rmap", "pfnmap"] as const, "rmap");
      if (mapping === "pfnmap") {
        page.mapping = "pfnmap";
        page.pfnState = choice(o, "pfn_state", pp, PFN_STATES, "reserved");
      } else if (o["pfn_state"] !== undefined) throw new ScenarioError(join(pp, "pfn_state"), "only applies to mapping 'pfnmap'");
      if (o["state"] !== undefined) {
        if (mapping === "pfnmap") throw new ScenarioError(join(pp, "state"), "does not apply to a pfnmap mapping (use pfn_state)");
        page.state = choice(o, "state", pp, RMAP_STATES);
      }
    } else if (owner === "guest-ram") {
      only(["va", "gpa", "guest_owner", "guest_process", "guest_va", "state"]);
      if (o["state"] !== undefined) page.state = choice(o, "state", pp, GUEST_RAM_STATES);
      if (!c.guest || !c.vmm) throw new ScenarioError(join(pp, "owner"), "guest RAM needs software.guest and software.vmm");
      page.va = u64(o, "va", pp, 48);
      page.gpa = u64(o, "gpa", pp, 48);
      if (page.gpa % PAGE_SIZE !== 0n) throw new ScenarioError(join(pp, "gpa"), "is not 4 KiB aligned");
      page.guestOwner = choice(o, "guest_owner", pp, ["guest-process", "guest-kernel", "guest-free"] as const, "guest-free");
      if (page.guestOwner === "guest-process") {
        const name = str(o, "guest_process", pp);
        if (!c.guest.processes.some((q) => q.name === name)) throw new ScenarioError(join(pp, "guest_process"), `no guest process '${name}' (software.guest.processes)`);
        page.guestProcess = name;
        page.guestVa = u64(o, "guest_va", pp, 48);
      } else if (o["guest_process"] !== undefined || o["guest_va"] !== undefined) {
        throw new ScenarioError(join(pp, o["guest_process"] !== undefined ? "guest_process" : "guest_va"), `does not apply to guest_owner '${page.guestOwner}'`);
      }
    } else if (owner === "vmm") {
      only(["va"]);
      if (!c.vmm) throw new ScenarioError(join(pp, "owner"), "a VMM page needs software.vmm");
      page.va = u64(o, "va", pp, 48);
    } else {
      only([]);
    }
    out.push(page);
  });
  return out;
}

function pageAt(c: Ctx, pa: bigint, path: string): Page {
  const m = c.machine.memory;
  if (pa < m.base || pa >= m.base + m.size) {
    throw new ScenarioError(path, `0x${pa.toString(16)} is outside memory [0x${m.base.toString(16)}, 0x${(m.base + m.size).toString(16)})`);
  }
  const base = pa - (pa % PAGE_SIZE);
  const page = c.machine.pages.find((p) => p.pa === base);
  if (!page) throw new ScenarioError(path, `no page declared at 0x${base.toString(16)} (machine.pages)`);
  return page;
}

function source(o: Obj, path: string, c: Ctx, asynchronous: boolean): number | undefined {
  if (o["source"] === undefined) return undefined;
  const id = int(o, "source", path, 0, 65535);
  const s = c.machine.hest.find((x) => x.id === id);
  if (!s) throw new ScenarioError(join(path, "source"), `no HEST source with id ${id} (machine.hest)`);
  if (asynchronous && s.notify === "sea") {
    throw new ScenarioError(join(path, "source"), `source ${id} is SEA-notified: an SEA can only be sent for something that is a synchronous external abort, not for this asynchronous error`);
  }
  return id;
}

function cpu(o: Obj, path: string, c: Ctx): number {
  return int(o, "cpu", path, 0, c.machine.cores - 1, 0);
}

const AETS = ["UC", "UEU", "UEO", "UER", "CE"] as const;

function event(v: unknown, path: string, c: Ctx): SimEvent {
  const head = object(v, path, ["at", "event", "pa", "by", "process", "cpu", "report", "aet", "source", "cper", "cper_pa", "in_interrupt", "repeat", "interval", "pc", "esr", "record", "from", "count", "threshold", "segment", "bus", "device", "function", "severity", "node", "status", "addr", "vcpu", "va"]);
  const kind = choice(head, "event", path, EVENT_KINDS);
  const at = int(head, "at", path, 0, 86_400_000, 0);
  const keys: Record<typeof kind, readonly string[]> = {
    "poison-consumed": ["at", "event", "pa", "by", "process", "cpu", "report", "aet", "source", "cper", "cper_pa", "in_interrupt", "repeat", "interval", "pc", "esr", "va"],
    serror: ["at", "event", "esr", "from", "cpu", "vcpu"],
    "corrected-error": ["at", "event", "pa", "count", "threshold", "source"],
    "pcie-error": ["at", "event", "segment", "bus", "device", "function", "severity", "source"],
    "error-record": ["at", "event", "node", "status", "addr", "source"],
    "ghes-record": ["at", "event", "source", "severity", "pa", "cper", "record"],
  };
  const o = object(v, path, keys[kind]);
  switch (kind) {
    case "poison-consumed": {
      const pa = u64(o, "pa", path, 52);
      const page = pageAt(c, pa, join(path, "pa"));
      const by = choice(o, "by", path, ["host-process", "host-kernel", "guest-process", "guest-kernel"] as const satisfies readonly Consumer[]);
      let process: string | undefined;
      if (by === "host-process") {
        if (page.owner !== "host-process") throw new ScenarioError(join(path, "by"), `the page at 0x${page.pa.toString(16)} is owned by '${page.owner}', not a host process`);
        process = str(o, "process", path, page.process);
        if (process !== page.process) throw new ScenarioError(join(path, "process"), `'${process}' does not map the page at 0x${page.pa.toString(16)} (it belongs to '${page.process}')`);
      } else if (by === "guest-process" || by === "guest-kernel") {
        if (page.owner !== "guest-ram") throw new ScenarioError(join(path, "by"), `the page at 0x${page.pa.toString(16)} is not guest RAM`);
        if (by === "guest-process") {
          if (page.guestOwner !== "guest-process") throw new ScenarioError(join(path, "by"), `the guest page at GPA 0x${page.gpa!.toString(16)} is not mapped by a guest process`);
          process = str(o, "process", path, page.guestProcess);
          if (process !== page.guestProcess) throw new ScenarioError(join(path, "process"), `'${process}' does not map the guest page (it belongs to '${page.guestProcess}')`);
        } else if (o["process"] !== undefined) {
          // The guest kernel consumed it in a system call of this guest process (its current task).
          process = str(o, "process", path);
          if (!c.guest!.processes.some((q) => q.name === process)) throw new ScenarioError(join(path, "process"), `no guest process '${process}' (software.guest.processes)`);
        }
      } else if (o["process"] !== undefined) {
        // The host kernel consumed it in a system call of this process (its current task).
        process = str(o, "process", path);
        if (!c.host.processes.some((q) => q.name === process)) throw new ScenarioError(join(path, "process"), `no host process '${process}' (software.host.processes)`);
      }
      const report = choice(o, "report", path, ["sea", "serror"] as const, "sea");
      if (o["aet"] !== undefined && report !== "serror") throw new ScenarioError(join(path, "aet"), "only applies to report 'serror'");
      const aet = choice(o, "aet", path, AETS, "UER");
      const src = source(o, path, c, report === "serror");
      if (o["source"] !== undefined && !c.firmwareFirst) throw new ScenarioError(join(path, "source"), "kernel-first: firmware reports nothing, so no source applies");
      if (o["cper"] !== undefined && !c.firmwareFirst) throw new ScenarioError(join(path, "cper"), "kernel-first: firmware writes no CPER");
      if (o["cper_pa"] !== undefined && !c.firmwareFirst) throw new ScenarioError(join(path, "cper_pa"), "kernel-first: firmware writes no CPER");
      const cperPa = optU64(o, "cper_pa", path, 64);
      if (o["cper"] !== undefined && typeof o["cper"] !== "boolean" && typeof o["cper"] !== "string") throw new ScenarioError(join(path, "cper"), "must be true, false or the status block as a hex string");
      const cperBytes = typeof o["cper"] === "string" ? statusBlock(o, path) : undefined;
      if (cperBytes !== undefined && cperPa !== undefined) throw new ScenarioError(join(path, "cper_pa"), "does not apply when 'cper' gives the status block's bytes");
      const kernelMode = by === "host-kernel" || by === "guest-kernel";
      if (o["in_interrupt"] !== undefined && !kernelMode) throw new ScenarioError(join(path, "in_interrupt"), "only applies to a kernel consumer");
      if (c.firmwareFirst && c.machine.hest.length === 0) throw new ScenarioError(join(path, "event"), "firmware-first needs a HEST GHES source to report through (machine.hest is empty)");
      if (c.firmwareFirst && report === "serror" && src === undefined && !c.machine.hest.some((s) => s.notify !== "sea")) {
        throw new ScenarioError(join(path, "report"), "an SError report needs a HEST source that is not SEA-notified (an SEA can only be sent for a synchronous external abort)");
      }
      const pc = u64(o, "pc", path, 64, by === "host-process" || by === "guest-process" ? DEFAULT_PC.el0 : DEFAULT_PC.el1);
      const loadVa = optU64(o, "va", path, 64);
      if (loadVa !== undefined && by !== "host-kernel") throw new ScenarioError(join(path, "va"), "only applies to a host-kernel consumer (other consumers load through their page's mapping)");
      const esr = optU64(o, "esr", path, 64);
      if (esr !== undefined) {
        if (report !== "sea") throw new ScenarioError(join(path, "esr"), "only applies to report 'sea' (the syndrome of a synchronous external abort)");
        const ec = Number(esr >> 26n) & 0x3f;
        const lower = by !== "host-kernel";
        const want = lower ? [EC_IABT_LOW, EC_DABT_LOW] : [EC_IABT_CUR, EC_DABT_CUR];
        if (!want.includes(ec)) throw new ScenarioError(join(path, "esr"), `EC=0x${ec.toString(16)}: an abort injected ${lower ? "from a lower EL" : "at the kernel's own EL"} has EC ${want.map((e) => `0x${e.toString(16)}`).join(" or ")}`);
        const fsc = Number(esr & 0x3fn);
        if (!isSeaFsc(fsc)) throw new ScenarioError(join(path, "esr"), `FSC 0x${fsc.toString(16).padStart(2, "0")} is not a synchronous external abort (SEA FSCs: ${SEA_FSC_TEXT})`);
        // The host kernel's fault_info[] must send this FSC to do_sea() (KVM checks the FSC class itself).
        if ((by === "host-process" || by === "host-kernel") && !seaFaultInfo(c.host.kernel, fsc)) {
          throw new ScenarioError(join(path, "esr"), `FSC 0x${fsc.toString(16).padStart(2, "0")} does not dispatch to do_sea() in Linux ${c.host.kernel.text}`);
        }
      }
      return {
        kind, at, pa, by, cpu: cpu(o, path, c), report, aet, cper: cperBytes !== undefined || bool(o, "cper", path, true),
        inInterrupt: bool(o, "in_interrupt", path, false), repeat: int(o, "repeat", path, 1, 100, 1), interval: int(o, "interval", path, 1, 3_600_000, 1), pc,
        ...(esr !== undefined ? { esr } : {}),
        ...(loadVa !== undefined ? { va: loadVa } : {}),
        ...(process !== undefined ? { process } : {}), ...(src !== undefined ? { source: src } : {}), ...(cperPa !== undefined ? { cperPa } : {}),
        ...(cperBytes !== undefined ? { cperBytes } : {}),
      };
    }
    case "serror": {
      const esr = u64(o, "esr", path, 64);
      const ec = (esr >> 26n) & 0x3fn;
      if (ec !== 0x2fn) throw new ScenarioError(join(path, "esr"), `EC=0x${ec.toString(16)} is not 0x2F (SError interrupt)`);
      const from = choice(o, "from", path, ["el0", "el1", "guest"] as const);
      if (from === "guest" && !c.guest) throw new ScenarioError(join(path, "from"), "'guest' needs software.guest");
      if (o["vcpu"] !== undefined && from !== "guest") throw new ScenarioError(join(path, "vcpu"), "only applies to an SError from 'guest'");
      const vcpu = o["vcpu"] === undefined ? undefined : int(o, "vcpu", path, 0, c.guest!.vcpus - 1);
      return { kind, at, esr, from, cpu: cpu(o, path, c), ...(vcpu !== undefined ? { vcpu } : {}) };
    }
    case "corrected-error": {
      const pa = u64(o, "pa", path, 52);
      pageAt(c, pa, join(path, "pa"));
      const src = source(o, path, c, true);
      requireAsyncSource(c, path, src);
      return { kind, at, pa, count: int(o, "count", path, 1, 1_000_000), threshold: int(o, "threshold", path, 1, 1_000_000), ...(src !== undefined ? { source: src } : {}) };
    }
    case "pcie-error": {
      const src = source(o, path, c, true);
      requireAsyncSource(c, path, src);
      return {
        kind, at, segment: int(o, "segment", path, 0, 0xffff, 0), bus: int(o, "bus", path, 0, 0xff), device: int(o, "device", path, 0, 31),
        function: int(o, "function", path, 0, 7, 0), severity: choice(o, "severity", path, ["corrected", "recoverable", "fatal"] as const),
        ...(src !== undefined ? { source: src } : {}),
      };
    }
    case "error-record": {
      const node = int(o, "node", path, 0, 65535);
      if (!c.machine.features.FEAT_RAS) throw new ScenarioError(join(path, "node"), "the machine has no FEAT_RAS: there are no ERR<n> records");
      if (node >= c.machine.features.errorRecords) throw new ScenarioError(join(path, "node"), `ERR${node} does not exist: ERRIDR_EL1.NUM = ${c.machine.features.errorRecords}`);
      const status = u64(o, "status", path, 64);
      if (((status >> 30n) & 1n) === 0n) throw new ScenarioError(join(path, "status"), "ERR<n>STATUS.V (bit 30) is 0: the record is not valid");
      const addr = optU64(o, "addr", path, 64);
      const src = source(o, path, c, true);
      requireAsyncSource(c, path, src);
      return { kind, at, node, status, ...(addr !== undefined ? { addr } : {}), ...(src !== undefined ? { source: src } : {}) };
    }
    case "ghes-record": {
      if (o["source"] === undefined) throw new ScenarioError(join(path, "source"), "is required");
      const src = source(o, path, c, true)!;
      if (o["cper"] !== undefined && o["record"] !== undefined) throw new ScenarioError(join(path, "record"), "give 'cper' (bytes as hex) or 'record' (CPER JSON), not both");
      if (o["cper"] !== undefined) {
        for (const k of ["severity", "pa"]) if (o[k] !== undefined) throw new ScenarioError(join(path, k), "does not apply when 'cper' gives the status block's bytes");
        return { kind, at, source: src, cper: statusBlock(o, path) };
      }
      if (o["record"] !== undefined) {
        if (o["pa"] !== undefined) throw new ScenarioError(join(path, "pa"), "does not apply when 'record' gives the section");
        const sev = choice(o, "severity", path, ["recoverable", "fatal", "corrected", "info"] as const, "recoverable");
        const r = statusBlockFromJson(o["record"], sev);
        if (!r.ok) throw new ScenarioError(join(path, "record"), r.error);
        return { kind, at, source: src, cper: r.bytes };
      }
      const pa = u64(o, "pa", path, 52);
      pageAt(c, pa, join(path, "pa"));
      return { kind, at, source: src, severity: choice(o, "severity", path, ["recoverable", "fatal", "corrected", "info"] as const), pa };
    }
  }
}

/** `cper` given as hex text: the Generic Error Status Block firmware writes, byte for byte. */
function statusBlock(o: Obj, path: string): Uint8Array {
  const v = o["cper"];
  if (typeof v !== "string") throw new ScenarioError(join(path, "cper"), "must be the status block as a hex string");
  const r = statusBlockFromHex(v);
  if (!r.ok) throw new ScenarioError(join(path, "cper"), r.error);
  return r.bytes;
}

function requireAsyncSource(c: Ctx, path: string, src: number | undefined): void {
  if (c.firmwareFirst && src === undefined && !c.machine.hest.some((s) => s.notify !== "sea")) {
    throw new ScenarioError(join(path, "source"), "needs a HEST source that is not SEA-notified to report an asynchronous error");
  }
}

/** Validates a parsed scenario JSON; throws ScenarioError naming the key on the first problem. */
export function validateScenario(json: unknown, opts: ValidateOptions = {}): Scenario {
  const top = object(json, "", ["name", "description", "notes", "machine", "software", "timeline"]);
  const name = str(top, "name", "", "scenario");
  const description = str(top, "description", "", "");
  const notes = array(top["notes"] ?? [], "notes").map((n, i) => {
    if (typeof n !== "string") throw new ScenarioError(join("notes", i), "must be a string");
    return n;
  });

  const m = object(top["machine"], "machine", ["cores", "features", "SCR_EL3", "HCR_EL2", "memory", "pages", "hest"]);
  const cores = int(m, "cores", "machine", 1, 4096, 4);
  const f = features(m["features"], "machine.features");

  const sw = object(top["software"], "software", ["firmware", "host", "guest", "vmm"]);
  const firmware = choice(sw, "firmware", "software", ["firmware-first", "kernel-first"] as const, "firmware-first");
  const firmwareFirst = firmware === "firmware-first";
  if (firmwareFirst && !f.EL3) throw new ScenarioError("software.firmware", "firmware-first needs EL3 firmware, but machine.features.EL3 is false");

  const assumed: { key: string; value: string }[] = [];
  if (sw["firmware"] === undefined) assumed.push({ key: "software.firmware", value: firmware });
  const h = object(sw["host"] ?? {}, "software.host", ["kernel", "config", "panic_on_oops", "memory_failure_recovery", "memory_failure_early_kill", "processes"]);
  if (opts.kernel === undefined && h["kernel"] === undefined) assumed.push({ key: "software.host.kernel", value: NEWEST_MODELLED });
  const hostConfig = kconfig(h["config"], "software.host.config");
  if (h["config"] === undefined) assumed.push({ key: "software.host.config", value: configText(hostConfig) });
  const host: HostSoftware = {
    kernel: version(opts.kernel ?? str(h, "kernel", "software.host", NEWEST_MODELLED), opts.kernel !== undefined ? "--kernel" : "software.host.kernel"),
    config: hostConfig,
    panicOnOops: bool(h, "panic_on_oops", "software.host", false),
    memoryFailureRecovery: bool(h, "memory_failure_recovery", "software.host", true),
    memoryFailureEarlyKill: bool(h, "memory_failure_early_kill", "software.host", false),
    processes: processes(h["processes"], "software.host.processes"),
  };

  let guest: GuestSoftware | undefined;
  let vmm: Vmm | undefined;
  if (sw["guest"] !== undefined) {
    const g = object(sw["guest"], "software.guest", ["kernel", "config", "memory", "panic_on_oops", "ghes", "serrors_unmasked", "vcpus", "processes"]);
    if (!f.EL2) throw new ScenarioError("software.guest", "a KVM guest needs EL2, but machine.features.EL2 is false");
    if (opts.guestKernel === undefined && g["kernel"] === undefined) assumed.push({ key: "software.guest.kernel", value: NEWEST_MODELLED });
    if (g["ghes"] === undefined) assumed.push({ key: "software.guest.ghes", value: "true" });
    const guestConfig = kconfig(g["config"], "software.guest.config");
    if (g["config"] === undefined) assumed.push({ key: "software.guest.config", value: configText(guestConfig) });
    guest = {
      kernel: version(opts.guestKernel ?? str(g, "kernel", "software.guest", NEWEST_MODELLED), opts.guestKernel !== undefined ? "--guest-kernel" : "software.guest.kernel"),
      config: guestConfig,
      ...(g["memory"] !== undefined ? { memory: guestMemory(g["memory"], "software.guest.memory") } : {}),
      panicOnOops: bool(g, "panic_on_oops", "software.guest", false),
      ghes: bool(g, "ghes", "software.guest", true),
      serrorsUnmasked: bool(g, "serrors_unmasked", "software.guest", true),
      vcpus: int(g, "vcpus", "software.guest", 1, 512, 1),
      processes: processes(g["processes"], "software.guest.processes"),
    };
    if (sw["vmm"] === undefined) throw new ScenarioError("software.vmm", "is required with a guest (the VMM runs it)");
  }
  if (sw["vmm"] !== undefined) {
    const v = object(sw["vmm"], "software.vmm", ["name", "version", "pid", "read_ack"]);
    if (!guest) throw new ScenarioError("software.vmm", "a VMM needs software.guest");
    const version = str(v, "version", "software.vmm", "10.1");
    if (v["version"] === undefined) assumed.push({ key: "software.vmm.version", value: version });
    if (!/^\d+\.\d+(\.\d+)?$/.test(version)) throw new ScenarioError("software.vmm.version", `'${version}' is not a QEMU version such as 9.2`);
    const pid = int(v, "pid", "software.vmm", 1, 4194304, 4242);
    if (host.processes.some((p) => p.pid === pid)) throw new ScenarioError("software.vmm.pid", `pid ${pid} is already a host process`);
    const readAck = int(v, "read_ack", "software.vmm", 0, 1, 1) as 0 | 1;
    if (readAck === 0 && !guest.ghes) throw new ScenarioError("software.vmm.read_ack", "QEMU's Read Ack register exists only with a guest GHES (software.guest.ghes)");
    vmm = { name: choice(v, "name", "software.vmm", ["qemu"] as const, "qemu"), version, pid, comm: QEMU_MAIN.comm, readAck };
  }

  const scrEl3 = f.EL3 ? u64(m, "SCR_EL3", "machine", 64, defaultScr(firmwareFirst)) : 0n;
  if (!f.EL3 && m["SCR_EL3"] !== undefined) throw new ScenarioError("machine.SCR_EL3", "the machine has no EL3");
  if (f.EL3) {
    const ea = field("SCR_EL3", scrEl3, "EA") === 1n;
    if (firmwareFirst && !ea) throw new ScenarioError("machine.SCR_EL3", "firmware-first but SCR_EL3.EA=0: external aborts and SErrors would not reach EL3 firmware");
    if (!firmwareFirst && ea) throw new ScenarioError("machine.SCR_EL3", "kernel-first but SCR_EL3.EA=1: external aborts and SErrors would be taken to EL3 firmware");
    if (field("SCR_EL3", scrEl3, "NS") !== 1n) throw new ScenarioError("machine.SCR_EL3", "SCR_EL3.NS=0: the host kernel runs in Non-secure state");
    if (field("SCR_EL3", scrEl3, "RW") !== 1n) throw new ScenarioError("machine.SCR_EL3", "SCR_EL3.RW=0: the next lower EL would be AArch32 (a Linux arm64 host is AArch64)");
  }
  let hcrEl2 = 0n;
  if (m["HCR_EL2"] !== undefined && !f.EL2) throw new ScenarioError("machine.HCR_EL2", "the machine has no EL2");
  if (guest) {
    hcrEl2 = u64(m, "HCR_EL2", "machine", 64, defaultHcr(f.FEAT_RAS, f.FEAT_VHE));
    for (const fld of ["VM", "AMO", "IMO", "RW"]) {
      if (field("HCR_EL2", hcrEl2, fld) !== 1n) throw new ScenarioError("machine.HCR_EL2", `HCR_EL2.${fld}=0 while a KVM guest runs (KVM always sets VM, IMO, AMO and RW)`);
    }
    if (field("HCR_EL2", hcrEl2, "TGE") === 1n) throw new ScenarioError("machine.HCR_EL2", "HCR_EL2.TGE=1 while a guest runs: EL1 is not in use");
    const tea = field("HCR_EL2", hcrEl2, "TEA") === 1n;
    if (f.FEAT_RAS && !tea) throw new ScenarioError("machine.HCR_EL2", "FEAT_RAS but HCR_EL2.TEA=0: KVM routes guest external aborts to EL2 on RAS CPUs");
    if (!f.FEAT_RAS && tea) throw new ScenarioError("machine.HCR_EL2", "HCR_EL2.TEA is RES0 without FEAT_RAS");
  } else if (m["HCR_EL2"] !== undefined) {
    hcrEl2 = u64(m, "HCR_EL2", "machine", 64);
  }

  const mem = object(m["memory"] ?? {}, "machine.memory", ["base", "size"]);
  const base = u64(mem, "base", "machine.memory", 52, 0x8000_0000n);
  const size = u64(mem, "size", "machine.memory", 52, 0x4000_0000n);
  if (base % PAGE_SIZE !== 0n) throw new ScenarioError("machine.memory.base", "is not 4 KiB aligned");
  if (size === 0n || size % PAGE_SIZE !== 0n) throw new ScenarioError("machine.memory.size", "must be a non-zero multiple of 4 KiB");
  if (base + size > 1n << 52n) throw new ScenarioError("machine.memory.size", "memory ends above the 52-bit physical address space");

  const hestSources = hest(m["hest"], "machine.hest", f);
  const partial = { host, guest, vmm, firmwareFirst, base, size };
  const machine = { cores, features: f, scrEl3, hcrEl2, memory: { base, size }, pages: pages(m["pages"], "machine.pages", partial), hest: hestSources };
  const ctx: Ctx = { machine, host, guest, vmm, firmwareFirst };

  const tl = array(top["timeline"] ?? [], "timeline");
  const timeline: SimEvent[] = [];
  tl.forEach((e, i) => {
    const ev = event(e, join("timeline", i), ctx);
    const prev = timeline[timeline.length - 1];
    if (prev && ev.at < prev.at) throw new ScenarioError(join(join("timeline", i), "at"), `${ev.at} ms is before the previous event (${prev.at} ms): the timeline must be in order`);
    timeline.push(ev);
  });
  if (timeline.length === 0) throw new ScenarioError("timeline", "has no events");

  if (guest && !hasBoundary(host.kernel, "ghesSeaNotify") && timeline.some((e) => e.kind === "poison-consumed" && (e.by === "guest-process" || e.by === "guest-kernel"))) {
    throw new ScenarioError("software.host.kernel", `KVM's handling of a guest SEA on a Linux ${host.kernel.text} host (before ghes_notify_sea(), 4.13) is not modelled`);
  }
  return { name, description, notes, machine, firmware, host, ...(guest ? { guest } : {}), ...(vmm ? { vmm } : {}), timeline, assumed };
}

/** Parses scenario text (JSON) and validates it. */
export function parseScenario(text: string, opts: ValidateOptions = {}): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError("(file)", `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return validateScenario(json, opts);
}
