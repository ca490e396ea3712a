// armras kernel serror|sea|versions: what Linux (and KVM/QEMU) does with one SError or SEA.
import { parseUnsigned } from "../../arch/bits.js";
import { optChoice, optString, parseArgs, type ParsedArgs } from "../args.js";
import { EXIT_OK, UsageError, type Command } from "../io.js";
import { LINUX_ESR_FORMAT } from "../../sysregs/esr/index.js";
import {
  allBoundaries,
  compareVersions,
  answerSea,
  answerSerror,
  decisionJson,
  decisionText,
  decodeSyndrome,
  has,
  InputError,
  KernelVersionError,
  NEWEST_MODELLED,
  PAGE_STATES,
  beyondModelled,
  parseKernelVersion,
  type BoundaryId,
  type Decision,
  type KernelVersion,
  type PageState,
} from "../../kernel/index.js";

const USAGE = `usage:
  armras kernel serror --esr <hex> [--kernel <version>] [--from el0|el1|guest] [--ras yes|no] [--cpu <n>]
                       [--guest-kernel <version>] [--guest-unmasked] [--format text|json]
  armras kernel sea --esr <hex> --from el0|el1|guest [--claimed yes|no] [--far <hex>] [--kernel <version>] [--cpu <n>]
                    [--page ${PAGE_STATES.join("|")}] [--panic-on-oops] [--in-interrupt]
                    [--guest-kernel <version>] [--guest-el 0|1] [--read-ack 0|1] [--guest-ghes yes|no] [--ras yes|no]
                    [--format text|json]
  armras kernel versions [--kernel <version>] [--format text|json]
defaults: --kernel ${NEWEST_MODELLED} (newest modelled), FEAT_RAS present, CPU 0, --from el1 (serror), --claimed yes (sea)
`;

function kernelOpt(p: ParsedArgs, name: string, fallback: string): KernelVersion {
  try {
    return parseKernelVersion(optString(p, name) ?? fallback);
  } catch (e) {
    if (e instanceof KernelVersionError) throw new UsageError(`--${name}: ${e.message}`);
    throw e;
  }
}

function hexOpt(p: ParsedArgs, name: string, bits: number): bigint | undefined {
  const v = optString(p, name);
  if (v === undefined) return undefined;
  const r = parseUnsigned(v.startsWith("0x") || v.startsWith("0X") ? v : `0x${v}`, bits);
  if (!r.ok) throw new UsageError(`--${name}: ${r.error}`);
  return r.value;
}

function intOpt(p: ParsedArgs, name: string, fallback: number, max: number): number {
  const v = optString(p, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`--${name} must be an integer 0..${max} (got '${v}')`);
  return Number(v);
}

function required(p: ParsedArgs, name: string): void {
  if (optString(p, name) === undefined) throw new UsageError(`--${name} is required`);
}

function header(kind: string, esr: bigint, k: KernelVersion, extra: string[]): string[] {
  const note = beyondModelled(k) ? ` (newer than the newest modelled, ${NEWEST_MODELLED}: its behaviour is applied)` : "";
  return [`armras kernel ${kind}: ESR 0x${esr.toString(16).padStart(16, "0")}, Linux ${k.text}${note}`, ...extra];
}

function emit(io: Parameters<Command>[1], format: string, d: Decision, head: string[], extra: Record<string, unknown>): number {
  if (format === "json") io.stdout(JSON.stringify(decisionJson(d, extra), null, 2) + "\n");
  else io.stdout(decisionText(d, head));
  return EXIT_OK;
}

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InputError || (e instanceof Error && e.name === "NotSeaError")) throw new UsageError(e.message);
    throw e;
  }
}

const COMMON = ["esr", "kernel", "guest-kernel", "from", "ras", "cpu", "format"];

async function serror(args: readonly string[], io: Parameters<Command>[1]): Promise<number> {
  const p = parseArgs(args, COMMON, ["guest-unmasked", "help"]);
  if (p.options.has("help")) return void io.stdout(USAGE), EXIT_OK;
  if (p.positionals.length) throw new UsageError(`unexpected argument '${p.positionals[0]}'`);
  required(p, "esr");
  const esr = hexOpt(p, "esr", 64)!;
  const kernel = kernelOpt(p, "kernel", NEWEST_MODELLED);
  const guestKernel = kernelOpt(p, "guest-kernel", optString(p, "kernel") ?? NEWEST_MODELLED);
  const from = optChoice(p, "from", ["el0", "el1", "guest"] as const, "el1");
  const ras = optChoice(p, "ras", ["yes", "no"] as const, "yes") === "yes";
  const cpu = intOpt(p, "cpu", 0, 4095);
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const d = guard(() => answerSerror({ syndrome: decodeSyndrome(esr), kernel, guestKernel, from, ras, cpu, guestSerrorsUnmasked: p.options.has("guest-unmasked") }));
  const extra = { command: "serror", esr: `0x${esr.toString(16)}`, kernel: kernel.text, ...(from === "guest" ? { guestKernel: guestKernel.text } : {}), from, ras, cpu };
  return emit(io, format, d, header("serror", esr, kernel, [`from ${from}, FEAT_RAS ${ras ? "yes" : "no"}, CPU ${cpu}${from === "guest" ? `, guest Linux ${guestKernel.text}` : ""}`]), extra);
}

async function sea(args: readonly string[], io: Parameters<Command>[1]): Promise<number> {
  const p = parseArgs(args, [...COMMON, "claimed", "far", "page", "guest-el", "read-ack", "guest-ghes"], ["panic-on-oops", "in-interrupt", "help"]);
  if (p.options.has("help")) return void io.stdout(USAGE), EXIT_OK;
  if (p.positionals.length) throw new UsageError(`unexpected argument '${p.positionals[0]}'`);
  required(p, "esr");
  required(p, "from");
  const esr = hexOpt(p, "esr", 64)!;
  const far = hexOpt(p, "far", 64) ?? 0n;
  const kernel = kernelOpt(p, "kernel", NEWEST_MODELLED);
  const guestKernel = kernelOpt(p, "guest-kernel", optString(p, "kernel") ?? NEWEST_MODELLED);
  const from = optChoice(p, "from", ["el0", "el1", "guest"] as const, "el1");
  const claimed = optChoice(p, "claimed", ["yes", "no"] as const, "yes") === "yes";
  const ras = optChoice(p, "ras", ["yes", "no"] as const, "yes") === "yes";
  const page = optChoice(p, "page", PAGE_STATES, "dirty-lru") as PageState;
  const guestEl = optChoice(p, "guest-el", ["0", "1"] as const, "0") === "1" ? 1 : 0;
  const readAck = optChoice(p, "read-ack", ["0", "1"] as const, "1") === "1" ? 1 : 0;
  const guestGhes = optChoice(p, "guest-ghes", ["yes", "no"] as const, "yes") === "yes";
  const cpu = intOpt(p, "cpu", 0, 4095);
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const d = guard(() =>
    answerSea({
      syndrome: decodeSyndrome(esr),
      kernel,
      guestKernel,
      from,
      claimed,
      far,
      cpu,
      ras,
      page,
      panicOnOops: p.options.has("panic-on-oops"),
      inInterrupt: p.options.has("in-interrupt"),
      guestEl,
      readAck,
      guestGhes,
    }),
  );
  const extra = { command: "sea", esr: `0x${esr.toString(16)}`, kernel: kernel.text, ...(from === "guest" ? { guestKernel: guestKernel.text } : {}), from, claimed, far: `0x${far.toString(16)}`, page, cpu };
  const line = `from ${from}, firmware-first claim ${claimed ? "yes" : "no"}, FAR 0x${far.toString(16)}, page ${page}${from === "guest" ? `, guest Linux ${guestKernel.text} at EL${guestEl}` : ""}`;
  return emit(io, format, d, header("sea", esr, kernel, [line]), extra);
}

async function versions(args: readonly string[], io: Parameters<Command>[1]): Promise<number> {
  const p = parseArgs(args, ["kernel", "format"], ["help"]);
  if (p.options.has("help")) return void io.stdout(USAGE), EXIT_OK;
  const kernel = optString(p, "kernel") === undefined ? undefined : kernelOpt(p, "kernel", NEWEST_MODELLED);
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const rows = Object.entries(allBoundaries()).map(([id, b]) => ({ id, ...b, ...(kernel ? { applies: has(kernel, id as BoundaryId) } : {}) }));
  // Log-line formats of ESR-bearing lines are the ESR codec's table (src/sysregs/esr/linux-format.ts).
  for (const [id, f] of Object.entries(LINUX_ESR_FORMAT)) {
    const since = parseKernelVersion(f.since.text);
    rows.push({ id: `esr.${id}`, since: f.since.text, what: f.what, source: `src/sysregs/esr LINUX_ESR_FORMAT (${f.evidence})`, ...(kernel ? { applies: compareVersions(kernel, since) >= 0 } : {}) });
  }
  rows.sort((a, b) => compareVersions(parseKernelVersion(a.since), parseKernelVersion(b.since)));
  if (format === "json") {
    io.stdout(JSON.stringify({ newest: NEWEST_MODELLED, ...(kernel ? { kernel: kernel.text } : {}), boundaries: rows }, null, 2) + "\n");
    return EXIT_OK;
  }
  const out = [`modelled Linux behaviour boundaries (newest modelled: ${NEWEST_MODELLED})${kernel ? `, applied to ${kernel.text}` : ""}`];
  for (const r of rows) {
    const mark = kernel ? (r.applies ? "[x] " : "[ ] ") : "";
    out.push(`${mark}${r.since.padEnd(5)} ${r.id}: ${r.what}${r.approx ? ` (approx: ${r.approx})` : ""}${"verified" in r && r.verified ? " (verified)" : ""}`);
  }
  io.stdout(out.join("\n") + "\n");
  return EXIT_OK;
}

export const kernelCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  switch (sub) {
    case "serror":
      return serror(rest, io);
    case "sea":
      return sea(rest, io);
    case "versions":
      return versions(rest, io);
    case "--help":
    case "-h":
    case "help":
      io.stdout(USAGE);
      return EXIT_OK;
    default:
      throw new UsageError(sub === undefined ? "missing subcommand (serror, sea or versions)" : `unknown subcommand '${sub}' (serror, sea or versions)`);
  }
};
