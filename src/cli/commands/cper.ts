// armras cper decode|encode|lint (docs/cper.md).
import { statSync } from "node:fs";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, JSON_INDENT, UsageError, fileErrorMessage, readNamed, type CliIO, type Command } from "../io.js";
import { optChoice, optString, parseArgs } from "../args.js";
import { bytesFromInput } from "../../layout/hexinput.js";
import { formatDecodeError } from "../../layout/result.js";
import { detectFraming, iterate } from "../../cper/decode.js";
import { PipeWindowError, streamBytes, streamRecords, type StreamItem } from "../../cper/stream.js";
import { encode, finalizeEstatus, finalizeRecord } from "../../cper/encode.js";
import { failingSection, oversizedField } from "./cper-encode-bounds.js";
import { progressLine } from "./cper-progress.js";
import { outBatch } from "./cper-batch.js";
import { WarningTally, summaryLines } from "../../cper/stream-warnings.js";
import { fromJson } from "../../cper/json/tree.js";
import { parseJson } from "../../cper/json/reader.js";
import { lint } from "../../cper/lint.js";
import type { DecodeOptions } from "../../cper/model.js";
import { consoleIo, printItem, type LinuxChoice, type PrintConfig } from "./cper-print.js";
import { KERNEL_ARCHES, type KernelArch } from "../../cper/render/linux.js";
import { decodeFileParallel, defaultJobs, leanCompiles, useLeanCompiles } from "./cper-parallel.js";
import type { ArmTypeReading } from "../../cper/section-api.js";
import { parseKernelVersion, type KernelVersion } from "../../linux/version.js";

const USAGE = `usage:
  armras cper decode <file|-> [more files...] [--framing auto|record|estatus|section] [--section-type <guid>]
                     [--format json|linux|text] [--arm-type uefi|legacy|libcper] [--kernel <release>] [--ndjson]
                     [--kernel-arch arm64|x86_64] [--console] [--source-id N]
                     [--stream] [--jobs N] [--all-warnings]
  armras cper encode <file.json> [-o out.bin] [--fix-lengths] [--format hex|json]
  armras cper lint <file|-> [more files...] [--format text|json]
--kernel-arch (default arm64) picks the build's processor printer: IA32/X64 sections print as
Linux on x86 only with x86_64, ARM sections only with arm64 (else as an unknown section + hex dump).
--source-id N adds ghes.c's first line ("Hardware error from APEI Generic Hardware Error Source: N";
N is the HEST source, not in the block).
--console prints the raw bytes the console shows; by default --format linux prints the dmesg
(/dev/kmsg) view, with bytes below 0x20, from 0x7f up, and the backslash as \\xNN.
--kernel picks the Linux release whose printing --format linux reproduces (default: the newest
modelled; it also picks the ARM Type reading unless --arm-type is given).
Input may be binary or hex text (plain hex, hexdump -C lines, or the kernel's print_hex_dump lines).
A RecordLength that does not lead to the next record is skipped over: reading resumes at the next
'CPER' signature and the skipped byte range is reported (exit 1).
encode without -o prints the bytes as hex text on stdout (--format json: {length, hex}).
Files of concatenated records over 64 MiB (any size with --stream) are decoded as a stream in
constant memory (--stream -: binary records on standard input, read as they arrive), on --jobs
worker threads (default: the cores, at most 4; on two cores 2 for files of 64 MiB or more, else 1;
1: no workers). A stream's warnings are summarised at its end on stderr (per warning code and
field: the count and the first byte offsets); --all-warnings prints each one where it occurs.
Exit codes: 0 clean, 1 decoded with warnings or lint findings, 2 unusable input.
`;

/** Files over this size are streamed record by record (constant memory). */
const STREAM_THRESHOLD = 64 * 1024 * 1024;

function decodeOptions(p: ReturnType<typeof parseArgs>): DecodeOptions {
  const framing = optChoice(p, "framing", ["auto", "record", "estatus", "section"] as const, "auto");
  const armType = optChoice<ArmTypeReading>(p, "arm-type", ["uefi", "legacy", "libcper"], "uefi");
  const st = optString(p, "section-type");
  if (framing === "section" && st === undefined) throw new UsageError("--framing section needs --section-type <guid>");
  return st === undefined ? { framing, armType } : { framing, armType, sectionType: st };
}

function linuxChoice(p: ReturnType<typeof parseArgs>, opts: DecodeOptions): LinuxChoice {
  const text = optString(p, "kernel");
  let kernel: KernelVersion | undefined;
  if (text !== undefined) {
    try {
      kernel = parseKernelVersion(text);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
  }
  const kernelArch = optChoice<KernelArch>(p, "kernel-arch", KERNEL_ARCHES, "arm64");
  const sourceText = optString(p, "source-id");
  // acpi_hest_generic.header.source_id is a u16.
  if (sourceText !== undefined && !/^\d{1,5}$/.test(sourceText)) throw new UsageError(`--source-id: '${sourceText}' is not a HEST source id (0-65535)`);
  const sourceId = sourceText === undefined ? undefined : Number(sourceText);
  if (sourceId !== undefined && sourceId > 0xffff) throw new UsageError(`--source-id: ${sourceId} is not a HEST source id (0-65535)`);
  return {
    ...(kernel ? { kernel } : {}),
    ...(p.options.has("arm-type") ? { armType: opts.armType } : {}),
    kernelArch,
    ...(sourceId !== undefined ? { sourceId } : {}),
    ...(p.options.has("console") ? { view: "console" as const } : {}),
  };
}

async function decodeCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["framing", "section-type", "format", "arm-type", "kernel", "kernel-arch", "source-id", "jobs"], ["ndjson", "stream", "console", "all-warnings"]);
  const opts = decodeOptions(p);
  const linux = linuxChoice(p, opts);
  const format = optChoice(p, "format", ["json", "linux", "text"] as const, "text");
  const ndjson = p.options.has("ndjson");
  // --console writes Latin-1 bytes from this thread (the workers encode UTF-8): one thread.
  const jobsGiven = linux.view === "console" ? 1 : jobsOption(p);
  if (linux.view === "console") io = consoleIo(io);
  if (p.positionals.length === 0) throw new UsageError("decode needs a file (or - for standard input)");
  const forceStream = p.options.has("stream");
  const allWarnings = p.options.has("all-warnings");
  if (forceStream && (opts.framing === "estatus" || opts.framing === "section")) throw new UsageError("--stream reads concatenated CPER records (--framing auto or record)");
  let code = EXIT_OK;
  let seq = 1;
  for (const file of p.positionals) {
    const label = p.positionals.length > 1 ? `${file}: ` : "";
    let config: PrintConfig = { opts, format, ndjson, linux, label };
    let size = -1;
    try {
      size = file === "-" ? -1 : statSync(file).size;
    } catch {
      size = -1;
    }
    const big = size > STREAM_THRESHOLD;
    // `--stream -` reads standard input as a pipe (binary records; memory bounded by the pipe's window).
    if (forceStream && file !== "-" && !isFile(file)) throw new UsageError(`--stream needs a file or - (standard input): ${file}`);
    const recordsOnly = opts.framing !== "estatus" && opts.framing !== "section";
    let items: Iterable<StreamItem>;
    let total = 0;
    let tally: WarningTally | undefined;
    if ((big || forceStream) && recordsOnly) {
      if (size === 0) {
        io.stderr(`armras cper: ${file}: empty input (0 bytes)\n`);
        code = EXIT_USAGE;
        continue;
      }
      total = Math.max(0, size); // standard input: no total, no progress line
      // A stream's warnings are counted per kind and summarised at its end (--all-warnings: one line each, in place).
      if (!allWarnings) {
        tally = new WarningTally();
        config = { ...config, summarise: true };
      }
      const jobs = jobsGiven ?? defaultJobs(undefined, size);
      if (jobs > 1) {
        // Several cores: chunks of records decoded and printed by worker threads, written in order
        // (on two cores, under a smaller inlining budget: WORKER_INLINING_BUDGET says why).
        if (leanCompiles(jobs)) useLeanCompiles();
        const r = await decodeFileParallel(file, config, io, jobs, seq, tally);
        if (tally && tally.total > 0) io.stderr(summaryLines(tally.kinds(), `armras cper: ${label}`, "--all-warnings"));
        seq += r.records;
        if (r.warned && code === EXIT_OK) code = EXIT_FINDINGS;
        if (r.failed) code = EXIT_USAGE;
        continue;
      }
      items = streamRecords(file, opts);
    } else {
      // An unreadable file is reported and the others are still decoded (exit 2).
      const raw = await readOrReport(io, file);
      if (raw === undefined) {
        code = EXIT_USAGE;
        continue;
      }
      if (raw.length === 0) {
        io.stderr(`armras cper: ${file === "-" ? "standard input" : file}: empty input (0 bytes)\n`);
        code = EXIT_USAGE;
        continue;
      }
      const bytes = bytesFromInput(raw);
      if (!bytes.ok) {
        io.stderr(`armras cper: ${config.label}${formatDecodeError(bytes.error)}\n`);
        code = EXIT_USAGE;
        continue;
      }
      // Concatenated records are read as a stream is (resynchronising after a damaged RecordLength).
      const records = recordsOnly && detectFraming(bytes.value, 0, opts.sectionType) === "record";
      items = records ? streamBytes(bytes.value, opts) : iterate(bytes.value, opts);
    }
    // stdout in batches of about 1 MiB (cper-batch.ts), each awaited when the reader is
    // slower (memory stays flat); a batch is flushed before anything goes to stderr, so
    // the two streams keep their order.
    const out = outBatch(io, linux.view === "console");
    const progress = progressLine(io, file, total);
    let seen = 0;
    try {
      for (const r of items) {
        seen++;
        const printed = printItem(r, config, "skipped" in r ? seq : seq++); // a skipped range is not a record: no {N}
        if (tally) for (const w of r.warnings) tally.add(w);
        if (printed.err) {
          await out.flush();
          io.stderr(printed.err);
        }
        const wait = out.add(printed.out);
        if (wait) await wait;
        if (progress && r.ok) progress(r.value.offset + r.value.length, seq - 1);
        if (printed.warned && code === EXIT_OK) code = EXIT_FINDINGS;
        if (printed.failed) {
          code = EXIT_USAGE;
          break;
        }
      }
    } catch (e) {
      // A stream that cannot be read on (standard input scanned past its window, a read error): one line, exit 2.
      if (!(e instanceof PipeWindowError) && !isErrno(e)) throw e;
      await out.flush();
      io.stderr(`armras cper: ${e instanceof PipeWindowError ? e.message : fileErrorMessage(e, "read", file === "-" ? "standard input" : file)}\n`);
      code = EXIT_USAGE;
    }
    await out.flush();
    if (seen === 0 && file === "-" && code === EXIT_OK) {
      // (a file of 0 bytes is refused before streaming; a pipe shows it only now)
      io.stderr(`armras cper: standard input: empty input (0 bytes)\n`);
      code = EXIT_USAGE;
    }
    progress?.(-1, 0);
    if (tally && tally.total > 0) io.stderr(summaryLines(tally.kinds(), `armras cper: ${label}`, "--all-warnings"));
  }
  return code;
}

/** The file's bytes, or undefined after a one-line message on stderr (missing, a directory, no permission). */
async function readOrReport(io: CliIO, file: string): Promise<Uint8Array | undefined> {
  try {
    return await io.readFile(file);
  } catch (e) {
    io.stderr(`armras cper: ${e instanceof Error && e.name === "UsageError" ? e.message : fileErrorMessage(e, "read", file === "-" ? "standard input" : file)}\n`);
    return undefined;
  }
}

/** An operating-system error (it has an errno code). */
function isErrno(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** --jobs N: worker threads for streamed files (1: decode on the main thread); undefined: defaultJobs per file. */
function jobsOption(p: ReturnType<typeof parseArgs>): number | undefined {
  const t = optString(p, "jobs");
  if (t === undefined) return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs needs a whole number from 1 to 64, got '${t}'`);
  return n;
}

async function encodeCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["o", "output", "format"], ["fix-lengths"]);
  const format = optChoice(p, "format", ["hex", "json"] as const, "hex");
  const file = p.positionals[0];
  if (file === undefined) throw new UsageError("encode needs a JSON file");
  if (p.positionals.length > 1) throw new UsageError(`encode takes one JSON file (got ${p.positionals.length}: ${p.positionals.join(" ")}); a file may hold an array of documents`);
  const raw = await readNamed(io, file);
  if (raw.length === 0) throw new UsageError(`${file}: empty input (0 bytes)`);
  const text = new TextDecoder().decode(raw);
  const j = parseJson(text);
  if (!j.ok) {
    io.stderr(`armras cper: ${file}: ${formatDecodeError(j.error)}\n`);
    return EXIT_USAGE;
  }
  const docs = Array.isArray(j.value) ? j.value : [j.value];
  if (docs.length === 0) throw new UsageError(`${file}: an empty array: nothing to encode`);
  const parts: Uint8Array[] = [];
  for (const [i, d] of docs.entries()) {
    const where = `${file}${docs.length > 1 ? `[${i}]` : ""}`;
    const t = fromJson(d);
    if (!t.ok) {
      io.stderr(`armras cper: ${where}: ${t.error.field}: ${t.error.message}\n`);
      return EXIT_USAGE;
    }
    // Hand-edited documents can hold values no encoder can write (a string too long for its
    // field, a body that is not the section type's): one line naming the field, exit 2.
    try {
      let tree = t.value;
      if (p.options.has("fix-lengths")) tree = tree.framing === "record" ? finalizeRecord(tree) : tree.framing === "estatus" ? finalizeEstatus(tree) : tree;
      const big = oversizedField(tree);
      if (big) {
        io.stderr(`armras cper: ${where}: ${big} (correct it, or give --fix-lengths)\n`);
        return EXIT_USAGE;
      }
      parts.push(encode(tree));
    } catch (e) {
      const msg = e instanceof Error && e.name === "EncodeError" ? e.message.split("\n")[0]! : (failingSection(t.value) ?? `a value does not fit its field: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      io.stderr(`armras cper: ${where}: cannot encode: ${msg}\n`);
      return EXIT_USAGE;
    }
  }
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  const dest = optString(p, "o") ?? optString(p, "output");
  if (dest !== undefined) await io.writeFile(dest, out);
  const hexText = Buffer.from(out).toString("hex");
  if (format === "json") io.stdout(JSON.stringify({ length: out.length, ...(dest !== undefined ? { output: dest } : { hex: hexText }) }, null, JSON_INDENT) + "\n");
  else if (dest !== undefined) io.stderr(`armras cper: wrote ${dest}: ${out.length} bytes\n`);
  else {
    io.stderr(`armras cper: no -o given: the ${out.length} encoded bytes follow as hex text (armras cper decode - reads them back)\n`);
    io.stdout(hexText + "\n");
  }
  return EXIT_OK;
}

async function lintCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["framing", "section-type", "format"], []);
  const opts = decodeOptions(p);
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  if (p.positionals.length === 0) throw new UsageError("lint needs a file (or - for standard input)");
  let code = EXIT_OK;
  const jsons: unknown[] = [];
  for (const file of p.positionals) {
    const name = file === "-" ? "standard input" : file;
    const label = p.positionals.length > 1 && format === "text" ? `${file}: ` : "";
    const raw = await readOrReport(io, file);
    if (raw === undefined) {
      if (format === "json") jsons.push({ file, error: "cannot read" });
      code = EXIT_USAGE;
      continue;
    }
    if (raw.length === 0) {
      io.stderr(`armras cper: ${name}: empty input (0 bytes)\n`);
      if (format === "json") jsons.push({ file, error: "empty input (0 bytes)" });
      code = EXIT_USAGE;
      continue;
    }
    const bytes = bytesFromInput(raw);
    if (!bytes.ok) {
      io.stderr(`armras cper: ${name}: ${formatDecodeError(bytes.error)}\n`);
      if (format === "json") jsons.push({ file, error: formatDecodeError(bytes.error) });
      code = EXIT_USAGE;
      continue;
    }
    const findings = lint(bytes.value, opts);
    const fatal = findings.find((f) => f.severity === "error" && (f.field === "framing" || f.field === "input"));
    if (format === "json") jsons.push({ file, findings: findings.map((f) => ({ offset: f.offset, severity: f.severity, field: f.field, message: f.message, spec: f.spec })) });
    else {
      for (const f of findings) io.stdout(`${label}0x${f.offset.toString(16).padStart(4, "0")} ${f.severity.padEnd(7)} ${f.field}: ${f.message} [${f.spec}]\n`);
      if (findings.length === 0) io.stdout(`${label}no findings\n`);
    }
    if (fatal) code = EXIT_USAGE;
    else if (findings.length > 0 && code === EXIT_OK) code = EXIT_FINDINGS;
  }
  if (format === "json") io.stdout(JSON.stringify(jsons.length === 1 ? jsons[0] : jsons, null, JSON_INDENT) + "\n");
  return code;
}

export const cperCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case "decode":
      return decodeCmd(rest, io);
    case "encode":
      return encodeCmd(rest, io);
    case "lint":
      return lintCmd(rest, io);
    case "--help":
    case "-h":
    case "help":
      io.stdout(USAGE);
      return EXIT_OK;
    default:
      io.stderr(USAGE);
      return EXIT_USAGE;
  }
}
