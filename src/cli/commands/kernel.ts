// armras kernel serror|sea|versions: what Linux (and KVM/QEMU) does with one SError or SEA.
import { optChoice, optString, parseArgs, parseHexValue, type ParsedArgs } from "../args.js";
import { EXIT_OK, UsageError, type Command } from "../io.js";
import { LINUX_ESR_FORMAT } from "../../sysregs/esr/index.js";
import { hasFormat, LINUX_EC_NAME_SINCE } from "../../sysregs/esr/linux-format.js";
import { explain } from "../../linux/boundaries.js";
import { statusBlockFromHex, statusBlockFromJson } from "../../sim/adapters/cper.js";
import { has } from "../../linux/boundaries.js";
import { runQuestion, ScenarioError, seaScenario, serrorScenario, type SeaQuestion } from "../../sim/index.js";
import { EC_DABT_CUR, EC_DABT_LOW, EC_IABT_CUR, EC_IABT_LOW, EC_SERROR, esrClassString } from "../../kernel/esr-input.js";
import { isSeaFsc } from "../../kernel/fault-info.js";
import {
  allBoundaries,
  compareVersions,
  decisionJson,
  decisionText,
  decodeSyndrome,
  KernelVersionError,
  NEWEST_MODELLED,
  PAGE_STATES,
  beyondModelled,
  parseKernelVersion,
  assertModelled,
  configText,
  KernelConfigError,
  OLDEST_MODELLED,
  parseConfig,
  DEFAULT_CONFIG,
  type ConfigChoice,
  type BoundaryId,
  type Decision,
  type KernelVersion,
  type PageState,
} from "../../kernel/index.js";

type From = "el0" | "el1" | "guest";

const USAGE = `usage:
  armras kernel serror --esr <hex> [--kernel <version>] [--from el0|el1|guest] [--ras yes|no] [--cpu <n>]
                       [--guest-kernel <version>] [--guest-unmasked] [--format text|json] [--print-scenario]
  armras kernel sea --esr <hex> --from el0|el1|guest [--claimed yes|no] [--record <file|hex|json>] [--far <hex>]
                    [--kernel <version>] [--cpu <n>] [--page ${PAGE_STATES.join("|")}] [--panic-on-oops] [--in-interrupt]
                    [--guest-kernel <version>] [--guest-el 0|1] [--read-ack 0|1] [--guest-ghes yes|no] [--ras yes|no]
                    [--config <OPT=y|n,…>] [--guest-config <OPT=y|n,…>] [--format text|json] [--print-scenario]
  armras kernel versions [--kernel <version>] [--format text|json]
defaults: --kernel ${NEWEST_MODELLED} (newest modelled; releases before ${OLDEST_MODELLED} are refused), FEAT_RAS present, CPU 0,
  --from el1 (serror), --claimed yes (sea: firmware-first, a memory error record in a GHESv2 SEA source), --page dirty-lru,
  --config: ${Object.entries(DEFAULT_CONFIG).map(([k, v]) => `${k}=${v ? "y" : "n"}`).join(",")}. Every default used is marked
  "(default)" in the header and listed under "defaulted" in JSON.
Each answer is a one-event scenario run by the simulator; --print-scenario prints that scenario's
JSON instead (run it, or extend it, with armras sim <file>).
`;

function kernelOpt(p: ParsedArgs, name: string, fallback: string): KernelVersion {
  try {
    return assertModelled(parseKernelVersion(optString(p, name) ?? fallback));
  } catch (e) {
    if (e instanceof KernelVersionError) throw new UsageError(`--${name}: ${e.message}`);
    throw e;
  }
}

function configOpt(p: ParsedArgs, name: string): ConfigChoice {
  try {
    return parseConfig(optString(p, name) ?? "");
  } catch (e) {
    if (e instanceof KernelConfigError) throw new UsageError(`--${name}: ${e.message}`);
    throw e;
  }
}

/** Records which inputs were left to their defaults (shown "(default)" in text, listed in JSON). */
class Inputs {
  readonly defaulted: string[] = [];
  constructor(private readonly p: ParsedArgs) {}
  /** `value` with " (default)" when --name was not given. */
  show(name: string, value: string): string {
    if (this.p.options.has(name)) return value;
    if (!this.defaulted.includes(name)) this.defaulted.push(name);
    return `${value} (default)`;
  }
}

/** --record: a file (bytes, hex text or CPER JSON) or the text itself (hex or JSON). */
async function recordOpt(p: ParsedArgs, io: Parameters<Command>[1]): Promise<Uint8Array | undefined> {
  const v = optString(p, "record");
  if (v === undefined) return undefined;
  let text: string | undefined = v;
  let bytes: Uint8Array | undefined;
  const looksInline = v.trimStart().startsWith("{") || /^(0x)?[0-9a-f\s:]+$/i.test(v.trim());
  if (!looksInline || v === "-") {
    try {
      bytes = await io.readFile(v);
    } catch (e) {
      throw new UsageError(`--record: cannot read '${v}': ${e instanceof Error ? e.message : String(e)}`);
    }
    text = undefined;
    const asText = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    if (asText.trimStart().startsWith("{") || /^[0-9a-fA-Fx\s:|.>-]+$/.test(asText.slice(0, 4096))) text = asText;
  }
  if (text !== undefined && text.trimStart().startsWith("{")) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--record: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const r = statusBlockFromJson(json);
    if (!r.ok) throw new UsageError(`--record: ${r.error}`);
    return r.bytes;
  }
  if (text !== undefined) {
    const r = statusBlockFromHex(text);
    if (r.ok) return r.bytes;
    if (bytes === undefined) throw new UsageError(`--record: ${r.error}`);
  }
  const r = statusBlockFromHex(Buffer.from(bytes!).toString("hex"));
  if (!r.ok) throw new UsageError(`--record: ${r.error}`);
  return r.bytes;
}

function hexOpt(p: ParsedArgs, name: string, bits: number): bigint | undefined {
  const v = optString(p, name);
  if (v === undefined) return undefined;
  const r = parseHexValue(v, bits);
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

function header(kind: string, esr: bigint, k: KernelVersion, inputs: Inputs, extra: string[]): string[] {
  const note = beyondModelled(k) ? ` (newer than the newest modelled, ${NEWEST_MODELLED}: its behaviour is applied)` : "";
  return [`armras kernel ${kind}: ESR 0x${esr.toString(16).padStart(16, "0")}, Linux ${inputs.show("kernel", k.text)}${note}`, ...extra];
}

function emit(io: Parameters<Command>[1], format: string, d: Decision, head: string[], extra: Record<string, unknown>, inputs: Inputs): number {
  if (format === "json") io.stdout(JSON.stringify(decisionJson(d, { ...extra, defaulted: inputs.defaulted }), null, 2) + "\n");
  else io.stdout(decisionText(d, head));
  return EXIT_OK;
}

/** Runs the one-event scenario (or prints it with --print-scenario); a scenario the options make invalid is a usage error. */
function run(p: ParsedArgs, io: Parameters<Command>[1], json: Record<string, unknown>): Decision | undefined {
  if (p.options.has("print-scenario")) {
    io.stdout(JSON.stringify(json, null, 2) + "\n");
    return undefined;
  }
  try {
    return runQuestion(json).decision;
  } catch (e) {
    // The syndrome checks name the option's value itself (e.g. an FSC this release does not send to do_sea()).
    if (e instanceof ScenarioError) throw new UsageError(/^timeline\[0\]\.esr$/.test(e.path) ? e.detail : e.message);
    throw e;
  }
}

const ec2 = (ec: number): string => `0x${ec.toString(16).padStart(2, "0")}`;

/** do_serror() only sees SError syndromes. */
function checkSerror(esr: bigint): void {
  const ec = decodeSyndrome(esr).ec;
  if (ec !== EC_SERROR) throw new UsageError(`ESR EC is ${ec2(ec)} (${esrClassString(ec)}), not 0x2f (SError): do_serror() only sees SError syndromes`);
}

/** An abort from --from has the EC of that level, and an SEA-class FSC. */
function checkSea(esr: bigint, from: From, kernel: KernelVersion): void {
  const s = decodeSyndrome(esr);
  const want = from === "el1" ? [EC_DABT_CUR, EC_IABT_CUR] : [EC_DABT_LOW, EC_IABT_LOW];
  if (!want.includes(s.ec)) {
    const ecs = want.map((e) => `0x${e.toString(16)} ${esrClassString(e)}`).join(" or ");
    throw new UsageError(`ESR EC is ${ec2(s.ec)} (${esrClassString(s.ec)}); an abort ${from === "guest" ? "from a guest (stage 2, taken to EL2)" : `from ${from.toUpperCase()}`} has EC ${ecs}`);
  }
  if (!isSeaFsc(s.fsc)) throw new UsageError(`FSC ${ec2(s.fsc)} is not a synchronous external abort (SEA FSCs: 0x10, 0x13-0x18, 0x1b-0x1f)`);
  if (from === "guest" && !has(kernel, "ghesSeaNotify")) {
    throw new UsageError(`--from guest: KVM's handling of a guest SEA on a Linux ${kernel.text} host (before ghes_notify_sea(), 4.13) is not modelled`);
  }
}

const COMMON = ["esr", "kernel", "guest-kernel", "from", "ras", "cpu", "format"];

async function serror(args: readonly string[], io: Parameters<Command>[1]): Promise<number> {
  const p = parseArgs(args, COMMON, ["guest-unmasked", "print-scenario", "help"]);
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
  checkSerror(esr);
  const d = run(p, io, serrorScenario({ esr, kernel, guestKernel, from, ras, cpu, guestSerrorsUnmasked: p.options.has("guest-unmasked") }));
  if (!d) return EXIT_OK;
  const extra = { command: "serror", esr: `0x${esr.toString(16)}`, kernel: kernel.text, ...(from === "guest" ? { guestKernel: guestKernel.text } : {}), from, ras, cpu };
  const inp = new Inputs(p);
  const head = header("serror", esr, kernel, inp, [
    `from ${inp.show("from", from)}, FEAT_RAS ${inp.show("ras", ras ? "yes" : "no")}, CPU ${inp.show("cpu", String(cpu))}${from === "guest" ? `, guest Linux ${inp.show("guest-kernel", guestKernel.text)}` : ""}`,
  ]);
  return emit(io, format, d, head, extra, inp);
}

async function sea(args: readonly string[], io: Parameters<Command>[1]): Promise<number> {
  const p = parseArgs(args, [...COMMON, "claimed", "far", "page", "guest-el", "read-ack", "guest-ghes", "record", "config", "guest-config"], ["panic-on-oops", "in-interrupt", "print-scenario", "help"]);
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
  const recordBytes = await recordOpt(p, io);
  if (recordBytes !== undefined && !claimed) throw new UsageError("--record: firmware writes a record only for a firmware-first claim (drop --claimed no)");
  const config = configOpt(p, "config");
  const guestConfig = configOpt(p, "guest-config");
  const ras = optChoice(p, "ras", ["yes", "no"] as const, "yes") === "yes";
  const page = optChoice(p, "page", PAGE_STATES, "dirty-lru") as PageState;
  const guestEl = optChoice(p, "guest-el", ["0", "1"] as const, "0") === "1" ? 1 : 0;
  const readAck = optChoice(p, "read-ack", ["0", "1"] as const, "1") === "1" ? 1 : 0;
  const guestGhes = optChoice(p, "guest-ghes", ["yes", "no"] as const, "yes") === "yes";
  const cpu = intOpt(p, "cpu", 0, 4095);
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  checkSea(esr, from, kernel);
  const q: SeaQuestion = {
      esr,
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
      config: config.config,
      guestConfig: guestConfig.config,
      ...(recordBytes !== undefined ? { record: recordBytes } : {}),
  };
  const d = run(p, io, seaScenario(q));
  if (!d) return EXIT_OK;
  const extra = {
    command: "sea", esr: `0x${esr.toString(16)}`, kernel: kernel.text, ...(from === "guest" ? { guestKernel: guestKernel.text } : {}), from, claimed,
    record: recordBytes === undefined ? "memory error section (built)" : Buffer.from(recordBytes).toString("hex"), far: `0x${far.toString(16)}`, page, cpu,
    panicOnOops: p.options.has("panic-on-oops"), inInterrupt: p.options.has("in-interrupt"), config: config.config, ...(from === "guest" ? { guestConfig: guestConfig.config, guestEl, readAck, guestGhes } : {}),
  };
  const inp = new Inputs(p);
  const claim = claimed ? `yes${recordBytes !== undefined ? ` (--record, ${recordBytes.length} bytes)` : ", memory error record"}` : "no";
  const line = [
    `from ${from}, firmware-first claim ${inp.show(recordBytes !== undefined ? "record" : "claimed", claim)}, FAR ${inp.show("far", `0x${far.toString(16)}`)}, page ${inp.show("page", page)}`,
    `panic_on_oops ${p.options.has("panic-on-oops") ? "1" : "0"}, in_interrupt ${p.options.has("in-interrupt") ? "yes" : "no"}, config ${inp.show("config", configText(config.config))}`,
    ...(from === "guest" ? [`guest Linux ${inp.show("guest-kernel", guestKernel.text)} at EL${inp.show("guest-el", String(guestEl))}, guest config ${inp.show("guest-config", configText(guestConfig.config))}, read_ack ${inp.show("read-ack", String(readAck))}, guest GHES ${inp.show("guest-ghes", guestGhes ? "yes" : "no")}`] : []),
  ];
  return emit(io, format, d, header("sea", esr, kernel, inp, line), extra, inp);
}

async function versions(args: readonly string[], io: Parameters<Command>[1]): Promise<number> {
  const p = parseArgs(args, ["kernel", "format"], ["help"]);
  if (p.options.has("help")) return void io.stdout(USAGE), EXIT_OK;
  if (p.positionals.length) throw new UsageError(`unexpected argument '${p.positionals[0]}'`);
  const kernel = optString(p, "kernel") === undefined ? undefined : kernelOpt(p, "kernel", NEWEST_MODELLED);
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  // With --kernel: whether the build has each row, and why (mainline release or a stable backport; explain()).
  const rows: { id: string; since: string; what: string; source: string; approx?: string; verified?: string; applies?: boolean; why?: string }[] = Object.entries(allBoundaries()).map(([id, b]) => {
    const r = kernel ? explain(kernel, id as BoundaryId) : undefined;
    return { id, ...b, ...(r ? { applies: r.applies, why: r.why } : {}) };
  });
  // Log-line formats of ESR-bearing lines are the ESR codec's table (src/sysregs/esr/linux-format.ts).
  const esrRows = [...Object.entries(LINUX_ESR_FORMAT), ...Object.entries(LINUX_EC_NAME_SINCE).map(([ec, f]) => [`ecName${Number(ec).toString(16).toUpperCase().padStart(2, "0")}`, f] as const)];
  for (const [id, f] of esrRows) {
    const applies = kernel ? hasFormat(kernel, f) : undefined;
    rows.push({ id: `esr.${id}`, since: f.since.text, what: f.what, source: `src/sysregs/esr LINUX_ESR_FORMAT (${f.evidence})`, ...(kernel ? { applies: applies!, why: `mainline ${f.since.text}` } : {}) });
  }
  rows.sort((a, b) => compareVersions(parseKernelVersion(a.since), parseKernelVersion(b.since)));
  if (format === "json") {
    io.stdout(JSON.stringify({ newest: NEWEST_MODELLED, ...(kernel ? { kernel: kernel.text } : {}), boundaries: rows }, null, 2) + "\n");
    return EXIT_OK;
  }
  const out = [`modelled Linux behaviour boundaries (newest modelled: ${NEWEST_MODELLED})${kernel ? `, applied to ${kernel.text}` : ""}`];
  for (const r of rows) {
    const mark = kernel ? (r.applies ? "[x] " : "[ ] ") : "";
    // A stable build's backports (and the patch level a line gains one at) say so.
    const why = r.why !== undefined && !r.why.startsWith("mainline") ? ` [${r.why}]` : r.why?.includes(" carries it from ") ? ` [${r.why}]` : "";
    out.push(`${mark}${r.since.padEnd(5)} ${r.id}: ${r.what}${r.approx ? ` (approx: ${r.approx})` : ""}${"verified" in r && r.verified ? " (verified)" : ""}${why}`);
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
