// PLACEHOLDER until the 'esr' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const esrCommand: Command = async (_args, io) => {
  io.stderr("armras esr: not available in this build\n");
  return EXIT_USAGE;
};
