// armras take <scenario.json>: run an exception-entry scenario and print its trace.
import { hex } from "../../arch/bits.js";
import { modeBits, modeName } from "../../arch/pstate.js";
import { optChoice, parseArgs } from "../args.js";
import { EXIT_OK, UsageError, fileErrorMessage, type Command } from "../io.js";
import { runScenario, ScenarioError, type ScenarioResult } from "../../exceptions/scenario.js";
import { parseScenario } from "./take-scenario.js";
import { renderTrace } from "../../exceptions/trace.js";
import { CORE_HELP, CORE_VALUED, coreFromArgs } from "./core-options.js";
import { CORES } from "../../arch/features.js";

const HELP = `usage: armras take <scenario.json | -> [--core NAME] [--feature F] [--no-feature F] [--format text|json]

Runs a machine description (features, initial registers, PSTATE, events) on the
processing-element model and prints every register change with the pseudocode
step that made it, then the final state. The file is validated completely before
anything runs; see docs/exceptions.md for the format.

options:
${CORE_HELP}
                    (the core replaces the scenario's base core; its "features" keys still apply)
  --format text|json
`;

function render(r: ScenarioResult): string {
  const out: string[] = [`initial: ${r.initial}`];
  for (const e of r.events) {
    out.push("", `[${e.index}] ${e.summary}${e.value !== undefined ? ` -> ${e.value ?? "(did not complete)"}` : ""}`);
    out.push(e.trace.length ? renderTrace(e.trace) : "  (no change)");
  }
  const f = r.final;
  out.push("", `final: ${f.state}`);
  out.push(`  PSTATE: ${modeName(modeBits(f.pstate.EL, f.pstate.SP))} NZCV=${f.pstate.N}${f.pstate.Z}${f.pstate.C}${f.pstate.V} DAIF=${f.pstate.D}${f.pstate.A}${f.pstate.I}${f.pstate.F} IL=${f.pstate.IL} SS=${f.pstate.SS} PAN=${f.pstate.PAN} UAO=${f.pstate.UAO}`);
  out.push(`  pending: SError=${f.pendingSError ? `1 (ISS ${hex(f.pendingSErrorIss!)})` : "0"} IRQ=${f.irq ? 1 : 0} FIQ=${f.fiq ? 1 : 0}`);
  for (const i of f.rasInterrupts) out.push(`  RAS interrupt: ${i.kind} from ERR${i.record} (${i.why})`);
  out.push("  registers (different from reset):");
  for (const [n, v] of f.registers) out.push(`    ${n.padEnd(14)} ${v}`);
  return out.join("\n") + "\n";
}

function toJson(r: ScenarioResult): unknown {
  const f = r.final;
  return {
    initial: r.initial,
    events: r.events.map((e) => ({ index: e.index, op: e.op, summary: e.summary, ...(e.value !== undefined ? { value: e.value } : {}), trace: e.trace })),
    final: {
      state: f.state,
      pstate: f.pstate,
      pc: hex(f.pc),
      pending: { SError: f.pendingSError, SErrorIss: f.pendingSErrorIss === null ? null : hex(f.pendingSErrorIss), IRQ: f.irq, FIQ: f.fiq },
      rasInterrupts: f.rasInterrupts,
      registers: Object.fromEntries(f.registers),
    },
  };
}

export const takeCommand: Command = async (args, io) => {
  const p = parseArgs(args, ["format", ...CORE_VALUED], ["help"]);
  if (p.options.has("help")) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  const core = coreFromArgs(p);
  if (p.positionals.length !== 1) throw new UsageError("give one scenario file (or - for standard input)");
  const path = p.positionals[0]!;
  let text: string;
  let raw: Uint8Array;
  try {
    raw = await io.readFile(path);
  } catch (e) {
    throw e instanceof Error && e.name === "UsageError" ? e : new UsageError(fileErrorMessage(e, "read", path));
  }
  if (raw.length === 0) throw new UsageError(`${path}: empty input (0 bytes)`);
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch (e) {
    throw new UsageError(`${path}: not UTF-8 text: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  let result: ScenarioResult;
  try {
    result = runScenario(parseScenario(json, core === undefined ? {} : { core: core.features, ...(CORES[core.name] ? { midr: CORES[core.name]!.midr } : {}) }));
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
  io.stdout(format === "json" ? JSON.stringify(toJson(result), null, 2) + "\n" : render(result));
  return EXIT_OK;
};
