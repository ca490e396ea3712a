// armras acpi: decode ACPI APEI tables (HEST, BERT, EINJ, ERST) and build a HEST.
import { formatDecodeError, type Result, type Warning, bytesFromInput } from "../../layout/index.js";
import { optChoice, optString, parseArgs } from "../args.js";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, JSON_INDENT, UsageError, fileErrorMessage, type Command, type CliIO } from "../io.js";
import { decodeHest } from "../../apei/hest.js";
import { decodeBert, decodeEinj, decodeErst, type Bert } from "../../apei/tables.js";
import { tableBytes } from "../../apei/input.js";
import { hestJson, jsonValue, simpleJson, type Json } from "../../apei/json.js";
import { renderHest, renderSimple } from "../../apei/render-tables.js";
import { walkBootErrorRegion, type BootErrorRegion } from "../../apei/bert-region.js";
import { EINJ_ACTIONS, EINJ_INSTRUCTIONS, ERST_ACTIONS, ERST_INSTRUCTIONS } from "../../apei/instructions.js";
import { buildHest, BuildError, type MemoryLayout } from "../../apei/builder.js";
import { rawTableData } from "../../apei/render.js";
import type { GenericSource } from "../../apei/ghes-runtime.js";
import { hestParseGhes } from "../../kernel/ghes-probe.js";
import { renderLinux } from "../../cper/render/linux.js";
import type { CperTree } from "../../cper/model.js";

const USAGE = `usage:
  armras acpi decode <file> [--region <file>] [--format text|json] [--flags spec|iasl] [--table SIG]
      Decode a HEST, BERT, EINJ or ERST (detected by signature). <file> is a binary
      table, acpidump text ("HEST @ 0x…" + "0000: 48 45 …" rows) or plain hex; "-" reads stdin.
      --region: the boot error region a BERT points to (binary or hex); a BERT file with
      bytes after its Length is read as table + region.
      --table: from an acpidump holding several tables, decode the one with this signature
      (default: the first HEST, BERT, EINJ or ERST).
      --flags iasl: print iasl 20200925's names (docs/apei.md lists them) and decode the AER
      "Global" flag as it does (bit 0), not the spec's bit 1.
  armras acpi build hest <sources.json> [-o HEST.bin] [--format text|json]
      Build a HEST from a JSON description of error sources (see docs/apei.md).
exit codes: 0 clean, 1 decoded with findings (checksum, lengths, counts), 2 unusable input or usage error.
`;

function stringify(v: Json): string {
  return JSON.stringify(v, null, JSON_INDENT) + "\n";
}

function unwrap<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new UsageError(`${what}: ${formatDecodeError(r.error)}`);
  return r.value;
}

function regionJson(r: BootErrorRegion): Json {
  return {
    blocks: r.blocks.map((b) => ({ offset: b.offset, length: b.length, printedByLinux: b.printed, ...(jsonValue({ block: b.block, estatus: b.decoded }) as { [k: string]: Json }), warnings: b.warnings.map((w) => jsonValue(w)) })),
    messages: r.messages,
    findings: r.findings.map((w) => jsonValue(w)),
  };
}

const SEVERITY = ["recoverable", "fatal", "corrected", "info"];

function regionText(r: BootErrorRegion, source: string): string[] {
  const out = ["", `Boot Error Region (${source}): ${r.blocks.length} error status block(s)`];
  r.blocks.forEach((b, i) => {
    out.push(
      `  [${i}]${b.printed ? "" : " (not printed by Linux: ≥ 1024 bytes or past the 5th)"} offset 0x${b.offset.toString(16)}: Block Status 0x${b.block.BlockStatus.toString(16).padStart(8, "0")}, ` +
        `Data Length ${b.block.DataLength}, Error Severity ${b.block.ErrorSeverity} (${SEVERITY[b.block.ErrorSeverity] ?? "unknown"}), ${b.length} bytes`,
    );
    const entries = (b.decoded as { entries?: { entry: { SectionType: string; ErrorSeverity: number; ErrorDataLength: number } }[] } | undefined)?.entries ?? [];
    entries.forEach((e, j) => out.push(`      entry ${j}: section type ${e.entry.SectionType}, severity ${e.entry.ErrorSeverity}, ${e.entry.ErrorDataLength} bytes`));
    for (const w of b.warnings) out.push(`      warning: ${w.field}: ${w.message}`);
  });
  const linux = linuxLines(r);
  for (const m of r.messages) if (m.includes("Skipped") || m.includes("[Firmware Bug]")) linux.push(m);
  if (linux.length) out.push("", "Linux (bert.c: cper_estatus_print(KERN_INFO HW_ERR, …)):", ...linux.map((l) => `  ${l}`));
  for (const f of r.findings) out.push(`  /* ${f.field} @ 0x${f.offset.toString(16)}: ${f.message} */`);
  return out;
}

/** Linux's dmesg lines for the region, from the CPER codec's renderer. */
function linuxLines(r: BootErrorRegion): string[] {
  const out: string[] = [];
  if (r.messages[0]?.endsWith("previous boot:")) out.push(r.messages[0]);
  for (const b of r.blocks) {
    if (!b.decoded || !b.printed) continue;
    try {
      out.push(...renderLinux(b.decoded as CperTree));
    } catch (e) {
      out.push(`(the CPER renderer failed on this block: ${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return out;
}

async function decodeCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["region", "format", "flags", "table"], ["help"]);
  if (p.options.has("help")) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const flags = optChoice(p, "flags", ["spec", "iasl"] as const, "spec");
  const file = p.positionals[0];
  if (file === undefined || p.positionals.length > 1) throw new UsageError("decode takes exactly one <file>");
  const raw = await readInput(io, file);
  const want = optString(p, "table");
  if (want !== undefined && !/^[A-Z0-9_]{4}$/.test(want)) throw new UsageError(`--table takes a 4-character signature (got '${want}')`);
  const inRes = tableBytes(raw, want);
  const bytes = unwrap(inRes, file);
  if (bytes.length < 4) throw new UsageError(`${file}: ${bytes.length} byte(s), too short for an ACPI table`);
  const sig = String.fromCharCode(...bytes.subarray(0, 4));
  // Options that do not apply to this input are refused, not ignored.
  if (want !== undefined && sig !== want) throw new UsageError(`--table ${want}: ${file} holds no ${want} table (it is a ${sig.replace(/[^\x20-\x7e]/g, "?")} table)`);
  if (optString(p, "region") !== undefined && sig !== "BERT") throw new UsageError(`--region applies to a BERT (${file} is a ${sig.replace(/[^\x20-\x7e]/g, "?")} table)`);
  const notes: Warning[] = [...inRes.warnings];
  let findings: readonly Warning[] = [];
  let json: { [k: string]: Json };
  let text: string[];
  switch (sig) {
    case "HEST": {
      const h = unwrap(decodeHest(bytes), file);
      findings = h.findings;
      json = hestJson(h);
      text = renderHest(h, bytes, flags);
      break;
    }
    case "BERT": {
      const b = unwrap(decodeBert(bytes), file);
      json = simpleJson(b);
      text = renderSimple("BERT", b, bytes, flags);
      const regionFile = optString(p, "region");
      let regionBytes: Uint8Array | undefined;
      let source = "";
      if (regionFile !== undefined) {
        regionBytes = unwrap(bytesFromInput(await readInput(io, regionFile)), regionFile);
        source = regionFile;
      } else if (b.after.length > 0) {
        regionBytes = b.after;
        source = `the ${b.after.length} byte(s) after the table's Length`;
      }
      let rf: Warning[] = [];
      if (regionBytes) {
        const r = walkBootErrorRegion(regionBytes, regionLength(b));
        json["bootErrorRegion"] = regionJson(r);
        text.push(...regionText(r, source));
        rf = r.findings;
      }
      findings = [...b.findings, ...rf];
      break;
    }
    case "EINJ": {
      const t = unwrap(decodeEinj(bytes), file);
      findings = t.findings;
      json = simpleJson(t, { actions: EINJ_ACTIONS, instructions: EINJ_INSTRUCTIONS });
      text = renderSimple("EINJ", t, bytes, flags);
      break;
    }
    case "ERST": {
      const t = unwrap(decodeErst(bytes), file);
      findings = t.findings;
      json = simpleJson(t, { actions: ERST_ACTIONS, instructions: ERST_INSTRUCTIONS });
      text = renderSimple("ERST", t, bytes, flags);
      break;
    }
    default:
      throw new UsageError(`${file}: unknown table signature '${sig.replace(/[^\x20-\x7e]/g, "?")}' (HEST, BERT, EINJ, ERST are decoded)`);
  }
  if (format === "json") {
    if (notes.length) json["notes"] = notes.map((w) => jsonValue(w));
    io.stdout(stringify(json));
  } else {
    io.stdout(text.join("\n") + "\n");
    for (const n of notes) io.stderr(`armras acpi: note: ${n.message}\n`);
  }
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

function regionLength(b: Bert): number {
  return b.body.bootErrorRegionLength;
}

async function readInput(io: CliIO, path: string): Promise<Uint8Array> {
  try {
    return await io.readFile(path);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && e.name === "UsageError")) throw e;
    throw new UsageError(fileErrorMessage(e, "read", path));
  }
}

function layoutText(l: MemoryLayout): string[] {
  const h = (v: bigint) => "0x" + v.toString(16).padStart(9, "0");
  const out = [`Memory layout (QEMU etc/hardware_errors order), base ${h(l.base)}, ${l.size} bytes:`];
  for (const e of l.entries) {
    out.push(
      `  source ${e.sourceId} (${e.type === 10 ? "GHESv2" : "GHES"}, notify ${e.notifyType}): error status address register ${h(e.errorStatusAddressRegister)} -> ` +
        `error status block ${h(e.errorStatusBlock)} (${e.errorStatusBlockLength} bytes)` +
        (e.readAckRegister !== undefined ? `, read ack register ${h(e.readAckRegister)} = ${e.readAckInitial}` : ""),
    );
  }
  return out;
}

async function buildCmd(args: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(args, ["o", "output", "format"], ["help"]);
  if (p.options.has("help")) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const [what, file, ...rest] = p.positionals;
  if (what !== "hest") throw new UsageError(`build supports 'hest' (got '${what ?? ""}')`);
  if (file === undefined || rest.length) throw new UsageError("build hest takes exactly one <sources.json>");
  const rawIn = await readInput(io, file);
  if (rawIn.length === 0) throw new UsageError(`${file}: empty input (0 bytes)`);
  const textIn = new TextDecoder().decode(rawIn);
  let input: unknown;
  try {
    input = JSON.parse(textIn);
  } catch (e) {
    throw new UsageError(`${file}: not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  let built;
  try {
    built = buildHest(input);
  } catch (e) {
    if (e instanceof BuildError || (e instanceof Error && e.name === "EncodeError")) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const notes = ghesProbeNotes(built.sources);
  const out = optString(p, "o") ?? optString(p, "output");
  if (out !== undefined) await io.writeFile(out, built.table);
  if (format === "json") {
    const j: { [k: string]: Json } = { length: built.table.length, table: jsonValue(built.table) };
    if (out !== undefined) j["output"] = out;
    if (built.layout) j["layout"] = jsonValue(built.layout);
    j["notes"] = notes;
    io.stdout(stringify(j));
  } else {
    const lines: string[] = [];
    if (out !== undefined) lines.push(`wrote ${out}: HEST, ${built.table.length} bytes, ${built.sources.length} error source(s)`);
    if (built.layout) lines.push(...layoutText(built.layout));
    if (out === undefined) lines.push("HEST @ 0x0000000000000000", ...rawTableData(built.table).slice(2).map((l) => l.replace("//", " ")));
    io.stdout(lines.join("\n") + "\n");
    for (const n of notes) io.stderr(`armras acpi: note: ${n}\n`);
  }
  return EXIT_OK;
}

/** The GHES sources of a built HEST that Linux (arm64) ghes_probe() will not register, with the kernel's message. */
function ghesProbeNotes(sources: ReturnType<typeof buildHest>["sources"]): string[] {
  const notes: string[] = [];
  sources.forEach((src, i) => {
    if (src.kind !== "known" || (src.type !== 9 && src.type !== 10) || !src.value["enabled"]) return;
    const p = hestParseGhes(src.value as unknown as GenericSource, "arm64");
    if (!p.registered) notes.push(`$.errorSources[${i}]: Linux (arm64) ghes_probe() will not register this source: ${p.message}`);
  });
  return notes;
}

export const acpiCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case "decode":
      return decodeCmd(rest, io);
    case "build":
      return buildCmd(rest, io);
    case undefined:
    case "--help":
    case "-h":
    case "help":
      io.stdout(USAGE);
      return sub === undefined ? EXIT_USAGE : EXIT_OK;
    default:
      throw new UsageError(`unknown subcommand '${sub}'\n${USAGE}`);
  }
};
