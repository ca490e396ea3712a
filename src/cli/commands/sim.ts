// armras sim [<scenario.json>|<builtin-name>] [--kernel <version>] [--guest-kernel <version>] [--format text|json] [--list]
import { optChoice, optString, parseArgs } from "../args.js";
import { EXIT_OK, EXIT_USAGE, JSON_INDENT, fileErrorMessage, type Command } from "../io.js";
import { stringifyJson } from "../../cper/json/reader.js";
import { builtin, builtins, builtinText, DEFAULT_SCENARIO, parseScenario, renderText, runScenario, ScenarioError, toJson } from "../../sim/index.js";

const HELP = `usage: armras sim [<scenario.json>|<builtin-name>] [--kernel <version>] [--guest-kernel <version>] [--format text|json]
       armras sim --list [--format text|json]

Runs one hardware error from the CPU through firmware, the host kernel, KVM and
the VMM into the guest, and prints each layer's decision with its reason.
With no scenario it runs '${DEFAULT_SCENARIO}' (the 2017 kvmarm thread's example).
  --kernel          host kernel release (overrides the scenario), e.g. 4.14, 5.10, 6.18
  --guest-kernel    guest kernel release (overrides the scenario)
  --format          text (default) or json: {outcome, log, steps, ...}
  --list            list the built-in scenarios
Exit: 0 ran, 2 bad scenario or usage.
`;

export const simCommand: Command = async (args, io) => {
  const p = parseArgs(args, ["kernel", "guest-kernel", "format"], ["list", "help"]);
  if (p.options.has("help")) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  if (p.options.has("list")) {
    if (p.positionals.length > 0 || p.options.has("kernel") || p.options.has("guest-kernel")) {
      io.stderr(`armras sim: --list takes no scenario, --kernel or --guest-kernel\n`);
      return EXIT_USAGE;
    }
    if (format === "json") io.stdout(stringifyJson(builtins().map((b) => ({ name: b.name, description: b.description })), JSON_INDENT) + "\n");
    else io.stdout(builtins().map((b) => `${b.name.padEnd(28)} ${b.description}\n`).join(""));
    return EXIT_OK;
  }
  if (p.positionals.length > 1) {
    io.stderr(`armras sim: one scenario at a time (got ${p.positionals.length})\n`);
    return EXIT_USAGE;
  }
  const arg = p.positionals[0] ?? DEFAULT_SCENARIO;
  let text: string;
  let label: string;
  const b = builtin(arg);
  if (b) {
    text = builtinText(arg)!;
    label = arg;
  } else if (arg.endsWith(".json") || arg === "-" || arg.includes("/")) {
    let raw: Uint8Array;
    try {
      raw = await io.readFile(arg);
    } catch (e) {
      io.stderr(`armras sim: ${e instanceof Error && e.name === "UsageError" ? e.message : fileErrorMessage(e, "read", arg)}\n`);
      return EXIT_USAGE;
    }
    if (raw.length === 0) {
      io.stderr(`armras sim: ${arg}: empty input (0 bytes)\n`);
      return EXIT_USAGE;
    }
    text = new TextDecoder().decode(raw);
    label = arg;
  } else {
    io.stderr(`armras sim: '${arg}' is neither a built-in scenario (armras sim --list) nor a .json file\n`);
    return EXIT_USAGE;
  }
  const kernel = optString(p, "kernel");
  const guestKernel = optString(p, "guest-kernel");
  let scenario;
  try {
    scenario = parseScenario(text, { ...(kernel !== undefined ? { kernel } : {}), ...(guestKernel !== undefined ? { guestKernel } : {}) });
  } catch (e) {
    if (e instanceof ScenarioError) {
      io.stderr(`armras sim: ${label}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  if (guestKernel !== undefined && scenario.guest === undefined) {
    io.stderr(`armras sim: --guest-kernel: ${label} has no guest (software.guest)\n`);
    return EXIT_USAGE;
  }
  const r = runScenario(scenario);
  io.stdout(format === "json" ? stringifyJson(toJson(r), JSON_INDENT) + "\n" : renderText(r));
  return EXIT_OK;
};
