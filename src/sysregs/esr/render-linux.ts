// Linux's own text for an ESR, exactly as the kernel prints it, by kernel version.
// Functions: mem_abort_decode()/data_abort_decode() (arch/arm64/mm/fault.c),
// arm64_serror_panic() and die() (arch/arm64/kernel/traps.c), __panic_unhandled()
// (entry-common.c), __do_user_fault()/arm64_show_signal() (fault.c/traps.c).
import { decode, type EsrDecoded } from "./codec.js";
import { LINUX_UNRECOGNIZED_EC, linuxClassString } from "./ec-table.js";
import { linuxFaultName } from "./fsc.js";
import { type KernelVersion, LATEST_KERNEL, parseKernelVersion } from "./kernel-version.js";
import { hasFormat, LINUX_EC_NAME_SINCE, LINUX_ESR_FORMAT as F } from "./linux-format.js";

export interface LinuxRenderOptions {
  /** Kernel version (default: latest modelled, 6.18). */
  readonly kernel?: KernelVersion | string;
  /** CPU number for the per-CPU lines (default 0). */
  readonly cpu?: number;
  /** die() counter (default 1). */
  readonly dieCounter?: number;
  /** die(): CONFIG_SMP (default true). */
  readonly smp?: boolean;
  /** die(): preemption model string, e.g. "PREEMPT" (default ""). Before 6.15 any non-empty value prints " PREEMPT". */
  readonly preempt?: string;
}

function kernelOf(o: LinuxRenderOptions): KernelVersion {
  const k = o.kernel ?? LATEST_KERNEL;
  return typeof k === "string" ? parseKernelVersion(k) : k;
}

/** esr_get_class_string() of build k: classes named after k print as "UNRECOGNIZED EC". */
export function linuxClassStringFor(ec: number, k: KernelVersion): string {
  const since = LINUX_EC_NAME_SINCE[ec];
  return since && !hasFormat(k, since) ? LINUX_UNRECOGNIZED_EC : linuxClassString(ec);
}

function hexPad(n: number, digits: number): string {
  return n.toString(16).padStart(digits, "0");
}

/** The ESR as the kernel formats it: %016llx from 5.19 (u64), else the low 32 bits with %08x. */
function esrHex(d: Pick<EsrDecoded, "lo" | "hi">, k: KernelVersion): string {
  return hasFormat(k, F.esr64) ? hexPad(d.hi, 8) + hexPad(d.lo, 8) : hexPad(d.lo, 8);
}

/** die()'s "%x" (before 5.19) or "%016lx". */
function esrDie(d: Pick<EsrDecoded, "lo" | "hi">, k: KernelVersion): string {
  return hasFormat(k, F.esr64) ? hexPad(d.hi, 8) + hexPad(d.lo, 8) : d.lo.toString(16);
}

function bit(v: number, n: number): number {
  return (v >>> n) & 1;
}

/** mem_abort_decode() output lines, with the kernel's indentation (pr_alert, no log prefix). */
export function memAbortDecodeLines(d: EsrDecoded, opts: LinuxRenderOptions = {}): string[] {
  const k = kernelOf(opts);
  const iss = d.iss;
  const lines = ["Mem abort info:", `  ESR = 0x${esrHex(d, k)}`];
  const il = d.il ? 32 : 16;
  if (hasFormat(k, F.ecHex)) lines.push(`  EC = 0x${hexPad(d.ec, 2)}: ${linuxClassStringFor(d.ec, k)}, IL = ${il} bits`);
  else lines.push(`  Exception class = ${linuxClassStringFor(d.ec, k)}, IL = ${il} bits`);
  lines.push(`  SET = ${(iss >>> 11) & 3}, FnV = ${bit(iss, 10)}`);
  lines.push(`  EA = ${bit(iss, 9)}, S1PTW = ${bit(iss, 7)}`);
  if (hasFormat(k, F.fscLine)) lines.push(`  FSC = 0x${hexPad(iss & 0x3f, 2)}: ${linuxFaultName(iss & 0x3f, k)}`);
  // esr_is_data_abort(): EC 0x24 or 0x25.
  if (d.ec === 0x24 || d.ec === 0x25) lines.push(...dataAbortDecodeLines(d, k));
  return lines;
}

function dataAbortDecodeLines(d: EsrDecoded, k: KernelVersion): string[] {
  const iss = d.iss;
  const iss2 = d.iss2;
  const withIss2 = hasFormat(k, F.iss2);
  const lines = ["Data abort info:"];
  if (bit(iss, 24)) {
    lines.push(`  Access size = ${1 << ((iss >>> 22) & 3)} byte(s)`);
    lines.push(`  SSE = ${bit(iss, 21)}, SRT = ${(iss >>> 16) & 0x1f}`);
    lines.push(`  SF = ${bit(iss, 15)}, AR = ${bit(iss, 14)}`);
  } else if (withIss2) {
    lines.push(`  ISV = 0, ISS = 0x${hexPad(iss, 8)}, ISS2 = 0x${hexPad(iss2, 8)}`);
  } else {
    lines.push(`  ISV = 0, ISS = 0x${hexPad(iss, 8)}`);
  }
  if (withIss2) {
    // ESR_ELx_TnD (ISS2[10]), TagAccess [11], GCS [8], Overlay [6], DirtyBit [5], Xs [4:0].
    lines.push(`  CM = ${bit(iss, 8)}, WnR = ${bit(iss, 6)}, TnD = ${bit(iss2, 10)}, TagAccess = ${bit(iss2, 11)}`);
    lines.push(`  GCS = ${bit(iss2, 8)}, Overlay = ${bit(iss2, 6)}, DirtyBit = ${bit(iss2, 5)}, Xs = ${iss2 & 0x1f}`);
  } else {
    lines.push(`  CM = ${bit(iss, 8)}, WnR = ${bit(iss, 6)}`);
  }
  return lines;
}

/** arm64_serror_panic()'s line (v4.16+) or bad_mode()'s (before). */
export function serrorPanicLine(d: EsrDecoded, opts: LinuxRenderOptions = {}): string {
  const k = kernelOf(opts);
  const cpu = opts.cpu ?? 0;
  if (!hasFormat(k, F.rasSError)) return `Bad mode in Error handler detected on CPU${cpu}, code 0x${hexPad(d.lo, 8)} -- ${linuxClassStringFor(d.ec, k)}`;
  return `SError Interrupt on CPU${cpu}, code 0x${esrHex(d, k)} -- ${linuxClassStringFor(d.ec, k)}`;
}

/** die()'s "Internal error: <str>: <esr> [#n]…" line. */
export function dieLine(str: string, d: EsrDecoded, opts: LinuxRenderOptions = {}): string {
  const k = kernelOf(opts);
  const n = opts.dieCounter ?? 1;
  const smp = opts.smp ?? true ? " SMP" : "";
  const preempt = opts.preempt ?? "";
  const tail = hasFormat(k, F.diePreemptModel) ? ` ${preempt}${smp}` : `${preempt === "" ? "" : " PREEMPT"}${smp}`;
  return `Internal error: ${str}: ${esrDie(d, k)} [#${n}]${tail}`;
}

/** __panic_unhandled() (5.14+) or bad_mode() for an unexpected synchronous exception. */
export function unhandledSyncLine(d: EsrDecoded, opts: LinuxRenderOptions & { vector?: string } = {}): string {
  const k = kernelOf(opts);
  const cpu = opts.cpu ?? 0;
  if (!hasFormat(k, F.panicUnhandled)) return `Bad mode in Synchronous Abort handler detected on CPU${cpu}, code 0x${hexPad(d.lo, 8)} -- ${linuxClassStringFor(d.ec, k)}`;
  return `Unhandled ${opts.vector ?? "64-bit el1h sync"} exception on CPU${cpu}, ESR 0x${esrHex(d, k)} -- ${linuxClassStringFor(d.ec, k)}`;
}

/** An unexpected BRK in the kernel: brk_handler()'s warning, then die("BRK handler"). */
export function kernelBrkLines(d: EsrDecoded, opts: LinuxRenderOptions = {}): string[] {
  return ["Unexpected kernel BRK exception at EL1", dieLine("BRK handler", d, opts)];
}

export interface UserFaultInfo {
  /** The fault address (FAR). */
  readonly far: bigint;
  /** Signal number (default 11, SIGSEGV). */
  readonly signal?: number;
  /** "comm[pid]: " prefix parts, when known. */
  readonly comm?: string;
  readonly pid?: number;
}

/**
 * The "unhandled" line for a user fault with an unhandled signal: before 4.19
 * `unhandled <fault> (<sig>) at 0x%08lx, esr 0x%03x`; from 4.19
 * `unhandled exception: <class>, ESR 0x…, <fault>` (arm64_show_signal; kernel.md §3.3).
 */
export function userFaultLine(d: EsrDecoded, fault: UserFaultInfo, opts: LinuxRenderOptions = {}): string {
  const k = kernelOf(opts);
  const prefix = fault.comm !== undefined ? `${fault.comm}[${fault.pid ?? 0}]: ` : "";
  const name = linuxFaultName(d.iss & 0x3f, k);
  if (!hasFormat(k, F.showSignal)) {
    return `${prefix}unhandled ${name} (${fault.signal ?? 11}) at 0x${fault.far.toString(16).padStart(8, "0")}, esr 0x${d.lo.toString(16).padStart(3, "0")}`;
  }
  return `${prefix}unhandled exception: ${linuxClassStringFor(d.ec, k)}, ESR 0x${esrHex(d, k)}, ${name}`;
}

/**
 * What the kernel prints for this ESR in kernel mode: the mem_abort_decode() block for
 * aborts, the SError panic line for SErrors, the BRK lines for BRK, otherwise the
 * unexpected-exception line.
 */
export function renderLinux(d: EsrDecoded, opts: LinuxRenderOptions = {}): string {
  let lines: string[];
  switch (d.layout.id) {
    case "DABT":
    case "IABT":
      lines = memAbortDecodeLines(d, opts);
      break;
    case "SERROR":
      lines = [serrorPanicLine(d, opts)];
      break;
    default:
      lines = d.ec === 0x3c ? kernelBrkLines(d, opts) : [unhandledSyncLine(d, opts)];
  }
  return lines.join("\n") + "\n";
}

/** Convenience for a bigint ESR. */
export function renderLinuxEsr(esr: bigint, opts: LinuxRenderOptions = {}): string {
  return renderLinux(decode(esr), opts);
}
