// PLACEHOLDER until the 'sim' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const simCommand: Command = async (_args, io) => {
  io.stderr("armras sim: not available in this build\n");
  return EXIT_USAGE;
};
