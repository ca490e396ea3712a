// libcper's 23 examples (../shared/corpus/cper/record/libcper_*.bin): whole records/s decoded and
// printed as one-line JSON text (what `armras cper decode --format json --ndjson` does per record),
// beside libcper's own rate on this machine kind (issue 10: its in-process loop cper_buf_to_ir →
// one-line JSON text → free, quiet machine) and the same-run native JSON.stringify of libcper's JSON
// for the record (printing only, no decoding). Target: 1.5x libcper on every example.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { decode, toJsonText } from "../src/cper/index.js";
import { type BenchResult, bestOf, consume, fmtRate, ROOT } from "./harness.js";

const DIR = resolve(ROOT, "..", "shared", "corpus", "cper", "record");

/** libcper 7c410e2's records/s on this machine kind (issue 10's reference figures). */
export const LIBCPER_RATES: Readonly<Record<string, number>> = {
  arm: 37.1e3,
  "arm-ras": 31.8e3,
  ccixper: 103.8e3,
  "cxlcomponent-media": 91.7e3,
  cxlprotocol: 87.0e3,
  dmargeneric: 84.4e3,
  dmariommu: 87.4e3,
  dmarvtd: 69.0e3,
  firmware: 98.7e3,
  generic: 88.2e3,
  ia32x64: 35.3e3,
  memory: 71.8e3,
  "memory-validation-bits": 80.9e3,
  memory2: 72.0e3,
  nvidia: 72.4e3,
  nvidia_cmet_info: 19.4e3,
  nvidia_event_all_types: 44.3e3,
  nvidia_event_gpu_init: 54.4e3,
  nvidia_event_gpu_uce_ecc: 35.2e3,
  pcibus: 80.8e3,
  pcidev: 71.6e3,
  pcie: 18.1e3,
  unknown: 110.5e3,
};

const best = (name: string, fn: (n: number) => void): BenchResult => bestOf(name, fn, "records/s");

/**
 * records/s by this process's CPU time (process.cpuUsage, GC threads included): close to what a quiet
 * machine gives when other jobs share the cores (wall-clock rates then swing with their load).
 * Calibrated to ~200 ms of CPU a batch; the median of 5 batches.
 */
function cpuRate(fn: (n: number) => void): number {
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let n = 1;
  for (;;) {
    const t0 = cpu();
    fn(n);
    const dt = cpu() - t0;
    if (dt > 50) {
      n = Math.max(1, Math.round((n * 200) / dt));
      break;
    }
    n *= 4;
  }
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = cpu();
    fn(n);
    rates.push((n * 1000) / Math.max(1e-3, cpu() - t0));
  }
  rates.sort((a, b) => a - b);
  return rates[2]!;
}

export default function bench(): void {
  if (!existsSync(DIR)) {
    console.log("cper-ex    skipped: ../shared/corpus/cper/record is not beside this checkout");
    return;
  }
  const only = process.env.ARMRAS_BENCH_EXAMPLES?.split(",");
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  console.log("cper-ex    example                      ours (records/s)  libcper   ours/libcper  native JSON.stringify of libcper's JSON   ours by CPU time  ours/libcper");
  for (const [name, ref] of Object.entries(LIBCPER_RATES)) {
    if (only && !only.includes(name)) continue;
    const bytes = new Uint8Array(readFileSync(join(DIR, `libcper_${name}.bin`)));
    const lib = JSON.parse(readFileSync(join(DIR, `libcper_${name}.libcper.json`), "utf8")) as unknown;
    const loop = (n: number): void => {
      for (let i = 0; i < n; i++) {
        const r = decode(bytes);
        if (r.ok) consume(toJsonText(r.value.tree, undefined, 0).charCodeAt(1));
      }
    };
    const ours = best(name, loop);
    const byCpu = cpuRate(loop);
    const native = best(`${name} stringify`, (n) => {
      for (let i = 0; i < n; i++) consume(JSON.stringify(lib).length);
    });
    const ratio = ours.opsPerSec / ref;
    ratios.push(ratio);
    const cpuRatio = byCpu / ref;
    cpuRatios.push(cpuRatio);
    console.log(
      `cper-ex    ${name.padEnd(28)} ${fmtRate(ours.opsPerSec).padStart(10)}  ${fmtRate(ref).padStart(10)}  ${ratio.toFixed(2).padStart(6)}x${ratio >= 1.5 ? "       " : " (<1.5x)"}  ${fmtRate(native.opsPerSec).padStart(10)}                          ${fmtRate(byCpu).padStart(10)}  ${cpuRatio.toFixed(2).padStart(6)}x${cpuRatio >= 1.5 ? "" : " (<1.5x)"}`,
    );
  }
  ratios.sort((a, b) => a - b);
  cpuRatios.sort((a, b) => a - b);
  const summary = (rs: number[]): string => `min ${rs[0]!.toFixed(2)}x, median ${rs[Math.floor(rs.length / 2)]!.toFixed(2)}x of libcper; ${rs.filter((r) => r >= 1.5).length} at 1.5x or more`;
  if (ratios.length) console.log(`cper-ex    ${ratios.length} example(s), wall clock: ${summary(ratios)}; by CPU time: ${summary(cpuRatios)}`);
}
