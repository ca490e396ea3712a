// Benchmark harness: calibrate a batch to ~200 ms, warm up once, time 7 batches,
// report the median rate. Every figure is compared with a baseline measured in
// the same run (toolchain.md: absolute figures vary up to 2x between processes).

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the benches run compiled from build/bench/bench/, so it is found, not assumed). */
export const ROOT: string = (() => {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, "package.json"))) {
    const up = dirname(d);
    if (up === d) throw new Error("bench: package.json not found above " + fileURLToPath(import.meta.url));
    d = up;
  }
  return d;
})();

export interface BenchResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly unit: string;
}

let sink: unknown;
/** Keeps results alive so the optimiser cannot drop the measured work. */
export function consume(v: unknown): void {
  sink = v;
}
export function lastSink(): unknown {
  return sink;
}

/** `fn(n)` performs n operations. */
export function measure(name: string, fn: (n: number) => void, unit = "ops/s"): BenchResult {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    fn(n);
    const dt = performance.now() - t0;
    if (dt > 50) {
      n = Math.max(1, Math.round((n * 200) / dt));
      break;
    }
    n *= 4;
  }
  fn(n); // warm-up at the calibrated size
  const rates: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    fn(n);
    rates.push((n * 1000) / (performance.now() - t0));
  }
  rates.sort((a, b) => a - b);
  return { name, opsPerSec: rates[3]!, unit };
}

/** The best of three measure() runs (for small, noisy per-record rates). */
export function bestOf(name: string, fn: (n: number) => void, unit: string): BenchResult {
  let top: BenchResult | undefined;
  for (let i = 0; i < 3; i++) {
    const r = measure(name, fn, unit);
    if (top === undefined || r.opsPerSec > top.opsPerSec) top = r;
  }
  return top!;
}

export function fmtRate(r: number): string {
  if (r >= 1e6) return `${(r / 1e6).toFixed(2)} M`;
  if (r >= 1e3) return `${(r / 1e3).toFixed(1)} k`;
  return r.toFixed(1);
}

/** Prints a result beside its baseline and, when given, the target. */
export function report(group: string, result: BenchResult, baseline?: BenchResult, target?: number): void {
  const parts = [`${group.padEnd(10)} ${result.name.padEnd(44)} ${fmtRate(result.opsPerSec).padStart(10)} ${result.unit}`];
  if (baseline) parts.push(`  (${(result.opsPerSec / baseline.opsPerSec).toFixed(2)}x of baseline '${baseline.name}' ${fmtRate(baseline.opsPerSec)} ${baseline.unit})`);
  if (target !== undefined) parts.push(result.opsPerSec >= target ? `  target ${fmtRate(target)}: met` : `  target ${fmtRate(target)}: NOT MET`);
  console.log(parts.join(""));
}
