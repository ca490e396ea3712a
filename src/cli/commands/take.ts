// PLACEHOLDER until the 'take' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const takeCommand: Command = async (_args, io) => {
  io.stderr("armras take: not available in this build\n");
  return EXIT_USAGE;
};
