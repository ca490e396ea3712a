// armras cper decode|encode|lint (docs/cper.md).
import { statSync } from "node:fs";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from "../io.js";
import { optChoice, optString, parseArgs } from "../args.js";
import { bytesFromInput } from "../../layout/hexinput.js";
import { formatDecodeError } from "../../layout/result.js";
import { iterate, type decodeRecord } from "../../cper/decode.js";
import { streamRecords } from "../../cper/stream.js";
import { encode, finalizeEstatus, finalizeRecord } from "../../cper/encode.js";
import { fromJson } from "../../cper/json.js";
import { parseJson } from "../../cper/json-helpers.js";
import { lint } from "../../cper/lint.js";
import type { DecodeOptions } from "../../cper/model.js";
import { printItem, type LinuxChoice, type PrintConfig } from "./cper-print.js";
import { decodeFileParallel, defaultJobs } from "./cper-parallel.js";
import type { ArmTypeReading } from "../../cper/section-api.js";
import { parseKernelVersion, type KernelVersion } from "../../kernel/version.js";

const USAGE = `usage:
  armras cper decode <file|-> [more files...] [--framing auto|record|estatus|section] [--section-type <guid>]
                     [--format json|linux|text] [--arm-type uefi|legacy|libcper] [--kernel <release>] [--ndjson]
                     [--stream] [--jobs N]
  armras cper encode <file.json> [-o out.bin] [--fix-lengths]
  armras cper lint <file|->
--kernel picks the Linux release whose printing --format linux reproduces (default: the newest
modelled; it also picks the ARM Type reading unless --arm-type is given).
Input may be binary or hex text (plain hex, hexdump -C lines, or the kernel's print_hex_dump lines).
Files of concatenated records over 64 MiB (any size with --stream) are decoded as a stream in
constant memory, on --jobs worker threads (default: the cores there are, at most 4; 1: no workers).
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
  return { ...(kernel ? { kernel } : {}), ...(p.options.has("arm-type") ? { armType: opts.armType } : {}) };
}

async function decodeCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["framing", "section-type", "format", "arm-type", "kernel", "jobs"], ["ndjson", "stream"]);
  const opts = decodeOptions(p);
  const linux = linuxChoice(p, opts);
  const format = optChoice(p, "format", ["json", "linux", "text"] as const, "text");
  const ndjson = p.options.has("ndjson");
  const jobs = jobsOption(p);
  if (p.positionals.length === 0) throw new UsageError("decode needs a file (or - for standard input)");
  const forceStream = p.options.has("stream");
  if (forceStream && (opts.framing === "estatus" || opts.framing === "section")) throw new UsageError("--stream reads concatenated CPER records (--framing auto or record)");
  let code = EXIT_OK;
  let seq = 1;
  for (const file of p.positionals) {
    const config: PrintConfig = { opts, format, ndjson, linux, label: p.positionals.length > 1 ? `${file}: ` : "" };
    let big = false;
    try {
      big = file !== "-" && statSync(file).size > STREAM_THRESHOLD;
    } catch {
      big = false;
    }
    if (forceStream && (file === "-" || !isFile(file))) throw new UsageError(`--stream needs a file: ${file}`);
    let items: Iterable<ReturnType<typeof decodeRecord>>;
    if ((big || forceStream) && opts.framing !== "estatus" && opts.framing !== "section") {
      if (jobs > 1) {
        // Several cores: chunks of records decoded and printed by worker threads, written in order.
        const r = await decodeFileParallel(file, config, io, jobs, seq);
        seq += r.records;
        if (r.warned && code === EXIT_OK) code = EXIT_FINDINGS;
        if (r.failed) code = EXIT_USAGE;
        continue;
      }
      items = streamRecords(file, opts);
    } else {
      const raw = await io.readFile(file).catch((e: Error) => {
        throw new UsageError(`${file}: ${e.message}`);
      });
      const bytes = bytesFromInput(raw);
      if (!bytes.ok) {
        io.stderr(`armras cper: ${config.label}${formatDecodeError(bytes.error)}\n`);
        code = EXIT_USAGE;
        continue;
      }
      items = iterate(bytes.value, opts);
    }
    // stdout is written in batches of about 1 MiB (one write per record cost more than
    // decoding a small one); a batch is flushed before anything goes to stderr, so
    // the two streams keep their order.
    let pending = "";
    for (const r of items) {
      const printed = printItem(r, config, seq++);
      if (printed.err) {
        if (pending) io.stdout(pending);
        pending = "";
        io.stderr(printed.err);
      }
      pending += printed.out;
      if (pending.length >= 1 << 20) {
        io.stdout(pending);
        pending = "";
      }
      if (printed.warned && code === EXIT_OK) code = EXIT_FINDINGS;
      if (printed.failed) {
        code = EXIT_USAGE;
        break;
      }
    }
    if (pending) io.stdout(pending);
  }
  return code;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** --jobs N: worker threads for streamed files (1: decode on the main thread). */
function jobsOption(p: ReturnType<typeof parseArgs>): number {
  const t = optString(p, "jobs");
  if (t === undefined) return defaultJobs();
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--jobs needs a whole number from 1 to 64, got '${t}'`);
  return n;
}

async function encodeCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["o", "output"], ["fix-lengths"]);
  const file = p.positionals[0];
  if (file === undefined) throw new UsageError("encode needs a JSON file");
  const text = new TextDecoder().decode(await io.readFile(file));
  const j = parseJson(text);
  if (!j.ok) {
    io.stderr(`armras cper: ${file}: ${formatDecodeError(j.error)}\n`);
    return EXIT_USAGE;
  }
  const docs = Array.isArray(j.value) ? j.value : [j.value];
  const parts: Uint8Array[] = [];
  for (const [i, d] of docs.entries()) {
    const t = fromJson(d);
    if (!t.ok) {
      io.stderr(`armras cper: ${file}${docs.length > 1 ? `[${i}]` : ""}: ${t.error.message} (at ${t.error.field})\n`);
      return EXIT_USAGE;
    }
    let tree = t.value;
    if (p.options.has("fix-lengths")) tree = tree.framing === "record" ? finalizeRecord(tree) : tree.framing === "estatus" ? finalizeEstatus(tree) : tree;
    parts.push(encode(tree));
  }
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  const dest = optString(p, "o") ?? optString(p, "output");
  if (dest !== undefined) await io.writeFile(dest, out);
  else io.stdout(Buffer.from(out).toString("hex") + "\n");
  return EXIT_OK;
}

async function lintCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["framing", "section-type"], []);
  const opts = decodeOptions(p);
  const file = p.positionals[0];
  if (file === undefined) throw new UsageError("lint needs a file");
  const bytes = bytesFromInput(await io.readFile(file));
  if (!bytes.ok) {
    io.stderr(`armras cper: ${formatDecodeError(bytes.error)}\n`);
    return EXIT_USAGE;
  }
  const findings = lint(bytes.value, opts);
  for (const f of findings) io.stdout(`0x${f.offset.toString(16).padStart(4, "0")} ${f.severity.padEnd(7)} ${f.field}: ${f.message} [${f.spec}]\n`);
  const fatal = findings.find((f) => f.severity === "error" && (f.field === "framing" || f.field === "input"));
  if (fatal) return EXIT_USAGE;
  if (findings.length === 0) io.stdout("no findings\n");
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
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
