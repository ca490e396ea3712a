// A ~100 MB stream of concatenated records through the compiled CLI, as a user runs it:
// `node <cli> cper decode --stream --format json --ndjson FILE > /dev/null`. The file is built
// at run time in the temporary directory from the shared libcper-generated records
// (../shared/oracles/libcper/*.jsonl.gz: every section type, interleaved, repeated to the size)
// and removed afterwards. Printed: MB/s (10^6 bytes) and peak RSS, beside libcper's reference
// on this machine kind (issue 10: its loop reads the RecordLength chain and prints one JSON
// line per record: 18.2 MB/s, 3 MB RSS), and beside same-run baselines (`cat FILE`, and node
// copying the file to /dev/null a MiB at a time) so a loaded machine shows.
// ARMRAS_BENCH_STREAM_MB sets the size (default 100), ARMRAS_BENCH_STREAM_RUNS the runs (default 3,
// the median is reported), ARMRAS_BENCH_STREAM_JOBS the --jobs values (default "default,1,2";
// "default" gives no --jobs: what the CLI picks for the file on this machine, defaultJobs),
// ARMRAS_BENCH_STREAM_CLI another compiled main.js to time (e.g. an older build, for an A/B).
// Beside wall-clock MB/s it prints MB per CPU second (user + sys): on a loaded machine the
// process waits for a core, and the CPU figure is the steadier one.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { ROOT } from "./harness.js";
import { defaultJobs } from "../src/cli/commands/cper-parallel.js";

const DIR = resolve(ROOT, "..", "shared", "oracles", "libcper");
/** libcper 7c410e2 on this machine kind (issue 10): MB/s and peak RSS (MB) of its stream loop. */
export const LIBCPER_STREAM = { mbps: 18.2, rssMb: 3 };

/** The records of every shared file, interleaved (record i of each type, then i + 1, ...). */
function sharedRecords(): Uint8Array[] {
  const perType = readdirSync(DIR)
    .filter((f) => f.endsWith(".jsonl.gz"))
    .sort()
    .map((f) => [...gunzipSync(readFileSync(join(DIR, f))).toString("latin1").matchAll(/"record":"([0-9a-f]+)"/g)].map((m) => new Uint8Array(Buffer.from(m[1]!, "hex"))));
  const out: Uint8Array[] = [];
  for (let i = 0; perType.some((t) => i < t.length); i++) for (const t of perType) if (i < t.length) out.push(t[i]!);
  return out;
}

/** Writes the records again and again until `bytes` are written; the count of records. */
function buildFile(path: string, records: readonly Uint8Array[], bytes: number): number {
  const fd = openSync(path, "w");
  let n = 0;
  try {
    for (let size = 0; size < bytes; ) {
      for (const r of records) {
        writeSync(fd, r);
        size += r.length;
        n++;
        if (size >= bytes) break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

interface Run {
  readonly seconds: number;
  /** User + system CPU seconds. */
  readonly cpu: number;
  readonly rssMb: number;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs argv with stdout to /dev/null under /usr/bin/time (wall seconds and peak RSS). */
function timed(argv: readonly string[]): Run {
  const devnull = openSync("/dev/null", "w");
  try {
    const t0 = performance.now();
    const r = existsSync("/usr/bin/time")
      ? spawnSync("/usr/bin/time", ["-f", "@@ %M %U %S", ...argv], { stdio: ["ignore", devnull, "pipe"], maxBuffer: 1 << 26 })
      : spawnSync(argv[0]!, argv.slice(1), { stdio: ["ignore", devnull, "pipe"], maxBuffer: 1 << 26 });
    const seconds = (performance.now() - t0) / 1000;
    const err = r.stderr.toString();
    const m = /@@ (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(err);
    return { seconds, cpu: m ? Number(m[2]) + Number(m[3]) : NaN, rssMb: m ? Number(m[1]) / 1024 : NaN, code: r.status, stderr: m ? err.slice(0, m.index) : err };
  } finally {
    closeSync(devnull);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default function bench(): void {
  if (!existsSync(DIR)) {
    console.log("stream     skipped: ../shared/oracles/libcper is not beside this checkout");
    return;
  }
  // The CLI compiled with this bench (the same tsc output as dist/, never stale).
  const cli = process.env.ARMRAS_BENCH_STREAM_CLI ?? resolve(ROOT, "build", "bench", "src", "cli", "main.js");
  const mb = Number(process.env.ARMRAS_BENCH_STREAM_MB ?? 100);
  const runs = Math.max(1, Number(process.env.ARMRAS_BENCH_STREAM_RUNS ?? 3));
  const jobsList = (process.env.ARMRAS_BENCH_STREAM_JOBS ?? "default,1,2").split(",");
  const file = join(tmpdir(), `armras-stream-bench-${process.pid}.bin`);
  try {
    const records = sharedRecords();
    const count = buildFile(file, records, mb * 1e6);
    const size = statSync(file).size;
    const mbps = (s: number) => size / 1e6 / s;
    console.log(`stream     ${(size / 1e6).toFixed(1)} MB, ${count} records (${records.length} shared generated records, interleaved, repeated), ${file}`);
    const copy = `const fs=require("fs");const b=Buffer.alloc(1<<20);const i=fs.openSync(process.argv[1],"r");let n;while((n=fs.readSync(i,b,0,b.length,null))>0)fs.writeSync(1,b,0,n);`;
    const cat: number[] = [];
    const nodeCopy: Run[] = [];
    const ours = new Map<string, Run[]>(jobsList.map((j) => [j, []]));
    timed(["cat", file]); // page cache warm
    for (let i = 0; i < runs; i++) {
      cat.push(timed(["cat", file]).seconds);
      nodeCopy.push(timed([process.execPath, "-e", copy, file]));
      for (const j of jobsList) ours.get(j)!.push(timed([process.execPath, cli, "cper", "decode", "--stream", ...(j === "default" ? [] : ["--jobs", j]), "--format", "json", "--ndjson", file]));
    }
    console.log(`stream     baseline cat FILE > /dev/null                    ${mbps(median(cat)).toFixed(0).padStart(7)} MB/s`);
    const copyMbps = mbps(median(nodeCopy.map((r) => r.seconds)));
    console.log(`stream     baseline node copying FILE to /dev/null          ${copyMbps.toFixed(0).padStart(7)} MB/s, ${mbps(median(nodeCopy.map((r) => r.cpu))).toFixed(0)} MB per CPU second`);
    for (const [j, rs] of ours) {
      const bad = rs.find((r) => r.code !== 0 && r.code !== 1);
      if (bad) console.log(`stream     --jobs ${j}: exit ${bad.code}: ${bad.stderr.split("\n").slice(0, 3).join(" | ")}`);
      const m = mbps(median(rs.map((r) => r.seconds)));
      const cpu = mbps(median(rs.map((r) => r.cpu)));
      const rss = Math.max(...rs.map((r) => r.rssMb));
      const how = j === "default" ? `(default: --jobs ${defaultJobs(undefined, size)} here)` : `--jobs ${j}`;
      console.log(
        `stream     cper decode --stream ${how} --format json --ndjson ${m.toFixed(1).padStart(6)} MB/s (${cpu.toFixed(1)} MB per CPU second), peak RSS ${rss.toFixed(0)} MB` +
          `  (libcper ${LIBCPER_STREAM.mbps} MB/s, ${LIBCPER_STREAM.rssMb} MB: ${(m / LIBCPER_STREAM.mbps).toFixed(2)}x wall, ${(cpu / LIBCPER_STREAM.mbps).toFixed(2)}x CPU; median of ${runs}; ${(m / copyMbps).toFixed(3)} of the node copy)`,
      );
    }
  } finally {
    rmSync(file, { force: true });
  }
}
