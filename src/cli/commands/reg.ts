// PLACEHOLDER until the 'reg' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const regCommand: Command = async (_args, io) => {
  io.stderr("armras reg: not available in this build\n");
  return EXIT_USAGE;
};
