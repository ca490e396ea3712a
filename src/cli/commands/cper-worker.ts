// Worker thread of the parallel stream decoder (cper-parallel.ts): decodes and
// prints the records of each chunk it is sent, in order, and sends back the
// text for stdout and stderr in the order the sequential path writes it.
import { parentPort, workerData } from "node:worker_threads";
import { decodeChunk, type RecordChunk } from "../../cper/stream.js";
import { printItem, type PrintConfig } from "./cper-print.js";
import { WarningTally, type WarningKind } from "../../cper/stream-warnings.js";

export interface ChunkJob {
  readonly id: number;
  readonly chunk: RecordChunk;
  /** The {N} of the chunk's first record (--format linux). */
  readonly seq: number;
}

/**
 * A chunk's output in writing order: stderr runs as text, stdout runs as ranges of
 * `out`, the chunk's stdout as UTF-8 bytes (encoded here, in parallel, record by
 * record, and transferred to the main thread, not copied).
 */
export interface ChunkResult {
  readonly id: number;
  readonly runs: ({ readonly err: true; readonly text: string } | { readonly err: false; readonly start: number; readonly end: number })[];
  readonly out: Uint8Array;
  readonly warned: boolean;
  readonly failed: boolean;
  /** The chunk's warnings per kind, when the config summarises them (else they are in `runs`). */
  readonly tally: WarningKind[];
}

const encoder = new TextEncoder();
/** The text of a chunk is encoded here (kept between chunks; grown when a chunk needs more), then copied out at its exact size. */
let scratch = new Uint8Array(1 << 20);

/** Decodes and prints one chunk (also used in-thread by the tests). */
export function runChunk(job: ChunkJob, c: PrintConfig): ChunkResult {
  const runs: ChunkResult["runs"][number][] = [];
  // Each record's text is encoded as soon as it is printed: a chunk-long string
  // built by concatenation costs more to flatten than the records cost to print.
  let out = scratch;
  let used = 0;
  const put = (text: string) => {
    if (text === "") return;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (out.length - used < text.length * 3) {
      const bigger = new Uint8Array(Math.max(out.length * 2, used + text.length * 3));
      bigger.set(out.subarray(0, used));
      out = scratch = bigger;
    }
    const start = used;
    used += encoder.encodeInto(text, out.subarray(used)).written;
    const last = runs[runs.length - 1];
    if (last && !last.err) runs[runs.length - 1] = { err: false, start: last.start, end: used };
    else runs.push({ err: false, start, end: used });
  };
  let warned = false;
  let failed = false;
  let seq = job.seq;
  const tally = new WarningTally();
  for (const r of decodeChunk(job.chunk, c.opts)) {
    if (c.summarise) for (const w of r.warnings) tally.add(w);
    const p = printItem(r, c, "skipped" in r ? seq : seq++); // a skipped range is not a record: no {N}
    if (p.err !== "") {
      const last = runs[runs.length - 1];
      if (last && last.err) runs[runs.length - 1] = { err: true, text: last.text + p.err };
      else runs.push({ err: true, text: p.err });
    }
    put(p.out);
    warned ||= p.warned;
    if (p.failed) {
      failed = true;
      break;
    }
  }
  return { id: job.id, runs, out: out.slice(0, used), warned, failed, tally: tally.kinds() };
}

if (parentPort) {
  const config = workerData as PrintConfig;
  const port = parentPort;
  port.on("message", (job: ChunkJob) => {
    const r = runChunk(job, config);
    port.postMessage(r, [r.out.buffer as ArrayBuffer]);
  });
}
