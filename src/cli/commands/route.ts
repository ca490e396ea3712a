// PLACEHOLDER until the 'route' command lands: replaced by its owner.
import { EXIT_USAGE, type Command } from "../io.js";

export const routeCommand: Command = async (_args, io) => {
  io.stderr("armras route: not available in this build\n");
  return EXIT_USAGE;
};
