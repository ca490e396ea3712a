// PLACEHOLDER until the 'kernel' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const kernelCommand: Command = async (_args, io) => {
  io.stderr("armras kernel: not available in this build\n");
  return EXIT_USAGE;
};
