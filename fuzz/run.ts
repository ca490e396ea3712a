// npm run fuzz [-- --n N] [--format NAME[,NAME]] [--seed S] [--from I] [--jobs J] [--slow-ms 50] [--out DIR] [--no-shared] [--report FILE]
// (--report FILE: the table so far, rewritten after every batch.)
// (--from I --n 1 replays input I of seed S alone.)
// (--no-shared: seeds from fixtures/ only, not also the ../shared CPER corpus.)
// Runs N inputs per format (default 10^4) on J worker threads (default 2), with a
// watchdog: a worker stuck on one input for --hang-s seconds (default 30) is
// stopped, the input recorded as a hang, and the format resumed after it.
// Prints a table of inputs, throws, round-trip failures, slow inputs and hangs per
// format; writes every first finding of a kind to --out (default
// /tmp/armras-fuzz); exit 1 when any crash, round-trip failure or hang was found.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fuzzRange, newStats, record, type Finding, type Stats } from "./harness.js";
import { targets } from "./targets.js";

interface Job {
  readonly format: string;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly slowMs: number;
  readonly at: SharedArrayBuffer;
}

type Plain = Omit<Stats, "kinds"> & { kinds: [string, { count: number; first: Finding }][] };

if (!isMainThread && parentPort && (workerData as { fuzzWorker?: boolean })?.fuzzWorker) {
  const port = parentPort;
  const all = targets((workerData as { shared: boolean }).shared);
  port.on("message", async (job: Job) => {
    const t = all.find((x) => x.name === job.format)!;
    const at = new Int32Array(job.at);
    const s = await fuzzRange(t, job.seed, job.from, job.to, newStats(job.format), job.slowMs, (i) => Atomics.store(at, 0, i));
    port.postMessage({ ...s, kinds: [...s.kinds] } satisfies Plain);
  });
}

const SHARED_SEEDS = !process.argv.includes("--no-shared");

function startWorker(): Worker {
  const data = { workerData: { fuzzWorker: true, shared: SHARED_SEEDS } };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL(import.meta.url), data);
  const entry = JSON.stringify(import.meta.url);
  return new Worker(`import("tsx/esm/api").then((t) => { t.register(); return import(${entry}); });`, { ...data, eval: true });
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function merge(into: Stats, p: Plain): void {
  into.inputs += p.inputs;
  into.throws += p.throws;
  into.roundTrips += p.roundTrips;
  into.slow += p.slow;
  into.hangs += p.hangs;
  into.totalMs += p.totalMs;
  into.slowestMs = Math.max(into.slowestMs, p.slowestMs);
  for (const [k, v] of p.kinds) {
    const have = into.kinds.get(k);
    if (!have) into.kinds.set(k, v);
    else {
      have.count += v.count;
      if (v.first.kind === "slow" && (v.first.ms ?? 0) > (have.first.ms ?? 0)) have.first = v.first;
    }
  }
}

/** The per-format table: inputs, throws, round-trip failures, slow inputs, hangs, slowest and mean time. */
function table(stats: Map<string, Stats>, slowMs: number): string[] {
  const rows = [["format", "inputs", "throws", "round-trip", `slow>${slowMs}ms`, "hangs", "slowest ms", "mean µs"]];
  for (const s of stats.values()) rows.push([s.format, String(s.inputs), String(s.throws), String(s.roundTrips), String(s.slow), String(s.hangs), s.slowestMs.toFixed(1), ((1000 * s.totalMs) / Math.max(1, s.inputs)).toFixed(0)]);
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(w[c]!) : x.padStart(w[c]!))).join("  "));
}

async function main(): Promise<number> {
  const n = Number(arg("n", "10000"));
  const seed = Number(arg("seed", "1"));
  const jobs = Math.max(1, Number(arg("jobs", "2")));
  const slowMs = Number(arg("slow-ms", "50"));
  const hangMs = 1000 * Number(arg("hang-s", "30"));
  const out = arg("out", "/tmp/armras-fuzz");
  const report = arg("report", "");
  const batch = Math.max(1, Number(arg("batch", "5000")));
  const names = targets().map((t) => t.name);
  const chosen = arg("format", names.join(",")).split(",");
  for (const c of chosen) if (!names.includes(c)) throw new Error(`unknown format '${c}' (${names.join(", ")})`);

  // Work: batches of inputs per format, taken by whichever worker is free.
  const queue: { format: string; from: number; to: number }[] = [];
  const first = Number(arg("from", "0"));
  for (let from = first; from < first + n; from += batch) for (const f of chosen) queue.push({ format: f, from, to: Math.min(first + n, from + batch) });
  const stats = new Map(chosen.map((f) => [f, newStats(f)]));
  const started = Date.now();
  let doneInputs = 0;
  const total = n * chosen.length;

  const runWorker = async (): Promise<void> => {
    let w = startWorker();
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const at = new SharedArrayBuffer(4);
        const view = new Int32Array(at);
        Atomics.store(view, 0, job.from);
        const result = await new Promise<Plain | { hangAt: number }>((resolve, reject) => {
          let last = job!.from;
          let since = Date.now();
          const timer = setInterval(() => {
            const now = Atomics.load(view, 0);
            if (now !== last) {
              last = now;
              since = Date.now();
            } else if (Date.now() - since > hangMs) {
              clearInterval(timer);
              resolve({ hangAt: now });
            }
          }, 500);
          const onMsg = (m: Plain) => {
            clearInterval(timer);
            w.off("error", onErr);
            resolve(m);
          };
          const onErr = (e: Error) => {
            clearInterval(timer);
            w.off("message", onMsg);
            reject(e);
          };
          w.once("message", onMsg);
          w.once("error", onErr);
          w.postMessage({ format: job!.format, seed, from: job!.from, to: job!.to, slowMs, at } satisfies Job);
        });
        const s = stats.get(job.format)!;
        if ("hangAt" in result) {
          // Stop the stuck worker, record the hang, and go on after the input.
          await w.terminate();
          w = startWorker();
          const t = targets(SHARED_SEEDS).find((x) => x.name === job!.format)!;
          const { inputRng } = await import("./harness.js");
          record(s, { kind: "hang", signature: `no progress for ${hangMs / 1000} s`, index: result.hangAt, input: t.next(inputRng(seed, result.hangAt)) });
          s.inputs += result.hangAt - job.from + 1;
          doneInputs += result.hangAt - job.from + 1;
          if (result.hangAt + 1 < job.to) queue.unshift({ format: job.format, from: result.hangAt + 1, to: job.to });
          continue;
        }
        merge(s, result);
        doneInputs += job.to - job.from;
        if (report) writeFileSync(report, table(stats, slowMs).join("\n") + `\n${doneInputs}/${total} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s so far\n`);
        if (process.stderr.isTTY) process.stderr.write(`\r${doneInputs}/${total} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s `);
      }
    } finally {
      await w.terminate();
    }
  };
  await Promise.all(Array.from({ length: jobs }, runWorker));
  if (process.stderr.isTTY) process.stderr.write("\n");

  mkdirSync(out, { recursive: true });
  let bad = 0;
  for (const s of stats.values()) {
    bad += s.throws + s.roundTrips + s.hangs;
    let k = 0;
    for (const [sig, v] of s.kinds) {
      const f = v.first;
      const base = join(out, `${s.format}-${k++}`);
      writeFileSync(`${base}.json`, JSON.stringify({ kind: f.kind, signature: sig, count: v.count, seed, index: f.index, ms: f.ms, args: f.input.args, sectionType: f.input.sectionType, text: f.input.text, detail: f.detail }, null, 2) + "\n");
      if (f.input.bytes) writeFileSync(`${base}.bin`, f.input.bytes);
      console.log(`  ${s.format}: ${v.count} x ${sig}  (seed ${seed}, input ${f.index}; ${base}.json)`);
    }
  }
  for (const line of table(stats, slowMs)) console.log(line);
  if (report) writeFileSync(report, table(stats, slowMs).join("\n") + `\ndone: ${doneInputs} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(`seed ${seed}, ${n} inputs per format, ${jobs} worker(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return bad > 0 ? 1 : 0;
}

if (isMainThread) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
