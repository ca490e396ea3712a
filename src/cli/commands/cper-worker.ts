// Worker thread of the parallel stream decoder (cper-parallel.ts): decodes and
// prints the records of each chunk it is sent, in order, and sends back the
// text for stdout and stderr in the order the sequential path writes it.
import { parentPort, workerData } from "node:worker_threads";
import { decodeChunk, type RecordChunk } from "../../cper/stream.js";
import { printItem, type PrintConfig } from "./cper-print.js";

export interface ChunkJob {
  readonly id: number;
  readonly chunk: RecordChunk;
  /** The {N} of the chunk's first record (--format linux). */
  readonly seq: number;
}

/** A chunk's output: runs of text, each for stdout (`err` false) or stderr, in writing order. */
export interface ChunkResult {
  readonly id: number;
  readonly runs: { readonly err: boolean; readonly text: string }[];
  readonly warned: boolean;
  readonly failed: boolean;
}

/** Decodes and prints one chunk (also used in-thread by the tests). */
export function runChunk(job: ChunkJob, c: PrintConfig): ChunkResult {
  const runs: { err: boolean; text: string }[] = [];
  const put = (err: boolean, text: string) => {
    if (text === "") return;
    const last = runs[runs.length - 1];
    if (last && last.err === err) last.text += text;
    else runs.push({ err, text });
  };
  let warned = false;
  let failed = false;
  let seq = job.seq;
  for (const r of decodeChunk(job.chunk, c.opts)) {
    const p = printItem(r, c, seq++);
    put(true, p.err);
    put(false, p.out);
    warned ||= p.warned;
    if (p.failed) {
      failed = true;
      break;
    }
  }
  return { id: job.id, runs, warned, failed };
}

if (parentPort) {
  const config = workerData as PrintConfig;
  const port = parentPort;
  port.on("message", (job: ChunkJob) => port.postMessage(runChunk(job, config)));
}
