// Real kernel beside prediction: per case, the lines (a line diff), the signal, the pages
// poisoned (HardwareCorrupted) and the block's state after.
import type { CaseObservation } from "./console.js";
import type { PredictedCase } from "./predict.js";

export const SIGBUS = 7;

/**
 * Kernel lines that are not on the error path: the guest prints them because it runs under TCG on a
 * loaded host (its timers and watchdogs see the emulation's stalls), at any moment, between any two
 * lines of a case. Each is one printk line from code that has nothing to do with RAS; they are kept
 * in the report (`unrelatedLines`) and left out of the comparison. A line that is not matched here
 * is compared, so a new message on the error path can never be hidden by this list.
 */
export const UNRELATED_LINES: readonly { readonly pattern: RegExp; readonly source: string }[] = [
  // hrtimer_interrupt(): one timer interrupt ran longer than its budget (host preempted the vCPU).
  { pattern: /^hrtimer: interrupt took \d+ ns$/, source: "kernel/time/hrtimer.c hrtimer_interrupt()" },
  // sched_rt_runtime_exceeded(): RT tasks used their whole period (same cause).
  { pattern: /^sched: RT throttling activated$/, source: "kernel/sched/rt.c sched_rt_runtime_exceeded()" },
  // crng_reseed()/_credit_init_bits(): the entropy pool became ready, at a time set by the host.
  { pattern: /^random: crng init done$/, source: "drivers/char/random.c _credit_init_bits()" },
];

/** Whether a kernel line is one of UNRELATED_LINES. */
export function isUnrelatedLine(line: string): boolean {
  return UNRELATED_LINES.some((u) => u.pattern.test(line));
}

/**
 * The lines a case is compared on: UNRELATED_LINES removed, and nothing after the panic line (the
 * register dump and backtrace, not modelled).
 */
export function comparableLines(lines: readonly string[]): string[] {
  const kept = lines.filter((l) => !isUnrelatedLine(l));
  const i = kept.findIndex((l) => l.startsWith("Kernel panic - not syncing"));
  return i < 0 ? kept : kept.slice(0, i + 1);
}

/** A minimal line diff (LCS): "  " same, "- " real kernel only, "+ " armras only. */
export function lineDiff(real: readonly string[], predicted: readonly string[]): string[] {
  const n = real.length;
  const m = predicted.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = real[i] === predicted[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && real[i] === predicted[j]) {
      out.push(`  ${real[i++]}`);
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push(`+ ${predicted[j++]}`);
    else out.push(`- ${real[i++]}`);
  }
  return out;
}

export function observedSignal(o: CaseObservation): string {
  if (o.panicked) return "none (kernel panicked)";
  if (!o.signal) return "none";
  const names: Record<number, string> = { 1: "BUS_ADRALN", 2: "BUS_ADRERR", 3: "BUS_OBJERR", 4: "BUS_MCEERR_AR", 5: "BUS_MCEERR_AO", 128: "SI_KERNEL" };
  const sig = o.signal.signo === SIGBUS ? "SIGBUS" : `signal ${o.signal.signo}`;
  return `${sig} ${names[o.signal.code] ?? `si_code ${o.signal.code}`}${o.signal.code !== 128 ? ` si_addr=0x${o.signal.addr.toString(16)}` : ""}`;
}

export function predictedSignal(p: PredictedCase): string {
  if (p.panicked) return "none (kernel panicked)";
  if (!p.signal) return "none";
  return `${p.signal.name} ${p.signal.code}${p.signal.code !== "SI_KERNEL" && p.signal.addr !== undefined ? ` si_addr=0x${p.signal.addr.toString(16)}` : ""}`;
}

export interface CaseComparison {
  readonly agree: boolean;
  /** What differs, one line each (empty when they agree). */
  readonly differences: readonly string[];
  readonly realLines: readonly string[];
  /** The real kernel's lines in the case that UNRELATED_LINES left out of the comparison. */
  readonly unrelatedLines: readonly string[];
  readonly predictedLines: readonly string[];
  readonly diff: readonly string[];
  readonly realSignal: string;
  readonly predictedSignal: string;
  readonly realHwCorruptedKb?: number;
  readonly predictedHwCorruptedKb: number;
}

export function compareCase(o: CaseObservation, p: PredictedCase): CaseComparison {
  const realLines = comparableLines(o.lines);
  const predictedLines = comparableLines(p.lines);
  const differences: string[] = [];
  const diff = lineDiff(realLines, predictedLines);
  if (diff.some((l) => !l.startsWith("  "))) differences.push("kernel lines differ");
  const rs = observedSignal(o);
  const ps = predictedSignal(p);
  if (rs !== ps) differences.push(`signal: real ${rs}, armras ${ps}`);
  if (o.panicked !== p.panicked) differences.push(`panic: real ${o.panicked ? "yes" : "no"}, armras ${p.panicked ? "yes" : "no"}`);
  const realKb = o.hwCorruptedAfter !== undefined && o.hwCorruptedBefore !== undefined ? o.hwCorruptedAfter - o.hwCorruptedBefore : undefined;
  const predKb = 4 * p.poisoned.length;
  if (realKb !== undefined && realKb !== predKb) differences.push(`HardwareCorrupted: real +${realKb} kB, armras +${predKb} kB`);
  if (!o.panicked && o.blockStatusAfter !== undefined && p.cleared && o.blockStatusAfter !== 0) differences.push(`block status after: real 0x${o.blockStatusAfter.toString(16)}, armras 0 (cleared and acked)`);
  if (p.note) differences.push(`model: ${p.note}`);
  return {
    agree: differences.length === 0,
    differences,
    realLines,
    unrelatedLines: o.lines.filter(isUnrelatedLine),
    predictedLines,
    diff,
    realSignal: rs,
    predictedSignal: ps,
    ...(realKb !== undefined ? { realHwCorruptedKb: realKb } : {}),
    predictedHwCorruptedKb: predKb,
  };
}
