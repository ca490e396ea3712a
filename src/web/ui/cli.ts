// Runs an armras command in the page, exactly as the installed CLI runs it (src/cli/app.ts),
// with its input given as in-memory files: what the page shows as "armras …" output is
// the command's own output, byte for byte.
import { run } from "../../cli/app.js";
import type { CliIO } from "../../cli/io.js";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

const enc = new TextEncoder();

/** Quotes one argument for the shown command line. */
export function shellQuote(a: string): string {
  return /^[\w.,:/=+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

export async function runCli(argv: readonly string[], inputs: Readonly<Record<string, Uint8Array | string>> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, Uint8Array>();
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: async (path) => {
      const v = inputs[path];
      if (v === undefined) throw new Error(`no such input: ${path}`);
      return typeof v === "string" ? enc.encode(v) : v;
    },
    writeFile: async (path, data) => void files.set(path, typeof data === "string" ? enc.encode(data) : data),
  };
  let code: number;
  try {
    code = await run(argv, io);
  } catch (e) {
    stderr += `armras: internal error: ${e instanceof Error ? e.message : String(e)}\n`;
    code = 70;
  }
  return { code, stdout, stderr, files };
}
