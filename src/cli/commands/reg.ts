// armras reg <NAME> <value> [--format text|json]   |   armras reg --list
// Exit 0: decoded; 1: decoded but RES0 bits set / RES1 bits clear; 2: unknown register or unusable value.
import { parseArgs, optChoice, parseHexValue } from "../args.js";
import { EXIT_FINDINGS, EXIT_OK, UsageError, type Command } from "../io.js";
import { ALL_REGISTERS, lookupSysReg, parseRecordName } from "../../sysregs/catalog.js";
import { decodeRegister, listLine, renderText, toJson } from "../../sysregs/render.js";

const HELP = `usage: armras reg <NAME> <value> [--e2h] [--format text|json]
       armras reg --list
Shows a register value as its named fields. NAME is any register of 'armras reg --list'
(case-insensitive; ERR<n> records also as ERR0STATUS, ERR1ADDR, ...). The value is hex (0x...) or decimal.
--e2h decodes SCTLR_EL2, CPTR_EL2, CNTHCTL_EL2 or TCR_EL2 in their HCR_EL2.E2H=1 (VHE host) layout.
Exit status: 0 decoded, 1 decoded with RES0/RES1 problems, 2 unknown register or unusable value.
`;

export const regCommand: Command = async (args, io) => {
  const p = parseArgs(args, ["format"], ["list", "help", "e2h"]);
  if (p.options.has("help")) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  const format = optChoice(p, "format", ["text", "json"] as const, "text");
  if (p.options.has("list")) {
    if (p.positionals.length > 0) throw new UsageError("--list takes no register name or value");
    if (format === "json") {
      io.stdout(JSON.stringify(ALL_REGISTERS.map((r) => ({ name: r.name, description: r.desc, encoding: r.encoding ?? null, minEL: r.minEL ?? null, feature: r.feature ?? null, width: r.width })), null, 2) + "\n");
    } else {
      io.stdout(ALL_REGISTERS.map(listLine).join("\n") + "\n");
    }
    return EXIT_OK;
  }
  const [name, text, ...extra] = p.positionals;
  if (name === undefined || text === undefined) throw new UsageError("expected <NAME> <value> (or --list); see armras reg --help");
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]!}'`);
  const named = lookupSysReg(name);
  if (!named) throw new UsageError(`unknown register '${name}' (armras reg --list shows them)`);
  if (p.options.has("e2h") && named.e2hLayout === undefined) throw new UsageError(`--e2h: ${named.name} has one layout whatever HCR_EL2.E2H is`);
  const def = p.options.has("e2h") ? named.e2hLayout! : named;
  // Bare digits are hex, as kernels print register values; 0d<digits> for decimal (args.ts parseHexValue).
  const parsed = parseHexValue(text, def.width);
  if (!parsed.ok) throw new UsageError(`${def.name}: ${parsed.error}`);
  const decoded = decodeRegister(def, parsed.value);
  const rec = parseRecordName(name);
  const shown = rec?.index !== undefined ? { ...decoded, register: `ERR${rec.index}${rec.reg}` } : decoded;
  io.stdout(format === "json" ? JSON.stringify(toJson(shown, def.width), null, 2) + "\n" : renderText(shown, def.width));
  return decoded.problems.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
