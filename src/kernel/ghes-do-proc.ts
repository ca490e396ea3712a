// drivers/acpi/apei/ghes.c ghes_do_proc(): per-section handling (table T4, kernel.md §5.7) and
// the deferred memory_failure work it schedules.
import { has } from "../linux/boundaries.js";
import type { Trace } from "./decision.js";
import { hashx } from "./format.js";
import { CPER_SEV, GHES_SEV, ghesSeverity } from "./ghes-severity.js";
import type { GhesEstatus } from "./ghes-read.js";
import {
  aerInfoUsable,
  armErrInfos,
  CPER_ARM_INFO_VALID_PHYSICAL_ADDR,
  CPER_SEC_ERROR_THRESHOLD_EXCEEDED,
  CPER_SEC_RESET,
  cxlSectionKind,
  ghesSectionType,
  memErrorPa,
  type ArmErrInfo,
} from "./ghes-sections.js";
import { EHWPOISON, EOPNOTSUPP, MF_ACTION_REQUIRED, MF_SOFT_OFFLINE, memoryFailure, type MfEnv, type PageInfo, type Task } from "./memory-failure.js";
import type { KernelVersion } from "../linux/version.js";
import { linuxTypeString } from "../cper/sections/arm-type.js";

const GHES = "drivers/acpi/apei/ghes.c";

export interface GhesEnv {
  readonly kernel: KernelVersion;
  readonly mf: MfEnv;
  /** The page behind a pfn; undefined = !pfn_valid (not RAM the kernel knows). */
  readonly page: (pfn: bigint) => PageInfo | undefined;
  /** current on the CPU running the handler; `mm` false for a kernel thread. */
  readonly current?: Task & { readonly mm: boolean };
  /** panic_timeout (panic= boot option; default 0). */
  readonly panicTimeout: number;
  /** CONFIG_ACPI_APEI_MEMORY_FAILURE (default y). */
  readonly memoryFailureConfig: boolean;
}

/** memory_failure work scheduled by ghes_do_proc(), run after the record is printed. */
export interface MfWork {
  readonly pfn: bigint;
  readonly flags: readonly string[];
  readonly via: "task_work" | "memory_failure_queue";
}

const PAGE_SHIFT = 12n;

/** ghes_do_memory_failure(): returns whether work was queued. */
function doMemoryFailure(t: Trace, env: GhesEnv, pa: bigint, flags: readonly string[], rule: string, work: MfWork[]): boolean {
  if (!env.memoryFailureConfig) {
    t.step(rule, `${GHES} ghes_do_memory_failure()`, "CONFIG_ACPI_APEI_MEMORY_FAILURE=n: nothing queued");
    return false;
  }
  const pfn = pa >> PAGE_SHIFT;
  if (env.page(pfn) === undefined) {
    t.print(`[Firmware Warn]: GHES: Invalid address in generic error data: ${hashx(pa)}`);
    t.step("T4.P3", `${GHES} ghes_do_memory_failure()`, `pfn ${hashx(pfn)} is not valid memory`);
    return false;
  }
  const ar = flags.includes(MF_ACTION_REQUIRED);
  if (ar && env.current?.mm && has(env.kernel, "ghesTaskWork")) {
    work.push({ pfn, flags, via: "task_work" });
    t.step(rule, `${GHES} ghes_do_memory_failure()`, `task_work_add(current, memory_failure_cb): memory_failure(${hashx(pfn)}, MF_ACTION_REQUIRED) on return to user`);
  } else {
    work.push({ pfn, flags, via: "memory_failure_queue" });
    t.step(rule, "mm/memory-failure.c memory_failure_queue()", `memory_failure_queue(${hashx(pfn)}, ${flags.join("|") || "0"})`);
  }
  return true;
}

function syncFlags(env: GhesEnv, sync: boolean): string[] {
  return sync && has(env.kernel, "ghesSyncActionRequired") ? [MF_ACTION_REQUIRED] : [];
}

/** CPER ARM error_info type names: enum (≤6.13) or bitmask (6.18, UEFI 2.9A errata). */
function armTypeIsCache(kernel: KernelVersion, info: ArmErrInfo): boolean {
  return has(kernel, "armTypeBitmask") ? (info.type & 0x2) !== 0 : info.type === 0;
}
function armTypeName(kernel: KernelVersion, type: number): string {
  // The bitmask reading prints cper_bits_to_str()'s names (the CPER printer's, empty when no
  // defined bit is set) and " with reserved bit(s)": real 6.1.192 and 6.12.118 print
  // "Unhandled processor error type 0x00: " and "… 0x01:  with reserved bit(s)" (issue 12).
  if (has(kernel, "armTypeBitmask")) return `${linuxTypeString(type)}${type & ~ARM_TYPE_DEFINED_BITS ? " with reserved bit(s)" : ""}`;
  return ["cache error", "TLB error", "bus error", "micro-architectural error"][type] ?? "unknown error";
}

/** The bits the UEFI 2.9A bitmask defines (cache, TLB, bus, micro-architectural). */
const ARM_TYPE_DEFINED_BITS = 0x1e;

/**
 * The sync-SIGBUS line: upstream and the 6.12 stable backport print it with dev_err(ghes->dev,
 * HW_ERR GHES_PFX …) ("GHES GHES.<id>: [Hardware Error]: GHES: comm:pid: …", real 6.12.118);
 * the 6.1 stable backport with pr_err(GHES_PFX …) ("GHES: comm:pid: …", real 6.1.192). The
 * device is "GHES.<source id>" (drivers/acpi/apei/hest.c hest_parse_ghes(): platform_device_alloc("GHES", source_id)).
 */
const SYNC_SIGBUS_PR_ERR_LINES: readonly (readonly [number, number])[] = [[6, 1]];
function syncSigbusLine(kernel: KernelVersion, sourceId: number, c: Task): string {
  const msg = `GHES: ${c.comm}:${c.pid}: synchronous unrecoverable error (SIGBUS)`;
  if (SYNC_SIGBUS_PR_ERR_LINES.some(([a, b]) => kernel.major === a && kernel.minor === b)) return msg;
  return `GHES GHES.${sourceId}: [Hardware Error]: ${msg}`;
}

/** ghes_defer_non_standard_event() / log_non_standard_event(): a section GUID ghes_do_proc() has no branch for (T4 P11). */
function nonStandardSection(t: Trace, guid: string): void {
  t.act({ kind: "vendor_notifier", actor: t.actor, sectionType: guid });
  t.step("T4.P11", `${GHES} ghes_defer_non_standard_event()`, `non-standard section ${guid}: vendor notifier + trace`);
}

/**
 * ghes_do_proc(ghes, estatus): returns the memory_failure work to run later. `sync` is
 * is_hest_sync_notify() (the source's notification is SEA). The entries are the decoded tree's
 * (apei_estatus_for_each_section()); each branch reads its section with ghes-sections.ts.
 */
export function ghesDoProc(t: Trace, env: GhesEnv, e: GhesEstatus, sync: boolean, sourceId = 0): MfWork[] {
  const work: MfWork[] = [];
  const sev = ghesSeverity(e.tree.block.ErrorSeverity);
  let queued = false;
  // 'queued = …' per memory/ARM section (the last one decides), or 'queued |= …' where the build has ghesQueuedAny.
  const anyQueued = has(env.kernel, "ghesQueuedAny");
  e.tree.entries.forEach((entry, index) => {
    const { ErrorSeverity: secSevCper, Flags: flags, SectionType: guid } = entry.entry;
    const secSev = ghesSeverity(secSevCper);
    const before: boolean = queued;
    switch (ghesSectionType(entry)) {
      case "memory": {
        t.step("T4.P1", `${GHES} ghes_do_proc()`, "memory section: ghes_report_chain (EDAC) + arch_apei_report_mem_error()");
        const pa = memErrorPa(entry);
        if (pa === undefined) {
          t.step("T4.P1", `${GHES} ghes_handle_memory_failure()`, "physical address not valid: report only");
          queued = false;
        } else if (secSev === GHES_SEV.CORRECTED && flags & CPER_SEC_ERROR_THRESHOLD_EXCEEDED) {
          queued = doMemoryFailure(t, env, pa, [MF_SOFT_OFFLINE], "T4.P2", work);
        } else if (sev === GHES_SEV.RECOVERABLE && secSev === GHES_SEV.RECOVERABLE) {
          queued = doMemoryFailure(t, env, pa, syncFlags(env, sync), sync ? "T4.P4" : "T4.P5", work);
        } else {
          t.step("T4.P6", `${GHES} ghes_handle_memory_failure()`, `block ${sev}/section ${secSev} severity: no action`);
          queued = false;
        }
        break;
      }
      case "arm": {
        queued = handleArm(t, env, sev, secSev, () => armErrInfos(e, index), sync, work, entry.entry.ErrorDataLength);
        break;
      }
      case "pcie": {
        if (aerInfoUsable(entry)) {
          const aer = flags & CPER_SEC_RESET ? "AER_FATAL" : secSevCper === CPER_SEV.RECOVERABLE ? "AER_NONFATAL" : secSevCper === CPER_SEV.FATAL ? "AER_FATAL" : "AER_CORRECTABLE";
          t.act({ kind: "aer_recover_queue", actor: t.actor, severity: aer });
          t.step("T4.P7", `${GHES} ghes_handle_aer()`, `aer_recover_queue(${aer})`);
        } else {
          t.step("T4.P7", `${GHES} ghes_handle_aer()`, "device id or AER info not valid: nothing queued");
        }
        break;
      }
      case "cxl":
        // Protocol errors and component events got their dispatch at different releases;
        // before it, ghes_do_proc() has no branch for the GUID.
        if (has(env.kernel, cxlSectionKind(entry) === "protocol" ? "ghesCxlProtocolErrors" : "ghesCxlComponentEvents")) {
          t.act({ kind: "cxl_work", actor: t.actor });
          t.step("T4.P11", `${GHES} ghes_do_proc()`, "CXL section: handed to the CXL work queues");
        } else {
          nonStandardSection(t, guid);
        }
        break;
      case "other":
        nonStandardSection(t, guid);
        break;
    }
    if (anyQueued) queued ||= before;
  });
  if (sync && !queued && has(env.kernel, "ghesSyncSigbus") && env.current) {
    const c = env.current;
    t.print(syncSigbusLine(env.kernel, sourceId, c));
    t.act({ kind: "signal", actor: t.actor, signal: "SIGBUS", code: "SI_KERNEL", target: `${c.comm}:${c.pid}` });
    t.decide("signal", "T4.P12", `${GHES} ghes_do_proc()`, "synchronous error and nothing queued: force_sig(SIGBUS) to current");
  }
  return work;
}

/** sizeof(struct cper_sec_proc_arm) and sizeof(struct cper_arm_err_info) (UEFI N.2.4.4 Tables N-16, N-17). */
const ARM_HEADER_SIZE = 40;
const ARM_ERR_INFO_SIZE = 32;

function handleArm(t: Trace, env: GhesEnv, sev: number, secSev: number, readInfos: () => readonly ArmErrInfo[], sync: boolean, work: MfWork[], errorDataLength: number): boolean {
  // 'apei/ghes: ARM processor Error: don't go past allocated memory' (boundary ghesArmInfoLength):
  // the section must hold its header, and the error-info walk stops at error_data_length.
  const bounded = has(env.kernel, "ghesArmInfoLength");
  if (bounded && errorDataLength < ARM_HEADER_SIZE) {
    t.print(`[Firmware Bug]: arm error length: ${errorDataLength}`);
    t.print("[Firmware Bug]: length is too small");
    t.print("[Firmware Bug]: firmware-generated error record is incorrect");
    t.step("T4.P10", `${GHES} ghes_handle_arm_hw_error()`, `error_data_length ${errorDataLength} < sizeof(struct cper_sec_proc_arm): not logged, nothing queued`);
    return false;
  }
  t.step("T4.P10", `${GHES} ghes_handle_arm_hw_error()`, "log_arm_hw_error() trace event");
  if (!has(env.kernel, "armProcMemoryFailure")) {
    t.step("T4.P8", `${GHES} ghes_do_proc()`, "this release only logs ARM processor sections");
    return false;
  }
  if (sev !== GHES_SEV.RECOVERABLE || secSev !== GHES_SEV.RECOVERABLE) {
    t.step("T4.P10", `${GHES} ghes_handle_arm_hw_error()`, "block or section severity is not recoverable: trace only");
    return false;
  }
  let queued = false;
  // As real 6.12.118 walks it (npm run test:linux): what follows the 40-byte header must hold the
  // entry's 32 bytes, and then its claimed Length is taken off; either failing stops the walk.
  let length = errorDataLength - ARM_HEADER_SIZE;
  for (const info of readInfos()) {
    if (bounded) {
      if (length < ARM_ERR_INFO_SIZE || (length -= info.length ?? ARM_ERR_INFO_SIZE) < 0) {
        t.step("T4.P9", `${GHES} ghes_handle_arm_hw_error()`, "the next error_info does not fit in error_data_length: the walk stops");
        break;
      }
    }
    const hasPa = (info.validationBits & CPER_ARM_INFO_VALID_PHYSICAL_ADDR) !== 0 && info.physicalFaultAddress !== undefined;
    if (armTypeIsCache(env.kernel, info) && hasPa) {
      queued = doMemoryFailure(t, env, info.physicalFaultAddress!, syncFlags(env, sync), "T4.P8", work);
      continue;
    }
    const name = armTypeName(env.kernel, info.type);
    if (has(env.kernel, "armTypeBitmask")) t.print(`[Firmware Warn]: GHES: Unhandled processor error type 0x${info.type.toString(16).padStart(2, "0")}: ${name}`);
    else t.print(`[Firmware Warn]: GHES: Unhandled processor error type: ${name}`);
    t.step("T4.P9", `${GHES} ghes_handle_arm_hw_error()`, `error_info type 0x${info.type.toString(16)} is not a cache error with a physical address`);
  }
  return queued;
}

/**
 * The deferred work (workqueue, or task_work memory_failure_cb() in 6.18): memory_failure(),
 * and for task_work a failure other than 0/-EHWPOISON/-EOPNOTSUPP sends SIGBUS (T4.P13).
 */
export function runMfWork(t: Trace, env: GhesEnv, w: MfWork): void {
  const page = env.page(w.pfn);
  if (!page) return;
  if (w.flags.includes(MF_SOFT_OFFLINE)) {
    t.act({ kind: "soft_offline", actor: t.actor, pfn: w.pfn });
    t.step("T4.P2", "mm/memory-failure.c soft_offline_page()", `soft offline pfn ${hashx(w.pfn)} (no signal)`);
    return;
  }
  t.act({ kind: "memory_failure", actor: t.actor, pfn: w.pfn, flags: w.flags, via: w.via });
  const ret = memoryFailure(t, env.mf, w.pfn, w.flags, page);
  if (w.via === "task_work" && ret !== 0 && ret !== EHWPOISON && ret !== EOPNOTSUPP && env.current) {
    const c = env.current;
    t.print(`${hashx(w.pfn)}: Sending SIGBUS to ${c.comm}:${c.pid} due to hardware memory corruption`);
    t.act({ kind: "signal", actor: t.actor, signal: "SIGBUS", code: "SI_KERNEL", target: `${c.comm}:${c.pid}` });
    t.decide("signal", "T4.P13", `${GHES} memory_failure_cb()`, `memory_failure() returned ${ret}: force_sig(SIGBUS)`);
  }
}
