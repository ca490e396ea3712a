// The armras command: dispatch to one module per command (src/cli/commands/*).
import { EXIT_USAGE, UsageError, fileErrorMessage, isSystemError, type CliIO, type Command } from "./io.js";

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// Loaded lazily so `armras esr` does not pay for the CPER codec's start-up.
const COMMANDS: Record<string, CommandEntry> = {
  esr: { summary: "decode, validate and render an ESR_ELx value", load: async () => (await import("./commands/esr.js")).esrCommand },
  reg: { summary: "show a system or RAS register value as named fields", load: async () => (await import("./commands/reg.js")).regCommand },
  route: { summary: "where an exception is taken (routing, masking, vector)", load: async () => (await import("./commands/route.js")).routeCommand },
  take: { summary: "run an exception-entry scenario and print its trace", load: async () => (await import("./commands/take.js")).takeCommand },
  cper: { summary: "decode, encode and lint UEFI CPER records and GHES blocks", load: async () => (await import("./commands/cper.js")).cperCommand },
  acpi: { summary: "decode and build ACPI APEI tables (HEST, BERT, EINJ, ERST)", load: async () => (await import("./commands/acpi.js")).acpiCommand },
  kernel: { summary: "what Linux does with one SError or SEA", load: async () => (await import("./commands/kernel.js")).kernelCommand },
  sim: { summary: "run an end-to-end error scenario (CPU to guest)", load: async () => (await import("./commands/sim.js")).simCommand },
  qemu: { summary: "check CPER against a real Linux kernel booted under QEMU", load: async () => (await import("./commands/qemu.js")).qemuCommand },
  web: { summary: "serve the armras web page on 127.0.0.1 and print its URL", load: async () => (await import("./commands/web.js")).webCommand },
};

export function usage(): string {
  const lines = ["usage: armras <command> [options]", "", "commands:"];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  lines.push("", "armras <command> --help for a command's options; armras --version for the version.");
  return lines.join("\n") + "\n";
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout(`armras ${await (await import("./version.js")).packageVersion()}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`armras: unknown command '${name}'\n` + usage());
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    return await command(rest, io);
  } catch (e) {
    // Matched by name, not instanceof: under a loader that evaluates a module
    // twice (mocha's require(esm) beside import), two UsageError classes exist.
    if (e instanceof UsageError || (e instanceof Error && e.name === "UsageError")) {
      io.stderr(`armras ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    // A file that cannot be read or written (missing, a directory, no permission): one line, exit 2.
    if (isSystemError(e)) {
      io.stderr(`armras ${name}: ${fileErrorMessage(e)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
