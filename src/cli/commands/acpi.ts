// PLACEHOLDER until the 'acpi' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const acpiCommand: Command = async (_args, io) => {
  io.stderr("armras acpi: not available in this build\n");
  return EXIT_USAGE;
};
