// PLACEHOLDER until the 'cper' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const cperCommand: Command = async (_args, io) => {
  io.stderr("armras cper: not available in this build\n");
  return EXIT_USAGE;
};
