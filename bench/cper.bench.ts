// CPER codec throughput: records/s decoding to a tree, and decode + libcper JSON
// text, per section type in the corpus, beside a JSON.parse baseline of the same
// record's libcper JSON (measured in the same run). Target: decode + JSON >= 100 k
// records/s on memory and ARM records. Then a streaming run over a big file of
// concatenated memory and ARM records (ARMRAS_BENCH_STREAM_MB, default 256), on one
// thread and on the CLI's worker threads, with peak RSS.
import { readFileSync, existsSync, openSync, writeSync, closeSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { consume, measure, report, fmtRate, ROOT } from "./harness.js";
import { decode, encode, finalizeRecord, toJson, toJsonText } from "../src/cper/index.js";
import { streamRecords } from "../src/cper/stream.js";
import { DEFAULT_DECODE_OPTIONS } from "../src/cper/model.js";
import { decodeFileParallel, defaultJobs } from "../src/cli/commands/cper-parallel.js";
import type { CliIO } from "../src/cli/io.js";

const SHARED = resolve(ROOT, "..", "shared", "corpus", "cper", "record");
const FIX = resolve(ROOT, "fixtures", "cper");

interface Case {
  name: string;
  bytes: Uint8Array;
  json?: string;
  target?: number;
}

function cases(): Case[] {
  const out: Case[] = [];
  const add = (name: string, file: string, json?: string, target?: number) => {
    if (!existsSync(file)) return;
    const c: Case = { name, bytes: new Uint8Array(readFileSync(file)) };
    if (json && existsSync(json)) c.json = readFileSync(json, "utf8");
    if (target) c.target = target;
    out.push(c);
  };
  for (const [n, t] of [
    ["memory", 100_000],
    ["arm", 100_000],
    ["memory2", 0],
    ["arm-ras", 0],
    ["pcie", 0],
    ["ia32x64", 0],
    ["firmware", 0],
    ["ccixper", 0],
    ["unknown", 0],
  ] as const) {
    add(n, join(SHARED, `libcper_${n}.bin`), join(SHARED, `libcper_${n}.libcper.json`), t || undefined);
  }
  add("whea multiple1", join(SHARED, "whea_ErrorMultiple1.bin"), join(SHARED, "whea_ErrorMultiple1.libcper-derived.json"));
  add("ghes arm (estatus)", resolve(SHARED, "..", "estatus", "arm_ghes_inject_v8_estatus.bin"));
  // Firmware-style records (no junk in fields whose validation bit is clear): the JSON needs no "_armras" patches.
  add("fixture multi-record (6 sections)", join(FIX, "multi-record.bin"));
  add("fixture ARM GHES block (estatus)", join(FIX, "arm-ghes.bin"), undefined, 100_000);
  const multi = decode(new Uint8Array(readFileSync(join(FIX, "multi-record.bin"))));
  if (multi.ok && multi.value.tree.framing === "record") {
    const t = multi.value.tree;
    out.push({ name: "fixture memory record (clean)", bytes: encode(finalizeRecord({ ...t, sections: [t.sections[0]!] })), target: 100_000 });
  }
  return out;
}

/** A file of `mb` MiB of the memory and ARM example records, alternating (the target's record types). */
function streamFile(mb: number): { path: string; size: number } {
  const pick = (n: string, fallback: string) => new Uint8Array(readFileSync(existsSync(join(SHARED, n)) ? join(SHARED, n) : join(FIX, fallback)));
  const pair = [pick("libcper_memory.bin", "multi-record.bin"), pick("libcper_arm.bin", "stream.bin")];
  const unit = pair[0]!.length + pair[1]!.length;
  const block = new Uint8Array(unit * 2048);
  for (let i = 0; i < 2048; i++) {
    block.set(pair[0]!, i * unit);
    block.set(pair[1]!, i * unit + pair[0]!.length);
  }
  const path = join(tmpdir(), `armras-stream-${process.pid}.bin`);
  const fd = openSync(path, "w");
  let size = 0;
  while (size < mb * 1024 * 1024) {
    writeSync(fd, block);
    size += block.length;
  }
  closeSync(fd);
  return { path, size };
}

async function streamBench(): Promise<void> {
  const mb = Number(process.env.ARMRAS_BENCH_STREAM_MB ?? 256);
  const { path, size } = streamFile(mb);
  const label = `stream ${(size / 2 ** 20).toFixed(0)} MiB memory+ARM records`;
  try {
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    let n = 0;
    let t0 = performance.now();
    for (const r of streamRecords(path, DEFAULT_DECODE_OPTIONS)) {
      if (!r.ok) throw new Error(r.error.message);
      consume(toJsonText(r.value.tree, undefined, 0).charCodeAt(1));
      if (++n % 20000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    let dt = (performance.now() - t0) / 1000;
    console.log(`cper       ${label}, decode + JSON text, 1 thread: ${fmtRate(n / dt)} records/s, peak RSS +${((peak - rss0) / 2 ** 20).toFixed(1)} MiB`);
    // The CLI's parallel path (armras cper decode --stream --format json --ndjson), output discarded.
    const jobs = defaultJobs(undefined, size);
    let bytes = 0;
    const io: CliIO = { stdout: (t) => void (bytes += t.length), stdoutBytes: (b) => void (bytes += b.length), stderr: () => undefined, readFile: async () => new Uint8Array(), writeFile: async () => undefined };
    global.gc?.();
    const rss1 = process.memoryUsage().rss;
    peak = rss1;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    t0 = performance.now();
    const out = await decodeFileParallel(path, { opts: DEFAULT_DECODE_OPTIONS, format: "json", ndjson: true, linux: {}, label: "" }, io, jobs, 1);
    dt = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    console.log(
      `cper       ${label}, decode + JSON text, ${jobs} worker threads (cper decode --stream): ${fmtRate(out.records / dt)} records/s, ${(bytes / 2 ** 20 / dt).toFixed(0)} MiB/s of JSON, peak RSS +${((peak - rss1) / 2 ** 20).toFixed(1)} MiB (workers included)`,
    );
  } finally {
    unlinkSync(path);
  }
}

export default async function (): Promise<void> {
  // ARMRAS_BENCH_CASES=memory,arm runs only the cases whose names start with one of these.
  const only = process.env.ARMRAS_BENCH_CASES?.split(",").filter(Boolean);
  for (const c of cases()) {
    if (only && !only.some((o) => c.name.startsWith(o))) continue;
    const r0 = decode(c.bytes);
    if (!r0.ok) throw new Error(`${c.name}: ${r0.error.message}`);
    const baseline = c.json
      ? measure(`JSON.parse of libcper's JSON`, (n) => {
          for (let i = 0; i < n; i++) consume(JSON.parse(c.json!));
        }, "records/s")
      : undefined;
    // The ceiling for any JavaScript printer: V8's native JSON.stringify of libcper's own
    // JSON for the same record (already parsed; no decoding at all).
    const libObj: unknown = c.json ? JSON.parse(c.json) : undefined;
    const ceiling = c.json
      ? measure(`JSON.stringify of libcper's JSON (no decode)`, (n) => {
          for (let i = 0; i < n; i++) consume(JSON.stringify(libObj).charCodeAt(1));
        }, "records/s")
      : undefined;
    if (ceiling) report("cper", ceiling, baseline);
    const tree = measure(`${c.name}: decode to tree`, (n) => {
      for (let i = 0; i < n; i++) consume(decode(c.bytes));
    }, "records/s");
    report("cper", tree, baseline);
    // Split of the JSON cost: building libcper's object tree (with "_armras") without printing it.
    const obj = measure(`${c.name}: decode + JSON object (no text)`, (n) => {
      for (let i = 0; i < n; i++) {
        const r = decode(c.bytes);
        if (r.ok) consume(toJson(r.value.tree));
      }
    }, "records/s");
    report("cper", obj, baseline);
    const json = measure(`${c.name}: decode + JSON text`, (n) => {
      for (let i = 0; i < n; i++) {
        const r = decode(c.bytes);
        // charCodeAt: the text is used (flattened), as a writer to stdout would.
        if (r.ok) consume(toJsonText(r.value.tree, undefined, 0).charCodeAt(1));
      }
    }, "records/s");
    report("cper", json, baseline, c.target);
  }
  if (process.env.ARMRAS_BENCH_STREAM_MB !== "0") await streamBench();
}
