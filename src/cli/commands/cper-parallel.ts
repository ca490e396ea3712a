// `armras cper decode` on a big file of concatenated records, on several cores.
// The main thread reads the file a chunk at a time (recordChunks: cut after whole
// records), sends each chunk to a worker (the bytes are transferred, not copied),
// and writes the workers' text in chunk order. At most two chunks per worker are
// in flight, so memory stays bounded however big the file is. The output is
// byte for byte what the sequential path writes (the tests compare them).
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { recordChunks, type RecordChunk } from "../../cper/stream.js";
import type { CliIO } from "../io.js";
import type { PrintConfig } from "./cper-print.js";
import { statSync } from "node:fs";
import { progressLine } from "./cper-progress.js";
import type { ChunkJob, ChunkResult } from "./cper-worker.js";
import type { WarningTally } from "../../cper/stream-warnings.js";

/** Bytes per chunk sent to a worker (a few thousand typical records). */
export const PARALLEL_CHUNK = 256 * 1024;

/**
 * A file this size or bigger is worth workers on two cores. Each worker is a V8 isolate that
 * compiles the decoder and printers again (about 2 CPU seconds of optimising compiles), on cores it
 * shares with the thread that writes; the gain on the rest of the file has to repay that first.
 * Measured on 2 cores (2026-12-06, the stream bench's generated records, `--jobs 1` against 2):
 * 10 MB 1.3 s against 1.5 s, 30 MB 2.5 s against 2.8 s, 50 MB about even, 70 MB 4.8 s against
 * 4.2 s, 100 MB 7.5 s against 5.7 s (farm-bench, paired, median of 4). So the line is at 64 MiB, the
 * size from which a file is streamed without --stream.
 */
export const TWO_CORE_WORKERS_FROM = 64 * 2 ** 20;

/**
 * Worker threads used when --jobs is not given, for a file of `bytes` (-1: unknown, standard
 * input): on one core, 1; on two, 2 workers for files of TWO_CORE_WORKERS_FROM and more, else 1 (a
 * smaller file is over before the workers' compiles pay off, and they cost twice the memory);
 * from three cores, the cores, at most 4.
 */
export function defaultJobs(cores = availableParallelism(), bytes = -1): number {
  if (cores <= 1) return 1;
  if (cores === 2) return bytes >= TWO_CORE_WORKERS_FROM ? 2 : 1;
  return Math.min(4, cores);
}

/**
 * V8's cumulative inlining budget (bytecode bytes; V8's own default is 920) that `cper decode` sets
 * for itself before it starts workers on two cores or fewer. There every worker's optimising
 * compiles (about 2 CPU seconds of TurboFan per isolate on this code, most of it inlined callees)
 * take the cores the workers decode on; a smaller budget compiles far less for about the same
 * steady speed. Measured on 2 cores, 100 MB of generated records, 2 workers (farm-bench, paired,
 * wall time against V8's default): budget 200 0.86x (n 3), 300 0.90x (n 5), 400 0.93x, 100 0.92x;
 * no inlining at all 0.90x. One thread is not helped (budget 200 1.02x, 300 1.08x: its compiles
 * run on the otherwise idle core), so it keeps V8's default, as does a library user's process.
 */
export const WORKER_INLINING_BUDGET = 200;

/** Whether `cper decode` lowers the inlining budget before starting `jobs` workers on `cores` cores. */
export function leanCompiles(jobs: number, cores = availableParallelism()): boolean {
  return jobs > 1 && cores <= 2;
}

let leaned = false;
/**
 * Sets WORKER_INLINING_BUDGET for this process, once (V8's flags are the process's: the workers
 * compile under it). For the CLI only; it changes how V8 optimises, never what the code does.
 */
export function useLeanCompiles(): void {
  if (leaned) return;
  leaned = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${WORKER_INLINING_BUDGET}`);
}

export interface StreamOutcome {
  readonly records: number;
  readonly warned: boolean;
  readonly failed: boolean;
}

/**
 * A worker running cper-worker: the compiled module, or (running from source, as
 * the tests do) a bootstrap that registers tsx in the worker before importing the
 * .ts module (Node 20 does not apply the parent's --import hooks to a worker's entry).
 */
function startWorker(config: PrintConfig): Worker {
  const opts = { workerData: config };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./cper-worker.js", import.meta.url), opts);
  const entry = JSON.stringify(new URL("./cper-worker.ts", import.meta.url).href);
  return new Worker(`import("tsx/esm/api").then((t) => { t.register(); return import(${entry}); });`, { ...opts, eval: true });
}

/** `tally` gathers the warnings, in file order, when `config.summarise` (the workers leave them out of their text). */
export async function decodeFileParallel(path: string, config: PrintConfig, io: CliIO, jobs: number, seq0: number, tally?: WarningTally, chunk = PARALLEL_CHUNK): Promise<StreamOutcome> {
  const workers = Array.from({ length: Math.max(1, jobs) }, () => startWorker(config));
  const load = workers.map(() => 0);
  const chunks = recordChunks(path, { chunk, reuse: false });
  const done = new Map<number, ChunkResult & { end: number; records: number }>();
  /** Per chunk in flight: the file offset after it, and the records up to it (for the progress line). */
  const ends = new Map<number, number>();
  const recs = new Map<number, number>();
  let written = 0;
  const progress = progressLine(io, path, path === "-" ? 0 : statSync(path).size);
  const utf8 = new TextDecoder();
  let records = 0;
  let warned = false;
  let failed = false;
  let nextId = 0;
  let nextToWrite = 0;
  let exhausted = false;
  let seq = seq0;

  try {
    await new Promise<void>((resolve, reject) => {
      const finishIfIdle = () => {
        if ((exhausted || failed) && nextToWrite === nextId) resolve();
      };
      const dispatch = () => {
        while (!exhausted && !failed && load.reduce((a, b) => a + b, 0) < 2 * workers.length) {
          let it: IteratorResult<RecordChunk, void>;
          try {
            it = chunks.next();
          } catch (e) {
            reject(e);
            return;
          }
          if (it.done) {
            exhausted = true;
            break;
          }
          const c = it.value;
          const w = load.indexOf(Math.min(...load));
          load[w]!++;
          ends.set(nextId, c.base + c.bytes.length);
          const job: ChunkJob = { id: nextId++, chunk: c, seq };
          seq += c.spans.length + (c.error ? 1 : 0);
          records += c.spans.length;
          recs.set(job.id, records);
          workers[w]!.postMessage(job, [c.bytes.buffer as ArrayBuffer]);
        }
        finishIfIdle();
      };
      // Finished chunks are written in order, each write awaited before more chunks are
      // sent (a slow reader holds the workers back: memory stays bounded).
      let writing = Promise.resolve();
      const writeReady = async () => {
        for (let d = done.get(nextToWrite); d !== undefined; d = done.get(nextToWrite)) {
          done.delete(nextToWrite++);
          if (failed) continue;
          for (const run of d.runs) {
            if (run.err) io.stderr(run.text);
            else if (io.stdoutBytes) await io.stdoutBytes(d.out.subarray(run.start, run.end));
            else await io.stdout(utf8.decode(d.out.subarray(run.start, run.end)));
          }
          tally?.merge(d.tally);
          warned ||= d.warned;
          failed ||= d.failed;
          written = d.end;
          progress?.(written, d.records);
        }
        dispatch();
      };
      workers.forEach((wk, i) => {
        wk.on("message", (r: ChunkResult) => {
          load[i]!--;
          done.set(r.id, { ...r, end: ends.get(r.id)!, records: recs.get(r.id)! });
          ends.delete(r.id);
          recs.delete(r.id);
          writing = writing.then(writeReady).catch(reject);
        });
        wk.on("error", reject);
      });
      dispatch();
    });
  } finally {
    progress?.(-1, 0);
    chunks.return();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { records, warned, failed };
}
