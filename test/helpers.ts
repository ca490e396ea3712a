// Shared test helpers: the ../shared reference data and an in-process CLI.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../src/cli/app.js";
import type { CliIO } from "../src/cli/io.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** ../shared beside the checkout (always there in CI; may be absent in a user's clone). */
export const SHARED = resolve(ROOT, "..", "shared");
export const HAVE_SHARED = existsSync(join(SHARED, "arch")) && existsSync(join(SHARED, "corpus"));

if (!HAVE_SHARED) {
  // Said once, up front, whatever the reporter: the conformance suites over ../shared are skipped.
  process.stderr.write(
    `\narmras tests: ../shared is not beside this checkout (${SHARED}).\n` +
      "The conformance suites (Linux/QEMU/TF-A vectors, libcper/iasl/dmesg oracles) are SKIPPED and show as pending;\n" +
      "the rest of the suite runs on the project's own fixtures.\n\n",
  );
}

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

export function fixturePath(...parts: string[]): string {
  return join(ROOT, "fixtures", ...parts);
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedPath(...parts), "utf8")) as T;
}

/**
 * Declares a conformance suite over ../shared. Without ../shared the suite is
 * registered as pending with a message that says so, never silently empty.
 */
export function describeShared(title: string, body: () => void): void {
  if (HAVE_SHARED) {
    describe(title, body);
  } else {
    describe(title, () => {
      it(`SKIPPED: ../shared is not beside this checkout (${SHARED}); conformance vectors not run`);
    });
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, Uint8Array | string>;
}

/** Runs the armras CLI in-process; `stdin` is what "-" reads. */
export async function cli(argv: readonly string[], stdin?: Uint8Array | string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, Uint8Array | string>();
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: async (p) => {
      if (p === "-") return typeof stdin === "string" ? new TextEncoder().encode(stdin) : (stdin ?? new Uint8Array());
      return new Uint8Array(readFileSync(p));
    },
    writeFile: async (p, d) => void files.set(p, d),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr, files };
}
