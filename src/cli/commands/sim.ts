// armras sim [<scenario.json>|<builtin-name>] [--kernel <version>] [--guest-kernel <version>] [--format text|json] [--list]
import { optChoice, optString, parseArgs } from "../args.js";
import { EXIT_OK, EXIT_USAGE, type Command } from "../io.js";
import { stringifyJson } from "../../cper/json-helpers.js";
import { builtin, builtins, builtinText, DEFAULT_SCENARIO, parseScenario, renderText, runScenario, ScenarioError, toJson } from "../../sim/index.js";

const HELP = `usage: armras sim [<scenario.json>|<builtin-name>] [--kernel <version>] [--guest-kernel <version>] [--format text|json]
       armras sim --list

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
  if (p.options.has("list")) {
    for (const b of builtins()) io.stdout(`${b.name.padEnd(28)} ${b.description}\n`);
    return EXIT_OK;
  }
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
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
    try {
      text = new TextDecoder().decode(await io.readFile(arg));
    } catch (e) {
      io.stderr(`armras sim: cannot read ${arg}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_USAGE;
    }
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
  const r = runScenario(scenario);
  io.stdout(format === "json" ? stringifyJson(toJson(r), 2) + "\n" : renderText(r));
  return EXIT_OK;
};
