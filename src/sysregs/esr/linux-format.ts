// Where Linux's ESR printing changed, by kernel version. Each boundary is one row of data;
// the renderers read only this table. Evidence (see docs/esr.md):
//   V = ../shared/arch/esr_linux_kernel_logs.json vectors, K = reference/kernel.md,
//   R = recalled from the kernel history, not checked against a tree (approximate);
//   L = checked against the patch emails / arm64 pull requests (lore archive copies; see docs/esr.md).
import { atLeast, type KernelVersion, parseKernelVersion } from "./kernel-version.js";

export interface FormatBoundary {
  readonly since: KernelVersion;
  readonly what: string;
  readonly evidence: string;
  /** Stable lines that carry the change from a patch level (same shape as src/linux/boundaries.ts). */
  readonly backports?: readonly { readonly line: string; readonly fromPatch: number; readonly evidence: string }[];
}

function b(since: string, what: string, evidence: string): FormatBoundary {
  return Object.freeze({ since: parseKernelVersion(since), what, evidence });
}

/** Whether build k prints as `f` says: its release is at or past f.since, or its stable line carries a backport. */
export function hasFormat(k: KernelVersion, f: FormatBoundary): boolean {
  if (atLeast(k, f.since)) return true;
  for (const bp of f.backports ?? []) {
    const [maj, min] = bp.line.split(".").map(Number);
    if (k.major === maj && k.minor === min && k.rc === 0 && k.patch >= bp.fromPatch) return true;
  }
  return false;
}

export const LINUX_ESR_FORMAT = Object.freeze({
  /** mem_abort_decode() ("Mem abort info:") exists. */
  memAbortDecode: b("4.16", "mem_abort_decode() prints 'Mem abort info:' / 'Data abort info:'", "R: commit 1f9b8936f36f ('arm64: Decode information from ESR upon mem faults'); present in the v4.14.170 tree (K §3.2); its first release was not found (could not verify)"),
  /** RAS SError handling: do_serror()/arm64_serror_panic() instead of bad_mode(). */
  rasSError: b("4.16", "SError panics print 'SError Interrupt on CPU%d, code 0x… -- %s' (before: bad_mode 'Bad mode in Error handler…')", "K §2.1-2.2, §9"),
  /** arm64_show_signal(): 'unhandled exception: %s, ESR …' replaces 'unhandled %s (%d) at …, esr 0x%03x'. */
  showSignal: b("4.19", "user faults print 'unhandled exception: <class>, ESR 0x…, <fault>' (before: 'unhandled <fault> (<sig>) at 0x…, esr 0x%03x')", "V (4.15-rc3 old form), K §3.3 (new form in v6.18); boundary R"),
  /** 'EC = 0x%02lx: %s' replaces 'Exception class = %s'. */
  ecHex: b("5.4", "'EC = 0x25: DABT (current EL), IL = 32 bits' (before: 'Exception class = DABT (current EL), IL = 32 bits')", "L: Miles Chen, '[PATCH v3] arm64: mm: print hexadecimal EC value in mem_abort_decode()', 2019-08-08 (after v5.3-rc3, acked, so the v5.4 merge window); a 5.4 tree (qsdk ipq-5.4) has it, 5.3 and earlier not"),
  /** Entry code in C: __panic_unhandled() prints 'Unhandled <vector> exception on CPU%d, ESR …'. */
  panicUnhandled: b("5.14", "unexpected exceptions print 'Unhandled 64-bit el1h sync exception on CPU%d, ESR 0x… -- %s' (before: bad_mode)", "V (5.19-rc3 form); L: Mark Rutland's entry series ('arm64: entry: handle all vectors with C', 'fold el1_inv() into el1h_64_sync_handler()') in 'arm64 updates for 5.14'"),
  /** 'FSC = 0x%02lx: %s' line in mem_abort_decode(). */
  fscLine: b("5.14", "'FSC = 0x04: level 0 translation fault' line", "V: present in 5.15, 5.18, 5.19; L: e0e3903f83d5 'arm64: mm: decode xFSC in mem_abort_decode()' in 'arm64 updates for 5.14'; absent in a 5.10.13 tree"),
  /** ESR treated as 64-bit: %016lx everywhere. */
  esr64: b("5.19", "ESR printed with 16 hex digits ('ESR = 0x0000000096000004', die(), SError and unhandled-exception lines)", "V: 5.18 prints 8 digits, 5.19-rc6 prints 16; K §2.1"),
  /** data_abort_decode() prints ISS2 and its fields. */
  iss2: b("6.5", "'ISV = 0, ISS = 0x…, ISS2 = 0x…', 'CM = …, WnR = …, TnD = …, TagAccess = …', 'GCS = …, Overlay = …, DirtyBit = …, Xs = …'", "V: absent in next-20230110, present in 6.19-rc5; L: 1f9d4ba6839c 'arm64/esr: Add decode of ISS2 to data abort reporting' (one patch adds all three lines) in 'arm64 updates for 6.5'"),
  /** die(): preempt_model_str() after '[#%d] '. */
  diePreemptModel: b("6.15", "die() prints '[#1] <preempt model> SMP' (a double space without a model; before: '[#1] PREEMPT SMP' / '[#1] SMP')", "V: 6.15.5 prints '[#1]  SMP'; L: 'arm64: Rely on generic printing of preemption model' (Sebastian Andrzej Siewior, v4 2025-03-14) applied to tip sched/core for the 6.15 merge window"),
});

/**
 * esr_class_str[] entries Linux added after the others (arch/arm64/kernel/traps.c): before its
 * release a kernel prints the class as "UNRECOGNIZED EC". Every other Linux-named EC in
 * ec-table.ts is named by 6.1.192 (../shared/oracles/linux-6.1.192, every EC checked).
 */
export const LINUX_EC_NAME_SINCE: Readonly<Record<number, FormatBoundary>> = Object.freeze({
  0x27: b("6.5", "esr_class_str[] names EC 0x27 'MOPS'", "V: 6.1.192 prints 'UNRECOGNIZED EC' (../shared/oracles/linux-6.1.192); R: Kristina Martsenko's 'arm64: mops: handle MOPS exceptions' in 'arm64 updates for 6.5' (recalled, not checked against a tree)"),
  0x2d: b("6.13", "esr_class_str[] names EC 0x2D 'Guarded Control Stack'", "V: 6.1.192 prints 'UNRECOGNIZED EC' (../shared/oracles/linux-6.1.192); R: Mark Brown's arm64 GCS series in 'arm64 updates for 6.13' (recalled, not checked against a tree)"),
});
